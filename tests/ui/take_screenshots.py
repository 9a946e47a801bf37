"""Save screenshots of RefDesk on the demo library.

    xvfb-run -a -s "-screen 0 1600x1000x24" python tests/ui/take_screenshots.py docs/screenshots
    xvfb-run -a -s "-screen 0 1600x1000x24" python tests/ui/take_screenshots.py --dark docs/screenshots

Starts the app on a new demo library (the seed paper, PMID 11751408, with its
similar and cited-by lists), with PubMed played by the local replay server.
Real MEDLINE records from the test data are imported first, so the table
has rows (the replay server would fill listed PMIDs with unrelated recorded
records, which would make a misleading picture).  Saves the main window
with the seed selected, the Similar articles and Cited by panes, and an
import in progress; with ``--dark``, the main window under a dark palette
(Fusion style) as ``main-window-dark.png``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TESTS))

from PySide6.QtCore import QEventLoop, QMimeData, QSettings, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from refdesk.model import LinkKind  # noqa: E402
from refdesk.services import open_services  # noqa: E402
from refdesk.ui.main_window import MainWindow  # noqa: E402
from refdesk.ui.preferences import Preferences  # noqa: E402
from refdesk.ui.qt_app import make_application  # noqa: E402
from replay_server import EutilsReplayServer  # noqa: E402

SEED_PMID = 11751408
#: Real records imported before the screenshots, so the table is not empty.
MEDLINE = Path(__file__).resolve().parent.parent / "data" / "medline"
IMPORTED_FIRST = ("biopython_pubmed_result2.txt", "limo_tools_citations.nbib", "biopython_pubmed_result3.txt",
                  "biopython_pubmed_result1.txt", "asian_study_citations.nbib")
IMPORT_TIMEOUT_MS = 30000


def dark_palette() -> QPalette:
    """A dark palette like the ones desktops hand to Qt in dark mode."""
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2d30",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22",
        QPalette.ColorRole.AlternateBase: "#26282b",
        QPalette.ColorRole.ToolTipBase: "#3c3f41",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8c8c8c",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#3a3d41",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ff6b68",
        QPalette.ColorRole.Light: "#4a4d51",
        QPalette.ColorRole.Midlight: "#404346",
        QPalette.ColorRole.Mid: "#35373a",
        QPalette.ColorRole.Dark: "#1a1b1d",
        QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#78a9ff",
        QPalette.ColorRole.LinkVisited: "#b48ead",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


def wait_for(signal: object, timeout_ms: int) -> None:
    """Run the event loop until ``signal`` is emitted (or the timeout passes)."""
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def pause(ms: int) -> None:
    """Let the event loop run for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(window: MainWindow, folder: Path, name: str) -> Path:
    pause(250)
    path = folder / name
    window.grab().save(str(path))
    print(f"saved {path}")
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Save screenshots of RefDesk on the demo library.")
    parser.add_argument("folder", nargs="?", default="docs/screenshots")
    parser.add_argument("--dark", action="store_true", help="use a dark palette and save main-window-dark.png only")
    args = parser.parse_args(argv[1:])
    folder = Path(args.folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    app: QApplication = make_application()
    if args.dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    with tempfile.TemporaryDirectory(prefix="refdesk-shots-") as tmp, EutilsReplayServer() as server:
        settings_store = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        from refdesk.settings import Settings

        settings = Settings(eutils_url=server.url, email="demo@example.org", rate_limit=1000.0, backoff=0.01)
        services = open_services(Path(tmp) / "library.sqlite", settings, demo=True)
        window = MainWindow(services, Preferences(settings_store))
        window.show()
        services.importer.import_files([MEDLINE / name for name in IMPORTED_FIRST])
        window.refresh_from_library()
        window.message_bar.dismiss()
        seed = services.library.find_pmid(SEED_PMID)
        window.select_ids([seed.id])
        pause(400)
        if args.dark:
            window.detail.open_tab(LinkKind.CITED_BY)
            save(window, folder, "main-window-dark.png")
        else:
            save(window, folder, "main-window.png")
            window.detail.open_tab(LinkKind.SIMILAR)
            save(window, folder, "similar-articles.png")
            window.detail.open_tab(LinkKind.CITED_BY)
            save(window, folder, "cited-by.png")
            take_import_in_progress(window, server, services, folder)
        window.runner.wait()
        pause(300)
        window.close()
        services.close()
    app.quit()
    return 0


def take_import_in_progress(window: MainWindow, server: EutilsReplayServer, services: object, folder: Path) -> None:
    server.delay = 0.6
    services.importer.pubmed.batch_size = 20
    mime = QMimeData()
    mime.setText("\n".join(str(30000000 + k * 7) for k in range(200)))
    window.detail.open_tab("abstract")
    task = window.import_mime(mime)
    pause(2600)
    save(window, folder, "import-in-progress.png")
    if task is not None:
        task.cancel()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
