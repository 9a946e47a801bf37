"""``refdesk --self-test``: check an installation end to end, offscreen, offline.

Creates a library in a temporary folder, imports the demo seed, renders the
main window, exports BibTeX and prints each check.  The frozen app runs it
after a build; it needs neither a display nor the network.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from ..model import ExportFormat, LinkKind
from ..services import open_services
from ..settings import Settings
from .main_window import MainWindow
from .preferences import Preferences
from .qt_app import make_application
from .tasks import SyncTaskRunner

SEED_PMID = 11751408
UNREACHABLE = "http://127.0.0.1:9/entrez/eutils/"


class _Checks:
    def __init__(self, out: TextIO):
        self.out = out
        self.failed = 0

    def check(self, name: str, test: Callable[[], str]) -> None:
        try:
            detail = test()
        except Exception as exc:  # a self-test reports every failure and goes on
            self.failed += 1
            print(f"FAIL  {name}: {type(exc).__name__}: {exc}", file=self.out)
        else:
            print(f"ok    {name}: {detail}", file=self.out)


def run_self_test(settings: Settings, out: TextIO = sys.stdout) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_application()
    checks = _Checks(out)
    offline = settings.with_changes(eutils_url=UNREACHABLE, max_retries=0, timeout=2.0)
    with tempfile.TemporaryDirectory(prefix="refdesk-self-test-") as folder:
        services = open_services(Path(folder) / "library.sqlite", offline, demo=True)
        try:
            _library_checks(checks, services)
            _window_checks(checks, services, Path(folder), app)
            _export_checks(checks, services, Path(folder))
        finally:
            services.close()
    print("self-test " + ("passed" if not checks.failed else f"FAILED ({checks.failed} checks)"), file=out)
    return 0 if not checks.failed else 1


def _library_checks(checks: _Checks, services) -> None:
    def created() -> str:
        assert services.created, "the library was not newly created"
        return "new library created and migrated"

    def seed() -> str:
        paper = services.library.find_pmid(SEED_PMID)
        assert paper is not None, f"PMID {SEED_PMID} missing after importing the seed"
        return f"PMID {SEED_PMID} imported: {paper.title[:60]}"

    def links() -> str:
        paper = services.library.find_pmid(SEED_PMID)
        similar, cited = len(paper.links_of(LinkKind.SIMILAR)), len(paper.links_of(LinkKind.CITED_BY))
        assert similar == 5 and cited == 5, f"{similar} similar, {cited} cited-by (expected 5 and 5)"
        return "5 similar articles, 5 cited by"

    checks.check("library", created)
    checks.check("seed", seed)
    checks.check("linked papers", links)


def _window_checks(checks: _Checks, services, folder: Path, app: QApplication) -> None:
    def render() -> str:
        store = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(services, Preferences(store), SyncTaskRunner())
        try:
            window.show()
            paper = services.library.find_pmid(SEED_PMID)
            window.select_ids([paper.id])
            assert window.model.rowCount() >= 1, "the table is empty"
            assert window.detail.paper is not None and window.detail.paper.pmid == SEED_PMID, "the detail area is empty"
            image = window.grab().toImage()
            assert not image.isNull() and image.width() > 400, "the window did not render"
            return f"main window rendered offscreen at {image.width()}x{image.height()}, seed paper shown"
        finally:
            window.close()
            window.deleteLater()

    checks.check("main window", render)


def _export_checks(checks: _Checks, services, folder: Path) -> None:
    def bibtex() -> str:
        paper = services.library.find_pmid(SEED_PMID)
        text = services.exporter.export_text(ExportFormat.BIBTEX)
        assert "@article" in text.lower(), "no @article entry in the BibTeX export"
        assert paper.citekey and paper.citekey in text, "the citation key is missing from the export"
        path = folder / "library.bib"
        services.exporter.write_file(path, text)
        assert path.read_text(encoding="utf-8") == text
        return f"BibTeX exported ({len(text)} characters, key {paper.citekey})"

    checks.check("BibTeX export", bibtex)
