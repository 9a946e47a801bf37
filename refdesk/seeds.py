"""The demo library's seed documents (the first-run library).

In a wheel or the frozen app they sit inside the package (``refdesk/seeds``);
in a source checkout they are the project's top-level ``seeds/`` folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def seeds_dir() -> Path:
    candidates = [_PACKAGE / "seeds", _PACKAGE.parent / "seeds"]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "refdesk" / "seeds")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("RefDesk's seed documents are missing from this installation")


def seed_files() -> list[Path]:
    return sorted(p for p in seeds_dir().iterdir() if p.is_file() and not p.name.startswith("."))
