"""The full-text search index: the one engine-specific part of the library.

On SQLite it is an FTS5 table over the ``papers`` table (external content),
kept in sync by triggers, so the database itself maintains it.  Other
engines fall back to a portable ``LIKE`` search with the same interface.
"""

from __future__ import annotations

import re
from typing import Protocol

from sqlalchemy import Select, func, literal_column, or_, select, text
from sqlalchemy.engine import Connection

from .schema import PaperRecord

FTS_COLUMNS = ("title", "abstract_text", "authors_text", "journal", "mesh_text", "keywords_text")

# Create statements, used by the migration that introduces the index.
SQLITE_FTS_DDL = (
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS papers_fts USING fts5(
        {", ".join(FTS_COLUMNS)},
        content='papers', content_rowid='id',
        tokenize="unicode61 remove_diacritics 2", prefix='2 3')""",
    f"""CREATE TRIGGER IF NOT EXISTS papers_fts_insert AFTER INSERT ON papers BEGIN
        INSERT INTO papers_fts(rowid, {", ".join(FTS_COLUMNS)})
        VALUES (new.id, {", ".join("new." + c for c in FTS_COLUMNS)});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS papers_fts_delete AFTER DELETE ON papers BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, {", ".join(FTS_COLUMNS)})
        VALUES ('delete', old.id, {", ".join("old." + c for c in FTS_COLUMNS)});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS papers_fts_update AFTER UPDATE OF {", ".join(FTS_COLUMNS)}
        ON papers BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, {", ".join(FTS_COLUMNS)})
        VALUES ('delete', old.id, {", ".join("old." + c for c in FTS_COLUMNS)});
        INSERT INTO papers_fts(rowid, {", ".join(FTS_COLUMNS)})
        VALUES (new.id, {", ".join("new." + c for c in FTS_COLUMNS)});
    END""",
)
SQLITE_FTS_DROP = (
    "DROP TRIGGER IF EXISTS papers_fts_update",
    "DROP TRIGGER IF EXISTS papers_fts_delete",
    "DROP TRIGGER IF EXISTS papers_fts_insert",
    "DROP TABLE IF EXISTS papers_fts",
)

_WORD = re.compile(r"\w+", re.UNICODE)


def search_terms(query: str) -> list[str]:
    """The words of a user's query; the last one is a prefix while typing.

    A last word of a single letter is left out until a second letter comes:
    as a prefix it matches nearly every paper, so it narrows nothing and
    costs a scan of the whole index on every keystroke.  (A single digit,
    as in "interleukin 6", is kept.)
    """
    terms = _WORD.findall(query)
    if terms and len(terms[-1]) == 1 and terms[-1].isalpha():
        terms.pop()
    return terms


class SearchIndex(Protocol):
    def restrict(self, statement: Select, query: str) -> Select:
        """``statement`` (over ``papers``) narrowed to papers matching ``query``."""
        ...

    def count_all(self, query: str) -> Select | None:
        """A count of every paper matching ``query`` (trash included), when the
        index can give it cheaply; else None."""
        ...


class Fts5Index:
    """SQLite FTS5: every word must match, each as a prefix (search-as-you-type)."""

    def restrict(self, statement: Select, query: str) -> Select:
        terms = search_terms(query)
        if not terms:
            return statement
        return statement.where(PaperRecord.id.in_(self._matching(literal_column("rowid"), terms)))

    def count_all(self, query: str) -> Select | None:
        # Counting in the index alone is several times faster than checking
        # each paper of a view against the matches.
        terms = search_terms(query)
        return self._matching(func.count(), terms) if terms else None

    @staticmethod
    def _matching(column, terms: list[str]) -> Select:
        match = " AND ".join('"' + t.replace('"', '""') + '"*' for t in terms)
        return select(column).select_from(text("papers_fts")).where(literal_column("papers_fts").op("MATCH")(match))


class LikeIndex:
    """Portable fallback for engines without FTS5."""

    def count_all(self, query: str) -> Select | None:
        return None

    def restrict(self, statement: Select, query: str) -> Select:
        terms = search_terms(query)
        columns = [getattr(PaperRecord, c) for c in FTS_COLUMNS]
        for term in terms:
            pattern = f"%{term.lower()}%"
            statement = statement.where(or_(*(func.lower(c).like(pattern) for c in columns)))
        return statement


def index_for(connection: Connection) -> SearchIndex:
    return Fts5Index() if connection.dialect.name == "sqlite" else LikeIndex()


def rebuild(connection: Connection) -> None:
    """Re-create the index content from ``papers`` (used after bulk repairs)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')")


__all__ = ["SearchIndex", "Fts5Index", "LikeIndex", "index_for", "rebuild"]
