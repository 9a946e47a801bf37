"""Technical detail goes to a log file in the user data directory."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "refdesk.log"


def configure_logging(directory: Path, level: int = logging.INFO) -> Path:
    """Log to ``directory/refdesk.log`` (rotated at 1 MB, three kept); return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_NAME
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
        root.addHandler(handler)
    root.setLevel(min(root.level or level, level) if root.level else level)
    return path
