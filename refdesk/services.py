"""The core services, wired together for one library.

``open_services`` is what the command line, the GUI and the tests call to
get a working library: it opens (creating and migrating) the database,
builds the PubMed source, and imports the demo seed into a new library.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from .library import Library, open_database
from .model import ImportReport, Paper
from .seeds import seed_files
from .settings import Settings

if TYPE_CHECKING:
    from .exporting import Exporter
    from .importing import Importer

APP_NAME = "RefDesk"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_location(env: dict[str, str] | None = None) -> str:
    """``REFDESK_DB`` if set, else ``library.sqlite`` in the user data directory."""
    env = dict(os.environ) if env is None else env
    return env.get("REFDESK_DB") or str(data_dir() / "library.sqlite")


@dataclass
class Services:
    """The library and the import/export services built on it.

    The importer and the exporter are built on first use: their modules bring
    the network and file-format stacks (requests, lxml, bibtexparser,
    pylatexenc), about a fifth of RefDesk's start-up when measured, and the
    main window can paint its first page of rows without them.
    """

    library: Library
    settings: Settings
    created: bool = False
    demo_report: ImportReport | None = None
    _importer: Importer | None = field(default=None, repr=False)
    _exporter: Exporter | None = field(default=None, repr=False)

    @property
    def importer(self) -> Importer:
        if self._importer is None:
            from .importing import Importer  # noqa: PLC0415 - deferred, see the class docstring
            from .sources.eutils import EutilsClient  # noqa: PLC0415
            from .sources.pubmed import PubMedSource  # noqa: PLC0415

            self._importer = Importer(self.library, PubMedSource(EutilsClient(self.settings)))
        return self._importer

    @property
    def exporter(self) -> Exporter:
        if self._exporter is None:
            from .exporting import Exporter  # noqa: PLC0415 - deferred, see the class docstring

            self._exporter = Exporter(self.library, self.settings)
        return self._exporter

    def render_default_entries(self, papers: list[Paper]) -> tuple[str, dict[int, str]]:
        """Entries of the default export format, rendered as papers are stored."""
        from .exporting import default_entries  # noqa: PLC0415 - deferred, see the class docstring

        return default_entries(papers, self.settings)

    def use_settings(self, settings: Settings) -> None:
        """Apply changed preferences (API key, key pattern, export options) from now on."""
        self.settings = settings
        self.library.settings = settings
        if self._exporter is not None:
            self._exporter.settings = settings
        if self._importer is not None:
            self._importer.use_settings(settings)

    def close(self) -> None:
        if self._exporter is not None:
            self._exporter.stop()
        self.library.database.close()


def open_services(location: str | Path | None, settings: Settings, *, demo: bool | None = None) -> Services:
    database, created = open_database(location or default_location())
    services = Services(Library(database, settings), settings, created)
    services.library.entry_renderer = services.render_default_entries
    if created and (settings.demo_library if demo is None else demo):
        services.demo_report = services.importer.import_files(seed_files())
    return services
