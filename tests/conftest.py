"""Shared fixtures: a temporary data dir, a migrated library, the replay server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from refdesk.services import Services, open_services
from refdesk.settings import Settings

from replay_server import *  # noqa: F401,F403  (eutils_server, eutils_settings fixtures)

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Never touch the real user's data, config or NCBI settings."""
    home = tmp_path_factory.mktemp("home")
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    for name in ("REFDESK_DB", "NCBI_API_KEY", "NCBI_EMAIL", "REFDESK_EUTILS_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def offline_settings() -> Settings:
    """Settings whose E-utilities URL refuses connections at once."""
    return Settings(eutils_url="http://127.0.0.1:9/entrez/eutils/", max_retries=0, timeout=2, email="test@example.org")


@pytest.fixture
def library_path(tmp_path) -> Path:
    return tmp_path / "library.sqlite"


@pytest.fixture
def services(library_path, offline_settings) -> Services:
    """An empty, migrated library in a temporary file (no demo paper)."""
    opened = open_services(library_path, offline_settings, demo=False)
    yield opened
    opened.close()


@pytest.fixture
def library(services):
    return services.library


def pytest_sessionfinish(session, exitstatus):
    """In CI nothing may be skipped: a skipped test fails the run."""
    if not os.environ.get("CI"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        reporter.write_line(f"CI: {skipped} test(s) were skipped; nothing may be skipped in CI", red=True)
        session.exitstatus = 1
