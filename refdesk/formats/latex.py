"""Text <-> LaTeX for BibTeX/BibLaTeX fields.

Export side
    :func:`escape_latex` makes any Unicode text safe to print: TeX's special
    characters are escaped and (in ASCII mode) non-ASCII characters become
    brace-wrapped macros, so that the output prints the text *literally* --
    metadata from PubMed or a downloaded ``.bib`` can never run TeX code
    (``\\input{/etc/passwd}`` prints as those characters).
    :func:`protect_title_case` additionally brace-protects the words of a
    title that a style must not lowercase, and :func:`markup_to_latex` turns
    RefDesk's small HTML subset (``<i> <b> <u> <sup> <sub>``) into LaTeX.

Import side
    :func:`latex_to_unicode` and :func:`latex_to_markup` decode LaTeX back to
    Unicode (and to the HTML subset), never failing on malformed input.

Choices made here (all verified by compiling with pdflatex, bibtex and biber
in ``tests/latex``):

* Macros are brace-wrapped (``{\\"u}``, ``{\\ensuremath{\\alpha}}``) so that
  BibTeX treats them as one "special character" when it changes case; the
  target document uses ``\\usepackage[T1]{fontenc}`` (letters such as
  ``\\k{a}``, ``\\dh`` or ``\\c{t}`` exist only in T1).
* Greek letters and mathematical symbols use ``\\ensuremath`` (works in text
  and math), text symbols their ``\\text...`` macros, as pylatexenc writes
  them.  Our own table only overrides what pylatexenc gets wrong or writes
  differently from what we want (``ű``, dotless-i accents, spaces).
* Characters pylatexenc does not know are decomposed (``ǎ`` = ``a`` +
  caron -> ``{\\v{a}}``); characters with no LaTeX form at all (CJK ...)
  are kept as UTF-8, since dropping them would lose data.
* Literal braces are written ``\\{``/``\\}`` when they nest properly and as
  ``\\textbraceleft{}``/``\\textbraceright{}`` otherwise, because BibTeX
  counts braces without looking at backslashes.
* TeX input ligatures (``--``, ``''``, ``<<`` ...) are broken with ``{}`` so
  that the printed text is the text given, and reads back unchanged.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from functools import lru_cache

from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexencode import UnicodeToLatexEncoder

__all__ = [
    "escape_latex",
    "escape_names",
    "protect_title_case",
    "markup_to_latex",
    "latex_to_unicode",
    "latex_to_markup",
]

# -- export -----------------------------------------------------------------

_SPECIALS: dict[str, str] = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
}
_BRACES_AS_TEXT = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}

#: Where pylatexenc's answer is wrong or not the form we want.
_OVERRIDES: dict[str, str] = {
    "\u00a0": "~",  # no-break space: a tie
    "\u202f": r"{\,}",  # narrow no-break space
    "\u200b": "",  # zero-width space: nothing to print
    "\u00ad": "",  # soft hyphen: only a hint
    "\ufeff": "",  # stray byte-order mark
    "\u0170": r"{\H{U}}",  # pylatexenc writes an acute accent
    "\u0171": r"{\H{u}}",
    "\u00ed": r"{\'{\i}}",  # accents over a dotless i
    "\u00ec": r"{\`{\i}}",
    "\u00ee": r"{\^{\i}}",
    "\u00ef": r'{\"{\i}}',
    "\u012b": r"{\={\i}}",
    "\u012d": r"{\u{\i}}",
    "\u0129": r"{\~{\i}}",
    "\u01d0": r"{\v{\i}}",
    "\u1e9e": r"{\SS}",  # capital sharp s
}

#: Combining marks -> accent macros, for characters pylatexenc does not know.
_ACCENTS: dict[str, str] = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0326": "c",  # comma below (Romanian s, t): T1 has the cedilla form only
    "\u0327": "c",
    "\u0328": "k",
    "\u0331": "b",
}
_ACCENTS_ABOVE = {"`", "'", "^", "~", "=", "u", ".", '"', "r", "H", "v"}

# Private-use characters that stand for markup/protection while escaping.
_OPEN_PROTECT = "\ue000"
_CLOSE_PROTECT = "\ue001"
_LIGATURE_BREAK = "\ue002"
_TAG_OPEN = {"i": "\ue010", "b": "\ue012", "u": "\ue014", "sup": "\ue016", "sub": "\ue018"}
_TAG_CLOSE = {"i": "\ue011", "b": "\ue013", "u": "\ue015", "sup": "\ue017", "sub": "\ue019"}
_TAG_LATEX = {
    "i": r"\textit{",
    "b": r"\textbf{",
    "u": r"\underline{",
    "sup": r"\textsuperscript{",
    "sub": r"\textsubscript{",
}
_SENTINELS: dict[str, str] = {_OPEN_PROTECT: "{", _CLOSE_PROTECT: "}", _LIGATURE_BREAK: "{}"}
for _tag, _latex in _TAG_LATEX.items():
    _SENTINELS[_TAG_OPEN[_tag]] = _latex
    _SENTINELS[_TAG_CLOSE[_tag]] = "}"

_DROP_SENTINELS: dict[int, None] = {ord(c): None for c in _SENTINELS}
_UTF8_TABLE: dict[int, str] = {ord(k): v for k, v in {**_SPECIALS, **_SENTINELS}.items()}
_CONTROL = {i: None for i in range(32) if chr(i) not in "\n"}
_UTF8_TABLE.update(_CONTROL)
_UTF8_TABLE[ord("\t")] = " "

#: Characters that need work (everything else is copied as it is).
_SPECIAL_OR_NON_ASCII = re.compile(r"[&%$#_{}~^\\\x00-\x09\x0b-\x1f\u0080-\U0010ffff]")


def _has_ligature(text: str) -> bool:
    return (
        "--" in text
        or "''" in text
        or "``" in text
        or ",," in text
        or "<<" in text
        or ">>" in text
        or "?`" in text
        or "!`" in text
    )


def _needs_work(text: str) -> bool:
    """Whether ``text`` holds anything to escape (a character class and a few
    substring tests are much faster than one regex with alternatives)."""
    return bool(_SPECIAL_OR_NON_ASCII.search(text)) or _has_ligature(text)
_LIGATURE = re.compile(r"([-'`,<>])(?=\1)|([?!])(?=`)")

_encoder = UnicodeToLatexEncoder(
    non_ascii_only=True,
    replacement_latex_protection="braces-all",
    unknown_char_policy="keep",
)


@lru_cache(maxsize=4096)
def _char_to_latex(char: str) -> str:
    """LaTeX for one non-ASCII character (ASCII output whenever possible)."""
    if char in _OVERRIDES:
        return _OVERRIDES[char]
    latex = _encoder.unicode_to_latex(char)
    if latex != char:
        if len(latex) == 3 and latex[1].isascii() and latex[1].isalpha():
            return latex[1]  # Greek capitals that look Latin: {N} -> N
        return latex
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[:1], decomposed[1:]
    if marks and all(m in _ACCENTS for m in marks):
        if base.isascii():
            body = base
        else:
            body = _char_to_latex(base)
            if body == base:
                return char
            body = body[1:-1] if body.startswith("{") and body.endswith("}") else body
        for mark in marks:
            accent = _ACCENTS[mark]
            if body in ("i", "j") and accent in _ACCENTS_ABOVE:
                body = "\\" + body
            body = f"\\{accent}{{{body}}}"
        return "{" + body + "}"
    compat = unicodedata.normalize("NFKD", char)
    if compat != char and all(c.isascii() or _char_to_latex(c) != c for c in compat):
        return "".join(c if c.isascii() else _char_to_latex(c) for c in compat)
    return char


def _braces_nest(text: str) -> bool:
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _quiet() -> None:
    """pylatexenc logs every unknown character; the fallbacks here handle them."""
    logging.getLogger("pylatexenc.latexencode").setLevel(logging.ERROR)


_quiet()


class _AsciiTable(dict[int, str]):
    """``str.translate`` table for ASCII output; learns non-ASCII characters."""

    def __missing__(self, code: int) -> str:
        value = _char_to_latex(chr(code))
        self[code] = value
        return value


_ASCII_TABLE = _AsciiTable(_UTF8_TABLE)
_ASCII_TABLE.update({i: chr(i) for i in range(32, 128) if i not in _ASCII_TABLE})
_ASCII_TABLE[ord("\n")] = "\n"
_TEXT_BRACES = {ord("{"): _BRACES_AS_TEXT["{"], ord("}"): _BRACES_AS_TEXT["}"]}


def _translate(text: str, ascii_only: bool) -> str:
    """Escape ``text`` that may contain the private sentinels."""
    if not _needs_work(text):
        return text
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _has_ligature(text):
        text = _LIGATURE.sub(lambda m: (m.group(1) or m.group(2)) + _LIGATURE_BREAK, text)
    table: dict[int, str] = _ASCII_TABLE if ascii_only else _UTF8_TABLE
    if ("{" in text or "}" in text) and not _braces_nest(text):
        table = type(table)({**table, **_TEXT_BRACES})
    return text.translate(table)


def escape_latex(text: str, *, ascii_only: bool = True) -> str:
    """Return ``text`` as LaTeX that prints exactly ``text``.

    With ``ascii_only`` (BibTeX, or BibLaTeX in ASCII mode) the result is
    ASCII except for characters that have no LaTeX form.  Without it
    (BibLaTeX/biber in UTF-8), only TeX's special characters are escaped.
    """
    if not _needs_work(text):
        return text
    return _translate(text.translate(_DROP_SENTINELS), ascii_only)


def escape_names(names: list[tuple[str, bool]], *, ascii_only: bool = True) -> str:
    """``" and "``-joined BibTeX names, escaped in one pass.

    Each item is ``(name, protect)``; protected names (collective authors)
    are wrapped in braces so BibTeX takes them as one literal last name.
    """
    if not all(name.isascii() for name, _ in names):
        names = [(name.translate(_DROP_SENTINELS), protect) for name, protect in names]
    joined = " and ".join(_OPEN_PROTECT + name + _CLOSE_PROTECT if protect else name for name, protect in names)
    return _translate(joined, ascii_only)


# A word that may need protection: letters/digits with a capital or a digit
# (or a non-ASCII letter, checked precisely in _protect_word).
_CANDIDATE = re.compile(r"(?<![^\W_])[^\W_]*[^\W_a-z][^\W_]*")
_WORD = re.compile(r"[^\W_]+")


def _needs_protection(word: str, first_of_title: bool) -> bool:
    if word.isdigit():
        return False
    if not word.isalpha():
        return any(c.isalpha() for c in word)  # gene and protein names: mdr1, p53
    rest = word[1:]
    if rest != rest.lower():
        return True  # a capital inside the word: IL, CCAAT, McDonald, mRNA
    return word[0].isupper() and not first_of_title


def _protect(text: str) -> str:
    """Wrap words that must keep their case in protection sentinels."""
    first = _WORD.search(text)
    first_start = first.start() if first else -1

    def wrap(match: re.Match[str]) -> str:
        word = match.group()
        if _needs_protection(word, match.start() == first_start):
            return _OPEN_PROTECT + word + _CLOSE_PROTECT
        return word

    return _CANDIDATE.sub(wrap, text)


def protect_title_case(text: str, *, ascii_only: bool = True) -> str:
    """Escape a plain-text title and brace-protect words that must keep their case.

    Better BibTeX's rule: a word is protected when it has a capital letter
    anywhere except as the initial of the title's first word, or when it mixes
    letters and digits (``{IL}-6``, ``{CCAAT}``, ``{mdr1}``, ``{TERT}``,
    ``{Breast}``).  Words are runs of letters and digits, so ``IL-6`` protects
    ``IL`` only.  The first word's initial capital stays unprotected because
    styles keep it anyway.
    """
    return markup_to_latex(html.escape(text, quote=False), ascii_only=ascii_only, protect=True)


_TAG = re.compile(r"<(/?)(i|b|u|sup|sub)>")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
def _messy_space(text: str) -> bool:
    """Whether ``text`` has whitespace other than single inner spaces."""
    return (
        "  " in text
        or "\n" in text
        or "\t" in text
        or "\r" in text
        or "\f" in text
        or "\v" in text
        or text[:1] == " "
        or text[-1:] == " "
    )


def _collapse_spaces(text: str) -> str:
    """One space for each run of ASCII whitespace (no-break spaces are kept)."""
    return _SPACES.sub(" ", text).strip(" ")


def _markup_to_sentinels(markup: str) -> str:
    """Replace well-nested tags by sentinels and unescape the text between them.

    Unbalanced tags are dropped (their text is kept), so the output always
    has balanced braces.
    """
    if not markup.isascii():
        markup = markup.translate(_DROP_SENTINELS)
    if "<" not in markup:
        return html.unescape(markup) if "&" in markup else markup
    pieces: list[str] = []
    stack: list[tuple[str, int]] = []
    position = 0
    for match in _TAG.finditer(markup):
        pieces.append(html.unescape(markup[position : match.start()]))
        position = match.end()
        closing, tag = match.groups()
        if not closing:
            stack.append((tag, len(pieces)))
            pieces.append(_TAG_OPEN[tag])
        elif stack and stack[-1][0] == tag:
            stack.pop()
            pieces.append(_TAG_CLOSE[tag])
        # a stray closing tag is dropped
    pieces.append(html.unescape(markup[position:]))
    for _tag_name, index in stack:  # unclosed tags are dropped
        pieces[index] = ""
    return "".join(pieces)


def markup_to_latex(markup: str, *, ascii_only: bool = True, protect: bool = False) -> str:
    """LaTeX for RefDesk's HTML subset: ``<i>`` -> ``\\textit{}``, ``<b>`` ->
    ``\\textbf{}``, ``<u>`` -> ``\\underline{}``, ``<sup>``/``<sub>`` ->
    ``\\textsuperscript{}``/``\\textsubscript{}``, with the text escaped.

    With ``protect`` (titles) words are case-protected as in
    :func:`protect_title_case`.  Runs of whitespace become one space.
    """
    text = _markup_to_sentinels(markup)
    if _messy_space(text):
        text = _collapse_spaces(text)
    if protect:
        text = _protect(text)
    return _translate(text, ascii_only)


# -- import -----------------------------------------------------------------

_MARK_OPEN = {"i": "\ue020", "b": "\ue022", "u": "\ue024", "sup": "\ue026", "sub": "\ue028"}
_MARK_CLOSE = {"i": "\ue021", "b": "\ue023", "u": "\ue025", "sup": "\ue027", "sub": "\ue029"}
_MARKUP_MACROS = {
    "textit": "i",
    "emph": "i",
    "textsl": "i",
    "mathit": "i",
    "textbf": "b",
    "mathbf": "b",
    "underline": "u",
    "uline": "u",
    "textsuperscript": "sup",
    "textsubscript": "sub",
}
_EXTRA_MACROS = {
    "textbraceleft": "{",
    "textbraceright": "}",
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "SS": "\u1e9e",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textbackslash": "\\",
    "nobreakspace": "\u00a0",
    "textcommabelow": "%s\u0326",
    # Font and box macros whose text pylatexenc's defaults drop.
    **dict.fromkeys(("texttt", "textsf", "textrm", "textup", "textmd", "textnormal", "textsl",
                     "mbox", "hbox", "text"), "%s"),
    "href": "%(2)s <%(1)s>",
}


def _walker_context() -> macrospec.LatexContextDb:
    """The parser's macro table, knowing the arguments of our extra macros."""
    db = latexwalker.get_default_latex_context_db()
    db.add_context_category(
        "refdesk",
        macros=[
            macrospec.MacroSpec("textsuperscript", "{"),
            macrospec.MacroSpec("textsubscript", "{"),
            macrospec.MacroSpec("uline", "{"),
            macrospec.MacroSpec("textcommabelow", "{"),
            macrospec.MacroSpec("href", "{{"),
            macrospec.MacroSpec("textnormal", "{"),
            macrospec.MacroSpec("hbox", "{"),
        ],
        prepend=True,
    )
    return db


_WALKER_CONTEXT = _walker_context()


def _converter(with_markup: bool) -> LatexNodes2Text:
    specs = [MacroTextSpec(name, simplify_repl=text) for name, text in _EXTRA_MACROS.items()]
    for name, tag in _MARKUP_MACROS.items():
        repl = (_MARK_OPEN[tag] + "%s" + _MARK_CLOSE[tag]) if with_markup else "%s"
        specs.append(MacroTextSpec(name, simplify_repl=repl))
    db = get_default_latex_context_db()
    db.add_context_category("refdesk", macros=specs, prepend=True)
    return LatexNodes2Text(latex_context=db, math_mode="text", strict_latex_spaces=True)


_TO_TEXT = _converter(with_markup=False)
_TO_MARKED = _converter(with_markup=True)
_ALL_MARKS = "".join(_MARK_OPEN.values()) + "".join(_MARK_CLOSE.values())
_STRIP_MARKS = {ord(c): None for c in _ALL_MARKS}
_MARKS_TO_TAGS = {
    **{ord(v): f"<{k}>" for k, v in _MARK_OPEN.items()},
    **{ord(v): f"</{k}>" for k, v in _MARK_CLOSE.items()},
}
_EMPTY_TAG = re.compile(r"<(i|b|u|sup|sub)></\1>")


_BARE_PERCENT = re.compile(r"(?<!\\)%")


def _decode(converter: LatexNodes2Text, text: str) -> str:
    if "\\" not in text and "{" not in text and "$" not in text and "~" not in text and "-" not in text:
        return text
    if "%" in text:
        # In a .bib field "%" is data, not a comment (JabRef and others write 50%).
        text = _BARE_PERCENT.sub(r"\\%", text)
    try:
        return converter.latex_to_text(text, latex_context=_WALKER_CONTEXT, tolerant_parsing=True)
    except Exception:  # noqa: BLE001 - pylatexenc raises many kinds; never fail an import
        return text.replace("{", "").replace("}", "")


def _clean(text: str) -> str:
    return _collapse_spaces(unicodedata.normalize("NFC", text))


def latex_to_unicode(text: str) -> str:
    """Readable Unicode for LaTeX ``text``; whitespace collapsed.

    Malformed input (unbalanced braces, unknown macros) never raises: what
    cannot be understood is dropped or kept as text.
    """
    return _clean(_decode(_TO_TEXT, text))


def latex_to_markup(text: str) -> tuple[str, str]:
    """``(plain, markup)`` for LaTeX ``text``.

    ``markup`` uses RefDesk's HTML subset (``\\textit`` -> ``<i>`` ...) and
    is ``""`` when the text has no inline formatting.
    """
    decoded = _clean(_decode(_TO_MARKED, text))
    plain = decoded.translate(_STRIP_MARKS)
    if plain == decoded:
        return plain, ""
    markup = html.escape(decoded, quote=False).translate(_MARKS_TO_TAGS)
    while True:
        shorter = _EMPTY_TAG.sub("", markup)
        if shorter == markup:
            break
        markup = shorter
    markup = _collapse_spaces(markup)
    plain = _collapse_spaces(plain)
    if "<" not in markup.replace("&lt;", ""):
        return plain, ""
    return plain, markup
