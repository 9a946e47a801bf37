"""The authors (or editors) of a PubMed record: ``AuthorList`` to :class:`~refdesk.model.Author`.

Authors marked ``ValidYN="N"`` (a name PubMed corrected) and authors with
neither a name nor a collective name are left out; ORCID identifiers are
normalised to the dashed form.
"""

from __future__ import annotations

import re

from lxml import etree

from refdesk.model import Author
from refdesk.sources.pubmed_text import text_of

__all__ = ["authors", "normalize_orcid"]

_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])")


def normalize_orcid(text: str) -> str:
    """``https://orcid.org/0000-0002-4590-7461`` or ``000000024590746X`` -> dashed form."""
    match = _ORCID.search(text.replace(" ", ""))
    if not match:
        return ""
    return "-".join(match.groups()).upper()


def authors(author_list: etree._Element) -> tuple[Author, ...]:
    """The valid, named ``Author`` entries of an ``AuthorList``, in order."""
    found = []
    for child in author_list:
        if child.tag == "Author" and child.get("ValidYN") != "N":
            author = _author(child)
            if author is not None:
                found.append(author)
    return tuple(found)


def _author(el: etree._Element) -> Author | None:
    last = fore = initials = suffix = collective = orcid = ""
    affiliations: list[str] = []
    for child in el:
        tag = child.tag
        if tag == "AffiliationInfo":
            for part in child:
                if part.tag == "Affiliation":
                    text = text_of(part)
                    if text:
                        affiliations.append(text)
        elif tag == "Identifier":
            if (child.get("Source") or "").upper() == "ORCID":
                orcid = normalize_orcid(child.text or "")
        elif tag == "LastName":
            last = text_of(child)
        elif tag == "ForeName":
            fore = text_of(child)
        elif tag == "Initials":
            initials = text_of(child)
        elif tag == "Suffix":
            suffix = text_of(child)
        elif tag == "CollectiveName":
            collective = text_of(child)
    if not (last or fore or collective):
        return None
    return Author(last, fore, initials, suffix, collective, tuple(affiliations), orcid)
