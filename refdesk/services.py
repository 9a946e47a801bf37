"""The core services, wired together for one library.

``open_services`` is what the command line, the GUI and the tests call to
get a working library: it opens (creating and migrating) the database,
builds the PubMed source, and imports the demo seed into a new library.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from .exporting import Exporter
from .importing import Importer
from .library import Library, open_database
from .model import ImportReport
from .seeds import seed_files
from .settings import Settings
from .sources.eutils import EutilsClient
from .sources.pubmed import PubMedSource

APP_NAME = "RefDesk"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_location(env: dict[str, str] | None = None) -> str:
    """``REFDESK_DB`` if set, else ``library.sqlite`` in the user data directory."""
    env = dict(os.environ) if env is None else env
    return env.get("REFDESK_DB") or str(data_dir() / "library.sqlite")


@dataclass
class Services:
    library: Library
    importer: Importer
    exporter: Exporter
    settings: Settings
    created: bool = False
    demo_report: ImportReport | None = None

    def use_settings(self, settings: Settings) -> None:
        """Apply changed preferences (API key, key pattern, export options) from now on."""
        self.settings = settings
        self.library.settings = settings
        self.exporter.settings = settings
        self.importer.use_settings(settings)

    def close(self) -> None:
        self.exporter.stop()
        self.library.database.close()


def open_services(location: str | Path | None, settings: Settings, *, demo: bool | None = None) -> Services:
    database, created = open_database(location or default_location())
    library = Library(database, settings)
    pubmed = PubMedSource(EutilsClient(settings))
    services = Services(library, Importer(library, pubmed), Exporter(library, settings), settings, created)
    if created and (settings.demo_library if demo is None else demo):
        services.demo_report = services.importer.import_files(seed_files())
    return services
