"""The application icon, when the installation has it."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from ..desktop_entry import resources_dir
from ..errors import RefDeskError


def app_icon() -> QIcon:
    try:
        icons = resources_dir() / "icons"
    except RefDeskError:
        return QIcon()
    icon = QIcon()
    for name in ("refdesk-16.svg", "refdesk-24.svg", "refdesk.svg"):
        path = icons / name
        if path.is_file():
            icon.addFile(str(path))
    return icon
