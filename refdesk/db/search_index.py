"""Queries of the full-text search index, an FTS5 table over ``papers``.

The index (``papers_fts``, created by migration 0001) uses external content,
the ``papers`` table itself, and is kept in sync by triggers, so the
database maintains it.  :mod:`refdesk.db.listing` queries it with the match
expression built here.
"""

from __future__ import annotations

import re

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


def match_expression(terms: list[str]) -> str:
    """An FTS5 query: every term must match, each as a prefix (search-as-you-type)."""
    return " AND ".join('"' + t.replace('"', '""') + '"*' for t in terms)
