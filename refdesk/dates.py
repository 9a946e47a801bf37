"""Month names and the loose date forms found in citation files.

PubMed writes dates as ``2014 May-Jun``, ``2006 Mar 1`` or ``2011``; RIS
writes them as ``2016/01/`` or ``2013/02/15/received``.  These helpers turn
such text into numbers and back, using the standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)

_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_ABBREVIATIONS, 1)}
_MONTHS.update(
    {
        name.lower(): number
        for number, name in enumerate(
            (
                "January", "February", "March", "April", "May", "June", "July",
                "August", "September", "October", "November", "December",
            ),
            1,
        )
    }
)
_MONTHS["sept"] = 9


@dataclass(frozen=True, slots=True)
class DateParts:
    """A partial date: any part may be unknown."""

    year: int | None = None
    month: int | None = None
    day: int | None = None


def month_number(name: str) -> int | None:
    """``"May"``, ``"may"``, ``"September"``, ``"Sept."`` -> month number, else ``None``."""
    return _MONTHS.get(name.strip().rstrip(".").lower())


def month_abbreviation(month: int | None) -> str:
    """``5`` -> ``"May"``; ``""`` for ``None`` or an out-of-range number."""
    if month is None or not 1 <= month <= 12:
        return ""
    return MONTH_ABBREVIATIONS[month - 1]


_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")


def parse_pubmed_date(text: str) -> DateParts:
    """Parse a MEDLINE ``DP`` value or a PubMed citation date.

    ``"2014 May-Jun"`` -> 2014, 5; ``"2006 Mar 1"`` -> 2006, 3, 1;
    ``"2011"`` -> 2011; ``"2006 Dec-2007 Jan"`` -> 2006, 12;
    ``"1998 Spring"`` -> 1998.  The first month of a range is taken.
    """
    tokens = re.split(r"[\s\-/,]+", text.strip())
    year = month = day = None
    for token in tokens:
        if year is None and re.fullmatch(r"\d{4}", token):
            year = int(token)
        elif year is not None and month is None and month_number(token):
            month = month_number(token)
        elif month is not None and day is None and re.fullmatch(r"\d{1,2}", token):
            number = int(token)
            day = number if 1 <= number <= 31 else None
            break
        elif year is not None and (month is not None or re.fullmatch(r"\d{4}", token)):
            break
    if year is None:
        found = _YEAR.search(text)
        year = int(found.group(1)) if found else None
    return DateParts(year, month, day)


def parse_slash_date(text: str) -> DateParts | None:
    """Parse an RIS date (``YYYY/MM/DD/other``); ``None`` if there is no year.

    ``"2016/01/"`` -> 2016, 1; ``"2016/12//"`` -> 2016, 12; ``"2005"`` -> 2005;
    ``"2013/02/15/received"`` -> 2013, 2, 15 (the caller decides whether the
    ``received`` qualifier disqualifies it).  ``"2005-07-15"`` is accepted too.
    """
    parts = re.split(r"[/\-]", text.strip())
    if not parts or not re.fullmatch(r"\d{4}", parts[0]):
        return None
    year = int(parts[0])
    month = _number_in(parts[1] if len(parts) > 1 else "", 1, 12)
    day = _number_in(parts[2] if len(parts) > 2 else "", 1, 31) if month else None
    return DateParts(year, month, day)


def format_pubmed_date(parts: DateParts) -> str:
    """``DateParts(2013, 4, 18)`` -> ``"2013 Apr 18"``, as PubMed writes dates."""
    if parts.year is None:
        return ""
    text = str(parts.year)
    if parts.month:
        text += " " + month_abbreviation(parts.month)
        if parts.day:
            text += f" {parts.day}"
    return text


def _number_in(text: str, low: int, high: int) -> int | None:
    text = text.strip()
    if not text.isdigit():
        return None
    number = int(text)
    return number if low <= number <= high else None
