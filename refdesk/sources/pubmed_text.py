"""Readable text and inline markup of PubMed XML elements.

PubMed sends titles, abstracts and citations as mixed content: text with
``<i> <b> <u> <sup> <sub>`` and, in abstracts, MathML.  :func:`rich_text`
turns such an element into RefDesk's ``(plain, markup)`` pair (markup in the
HTML subset of :mod:`refdesk.model`, ``""`` when there is none); names,
journals and other short fields only need :func:`text_of`.  Layout
whitespace (newlines and indentation of pretty-printed answers) collapses
to single spaces; no-break spaces stay.
"""

from __future__ import annotations

import html
import re

from lxml import etree

from refdesk.sources.safe_xml import localname

__all__ = ["clean", "rich_text", "text_of", "texts_of"]

_INLINE = frozenset(("i", "b", "u", "sup", "sub"))
_MATHML_NS = "{http://www.w3.org/1998/Math/MathML"
_SPACES = re.compile(r"[ \t\r\n]+")
_ACCENTS = {".": "\u0307", "\u02d9": "\u0307", "\u00a8": "\u0308", "..": "\u0308",
            "^": "\u0302", "\u02c6": "\u0302", "~": "\u0303", "\u02dc": "\u0303",
            "\u00af": "\u0304", "\u203e": "\u0304", "-": "\u0304", "_": "\u0332",
            "\u2192": "\u20d7"}


def clean(text: str) -> str:
    """Collapse layout whitespace (newlines, indentation); keep no-break spaces."""
    if "\n" in text or "  " in text or "\t" in text or "\r" in text:
        return _SPACES.sub(" ", text).strip()
    return text.strip()


def text_of(el: etree._Element | None) -> str:
    """Readable text of an element, markup dropped (for names, journals ...)."""
    if el is None:
        return ""
    if len(el):
        return rich_text(el)[0]
    text = el.text
    return clean(text) if text else ""


def texts_of(elements: list[etree._Element]) -> list[str]:
    """:func:`text_of` of each element; all at once when none holds markup (reference citations)."""
    if any(map(len, elements)):
        return [text_of(el) for el in elements]
    texts = [el.text or "" for el in elements]
    joined = "".join(texts)
    if "\n" in joined or "  " in joined or "\t" in joined or "\r" in joined:
        return list(map(clean, texts))
    return list(map(str.strip, texts))  # what clean() does to text without layout whitespace


def rich_text(el: etree._Element) -> tuple[str, str]:
    """``(plain, markup)`` of a mixed-content element; markup is ``""`` if none.

    Markup is RefDesk's HTML subset (``<i> <b> <u> <sup> <sub>``, everything
    else escaped); MathML becomes readable text with sub/superscripts.
    """
    if not len(el):
        text = el.text
        return (clean(text) if text else ""), ""
    plain: list[str] = []
    markup: list[str] = []
    _walk(el, plain, markup)
    return clean("".join(plain)), clean("".join(markup))


def _walk(el: etree._Element, plain: list[str], markup: list[str]) -> None:
    if el.text:
        plain.append(el.text)
        markup.append(html.escape(el.text, quote=False))
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            if tag in _INLINE:
                markup.append(f"<{tag}>")
                _walk(child, plain, markup)
                markup.append(f"</{tag}>")
            elif tag.startswith(_MATHML_NS) or tag == "math":
                text, mark = _math(child)
                plain.append(text)
                markup.append(mark)
            else:
                _walk(child, plain, markup)
        if child.tail:
            plain.append(child.tail)
            markup.append(html.escape(child.tail, quote=False))


def _math(el: etree._Element) -> tuple[str, str]:
    """MathML to ``(text, markup)``; layout whitespace inside MathML is dropped."""
    name = localname(el.tag)
    if name in ("mi", "mn", "mo", "mtext", "ms"):
        text = "".join(el.itertext()).strip()
        return text, html.escape(text, quote=False)
    if name in ("annotation", "annotation-xml", "none", "mprescripts"):
        return "", ""
    kids = [_math(child) for child in el if isinstance(child.tag, str)]
    if name == "semantics":
        return kids[0] if kids else ("", "")
    if name == "msub" and len(kids) >= 2:
        return kids[0][0] + kids[1][0], f"{kids[0][1]}<sub>{kids[1][1]}</sub>"
    if name == "msup" and len(kids) >= 2:
        return kids[0][0] + kids[1][0], f"{kids[0][1]}<sup>{kids[1][1]}</sup>"
    if name == "msubsup" and len(kids) >= 3:
        return (kids[0][0] + kids[1][0] + kids[2][0],
                f"{kids[0][1]}<sub>{kids[1][1]}</sub><sup>{kids[2][1]}</sup>")
    if name in ("mover", "munder") and len(kids) >= 2:
        accent = _ACCENTS.get(kids[1][0])
        if accent:
            return kids[0][0] + accent, kids[0][1] + accent
        return kids[0][0] + kids[1][0], kids[0][1] + kids[1][1]
    if name == "mfrac" and len(kids) >= 2:
        return f"{kids[0][0]}/{kids[1][0]}", f"{kids[0][1]}/{kids[1][1]}"
    if name == "msqrt":
        text = "".join(k[0] for k in kids)
        mark = "".join(k[1] for k in kids)
        return f"\u221a({text})", f"\u221a({mark})"
    if name == "mfenced":
        open_, close = el.get("open", "("), el.get("close", ")")
        sep = el.get("separators", ",")[:1]
        return (open_ + sep.join(k[0] for k in kids) + close,
                html.escape(open_, quote=False) + sep.join(k[1] for k in kids) + html.escape(close, quote=False))
    return "".join(k[0] for k in kids), "".join(k[1] for k in kids)
