"""Reading whole papers fast: plain SELECTs straight into model snapshots.

Exports and the detail pane need complete papers (authors, MeSH, links ...).
Going through ORM objects costs an object per child row; at 100,000 papers
that is millions of objects.  Here each table is read once per chunk of ids
and the rows are grouped by paper in plain Python.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import JSON, Text, select, type_coerce
from sqlalchemy.orm import Session

from ..model import (
    AbstractSection,
    Author,
    Link,
    LinkKind,
    MeshHeading,
    MeshQualifier,
    Notice,
    Paper,
    PaperKind,
)
from .chunks import in_chunks
from .columns import PLAIN_COLUMNS, TERM_FIELDS
from .schema import (
    AuthorRecord,
    LinkedPaperRecord,
    LinkRecord,
    MeshRecord,
    NoticeRecord,
    PaperRecord,
    TermRecord,
)

_PAPERS = PaperRecord.__table__
_COPIED = PLAIN_COLUMNS + ("source", "added", "updated")


def load_papers(session: Session, ids: Sequence[int], *, links: bool = True) -> list[Paper]:
    """The papers with these ids, in the order given (unknown ids are left out).

    ``links=False`` leaves out the similar/cited-by/reference lists, which
    exports do not use and which are most of a paper's rows.
    """
    found: dict[int, Paper] = {}
    for chunk in in_chunks(ids):
        found.update(_load_chunk(session, chunk, links))
    return [found[i] for i in ids if i in found]


def _load_chunk(session: Session, ids: list[int], with_links: bool) -> dict[int, Paper]:
    rows = session.connection().execute(select(*_raw_json(_PAPERS)).where(_PAPERS.c.id.in_(ids))).mappings().all()
    if not rows:
        return {}
    authors = _grouped(session, AuthorRecord, ids, AuthorRecord.position)
    mesh = _grouped(session, MeshRecord, ids, MeshRecord.position)
    terms = _grouped(session, TermRecord, ids, TermRecord.position)
    notices = _grouped(session, NoticeRecord, ids, NoticeRecord.position)
    links = _grouped(session, LinkRecord, ids, LinkRecord.kind, LinkRecord.rank) if with_links else {}
    targets = {l["target_pmid"] for group in links.values() for l in group}
    summaries = summaries_by_pmid(session, targets)
    in_library = _library_ids(session, targets)
    papers = {}
    for row in rows:
        pid = row["id"]
        people = [(a["role"], _author(a)) for a in authors.get(pid, ())]
        term_values: dict[str, list[str]] = defaultdict(list)
        for term in terms.get(pid, ()):
            term_values[term["kind"]].append(term["value"])
        papers[pid] = Paper(
            id=pid,
            pmid=row["pmid"],
            doi=row["doi"] or "",
            pmcid=row["pmcid"] or "",
            kind=PaperKind(row["kind"]),
            abstract=tuple(AbstractSection(label=l, text=t, markup=m) for l, t, m in _json(row["abstract"])),
            authors=tuple(a for role, a in people if role == "author"),
            editors=tuple(a for role, a in people if role == "editor"),
            **{field: tuple(term_values[kind]) for kind, field in TERM_FIELDS.items()},
            mesh=tuple(
                MeshHeading(m["descriptor"], m["major"], tuple(MeshQualifier(n, bool(j)) for n, j in _json(m["qualifiers"])))
                for m in mesh.get(pid, ())
            ),
            notices=tuple(Notice(n["kind"], n["text"], n["pmid"]) for n in notices.get(pid, ())),
            links=tuple(
                _link(l, summaries.get(l["target_pmid"]), in_library.get(l["target_pmid"]))
                for l in links.get(pid, ())
            ),
            extra_fields=tuple((k, v) for k, v in _json(row["extra_fields"])),
            citekey=row["citekey"] or "",
            citekey_pinned=row["citekey_pinned"],
            trashed=row["trashed_at"] is not None,
            **{name: row[name] for name in _COPIED},
        )
    return papers


def _grouped(session: Session, model, ids: list[int], *order) -> dict[int, list]:
    table = model.__table__
    grouped: dict[int, list] = defaultdict(list)
    statement = select(*_raw_json(table)).where(table.c.paper_id.in_(ids)).order_by(table.c.paper_id, *order)
    # On the connection, not the session: Core rows, without the ORM's result layer.
    for row in session.connection().execute(statement).mappings():
        grouped[row["paper_id"]].append(row)
    return grouped


def _raw_json(table) -> list:
    """``table``'s columns, JSON ones as their text: :func:`_json` decodes them,
    skipping the common empty list (most of them, per author and MeSH heading)."""
    return [type_coerce(c, Text).label(c.name) if isinstance(c.type, JSON) else c for c in table.c]


def _json(text: str | None) -> list:
    return [] if not text or text == "[]" else json.loads(text)


def summaries_by_pmid(session: Session, pmids: Iterable[int]) -> dict[int, dict]:
    """What is known of these linked papers (``linked_papers`` rows), by PMID."""
    table = LinkedPaperRecord.__table__
    found = {}
    for chunk in in_chunks(pmids):
        for row in session.execute(select(table).where(table.c.pmid.in_(chunk))).mappings():
            found[row["pmid"]] = row
    return found


def _library_ids(session: Session, pmids: Iterable[int]) -> dict[int, int]:
    found = {}
    for chunk in in_chunks(pmids):
        statement = select(_PAPERS.c.id, _PAPERS.c.pmid).where(
            _PAPERS.c.pmid.in_(chunk), _PAPERS.c.trashed_at.is_(None)
        )
        found.update({pmid: pid for pid, pmid in session.execute(statement)})
    return found


def _author(a) -> Author:
    return Author(a["last"], a["fore"], a["initials"], a["suffix"], a["collective"],
                  tuple(_json(a["affiliations"])), a["orcid"])


def _link(row, summary, in_library: int | None) -> Link:
    kind = LinkKind(row["kind"])
    if summary is None:
        return Link(kind, row["target_pmid"], row["rank"], row["score"], citation=row["citation"],
                    in_library=in_library)
    return Link(
        kind, row["target_pmid"], row["rank"], row["score"],
        title=summary["title"], journal=summary["journal"],
        citation=summary["citation"] or row["citation"], year=summary["year"], doi=summary["doi"],
        authors=summary["authors"], publication_types=tuple(summary["publication_types"]),
        in_library=in_library,
    )
