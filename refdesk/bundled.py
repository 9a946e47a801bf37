"""Finding data that ships with RefDesk (seeds, icons, the desktop entry).

The same folder can sit in three places: inside the package (a wheel puts
``seeds/`` and ``resources/`` under ``refdesk/``), at the top of a source
checkout, or in a PyInstaller bundle (``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_dir(name: str, marker: str | None = None) -> Path | None:
    """The first ``name`` folder found (holding ``marker``, when given), or None."""
    candidates = [_PACKAGE / name, _PACKAGE.parent / name]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "refdesk" / name)
    for candidate in candidates:
        if (candidate / marker).is_file() if marker else candidate.is_dir():
            return candidate
    return None
