"""Queries, and the mapping between table rows and model snapshots.

Every function takes a session and never commits: the library service owns
the transaction (one per user action).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from ..model import (
    ExportFormat,
    ExportTarget,
    Link,
    LinkKind,
    Paper,
    PaperRow,
    Query,
    SortField,
    View,
)
from .schema import (
    AuthorRecord,
    ExportTargetRecord,
    LinkedPaperRecord,
    LinkRecord,
    MeshRecord,
    NoticeRecord,
    PaperRecord,
    TermRecord,
)
from .paper_loader import load_papers
from .search_index import index_for

RECENT_DAYS = 30
TERM_KINDS = {"pubtype": "publication_types", "keyword": "keywords", "substance": "substances"}
SORT_COLUMNS = {
    SortField.TITLE: PaperRecord.title_sort,
    SortField.AUTHORS: PaperRecord.authors_sort,
    SortField.JOURNAL: PaperRecord.journal_sort,
    SortField.YEAR: PaperRecord.year,
    SortField.PMID: PaperRecord.pmid,
    SortField.CITEKEY: PaperRecord.citekey,
    SortField.ADDED: PaperRecord.added,
}
_FULL_LOAD = (
    selectinload(PaperRecord.authors),
    selectinload(PaperRecord.mesh),
    selectinload(PaperRecord.terms),
    selectinload(PaperRecord.notices),
    selectinload(PaperRecord.links),
)


def now() -> datetime:
    return datetime.now()


# --- reading -----------------------------------------------------------------


def load_records(session: Session, ids: Iterable[int]) -> dict[int, PaperRecord]:
    ids = list(ids)
    if not ids:
        return {}
    rows = session.scalars(select(PaperRecord).where(PaperRecord.id.in_(ids)).options(*_FULL_LOAD))
    return {r.id: r for r in rows}


def get_paper(session: Session, paper_id: int) -> Paper | None:
    found = load_papers(session, [paper_id])
    return found[0] if found else None


def find_ids(session: Session, pmids: Iterable[int] = (), dois: Iterable[str] = ()) -> dict:
    """``{("pmid", 123): id, ("doi", "10.x/y"): id}`` for the ones in the library."""
    found: dict[tuple[str, object], int] = {}
    pmids, dois = list(set(pmids)), list(set(dois))
    for chunk in _chunks(pmids):
        for pid, pmid in session.execute(
            select(PaperRecord.id, PaperRecord.pmid).where(PaperRecord.pmid.in_(chunk))
        ):
            found[("pmid", pmid)] = pid
    for chunk in _chunks(dois):
        for pid, doi in session.execute(
            select(PaperRecord.id, PaperRecord.doi).where(PaperRecord.doi.in_(chunk))
        ):
            found[("doi", doi)] = pid
    return found


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


def _view_filter(statement: Select, view: View) -> Select:
    if view == View.TRASH:
        return statement.where(PaperRecord.trashed_at.is_not(None))
    statement = statement.where(PaperRecord.trashed_at.is_(None))
    if view == View.RECENT:
        statement = statement.where(PaperRecord.added >= now() - timedelta(days=RECENT_DAYS))
    return statement


def _filtered(session: Session, statement: Select, query: Query) -> Select:
    statement = _view_filter(statement, query.view)
    if query.search.strip():
        statement = index_for(session.connection()).restrict(statement, query.search)
    return statement


def list_rows(session: Session, query: Query, offset: int, limit: int) -> list[PaperRow]:
    column = SORT_COLUMNS[query.sort]
    order = [column.desc(), PaperRecord.id.desc()] if query.descending else [column.asc(), PaperRecord.id.asc()]
    statement = select(
        PaperRecord.id,
        PaperRecord.title,
        PaperRecord.authors_short,
        PaperRecord.journal_iso,
        PaperRecord.journal,
        PaperRecord.year,
        PaperRecord.pmid,
        PaperRecord.citekey,
        PaperRecord.added,
    )
    statement = _filtered(session, statement, query).order_by(*order).offset(offset).limit(limit)
    return [
        PaperRow(r.id, r.title, r.authors_short, r.journal_iso or r.journal, r.year, r.pmid, r.citekey or "", r.added)
        for r in session.execute(statement)
    ]


def list_ids(session: Session, query: Query) -> list[int]:
    column = SORT_COLUMNS[query.sort]
    statement = _filtered(session, select(PaperRecord.id), query)
    return list(session.scalars(statement.order_by(column, PaperRecord.id)))


def count(session: Session, query: Query) -> int:
    statement = _filtered(session, select(func.count()).select_from(PaperRecord), query)
    return session.scalar(statement) or 0


def change_stamp(session: Session) -> tuple:
    row = session.execute(
        select(func.count(), func.max(PaperRecord.updated), func.max(PaperRecord.id))
    ).one()
    return tuple(row)


def papers_by_ids(session: Session, ids: Sequence[int]) -> list[Paper]:
    return load_papers(session, ids)


# --- writing -----------------------------------------------------------------


def insert_paper(session: Session, paper: Paper, when: datetime) -> PaperRecord:
    record = PaperRecord(added=when, updated=when, source=paper.source)
    fill_record(record, paper)
    record.citekey = paper.citekey or None
    record.citekey_pinned = paper.citekey_pinned
    session.add(record)
    store_link_summaries(session, paper.links, when)
    return record


def update_paper(session: Session, record: PaperRecord, paper: Paper, when: datetime) -> None:
    # Delete the old child rows first: unique constraints see the new ones otherwise.
    for children in (record.authors, record.mesh, record.terms, record.notices, record.links):
        children.clear()
    session.flush()
    fill_record(record, paper)
    record.updated = when
    store_link_summaries(session, paper.links, when)


def fill_record(record: PaperRecord, paper: Paper) -> None:
    """Copy a paper's metadata (not its key or timestamps) into a row."""
    record.pmid = paper.pmid
    record.doi = paper.doi or None
    record.pmcid = paper.pmcid or None
    record.kind = paper.kind.value
    record.title = paper.title
    record.title_markup = paper.title_markup
    record.vernacular_title = paper.vernacular_title
    record.abstract = [[s.label, s.text, s.markup] for s in paper.abstract]
    record.abstract_text = paper.abstract_text
    for name in ("journal", "journal_iso", "book_title", "publisher", "year", "month", "day",
                 "date_text", "volume", "issue", "pages", "issn", "language", "url", "note"):
        setattr(record, name, getattr(paper, name))
    record.extra_fields = [list(pair) for pair in paper.extra_fields]
    record.source = paper.source or record.source or ""
    record.authors_short = paper.authors_short
    record.authors_text = " ; ".join(a.full_name for a in paper.authors + paper.editors)
    record.mesh_text = " ; ".join(str(m).replace("*", "") for m in paper.mesh)
    record.keywords_text = " ; ".join(paper.keywords + paper.substances)
    record.title_sort = _sort_key(paper.title)
    record.authors_sort = _sort_key(paper.authors_short)
    record.journal_sort = _sort_key(paper.journal_iso or paper.journal)
    record.authors = [
        AuthorRecord(position=i, role=role, last=a.last, fore=a.fore, initials=a.initials,
                     suffix=a.suffix, collective=a.collective, orcid=a.orcid,
                     affiliations=list(a.affiliations))
        for i, (role, a) in enumerate([("author", a) for a in paper.authors]
                                      + [("editor", e) for e in paper.editors])
    ]
    record.mesh = [
        MeshRecord(position=i, descriptor=m.descriptor, major=m.major,
                   qualifiers=[[q.name, q.major] for q in m.qualifiers])
        for i, m in enumerate(paper.mesh)
    ]
    record.terms = [
        TermRecord(kind=kind, position=i, value=value)
        for kind, attr in TERM_KINDS.items()
        for i, value in enumerate(getattr(paper, attr))
    ]
    record.notices = [
        NoticeRecord(position=i, kind=n.kind, text=n.text, pmid=n.pmid) for i, n in enumerate(paper.notices)
    ]
    record.links = [
        LinkRecord(kind=l.kind.value, rank=l.rank, target_pmid=l.pmid, score=l.score,
                   citation=l.citation if l.kind == LinkKind.REFERENCES else "")
        for l in _unique_links(paper.links)
    ]


def store_link_summaries(session: Session, links: Iterable[Link], when: datetime) -> None:
    """Keep what is known of linked papers, so that panes render offline."""
    known = {l.pmid: l for l in links if l.has_summary}
    if not known:
        return
    existing = {
        r.pmid: r
        for chunk in _chunks(list(known))
        for r in session.scalars(select(LinkedPaperRecord).where(LinkedPaperRecord.pmid.in_(chunk)))
    }
    for pmid, link in known.items():
        record = existing.get(pmid) or session.get(LinkedPaperRecord, pmid)
        if record is None:
            record = LinkedPaperRecord(pmid=pmid)
            session.add(record)
        record.title = link.title
        record.journal = link.journal or record.journal or ""
        record.citation = link.citation or record.citation or ""
        record.year = link.year if link.year is not None else record.year
        record.doi = link.doi or record.doi or ""
        record.authors = link.authors or record.authors or ""
        record.publication_types = list(link.publication_types or record.publication_types or [])
        record.fetched = when


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
    session.execute(
        update(PaperRecord).where(PaperRecord.id == paper_id).values(citekey=key, citekey_pinned=pinned, updated=now())
    )


def missing_summaries(session: Session, pmids: Iterable[int]) -> list[int]:
    pmids = list(dict.fromkeys(pmids))
    have: set[int] = set()
    for chunk in _chunks(pmids):
        have.update(session.scalars(select(LinkedPaperRecord.pmid).where(LinkedPaperRecord.pmid.in_(chunk))))
        have.update(session.scalars(select(PaperRecord.pmid).where(PaperRecord.pmid.in_(chunk))))
    return [p for p in pmids if p not in have]


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


def _unique_links(links: Iterable[Link]) -> list[Link]:
    seen: set[tuple[LinkKind, int]] = set()
    unique = []
    for link in links:
        if (link.kind, link.pmid) not in seen:
            seen.add((link.kind, link.pmid))
            unique.append(link)
    return unique


def _sort_key(text: str) -> str:
    return text.strip().lstrip("[(\"'").casefold()[:255]


def _chunks(items: list, size: int = 500) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
