"""Page ranges as PubMed abbreviates them, and their full form.

PubMed (MEDLINE) writes page ranges with the common leading digits of the last
page dropped: ``8851-8`` means pages 8851 to 8858.  RefDesk stores pages exactly
as given; exporters (BibTeX wants ``8851--8858``) call :func:`full_page_range`.
This module is pure and uses only the standard library so that every layer may
import it.
"""

from __future__ import annotations

import re

_RANGE = re.compile(r"^\s*([A-Za-z]*)(\d+)([A-Za-z]*)\s*[-\u2013\u2014]+\s*([A-Za-z]*)(\d+)([A-Za-z]*)\s*$")


def full_page_range(pages: str) -> str:
    """Expand an abbreviated range: ``"8851-8"`` -> ``"8851-8858"``.

    Prefixes/suffixes such as ``e123-5`` or ``S12-4`` are kept (``S12-S14``
    style is already full and is left alone).  Anything that is not a simple
    numeric range -- lists (``12-4, 18``), article numbers, roman numerals --
    is returned unchanged, because guessing would corrupt it.
    """
    match = _RANGE.match(pages)
    if not match:
        return pages
    pre1, first, suf1, pre2, last, suf2 = match.groups()
    if pre2 and pre2 != pre1:
        return pages
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    if int(last) < int(first):
        return pages
    return f"{pre1}{first}{suf1}-{pre2 or pre1}{last}{suf2}"
