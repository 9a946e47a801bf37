"""Queries, and the mapping between table rows and model snapshots.

Every function takes a session and never commits: the library service owns
the transaction (one per user action).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Select, delete, or_, select, text, update
from sqlalchemy.orm import Session

from ..model import (
    ExportFormat,
    ExportTarget,
    Paper,
    Query,
)
from . import listing
from .chunks import in_chunks
from .paper_loader import load_papers
from .paper_writer import insert_papers, store_link_summaries, update_paper  # noqa: F401  (the write API)
from .schema import (
    EntryCacheRecord,
    ExportTargetRecord,
    LinkedPaperRecord,
    PaperRecord,
)

def now() -> datetime:
    return datetime.now()


# --- reading -----------------------------------------------------------------


def get_paper(session: Session, paper_id: int) -> Paper | None:
    found = load_papers(session, [paper_id])
    return found[0] if found else None


def find_ids(session: Session, pmids: Iterable[int] = (), dois: Iterable[str] = ()) -> dict:
    """``{("pmid", 123): id, ("doi", "10.x/y"): id}`` for the ones in the library."""
    found: dict[tuple[str, object], int] = {}
    pmids, dois = list(set(pmids)), list(set(dois))
    for chunk in in_chunks(pmids):
        for pid, pmid in session.execute(
            select(PaperRecord.id, PaperRecord.pmid).where(PaperRecord.pmid.in_(chunk))
        ):
            found[("pmid", pmid)] = pid
    for chunk in in_chunks(dois):
        for pid, doi in session.execute(
            select(PaperRecord.id, PaperRecord.doi).where(PaperRecord.doi.in_(chunk))
        ):
            found[("doi", doi)] = pid
    return found


def match_keys(
    session: Session, pmids: Iterable[int], dois: Iterable[str]
) -> tuple[dict[int, int], dict[str, tuple[int, int | None]]]:
    """Library ids by PMID, and (id, PMID) by DOI, for the ones the library holds."""
    by_pmid: dict[int, int] = {}
    by_doi: dict[str, tuple[int, int | None]] = {}
    for chunk in in_chunks(list(set(pmids))):
        statement = select(PaperRecord.id, PaperRecord.pmid).where(PaperRecord.pmid.in_(chunk))
        by_pmid.update({pmid: pid for pid, pmid in session.execute(statement)})
    for chunk in in_chunks(list(set(dois))):
        statement = select(PaperRecord.id, PaperRecord.pmid, PaperRecord.doi).where(PaperRecord.doi.in_(chunk))
        for pid, pmid, doi in session.execute(statement.order_by(PaperRecord.id)):
            by_doi.setdefault(doi, (pid, pmid))
    return by_pmid, by_doi


def id_for_pmid(session: Session, pmid: int) -> int | None:
    return session.scalar(select(PaperRecord.id).where(PaperRecord.pmid == pmid))


def id_for_citekey(session: Session, key: str) -> int | None:
    return session.scalar(select(PaperRecord.id).where(PaperRecord.citekey == key))


def citekeys_taken(session: Session, candidates: Iterable[str]) -> set[str]:
    """Which keys, or keys starting with one of these stems, are already used."""
    taken: set[str] = set()
    for stem in set(candidates):
        # A range, not LIKE, so that the unique index on citekey is used.
        taken.update(
            session.scalars(
                select(PaperRecord.citekey).where(
                    PaperRecord.citekey >= stem, PaperRecord.citekey < stem + "\U0010ffff"
                )
            )
        )
    return taken


def _in_view(statement: Select, query: Query) -> Select:
    """``statement`` (over ``papers``) narrowed to ``query``'s view and search."""
    where, params = listing.condition(query)
    return statement.where(text(where).bindparams(**params))


def papers_by_ids(session: Session, ids: Sequence[int], *, links: bool = True) -> list[Paper]:
    return load_papers(session, ids, links=links)


# --- writing -----------------------------------------------------------------


def set_trashed(session: Session, ids: Sequence[int], when: datetime | None) -> int:
    result = session.execute(
        update(PaperRecord).where(PaperRecord.id.in_(ids)).values(trashed_at=when, updated=now())
    )
    return result.rowcount or 0


def purge(session: Session, ids: Sequence[int]) -> int:
    result = session.execute(
        delete(PaperRecord).where(PaperRecord.id.in_(ids), PaperRecord.trashed_at.is_not(None))
    )
    return result.rowcount or 0


def trashed_ids(session: Session) -> list[int]:
    return list(session.scalars(select(PaperRecord.id).where(PaperRecord.trashed_at.is_not(None))))


def set_citekey(session: Session, paper_id: int, key: str, pinned: bool) -> None:
    session.execute(delete(EntryCacheRecord).where(EntryCacheRecord.paper_id == paper_id))
    session.execute(
        update(PaperRecord).where(PaperRecord.id == paper_id).values(citekey=key, citekey_pinned=pinned, updated=now())
    )


def missing_summaries(session: Session, pmids: Iterable[int]) -> list[int]:
    pmids = list(dict.fromkeys(pmids))
    have: set[int] = set()
    for chunk in in_chunks(pmids):
        have.update(session.scalars(select(LinkedPaperRecord.pmid).where(LinkedPaperRecord.pmid.in_(chunk))))
        have.update(session.scalars(select(PaperRecord.pmid).where(PaperRecord.pmid.in_(chunk))))
    return [p for p in pmids if p not in have]


# --- rendered entries ----------------------------------------------------------


def cached_entries(
    session: Session, variant: str, query: Query | None = None, ids: Sequence[int] | None = None
) -> list[tuple[int, str, str | None]]:
    """``(id, citekey, entry or None)`` of the papers to export, ordered by key.

    Code-point order of the keys, as in the exported file.
    """
    cache = EntryCacheRecord.__table__
    statement = (
        select(PaperRecord.id, PaperRecord.citekey, cache.c.text)
        .outerjoin(cache, (cache.c.paper_id == PaperRecord.id) & (cache.c.variant == variant))
        .where(PaperRecord.citekey.is_not(None))
    )
    if ids is not None:
        rows = []
        for chunk in in_chunks(list(ids)):
            rows += session.execute(statement.where(PaperRecord.id.in_(chunk))).all()
        return sorted((tuple(r) for r in rows), key=lambda r: r[1])
    statement = _in_view(statement, query or Query())
    return [tuple(r) for r in session.execute(statement.order_by(PaperRecord.citekey))]


def keys_in_order(session: Session, query: Query, ids: Iterable[int] | None = None) -> list[tuple[int, str]]:
    statement = _in_view(select(PaperRecord.id, PaperRecord.citekey).where(PaperRecord.citekey.is_not(None)), query)
    if ids is None:
        return [tuple(r) for r in session.execute(statement.order_by(PaperRecord.citekey))]
    rows = [tuple(r) for chunk in in_chunks(list(ids)) for r in session.execute(statement.where(PaperRecord.id.in_(chunk)))]
    return sorted(rows, key=lambda r: r[1])


def uncached_ids(session: Session, variant: str) -> list[int]:
    """Papers (not in the trash) whose entry for ``variant`` is not rendered yet."""
    cache = EntryCacheRecord.__table__
    statement = (
        select(PaperRecord.id)
        .outerjoin(cache, (cache.c.paper_id == PaperRecord.id) & (cache.c.variant == variant))
        .where(cache.c.paper_id.is_(None), PaperRecord.trashed_at.is_(None), PaperRecord.citekey.is_not(None))
        .order_by(PaperRecord.id)
    )
    return list(session.scalars(statement))


def store_entries(session: Session, variant: str, entries: dict[int, tuple[datetime, str]]) -> None:
    """Keep rendered entries, but only of papers unchanged since they were read."""
    current: dict[int, datetime] = {}
    for chunk in in_chunks(list(entries)):
        current.update(session.execute(
            select(PaperRecord.id, PaperRecord.updated).where(PaperRecord.id.in_(chunk))).all())
    replace_entries(session, variant, {pid: text for pid, (updated, text) in entries.items()
                                       if current.get(pid) == updated})


def replace_entries(session: Session, variant: str, entries: dict[int, str]) -> None:
    """Keep these rendered entries (of papers written in this same transaction)."""
    cache = EntryCacheRecord.__table__
    for chunk in in_chunks(list(entries)):
        session.execute(delete(cache).where(cache.c.variant == variant, cache.c.paper_id.in_(chunk)))
    if entries:
        session.execute(cache.insert(), [{"paper_id": pid, "variant": variant, "text": text}
                                         for pid, text in entries.items()])


def drop_entries_except_prefix(session: Session, prefix: str) -> int:
    """Forget cached entries of variants not named ``prefix...`` (an older entry format)."""
    cache = EntryCacheRecord.__table__
    stale = or_(cache.c.variant < prefix, cache.c.variant >= prefix + "\U0010ffff")
    return session.execute(delete(cache).where(stale)).rowcount or 0


# --- export targets ----------------------------------------------------------


def export_targets(session: Session) -> list[ExportTarget]:
    return [
        ExportTarget(path=r.path, format=ExportFormat(r.format), search=r.search, id=r.id)
        for r in session.scalars(select(ExportTargetRecord).order_by(ExportTargetRecord.id))
    ]


def add_export_target(session: Session, target: ExportTarget) -> ExportTarget:
    record = session.scalar(select(ExportTargetRecord).where(ExportTargetRecord.path == target.path))
    if record is None:
        record = ExportTargetRecord(path=target.path)
        session.add(record)
    record.format = target.format.value
    record.search = target.search
    session.flush()
    return ExportTarget(record.path, ExportFormat(record.format), record.search, record.id)


def remove_export_target(session: Session, path: str) -> bool:
    result = session.execute(delete(ExportTargetRecord).where(ExportTargetRecord.path == path))
    return bool(result.rowcount)

