"""The application icon, at every size the installation ships."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from ..desktop_entry import ICON_SIZES, icon_path
from ..errors import RefDeskError


def app_icon() -> QIcon:
    """RefDesk's icon: the PNG of each size in ``ICON_SIZES``, else the SVG; empty if missing.

    Window managers, task bars and Alt+Tab switchers pick the size they need,
    so every rendered size is offered rather than one scaled image.
    """
    icon = QIcon()
    try:
        for size in ICON_SIZES:
            path = icon_path(size)
            if path.is_file():
                icon.addFile(str(path), QSize(size, size))
        if icon.isNull():
            scalable = icon_path()
            if scalable.is_file():
                icon.addFile(str(scalable))
    except RefDeskError:
        return QIcon()
    return icon
