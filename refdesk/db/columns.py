"""Names in the library's tables that the schema and the plain-SQL queries share.

Kept apart from :mod:`refdesk.db.schema` so that :mod:`refdesk.db.listing`,
which runs before SQLAlchemy is imported, uses the same names.
"""

from __future__ import annotations

from ..model import SortField

#: ``terms.kind`` for each list on ``Paper`` stored in the ``terms`` table.
PUBLICATION_TYPE = "pubtype"
TERM_FIELDS = {PUBLICATION_TYPE: "publication_types", "keyword": "keywords", "substance": "substances"}
#: ``papers`` columns that hold a ``Paper`` field of the same name, unchanged.
PLAIN_COLUMNS = ("journal", "journal_iso", "book_title", "publisher", "year", "month", "day", "date_text",
                 "volume", "issue", "pages", "issn", "language", "url", "note", "title", "title_markup",
                 "vernacular_title")
#: The ``papers`` column behind each sort of the table.  Each has an index led
#: by ``trashed_at``, so that a page of a view ("not in the trash, by year")
#: is read in index order and the scan stops after one page.
SORT_COLUMNS = {
    SortField.TITLE: "title_sort",
    SortField.AUTHORS: "authors_sort",
    SortField.JOURNAL: "journal_sort",
    SortField.YEAR: "year",
    SortField.PMID: "pmid",
    SortField.CITEKEY: "citekey",
    SortField.ADDED: "added",
}
