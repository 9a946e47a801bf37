"""The library service: one method per user action, one transaction per call.

The command line and the GUI both call this class.  It returns model
snapshots only -- never ORM objects, never a session -- so its results can
cross threads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path

from . import citekeys
from .db import repository as repo
from .db.engine import (
    Database,
    check_sqlite_file,
    database_url,
    make_engine,
    sqlite_path,
)
from .db.migrate import current_revision, upgrade
from .errors import CancelledError, DuplicateKeyError, NotFoundError, RefDeskError
from .merging import BatchMerger, normalized
from .model import (
    CancelToken,
    ExportTarget,
    ImportReport,
    Link,
    Outcome,
    Paper,
    PaperRow,
    Progress,
    Query,
)
from .settings import Settings

ProgressCallback = Callable[[Progress], None]
#: Renders the default export entries of stored papers: (variant, {id: entry}).
EntryRenderer = Callable[[list[Paper]], tuple[str, dict[int, str]]]
#: Called with the ids of the papers that changed (added, edited, trashed, purged).
ChangeListener = Callable[[frozenset[int]], None]

class Library:
    """All that a user can do with their library."""

    def __init__(self, database: Database, settings: Settings | None = None):
        self.database = database
        self.settings = settings or Settings()
        self._listeners: list[ChangeListener] = []
        #: When set, papers' export entries are rendered as they are stored,
        #: in the same transaction, so exports never start from a cold cache.
        self.entry_renderer: EntryRenderer | None = None

    # --- change notification ----------------------------------------------

    def on_change(self, listener: ChangeListener) -> None:
        """Call ``listener`` (from the writing thread) after each committed change,
        with the ids of the papers that changed."""
        self._listeners.append(listener)

    def _changed(self, ids: Iterable[int]) -> None:
        changed = frozenset(ids)
        for listener in list(self._listeners):
            listener(changed)

    # --- reading -------------------------------------------------------------

    def get(self, paper_id: int) -> Paper:
        with self.database.read() as session:
            paper = repo.get_paper(session, paper_id)
        if paper is None:
            raise NotFoundError(f"No paper with id {paper_id} in the library")
        return paper

    def get_many(self, ids: Sequence[int], *, links: bool = True) -> list[Paper]:
        """Papers in the order of ``ids``; ``links=False`` skips their linked-paper lists."""
        with self.database.read() as session:
            return repo.papers_by_ids(session, ids, links=links)

    def find_pmid(self, pmid: int) -> Paper | None:
        with self.database.read() as session:
            paper_id = repo.id_for_pmid(session, pmid)
            return repo.get_paper(session, paper_id) if paper_id else None

    def find_doi(self, doi: str) -> Paper | None:
        with self.database.read() as session:
            paper_id = repo.find_ids(session, dois=[doi]).get(("doi", doi))
            return repo.get_paper(session, paper_id) if paper_id else None

    def find_citekey(self, key: str) -> Paper | None:
        with self.database.read() as session:
            paper_id = repo.id_for_citekey(session, key)
            return repo.get_paper(session, paper_id) if paper_id else None

    def rows(self, query: Query = Query(), offset: int = 0, limit: int = 100) -> list[PaperRow]:
        """One page of the table, sorted and filtered in the database."""
        with self.database.read() as session:
            return repo.list_rows(session, query, offset, limit)

    def count(self, query: Query = Query()) -> int:
        with self.database.read() as session:
            return repo.count(session, query)

    def ids(self, query: Query = Query()) -> list[int]:
        with self.database.read() as session:
            return repo.list_ids(session, query)

    def search(self, text: str, limit: int = 100) -> list[PaperRow]:
        return self.rows(Query(search=text), 0, limit)

    def change_stamp(self) -> tuple:
        """Changes whenever any process changes the library's papers."""
        with self.database.read() as session:
            return repo.change_stamp(session)

    # --- adding and merging ------------------------------------------------

    def add_papers(
        self,
        papers: Iterable[Paper],
        *,
        names: Sequence[str] | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportReport:
        """Add or merge records in one transaction: match by PMID, then DOI.

        A field the new record lacks never wipes a known one; a citation key
        once given is kept.  ``names`` labels each record in the report.
        Cancelling rolls the whole call back.
        """
        papers = [normalized(p) for p in papers]
        names = list(names) if names is not None else [_describe(p) for p in papers]
        try:
            with self.database.write() as session:
                merger = BatchMerger(session, self.settings.citekey_pattern)
                results = merger.add_all(papers, names, cancel)
                if self.entry_renderer is not None and merger.stored:
                    repo.replace_entries(session, *self.entry_renderer(list(merger.stored.values())))
        except CancelledError:
            return ImportReport(cancelled=True)
        changed = [r.paper_id for r in results if r.outcome in (Outcome.ADDED, Outcome.UPDATED) and r.paper_id]
        if changed:
            self._changed(changed)
        return ImportReport(tuple(results))

    # --- trash ------------------------------------------------------------------

    def trash(self, ids: Sequence[int]) -> int:
        with self.database.write() as session:
            moved = repo.set_trashed(session, list(ids), repo.now())
        self._changed(ids)
        return moved

    def restore(self, ids: Sequence[int]) -> int:
        with self.database.write() as session:
            restored = repo.set_trashed(session, list(ids), None)
        self._changed(ids)
        return restored

    def purge(self, ids: Sequence[int]) -> int:
        """Delete for good papers that are in the trash."""
        with self.database.write() as session:
            purged = repo.purge(session, list(ids))
        self._changed(ids)
        return purged

    def empty_trash(self) -> int:
        with self.database.write() as session:
            ids = repo.trashed_ids(session)
            purged = repo.purge(session, ids)
        self._changed(ids)
        return purged

    # --- citation keys --------------------------------------------------------

    def set_citekey(self, paper_id: int, key: str) -> Paper:
        """Give a paper the key the user chose; it stays until they change it."""
        key = key.strip()
        citekeys.validate_key(key)
        with self.database.write() as session:
            owner = repo.id_for_citekey(session, key)
            if owner is not None and owner != paper_id:
                raise DuplicateKeyError(f"The citation key '{key}' is already used by another paper")
            if repo.get_paper(session, paper_id) is None:
                raise NotFoundError(f"No paper with id {paper_id} in the library")
            repo.set_citekey(session, paper_id, key, pinned=True)
            paper = repo.get_paper(session, paper_id)
        self._changed([paper_id])
        assert paper is not None
        return paper

    def regenerate_citekeys(self, ids: Sequence[int]) -> dict[int, str]:
        """Explicitly recompute keys from the pattern (the only way keys change)."""
        changed: dict[int, str] = {}
        with self.database.write() as session:
            for paper_id in ids:
                paper = repo.get_paper(session, paper_id)
                if paper is None:
                    continue
                base = citekeys.generate_key(paper, self.settings.citekey_pattern)
                taken = repo.citekeys_taken(session, [base]) - {paper.citekey}
                key = citekeys.unique_key(base, taken)
                if key != paper.citekey or paper.citekey_pinned:
                    repo.set_citekey(session, paper_id, key, pinned=False)
                    session.flush()
                    changed[paper_id] = key
        if changed:
            self._changed(changed)
        return changed

    def cite_text(self, ids: Sequence[int]) -> str:
        """``\\cite{a,b}`` for the given papers, in the given order."""
        keys = [p.citekey for p in self.get_many(ids) if p.citekey]
        return "\\cite{" + ",".join(keys) + "}" if keys else ""

    # --- linked papers ------------------------------------------------------------

    def links_missing_summary(self, paper_id: int) -> list[int]:
        paper = self.get(paper_id)
        with self.database.read() as session:
            return repo.missing_summaries(session, [l.pmid for l in paper.links if not l.has_summary])

    def store_link_summaries(self, links: Iterable[Link]) -> None:
        with self.database.write() as session:
            repo.store_link_summaries(session, links, repo.now())

    # --- rendered entries (for fast exports) -------------------------------------

    def cached_entries(
        self, variant: str, query: Query | None = None, ids: Sequence[int] | None = None
    ) -> list[tuple[int, str, str | None]]:
        with self.database.read() as session:
            return repo.cached_entries(session, variant, query, ids)

    def keys_in_order(self, query: Query = Query(), ids: Iterable[int] | None = None) -> list[tuple[int, str]]:
        """``(id, citekey)`` of the papers in ``query`` (and ``ids``), in code-point order of the keys."""
        with self.database.read() as session:
            return repo.keys_in_order(session, query, ids)

    def uncached_ids(self, variant: str) -> list[int]:
        with self.database.read() as session:
            return repo.uncached_ids(session, variant)

    def store_entries(self, variant: str, entries: dict[int, tuple[datetime, str]]) -> None:
        with self.database.write() as session:
            repo.store_entries(session, variant, entries)

    # --- auto-export targets ------------------------------------------------------

    def export_targets(self) -> list[ExportTarget]:
        with self.database.read() as session:
            return repo.export_targets(session)

    def add_export_target(self, target: ExportTarget) -> ExportTarget:
        with self.database.write() as session:
            return repo.add_export_target(session, target)

    def remove_export_target(self, path: str) -> bool:
        with self.database.write() as session:
            return repo.remove_export_target(session, path)


def _describe(paper: Paper) -> str:
    if paper.pmid:
        return f"PMID {paper.pmid}"
    if paper.doi:
        return f"doi:{paper.doi}"
    if paper.citekey:
        return paper.citekey
    return (paper.title[:60] + "...") if len(paper.title) > 60 else paper.title or "untitled record"


def open_database(location: str | Path) -> tuple[Database, bool]:
    """Open (creating and migrating as needed) the library at ``location``.

    Returns the database and whether it was newly created.  A file that is
    not a RefDesk library raises ``StorageError`` and is never modified.
    """
    url = database_url(location)
    path = sqlite_path(url)
    created = False
    if path is not None:
        check_sqlite_file(path)
        created = not path.exists() or path.stat().st_size == 0
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    try:
        if path is None:
            created = current_revision(engine) is None
        upgrade(engine)
    except RefDeskError:
        engine.dispose()
        raise
    return Database(engine), created
