"""Starting the desktop app: QApplication, logging, crash hook, one instance per library."""

from __future__ import annotations

import argparse
import logging
import threading

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QMessageBox

from ..errors import RefDeskError
from ..services import data_dir, default_location, open_services
from ..settings import Settings
from .crash import CrashHandler
from .log_setup import configure_logging
from .main_window import MainWindow
from .preferences import Preferences
from .qt_app import make_application
from .self_test import run_self_test
from .single_instance import InstanceServer, absolute_items, hand_off, server_name

log = logging.getLogger(__name__)
AUTO_EXPORT_START_MS = 300


def run_application(args: argparse.Namespace, settings: Settings) -> int:
    if getattr(args, "self_test", False):
        return run_self_test(settings)
    location = args.db or default_location()
    items = absolute_items(list(getattr(args, "items", []) or []))
    app = make_application()
    name = server_name(str(location))
    if hand_off(name, items):
        print(f"RefDesk is already open on this library; handed over {len(items)} item(s).")
        return 0

    log_path = configure_logging(data_dir())
    log.info("Starting RefDesk on %s", location)
    preferences = Preferences(QSettings())
    settings = preferences.settings(settings)
    try:
        services = open_services(location, settings, demo=False if args.no_demo else None)
    except RefDeskError as exc:
        log.error("Cannot open the library: %s", exc)
        QMessageBox.critical(None, "RefDesk cannot open the library", str(exc))
        return 1

    window = MainWindow(services, preferences)
    crash = CrashHandler(log_path, lambda: window)
    crash.install()
    server = InstanceServer(name)
    server.listen()
    server.items_received.connect(window.receive_items)
    # The first page of rows is read without SQLAlchemy; once it is on
    # screen, load it off the GUI thread, before the user's first click needs it.
    window.table.first_painted.connect(
        lambda: threading.Thread(target=services.library.prepare, name="refdesk-prepare", daemon=True).start()
    )
    window.show()
    # Auto-export starts once the window is up: building the exporter loads
    # the BibTeX stack, which the first paint does not need.
    QTimer.singleShot(AUTO_EXPORT_START_MS, services.exporter.start)
    if services.created and services.demo_report is not None:
        window.select_ids(list(services.demo_report.paper_ids))
    if items:
        window.import_items(items)
    try:
        return app.exec()
    finally:
        server.close()
        crash.uninstall()
        services.close()
        log.info("RefDesk closed")
