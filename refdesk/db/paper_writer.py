"""Writing whole papers fast: one multi-row INSERT per table per batch.

The counterpart of ``paper_loader``.  A batch of new papers costs a handful
of statements, not a unit-of-work flush per paper, so that importing 1,000
PMIDs or building a 100,000-paper library stays quick.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, insert, update
from sqlalchemy.orm import Session

from ..model import Link, LinkKind, Paper, unique_links
from .columns import PLAIN_COLUMNS, TERM_FIELDS
from .paper_loader import summaries_by_pmid
from .schema import (
    AuthorRecord,
    EntryCacheRecord,
    LinkedPaperRecord,
    LinkRecord,
    MeshRecord,
    NoticeRecord,
    PaperRecord,
    TermRecord,
)

_PAPERS = PaperRecord.__table__
_CHILD_TABLES = (AuthorRecord.__table__, MeshRecord.__table__, TermRecord.__table__,
                 NoticeRecord.__table__, LinkRecord.__table__)


def insert_papers(session: Session, papers: Sequence[Paper], when: datetime) -> list[int]:
    """Insert new papers (keys already chosen); returns their ids in order."""
    if not papers:
        return []
    rows = [dict(paper_columns(p), added=when, updated=when, citekey=p.citekey or None,
                 citekey_pinned=p.citekey_pinned) for p in papers]
    result = session.execute(insert(_PAPERS).returning(_PAPERS.c.id, sort_by_parameter_order=True), rows)
    ids = [row[0] for row in result]
    _insert_children(session, zip(ids, papers))
    store_link_summaries(session, [l for p in papers for l in p.links], when)
    return ids


def update_paper(session: Session, paper_id: int, paper: Paper, when: datetime) -> None:
    """Replace a paper's metadata and lists (its key and ``added`` stay)."""
    session.execute(
        update(_PAPERS).where(_PAPERS.c.id == paper_id).values(**paper_columns(paper), updated=when, trashed_at=None)
    )
    for table in _CHILD_TABLES + (EntryCacheRecord.__table__,):
        session.execute(delete(table).where(table.c.paper_id == paper_id))
    _insert_children(session, [(paper_id, paper)])
    store_link_summaries(session, paper.links, when)


def paper_columns(paper: Paper) -> dict:
    """A paper's metadata as ``papers`` columns, with the derived text columns."""
    columns = {name: getattr(paper, name) for name in PLAIN_COLUMNS}
    columns.update(
        pmid=paper.pmid,
        doi=paper.doi or None,
        pmcid=paper.pmcid or None,
        kind=paper.kind.value,
        abstract=[[s.label, s.text, s.markup] for s in paper.abstract],
        abstract_text=paper.abstract_text,
        extra_fields=[list(pair) for pair in paper.extra_fields],
        source=paper.source,
        authors_short=paper.authors_short,
        authors_text=" ; ".join(a.full_name for a in paper.authors + paper.editors),
        mesh_text=" ; ".join(str(m).replace("*", "") for m in paper.mesh),
        keywords_text=" ; ".join(paper.keywords + paper.substances),
        title_sort=sort_key(paper.title),
        authors_sort=sort_key(paper.authors_short),
        journal_sort=sort_key(paper.journal_iso or paper.journal or paper.book_title),
    )
    return columns


def _insert_children(session: Session, papers: Iterable[tuple[int, Paper]]) -> None:
    authors, mesh, terms, notices, links = [], [], [], [], []
    for pid, p in papers:
        people = [("author", a) for a in p.authors] + [("editor", e) for e in p.editors]
        authors += [
            dict(paper_id=pid, position=i, role=role, last=a.last, fore=a.fore, initials=a.initials,
                 suffix=a.suffix, collective=a.collective, orcid=a.orcid, affiliations=list(a.affiliations))
            for i, (role, a) in enumerate(people)
        ]
        mesh += [
            dict(paper_id=pid, position=i, descriptor=m.descriptor, major=m.major,
                 qualifiers=[[q.name, q.major] for q in m.qualifiers])
            for i, m in enumerate(p.mesh)
        ]
        terms += [
            dict(paper_id=pid, kind=kind, position=i, value=value)
            for kind, attr in TERM_FIELDS.items()
            for i, value in enumerate(getattr(p, attr))
        ]
        notices += [dict(paper_id=pid, position=i, kind=n.kind, text=n.text, pmid=n.pmid)
                    for i, n in enumerate(p.notices)]
        links += [
            dict(paper_id=pid, kind=l.kind.value, rank=l.rank, target_pmid=l.pmid, score=l.score,
                 citation=l.citation if l.kind == LinkKind.REFERENCES else "")
            for l in unique_links(p.links)
        ]
    for table, rows in zip(_CHILD_TABLES, (authors, mesh, terms, notices, links)):
        if rows:
            session.execute(insert(table), rows)


def store_link_summaries(session: Session, links: Iterable[Link], when: datetime) -> None:
    """Keep what is known of linked papers, so that panes render offline.

    Known values are never replaced by empty ones.
    """
    known = {l.pmid: l for l in links if l.has_summary}
    if not known:
        return
    table = LinkedPaperRecord.__table__
    existing = summaries_by_pmid(session, known)
    new_rows = []
    for pmid, link in known.items():
        old = existing.get(pmid, {})
        values = dict(
            title=link.title,
            journal=link.journal or old.get("journal", ""),
            citation=link.citation or old.get("citation", ""),
            year=link.year if link.year is not None else old.get("year"),
            doi=link.doi or old.get("doi", ""),
            authors=link.authors or old.get("authors", ""),
            publication_types=list(link.publication_types or old.get("publication_types", [])),
            fetched=when,
        )
        if old:
            session.execute(update(table).where(table.c.pmid == pmid).values(**values))
        else:
            new_rows.append(dict(values, pmid=pmid))
    if new_rows:
        session.execute(insert(table), new_rows)


def sort_key(text: str) -> str:
    return text.strip().lstrip("[(\"'").casefold()[:255]
