"""The one QApplication: names, icon and style."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from ..services import APP_NAME
from .icons import app_icon
from .palette import apply_application_style
from .pyside_fixes import guard_bool_refcounts


def make_application(argv: list[str] | None = None) -> QApplication:
    """The running QApplication, or a new one set up for RefDesk."""
    guard_bool_refcounts()
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("refdesk")
    app.setWindowIcon(app_icon())
    apply_application_style(app)
    return app
