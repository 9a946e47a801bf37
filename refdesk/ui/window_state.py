"""The window's layout kept between sessions in QSettings: geometry, splitter, columns, view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from ..model import View
from .preferences import Preferences

if TYPE_CHECKING:
    from .main_window import MainWindow


def restore_window_state(window: MainWindow, prefs: Preferences) -> None:
    """Geometry, splitter, columns (widths, order, sort) and the view of the last session."""
    if (geometry := prefs.state("geometry")) is not None:
        window.restoreGeometry(geometry)
    if (splitter := prefs.state("splitter")) is not None:
        window.splitter.restoreState(splitter)
    title_follows = prefs.text("window/title_follows", "true") == "true"
    if (header := prefs.state("columns")) is not None and window.table.restore_columns(header, title_follows):
        header_view = window.table.horizontalHeader()
        window.model.sort(header_view.sortIndicatorSection(), header_view.sortIndicatorOrder())
    else:
        window.table.horizontalHeader().setSortIndicator(window.model.column_of("added"), Qt.SortOrder.DescendingOrder)
    view = prefs.text("window/view", View.ALL.value)
    if view in {v.value for v in View} and view != View.ALL.value:
        window.sidebar.set_view(View(view))


def save_window_state(window: MainWindow, prefs: Preferences) -> None:
    prefs.set_state("geometry", window.saveGeometry())
    prefs.set_state("splitter", window.splitter.saveState())
    prefs.set_state("columns", window.table.horizontalHeader().saveState())
    prefs.set_text("window/title_follows", "true" if window.table.title_follows else "false")
    prefs.set_text("window/view", window.sidebar.view.value)
    prefs.sync()
