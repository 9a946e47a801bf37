"""Escaping text for LaTeX, title-case protection, markup, and decoding."""

from __future__ import annotations

import pytest

from refdesk.formats.latex import (
    escape_latex,
    latex_to_markup,
    latex_to_unicode,
    markup_to_latex,
    protect_title_case,
)


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("Akgün", 'Akg{\\"u}n'),
        ("Şahin", "{\\c{S}}ahin"),
        ("Doğan", "Do{\\u{g}}an"),
        ("Çağrı", "{\\c{C}}a{\\u{g}}r{\\i}"),
        ("Østergaard Bjørn", "{\\O}stergaard Bj{\\o}rn"),
        ("Straße", "Stra{\\ss}e"),
        ("Rincón", "Rinc{\\'o}n"),
        ("Antonín", "Anton{\\'{\\i}}n"),
        ("Čapek", "{\\v{C}}apek"),
        ("façade", "fa{\\c{c}}ade"),
        ("Szűcs", "Sz{\\H{u}}cs"),
        ("Ionuț", "Ionu{\\c{t}}"),
        ("ǎ", "{\\v{a}}"),
    ],
)
def test_non_ascii_letters_become_brace_wrapped_macros(text, latex):
    assert escape_latex(text) == latex


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("&", "\\&"),
        ("%", "\\%"),
        ("$", "\\$"),
        ("#", "\\#"),
        ("_", "\\_"),
        ("{x}", "\\{x\\}"),
        ("~", "\\textasciitilde{}"),
        ("^", "\\textasciicircum{}"),
        ("\\", "\\textbackslash{}"),
    ],
)
def test_specials_are_escaped(text, latex):
    assert escape_latex(text) == latex
    assert escape_latex(text, ascii_only=False) == latex


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("α", "{\\ensuremath{\\alpha}}"),
        ("β", "{\\ensuremath{\\beta}}"),
        ("γ", "{\\ensuremath{\\gamma}}"),
        ("κ", "{\\ensuremath{\\kappa}}"),
        ("ω", "{\\ensuremath{\\omega}}"),
        ("μ", "{\\ensuremath{\\mu}}"),
        ("±", "{\\ensuremath{\\pm}}"),
        ("≤", "{\\ensuremath{\\leq}}"),
        ("≥", "{\\ensuremath{\\geq}}"),
        ("×", "{\\texttimes}"),
        ("°", "{\\textdegree}"),
        ("µ", "{\\textmu}"),
        ("→", "{\\textrightarrow}"),
        ("®", "{\\textregistered}"),
        ("™", "{\\texttrademark}"),
        ("–", "{\\textendash}"),
        ("—", "{\\textemdash}"),
        ("‘’", "{\\textquoteleft}{\\textquoteright}"),
        ("“”", "{\\textquotedblleft}{\\textquotedblright}"),
        ("a\u00a0b", "a~b"),
    ],
)
def test_greek_and_symbols(text, latex):
    assert escape_latex(text) == latex


def test_utf8_mode_escapes_only_specials():
    assert escape_latex("Akgün & α_1 50%", ascii_only=False) == "Akgün \\& α\\_1 50\\%"


def test_ascii_mode_gives_ascii():
    text = "Þórsdóttir, Guðrún; Łukasz Wiśniewski; ẞ; ﬁ; NF-κB ± 5 °C"
    assert escape_latex(text).isascii()


def test_tex_ligatures_are_broken_so_text_prints_as_given():
    assert escape_latex("a--b") == "a-{}-b"
    assert escape_latex("''x''") == "'{}'x'{}'"
    assert escape_latex("<<x>>") == "<{}<x>{}>"


def test_unbalanced_braces_are_written_as_text_symbols():
    assert escape_latex("a } b {") == "a \\textbraceright{} b \\textbraceleft{}"
    assert escape_latex("{ok}") == "\\{ok\\}"


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("\\input{/etc/passwd}", "\\textbackslash{}input\\{/etc/passwd\\}"),
        ("\\immediate\\write18{touch x}", "\\textbackslash{}immediate\\textbackslash{}write18\\{touch x\\}"),
    ],
)
def test_tex_code_in_metadata_is_printed_not_run(text, printed):
    assert escape_latex(text) == printed
    assert latex_to_unicode(printed) == text


def test_characters_without_latex_form_are_kept():
    assert escape_latex("中文") == "中文"


@pytest.mark.parametrize(
    ("title", "latex"),
    [
        (
            "Autocrine production of interleukin 6 causes multidrug resistance in breast cancer cells",
            "Autocrine production of interleukin 6 causes multidrug resistance in breast cancer cells",
        ),
        ("IL-6 activates CCAAT/enhancer binding", "{IL}-6 activates {CCAAT}/enhancer binding"),
        ("Induction of mdr1 in Breast cancer: TERT", "Induction of {mdr1} in {Breast} cancer: {TERT}"),
        ("mRNA of p53 in McDonald's cells", "{mRNA} of {p53} in {McDonald}'s cells"),
        ("A study", "A study"),
        ("Şahin cells in Şahin's lab", "{\\c{S}}ahin cells in {{\\c{S}}ahin}'s lab"),
    ],
)
def test_title_case_protection(title, latex):
    assert protect_title_case(title) == latex


def test_markup_to_latex():
    markup = "Growth of <i>E. coli</i> in CO<sub>2</sub>, Ca<sup>2+</sup> &amp; <b>bold</b> <u>under</u>"
    assert markup_to_latex(markup) == (
        "Growth of \\textit{E. coli} in CO\\textsubscript{2}, Ca\\textsuperscript{2+} \\& "
        "\\textbf{bold} \\underline{under}"
    )
    assert markup_to_latex(markup, protect=True).startswith("Growth of \\textit{{E}. coli} in {CO}")


def test_unbalanced_markup_never_unbalances_braces():
    assert markup_to_latex("<i>open and </b>close") == "open and close"
    assert markup_to_latex("a &lt;i&gt; b") == "a <i> b"


def test_latex_to_unicode():
    assert latex_to_unicode('Akg{\\"u}n {\\c{S}}ahin {\\\'{\\i}} {\\v R}{\\r u}') == "Akgün Şahin í Řů"
    assert latex_to_unicode("{\\ensuremath{\\alpha}} $\\mu$ \\textmu{} 50\\% a~b") == "α μ µ 50% a\u00a0b"
    assert latex_to_unicode("{IL}-6 {CCAAT}") == "IL-6 CCAAT"


@pytest.mark.parametrize("broken", ["{\\'e", "\\foo{", "}}}{", "$x", "\\", "{{{{"])
def test_latex_to_unicode_survives_malformed_input(broken):
    assert isinstance(latex_to_unicode(broken), str)


def test_latex_to_markup():
    plain, markup = latex_to_markup("Growth of \\textit{E. coli} in CO\\textsubscript{2} \\& \\emph{x}")
    assert plain == "Growth of E. coli in CO2 & x"
    assert markup == "Growth of <i>E. coli</i> in CO<sub>2</sub> &amp; <i>x</i>"
    assert latex_to_markup("plain {T}itle") == ("plain Title", "")


@pytest.mark.parametrize(
    "text",
    [
        "Akgün, Şahin, Doğan, Başar, Øster, Straße, Dvořák, Łukasz, Þórsdóttir, Guðrún, Szűcs",
        "NF-κB α/β ≤ 0.5 ± 0.1 at 4 °C ×10 µL → ω-3™ ® – — ‘q’ “qq”",
        "R&D costs $5 for #1 snake_case 50% ~ ^ {x} \\ a--b ''c''",
        "\\input{/etc/passwd} } unbalanced {",
        "no\u00a0break",
    ],
)
@pytest.mark.parametrize("ascii_only", [True, False])
def test_escape_then_decode_gives_the_text_back(text, ascii_only):
    assert latex_to_unicode(escape_latex(text, ascii_only=ascii_only)) == text


@pytest.mark.parametrize(("latex", "text"), [
    (r"Run \texttt{biber} first", "Run biber first"),
    (r"\textsf{Sans} \textrm{Roman} \textsl{Slanted} \textnormal{plain}", "Sans Roman Slanted plain"),
    (r"\mbox{New York} and \hbox{Oslo}", "New York and Oslo"),
    (r"see \href{https://example.org/a_b}{the data}", "see the data <https://example.org/a_b>"),
])
def test_text_inside_font_and_box_macros_is_kept(latex, text):
    assert latex_to_unicode(latex) == text
