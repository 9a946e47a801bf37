"""The library table's queries: one page of rows, counts, ids, in SQL.

These are the queries a user waits on while scrolling, sorting and typing in
the search box, so they are written as SQL over the ``papers`` table and its
FTS5 index, with named parameters, and run on any DB-API ``execute``: a
plain ``sqlite3`` connection before SQLAlchemy is loaded, a session's
connection after (see :meth:`refdesk.db.database.Database.listing`).  The
view and search filter is also used by SQLAlchemy statements, as text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta

from ..model import PaperRow, Query, View
from .columns import PUBLICATION_TYPE, SORT_COLUMNS
from .database import Execute
from .search_index import match_expression, search_terms

RECENT_DAYS = 30
_RETRACTED = (
    "EXISTS (SELECT 1 FROM notices WHERE notices.paper_id = papers.id AND notices.kind = 'RetractionIn') "
    f"OR EXISTS (SELECT 1 FROM terms WHERE terms.paper_id = papers.id AND terms.kind = '{PUBLICATION_TYPE}' "
    "AND terms.value = 'Retracted Publication')"
)
_ROW_COLUMNS = f"id, title, authors_short, journal_iso, journal, book_title, year, pmid, citekey, added, {_RETRACTED}"
_MATCHING_IDS = "SELECT rowid FROM papers_fts WHERE papers_fts MATCH :match"


def stored_time(moment: datetime) -> str:
    """A time as the library stores it (and compares it, as text)."""
    return moment.isoformat(" ", "microseconds")


def condition(query: Query, now: datetime | None = None) -> tuple[str, dict[str, object]]:
    """The SQL condition on ``papers`` for ``query``'s view and search, and its parameters."""
    params: dict[str, object] = {}
    if query.view == View.TRASH:
        parts = ["papers.trashed_at IS NOT NULL"]
    else:
        parts = ["papers.trashed_at IS NULL"]
        if query.view == View.RECENT:
            parts.append("papers.added >= :recent_since")
            params["recent_since"] = stored_time((now or datetime.now()) - timedelta(days=RECENT_DAYS))
    terms = search_terms(query.search)
    if terms:
        parts.append(f"papers.id IN ({_MATCHING_IDS})")
        params["match"] = match_expression(terms)
    return " AND ".join(parts), params


def rows(execute: Execute, query: Query, offset: int, limit: int) -> list[PaperRow]:
    """One page of the table, sorted and filtered in the database."""
    where, params = condition(query)
    sql = f"SELECT {_ROW_COLUMNS} FROM papers WHERE {where} ORDER BY {_order(query)} LIMIT :limit OFFSET :offset"
    found = execute(sql, {**params, "limit": limit, "offset": offset})
    return [
        PaperRow(pid, title, authors, journal_iso or journal or book_title, year, pmid, citekey or "",
                 datetime.fromisoformat(added) if added else None, bool(retracted))
        for pid, title, authors, journal_iso, journal, book_title, year, pmid, citekey, added, retracted in found
    ]


def count(execute: Execute, query: Query) -> int:
    terms = search_terms(query.search)
    if query.view == View.ALL and terms and not _trash_holds_anything(execute):
        # With an empty trash every match is in the view: counting in the
        # index alone is several times faster than checking each paper.
        return _single(execute("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH :match",
                               {"match": match_expression(terms)}))
    where, params = condition(query)
    return _single(execute(f"SELECT count(*) FROM papers WHERE {where}", params))


def ids(execute: Execute, query: Query) -> list[int]:
    """The ids in ``query``'s view and search, in the table's order."""
    where, params = condition(query)
    return [pid for (pid,) in execute(f"SELECT id FROM papers WHERE {where} ORDER BY {_order(query)}", params)]


def positions(execute: Execute, query: Query, paper_ids: Sequence[int]) -> dict[int, int]:
    """``{id: row}``: where these papers are in the table (those ``query`` holds)."""
    where, params = condition(query)
    sql = (f"SELECT id, position FROM (SELECT id, row_number() OVER (ORDER BY {_order(query)}) - 1 AS position "
           f"FROM papers WHERE {where}) WHERE id IN (SELECT value FROM json_each(:ids))")
    return {pid: position for pid, position in execute(sql, {**params, "ids": json.dumps(list(paper_ids))})}


def _order(query: Query) -> str:
    direction = "DESC" if query.descending else "ASC"
    return f"{SORT_COLUMNS[query.sort]} {direction}, id {direction}"


def change_stamp(execute: Execute) -> tuple:
    """Changes whenever any process changes the library's papers."""
    for row in execute("SELECT count(*), max(updated), max(id) FROM papers", {}):
        return tuple(row)
    return ()


def _trash_holds_anything(execute: Execute) -> bool:
    return any(True for _ in execute("SELECT id FROM papers WHERE trashed_at IS NOT NULL LIMIT 1", {}))


def _single(found) -> int:  # type: ignore[no-untyped-def]
    for (value,) in found:
        return value or 0
    return 0
