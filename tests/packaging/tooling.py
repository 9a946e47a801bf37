"""Helpers shared by the packaging tests: required tools and the project root."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"


def require_tool(name: str, package: str) -> str:
    """The path of ``name``; fails (never skips) when it is not installed."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: install the {package!r} package "
                    f"(apt-get install {package}); scripts/setup-env test does this", pytrace=False)
    return path
