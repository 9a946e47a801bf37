"""Run in a fresh interpreter: start RefDesk as ``refdesk`` does, stop at first paint.

Usage: ``python bench/gui_child.py LIBRARY``.  The script goes through
``refdesk.app.main`` (the console entry point) with ``--db LIBRARY``; the
only addition is a hook on the main window: an event filter on the paper
table's viewport that notes the first ``QEvent.Paint`` with rows in the model
(or any first paint, for an empty library), lets that paint finish, then
prints one JSON line of timestamps (``time.time()``, comparable with the
parent's clock), whether SQLAlchemy was loaded by then, and this process's
``VmRSS``/``VmHWM``, and quits.
"""

from __future__ import annotations

import time

SCRIPT_START = time.time()

import json  # noqa: E402
import sys  # noqa: E402

import refdesk.app  # noqa: E402
import refdesk.ui.application as application  # noqa: E402
from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

IMPORTED = time.time()
MARKER = "GUI-CHILD "
stamps: dict[str, float] = {"script_start": SCRIPT_START, "imported": IMPORTED}


def _status() -> dict[str, float]:
    values = {}
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024.0
    return values


class FirstPaint(QObject):
    """Event filter: the first paint of the table viewport that shows rows."""

    def __init__(self, window: application.MainWindow):
        super().__init__(window)
        self.window = window
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if not self.done and event.type() == QEvent.Type.Paint:
            rows = self.window.model.rowCount()
            if rows > 0 or self.window.model.total == 0:
                self.done = True
                stamps["paint_event"] = time.time()
                stamps["rows_loaded"] = rows
                stamps["total"] = self.window.model.total
                stamps["sqlalchemy_loaded"] = "sqlalchemy" in sys.modules
                QTimer.singleShot(0, self.finish)
        return False

    def finish(self) -> None:
        stamps["painted"] = time.time()
        stamps.update(_status())
        print(MARKER + json.dumps(stamps), flush=True)
        self.window.close()
        QApplication.quit()


_open_services = application.open_services


def timed_open_services(*args, **kwargs):  # type: ignore[no-untyped-def]
    stamps["open_services_start"] = time.time()
    services = _open_services(*args, **kwargs)
    stamps["open_services_end"] = time.time()
    return services


class HookedMainWindow(application.MainWindow):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        stamps["window_start"] = time.time()
        super().__init__(*args, **kwargs)
        stamps["window_built"] = time.time()
        self._first_paint = FirstPaint(self)
        self.table.viewport().installEventFilter(self._first_paint)


application.open_services = timed_open_services
application.MainWindow = HookedMainWindow

if __name__ == "__main__":
    sys.exit(refdesk.app.main(["--db", sys.argv[1], "--no-demo"]))
