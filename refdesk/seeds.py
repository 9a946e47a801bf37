"""The demo library's seed documents (the first-run library).

In a wheel or the frozen app they sit inside the package (``refdesk/seeds``);
in a source checkout they are the project's top-level ``seeds/`` folder.
"""

from __future__ import annotations

from pathlib import Path

from .bundled import bundled_dir


def seeds_dir() -> Path:
    found = bundled_dir("seeds")
    if found is None:
        raise FileNotFoundError("RefDesk's seed documents are missing from this installation")
    return found


def seed_files() -> list[Path]:
    return sorted(p for p in seeds_dir().iterdir() if p.is_file() and not p.name.startswith("."))
