"""GUI test fixtures: offscreen Qt, temporary QSettings, real services and windows."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from refdesk.services import Services, open_services  # noqa: E402
from refdesk.settings import Settings  # noqa: E402
from refdesk.ui.main_window import MainWindow  # noqa: E402
from refdesk.ui.preferences import Preferences  # noqa: E402
from refdesk.ui.pyside_fixes import guard_bool_refcounts  # noqa: E402
from refdesk.ui.tasks import TaskRunner  # noqa: E402

SEED_PMID = 11751408

guard_bool_refcounts()  # see refdesk/ui/pyside_fixes.py; the app does the same at start


@pytest.fixture
def qsettings_path(tmp_path) -> Path:
    return tmp_path / "settings" / "refdesk.ini"


@pytest.fixture
def preferences(qsettings_path) -> Preferences:
    return Preferences(QSettings(str(qsettings_path), QSettings.Format.IniFormat))


@pytest.fixture
def opened_urls() -> list[str]:
    return []


@pytest.fixture
def make_window(qtbot, preferences, opened_urls):
    """Build a main window over given services; closed (tasks cancelled) after the test."""
    windows: list[MainWindow] = []

    def make(services: Services, prefs: Preferences | None = None, runner: TaskRunner | None = None) -> MainWindow:
        window = MainWindow(services, prefs or preferences, runner, open_url=lambda url: opened_urls.append(url.toString()))
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.isVisible():
            window.close()


@pytest.fixture
def net_services(tmp_path, eutils_settings) -> Services:
    """An empty library whose PubMed is the local replay server."""
    opened = open_services(tmp_path / "net.sqlite", eutils_settings, demo=False)
    yield opened
    opened.close()


@pytest.fixture
def demo_services(tmp_path, eutils_settings) -> Services:
    """A new library with the demo seed (PMID 11751408), PubMed on the replay server."""
    opened = open_services(tmp_path / "demo.sqlite", eutils_settings, demo=True)
    yield opened
    opened.close()


@pytest.fixture
def seed_window(make_window, demo_services) -> MainWindow:
    window = make_window(demo_services)
    paper = demo_services.library.find_pmid(SEED_PMID)
    window.select_ids([paper.id])
    return window


#: The offscreen platform plugin warns that it cannot pass a window's size
#: hints to a window manager it does not have; that says nothing about RefDesk.
OFFSCREEN_NOISE = r"^This plugin does not support propagateSizeHints\(\)$"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))
