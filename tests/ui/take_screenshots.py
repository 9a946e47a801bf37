"""Save screenshots of RefDesk on the demo library.

    xvfb-run -a python tests/ui/take_screenshots.py docs/screenshots

Starts the app on a new demo library (the seed paper, PMID 11751408, with its
similar and cited-by lists), with PubMed played by the local replay server,
and saves: the main window with the seed selected, the Similar articles and
Cited by panes, and an import in progress.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TESTS))

from PySide6.QtCore import QEventLoop, QMimeData, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from refdesk.model import LinkKind  # noqa: E402
from refdesk.services import open_services  # noqa: E402
from refdesk.ui.main_window import MainWindow  # noqa: E402
from refdesk.ui.preferences import Preferences  # noqa: E402
from refdesk.ui.qt_app import make_application  # noqa: E402
from replay_server import EutilsReplayServer  # noqa: E402

SEED_PMID = 11751408


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
    folder = Path(argv[1] if len(argv) > 1 else "docs/screenshots").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    app: QApplication = make_application()
    with tempfile.TemporaryDirectory(prefix="refdesk-shots-") as tmp, EutilsReplayServer() as server:
        settings_store = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        from refdesk.settings import Settings

        settings = Settings(eutils_url=server.url, email="demo@example.org", rate_limit=1000.0, backoff=0.01)
        services = open_services(Path(tmp) / "library.sqlite", settings, demo=True)
        window = MainWindow(services, Preferences(settings_store))
        window.show()
        seed = services.library.find_pmid(SEED_PMID)
        window.select_ids([seed.id])
        pause(400)
        save(window, folder, "main-window.png")
        window.detail.open_tab(LinkKind.SIMILAR)
        save(window, folder, "similar-articles.png")
        window.detail.open_tab(LinkKind.CITED_BY)
        save(window, folder, "cited-by.png")

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
        window.runner.wait()
        pause(300)
        window.close()
        services.close()
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
