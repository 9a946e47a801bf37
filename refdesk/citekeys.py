"""Citation keys: a pattern turns a paper into a key.

The pattern language follows JabRef's key patterns (which Better BibTeX also
reads): fields in square brackets, literal text between them, modifiers after
a colon.

=====================  ========================================================
``[auth]``             last name of the first author (``Conze``); for a
                       collective author its first significant word
``[authors2]``         ``ConzeWeiss`` for two authors, ``Conze`` for one and
                       ``ConzeEtAl`` for three or more -- the rule of JabRef's
                       ``[authEtAl]`` and Better BibTeX's ``authEtAl``: with
                       more than two authors the second name is replaced by
                       ``EtAl`` rather than listed
``[year]``             publication year, or nothing
``[shorttitle]``       first significant word of the title (``Autocrine``)
``[shorttitleN]``      first N significant words, each capitalised
                       (``[shorttitle3]`` -> ``AutocrineProductionInterleukin``)
``[veryshorttitle]``   first significant word of the title
``[journal]``          ISO journal abbreviation without spaces and dots
                       (``CancerRes``); the full title if no abbreviation
``[pmid]``             the PubMed ID, or nothing
``:lower``/``:upper``  change the case of the field (``[auth:lower]``)
=====================  ========================================================

Significant words skip function words (*a, an, of, the, in ...*) and bare
numbers.

``[shorttitle]`` is one word here while JabRef takes three: RefDesk's default
pattern ``[auth:lower][year][shorttitle:lower]`` must give the familiar
``conze2001autocrine`` for Conze et al. 2001, "Autocrine production of
interleukin 6 ...".  The three-word form is available as ``[shorttitle3]``.

Keys are ASCII: diacritics are folded (``Rincón`` -> ``Rincon``, ``ø`` ->
``o``, ``ß`` -> ``ss``), Greek letters spelled out (``α`` -> ``alpha``) and
anything else that is not a letter or digit dropped.  With no author the
first significant word of the title is used, then ``anon``.

Generation is pure: :func:`generate_key` never looks at a stored key.  Keeping
keys stable (a key once given never changes by itself; pinned keys never
change) is the library service's job -- it calls :func:`generate_key` only
for new papers or when the user asks to regenerate.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import lru_cache

from refdesk.errors import FormatError
from refdesk.model import Author, Paper
from refdesk.settings import DEFAULT_KEY_PATTERN

__all__ = [
    "DEFAULT",
    "InvalidKeyError",
    "InvalidPatternError",
    "fold_ascii",
    "generate_key",
    "unique_key",
    "validate_key",
    "validate_pattern",
]

DEFAULT = DEFAULT_KEY_PATTERN

FUNCTION_WORDS = frozenset(
    """a about above after against along among an and around as at before behind
    below beneath beside between beyond but by despite down during except for
    from in inside into like near nor of off on onto or out outside over past
    per since so than that the their this through throughout till to toward
    towards under underneath until up upon via vs versus with within without
    yet is are was were be been being its it""".split()
)

_FOLD = {
    "ø": "o", "Ø": "O", "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe",
    "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
    "þ": "th", "Þ": "Th", "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T",
    "ŋ": "ng", "Ŋ": "Ng", "ĸ": "k", "ſ": "s",
}  # fmt: skip


class InvalidKeyError(FormatError, ValueError):
    """A citation key that LaTeX, BibTeX or biber cannot use."""


class InvalidPatternError(FormatError, ValueError):
    """A key pattern with an unknown field or modifier."""


@lru_cache(maxsize=2048)
def _fold_char(char: str) -> str:
    if char.isascii():
        return char
    if char in _FOLD:
        return _FOLD[char]
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if base and base.isascii():
        return base
    try:
        name = unicodedata.name(char)
    except ValueError:
        return ""
    if name.startswith("GREEK ") and " LETTER " in name:
        letter = name.split(" LETTER ", 1)[1].split()[0].lower()
        return letter.capitalize() if "CAPITAL" in name else letter
    return ""


def fold_ascii(text: str) -> str:
    """``text`` with every character replaced by its closest ASCII spelling."""
    if text.isascii():
        return text
    return "".join(_fold_char(c) for c in text)


def _alnum(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", fold_ascii(text))


def _words(text: str) -> list[str]:
    """Title words (split on spaces and slashes), folded, punctuation removed."""
    words = (_alnum(w) for w in re.split(r"[\s/]+", text))
    return [w for w in words if w]


def _significant_words(title: str) -> list[str]:
    return [w for w in _words(title) if not w.isdigit() and w.lower() not in FUNCTION_WORDS]


def _author_name(author: Author) -> str:
    if author.is_collective:
        words = _significant_words(author.collective)
        return words[0] if words else ""
    return _alnum(author.last) or _alnum(author.fore)


def _auth(paper: Paper) -> str:
    """The first author's family name; empty when the record names no author.

    (The title already gives the key its words: repeating the first title word
    here would make ``autocrineautocrine`` for an anonymous paper.)
    """
    for author in paper.authors[:1]:
        name = _author_name(author)
        if name:
            return name
    return ""


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _authors2(paper: Paper) -> str:
    authors = paper.authors
    if not authors:
        return ""
    first = _cap(_author_name(authors[0]))
    if len(authors) == 1:
        return first
    if len(authors) == 2:
        return first + _cap(_author_name(authors[1]))
    return first + "EtAl"


def _short_title(count: int) -> Callable[[Paper], str]:
    def field(paper: Paper) -> str:
        words = _significant_words(paper.title)[:count]
        if count == 1:
            return words[0] if words else ""
        return "".join(_cap(w) for w in words)

    return field


def _journal(paper: Paper) -> str:
    return _alnum(paper.journal_iso or paper.journal)


_FIELDS: dict[str, Callable[[Paper], str]] = {
    "auth": _auth,
    "authors2": _authors2,
    "authetal": _authors2,
    "year": lambda p: str(p.year) if p.year else "",
    "shorttitle": _short_title(1),
    "veryshorttitle": _short_title(1),
    "journal": _journal,
    "pmid": lambda p: str(p.pmid) if p.pmid else "",
}
_MODIFIERS: dict[str, Callable[[str], str]] = {
    "lower": str.lower,
    "upper": str.upper,
}

_TOKEN = re.compile(r"\[([^\[\]]*)\]")
_SHORTTITLE_N = re.compile(r"shorttitle([1-9])")
_LITERAL_OK = re.compile(r"[^A-Za-z0-9_\-:./+]")


@dataclass(frozen=True, slots=True)
class _Part:
    literal: str = ""
    field: Callable[[Paper], str] | None = None
    modifiers: tuple[Callable[[str], str], ...] = ()

    def render(self, paper: Paper) -> str:
        if self.field is None:
            return self.literal
        text = self.field(paper)
        for modifier in self.modifiers:
            text = modifier(text)
        return text


def _field(name: str, pattern: str) -> Callable[[Paper], str]:
    lowered = name.lower()
    if lowered in _FIELDS:
        return _FIELDS[lowered]
    match = _SHORTTITLE_N.fullmatch(lowered)
    if match:
        return _short_title(int(match.group(1)))
    known = ", ".join(f"[{n}]" for n in sorted(_FIELDS))
    raise InvalidPatternError(f"unknown field [{name}] in key pattern {pattern!r} (known: {known}, [shorttitleN])")


@lru_cache(maxsize=64)
def _compile(pattern: str) -> tuple[_Part, ...]:
    parts: list[_Part] = []
    position = 0
    for match in _TOKEN.finditer(pattern):
        if match.start() > position:
            parts.append(_Part(literal=_LITERAL_OK.sub("", pattern[position : match.start()])))
        name, *modifier_names = match.group(1).split(":")
        modifiers = []
        for modifier in modifier_names:
            if modifier.lower() not in _MODIFIERS:
                raise InvalidPatternError(
                    f"unknown modifier :{modifier} in key pattern {pattern!r} (known: :lower, :upper)"
                )
            modifiers.append(_MODIFIERS[modifier.lower()])
        parts.append(_Part(field=_field(name.strip(), pattern), modifiers=tuple(modifiers)))
        position = match.end()
    rest = pattern[position:]
    if "[" in rest or "]" in rest:
        raise InvalidPatternError(f"unbalanced brackets in key pattern {pattern!r}")
    if rest:
        parts.append(_Part(literal=_LITERAL_OK.sub("", rest)))
    if not any(p.field for p in parts):
        raise InvalidPatternError(f"key pattern {pattern!r} has no [field]")
    return tuple(parts)


def validate_pattern(pattern: str) -> None:
    """Raise :class:`InvalidPatternError` (a ``ValueError``) for a bad pattern."""
    _compile(pattern)


def generate_key(paper: Paper, pattern: str = DEFAULT) -> str:
    """The key ``pattern`` gives for ``paper`` (never empty, always valid).

    >>> generate_key(Paper(title="Autocrine production of interleukin 6 ...",
    ...                    authors=(Author(last="Conze"),), year=2001))
    'conze2001autocrine'
    """
    key = "".join(part.render(paper) for part in _compile(pattern))
    return key or "anon"


def _suffix(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa, 27 -> ab ... (bijective base 26)."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def unique_key(base: str, taken: Container[str]) -> str:
    """``base`` if free, else ``base`` + ``a``, ``b`` ... ``z``, ``aa``, ``ab`` ..."""
    if base not in taken:
        return base
    n = 0
    while True:
        candidate = base + _suffix(n)
        if candidate not in taken:
            return candidate
        n += 1


_FORBIDDEN = re.compile(r"[\s,{}%#~\\\"'()=]")


def validate_key(key: str) -> str:
    """Return ``key`` if LaTeX, BibTeX and biber can all use it, else raise
    :class:`InvalidKeyError` (a ``ValueError``) saying what is wrong."""
    if not key:
        raise InvalidKeyError("a citation key cannot be empty")
    if not key.isascii():
        bad = next(c for c in key if not c.isascii())
        raise InvalidKeyError(f"citation key {key!r} contains the non-ASCII character {bad!r}")
    match = _FORBIDDEN.search(key)
    if match:
        char = match.group()
        what = "a space" if char.isspace() else repr(char)
        raise InvalidKeyError(f"citation key {key!r} contains {what}, which is not allowed in keys")
    if any(ord(c) < 32 or ord(c) == 127 for c in key):
        raise InvalidKeyError(f"citation key {key!r} contains a control character")
    return key
