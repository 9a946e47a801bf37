"""The library service: one method per user action, one transaction per call.

The command line and the GUI both call this class.  It returns model
snapshots only -- never ORM objects, never a session -- so its results can
cross threads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from types import ModuleType

from . import citekeys
from .db import listing
from .db.database import Database, open_database
from .errors import CancelledError, DuplicateKeyError, NotFoundError
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

    def prepare(self) -> None:
        """Load the database engine and the queries now, ahead of their first use.

        A library at the current schema opens without them (see
        :mod:`refdesk.db.database`); the GUI calls this from a background
        thread once its window is up, so the first click does not wait.
        """
        self.database.engine  # noqa: B018 - built on first access
        _repo()

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
            paper = _repo().get_paper(session, paper_id)
        if paper is None:
            raise NotFoundError(f"No paper with id {paper_id} in the library")
        return paper

    def get_many(self, ids: Sequence[int], *, links: bool = True) -> list[Paper]:
        """Papers in the order of ``ids``; ``links=False`` skips their linked-paper lists."""
        with self.database.read() as session:
            return _repo().papers_by_ids(session, ids, links=links)

    def find_pmid(self, pmid: int) -> Paper | None:
        repo = _repo()
        with self.database.read() as session:
            paper_id = repo.id_for_pmid(session, pmid)
            return repo.get_paper(session, paper_id) if paper_id else None

    def find_doi(self, doi: str) -> Paper | None:
        repo = _repo()
        with self.database.read() as session:
            paper_id = repo.find_ids(session, dois=[doi]).get(("doi", doi))
            return repo.get_paper(session, paper_id) if paper_id else None

    def find_citekey(self, key: str) -> Paper | None:
        repo = _repo()
        with self.database.read() as session:
            paper_id = repo.id_for_citekey(session, key)
            return repo.get_paper(session, paper_id) if paper_id else None

    def rows(self, query: Query = Query(), offset: int = 0, limit: int = 100) -> list[PaperRow]:
        """One page of the table, sorted and filtered in the database."""
        with self.database.listing() as execute:
            return listing.rows(execute, query, offset, limit)

    def count(self, query: Query = Query()) -> int:
        with self.database.listing() as execute:
            return listing.count(execute, query)

    def ids(self, query: Query = Query()) -> list[int]:
        """The ids of the papers in ``query``, in the table's order."""
        with self.database.listing() as execute:
            return listing.ids(execute, query)

    def positions(self, query: Query, ids: Sequence[int]) -> dict[int, int]:
        """``{id: row}``: where these papers are in the table of ``query`` (those it holds)."""
        with self.database.listing() as execute:
            return listing.positions(execute, query, ids)

    def search(self, text: str, limit: int = 100) -> list[PaperRow]:
        return self.rows(Query(search=text), 0, limit)

    def change_stamp(self) -> tuple:
        """Changes whenever any process changes the library's papers."""
        with self.database.listing() as execute:
            return listing.change_stamp(execute)

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
        from .merging import BatchMerger, normalized  # noqa: PLC0415 - SQLAlchemy-backed, see _repo

        papers = [normalized(p) for p in papers]
        names = list(names) if names is not None else [p.label for p in papers]
        try:
            with self.database.write() as session:
                merger = BatchMerger(session, self.settings.citekey_pattern)
                results = merger.add_all(papers, names, cancel)
                if self.entry_renderer is not None and merger.stored:
                    _repo().replace_entries(session, *self.entry_renderer(list(merger.stored.values())))
        except CancelledError:
            return ImportReport(cancelled=True)
        changed = [r.paper_id for r in results if r.outcome in (Outcome.ADDED, Outcome.UPDATED) and r.paper_id]
        if changed:
            self._changed(changed)
        return ImportReport(tuple(results))

    # --- trash ------------------------------------------------------------------

    def trash(self, ids: Sequence[int]) -> int:
        repo = _repo()
        with self.database.write() as session:
            moved = repo.set_trashed(session, list(ids), repo.now())
        self._changed(ids)
        return moved

    def restore(self, ids: Sequence[int]) -> int:
        with self.database.write() as session:
            restored = _repo().set_trashed(session, list(ids), None)
        self._changed(ids)
        return restored

    def purge(self, ids: Sequence[int]) -> int:
        """Delete for good papers that are in the trash."""
        with self.database.write() as session:
            purged = _repo().purge(session, list(ids))
        self._changed(ids)
        return purged

    def empty_trash(self) -> int:
        repo = _repo()
        with self.database.write() as session:
            ids = repo.trashed_ids(session)
            purged = repo.purge(session, ids)
        self._changed(ids)
        return purged

    # --- citation keys --------------------------------------------------------

    def set_citekey(self, paper_id: int, key: str) -> Paper:
        """Give a paper the key the user chose; it stays until they change it."""
        repo = _repo()
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
        repo = _repo()
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
            return _repo().missing_summaries(session, [l.pmid for l in paper.links if not l.has_summary])

    def store_link_summaries(self, links: Iterable[Link]) -> None:
        repo = _repo()
        with self.database.write() as session:
            repo.store_link_summaries(session, links, repo.now())

    # --- rendered entries (for fast exports) -------------------------------------

    def cached_entries(
        self, variant: str, query: Query | None = None, ids: Sequence[int] | None = None
    ) -> list[tuple[int, str, str | None]]:
        with self.database.read() as session:
            return _repo().cached_entries(session, variant, query, ids)

    def keys_in_order(self, query: Query = Query(), ids: Iterable[int] | None = None) -> list[tuple[int, str]]:
        """``(id, citekey)`` of the papers in ``query`` (and ``ids``), in code-point order of the keys."""
        with self.database.read() as session:
            return _repo().keys_in_order(session, query, ids)

    def uncached_ids(self, variant: str) -> list[int]:
        with self.database.read() as session:
            return _repo().uncached_ids(session, variant)

    def store_entries(self, variant: str, entries: dict[int, tuple[datetime, str]]) -> None:
        with self.database.write() as session:
            _repo().store_entries(session, variant, entries)

    def drop_entries_except_prefix(self, prefix: str) -> int:
        """Forget cached entries whose variant does not start with ``prefix``."""
        with self.database.write() as session:
            return _repo().drop_entries_except_prefix(session, prefix)

    # --- auto-export targets ------------------------------------------------------

    def export_targets(self) -> list[ExportTarget]:
        with self.database.read() as session:
            return _repo().export_targets(session)

    def add_export_target(self, target: ExportTarget) -> ExportTarget:
        with self.database.write() as session:
            return _repo().add_export_target(session, target)

    def remove_export_target(self, path: str) -> bool:
        with self.database.write() as session:
            return _repo().remove_export_target(session, path)


def _repo() -> ModuleType:
    """The SQLAlchemy-backed queries, imported on first use.

    Opening a library and listing its rows need only :mod:`refdesk.db.listing`
    and the standard library, so the main window paints before SQLAlchemy loads.
    """
    from .db import repository  # noqa: PLC0415 - deferred, see the docstring

    return repository


__all__ = ["Library", "open_database"]
