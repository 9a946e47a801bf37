"""Publication dates of PubMed records: ``PubDate`` to ``(year, month, day, date_text)``.

``date_text`` follows PubMed's citation (``2001 Dec 15``, ``1990 Spring``,
``2014 May-Jun``); ``year``/``month``/``day`` are the parsed parts, for a
``MedlineDate`` the first year and month named.  A season is not a month:
it is kept in ``date_text`` only.
"""

from __future__ import annotations

import re

from lxml import etree

from refdesk.dates import month_abbreviation, month_number
from refdesk.sources.pubmed_text import text_of

__all__ = ["pub_date"]

_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")
_WORD = re.compile(r"[A-Za-z]+")


def _month(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit():
        value = int(text)
        return value if 1 <= value <= 12 else None
    return month_number(text) or month_number(text[:3])


def pub_date(el: etree._Element) -> tuple[int | None, int | None, int | None, str]:
    """``(year, month, day, date_text)`` of a PubDate (Year/Month/Day, Season, MedlineDate)."""
    year_text = month_text = day_text = season = medline = ""
    for child in el:
        tag = child.tag
        if tag == "Year":
            year_text = text_of(child)
        elif tag == "Month":
            month_text = text_of(child)
        elif tag == "Day":
            day_text = text_of(child)
        elif tag == "Season":
            season = text_of(child)
        elif tag == "MedlineDate":
            medline = text_of(child)
    if medline and not year_text:
        found = _YEAR.search(medline)
        year = int(found.group(1)) if found else None
        month = None
        for word in _WORD.findall(medline):
            month = month_number(word)
            if month:
                break
        return year, month, None, medline
    year = int(year_text) if year_text.isdigit() else None
    month = _month(month_text) if month_text else None
    day = int(day_text) if day_text.isdigit() and 1 <= int(day_text) <= 31 else None
    parts = [year_text] if year_text else []
    if month:
        parts.append(month_abbreviation(month))
        if day:
            parts.append(str(day))
    elif month_text:
        parts.append(month_text)
    if season:
        parts.append(season)  # a season is not a month: keep it in date_text only
    return year, month, (day if month else None), " ".join(parts)
