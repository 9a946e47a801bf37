"""The exported .bib files compile with real LaTeX tools.

Papers: every recorded efetch response, the seed paper (PMID 11751408) and
hand-built papers with the hard cases (see ``sample_papers``).  Keys come
from :mod:`refdesk.citekeys`.  Each document cites every key and is built
with pdflatex + bibtex (``plain`` and natbib's ``unsrtnat``) and pdflatex +
biber (BibLaTeX, UTF-8 and ASCII).  The logs must show no error, no
undefined citation and no missing character, and the PDF text must show the
names with their diacritics and, for the paper of every kind, what its entry
type makes the style print (the booktitle after "In", the school, the
institution ...).

A separate document holds papers whose metadata tries to run TeX code
(``\\input{/etc/passwd}``, ``\\immediate\\write18{touch ...}``); it is also
built with ``-shell-escape`` to show that the escaping alone stops them.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from replay_server import cassette_body

from latex.sample_papers import EXPECTED_FOR_KINDS, EXPECTED_IN_PDF, injection_papers, kind_papers, sample_papers
from latex.texrun import compile_document, problems, require_tools
from refdesk.citekeys import generate_key, unique_key
from refdesk.formats.bibtex_export import cite_command, export_bibtex
from refdesk.formats.latex import escape_latex
from refdesk.formats.pubmed_page import parse_pubmed_page
from refdesk.model import Paper, PaperKind
from refdesk.sources.pubmed_xml import parse_pubmed_xml

pytestmark = pytest.mark.latex

ROOT = Path(__file__).parent.parent.parent
EFETCH = ROOT / "tests" / "data" / "eutils" / "efetch"
SEED = ROOT / "seeds" / "pubmed-11751408.txt"

NATBIB = "\\usepackage[numbers]{natbib}\n\\usepackage{url}\n"
BIBLATEX = "\\usepackage[backend=biber,style=numeric,maxbibnames=99]{biblatex}\n\\addbibresource{refs.bib}\n"
#: biber decodes every .bib to Unicode and writes the .bbl in the document's
#: encoding; with ``texencoding=ascii`` it writes macros, which pdflatex prints
#: without help (``María`` would otherwise reach pdflatex as a dotless i plus a
#: combining accent, as biber decodes ``{\\'{\\i}}``).
BIBLATEX_ASCII = BIBLATEX.replace("backend=biber,", "backend=biber,texencoding=ascii,")
#: ... and it says so for every entry it recodes: not a problem.
RECODING = "has characters which cannot be encoded in 'ascii'. Recoding problematic characters into macros."


#: The entry type (and biblatex ``type``) biber reads for each paper of ``kind_papers``.
BIBLATEX_KINDS = (
    ("lovelace2019", "inproceedings", ""),
    ("icci2019", "proceedings", ""),
    ("okafor2020", "report", "techreport"),
    ("lefevre2015", "thesis", "phdthesis"),
    ("lindqvist2017", "thesis", "mathesis"),
    ("who2021", "misc", ""),
    ("ncbi2022", "online", ""),
    ("garcia2023", "unpublished", ""),
    ("rcore2023", "manual", ""),
    ("patel2018", "booklet", ""),
)


def _unicode_declarations(bib: str) -> str:
    """What a pdflatex user adds to print UTF-8 Greek letters and symbols:
    ``\\DeclareUnicodeCharacter`` for every non-Latin character of the file
    (pdflatex's UTF-8 support covers Latin letters only)."""
    lines = []
    for char in sorted(set(bib)):
        if char.isascii() or unicodedata.name(char, "").startswith("LATIN"):
            continue
        latex = escape_latex(char)
        if latex != char:
            lines.append(f"\\DeclareUnicodeCharacter{{{ord(char):04X}}}{{{latex}}}")
    return "\n".join(lines) + "\n"


def _efetch_papers() -> list[Paper]:
    papers: list[Paper] = []
    for path in sorted(EFETCH.iterdir()):
        data = cassette_body(path) if path.suffix != ".xml" else path.read_bytes()
        papers.extend(parse_pubmed_xml(data, path.name))
    return papers


def _seed_papers() -> list[Paper]:
    return list(parse_pubmed_page(SEED.read_text(encoding="utf-8"), SEED.name).records)


def _with_keys(papers: list[Paper]) -> list[Paper]:
    taken: set[str] = set()
    keyed = []
    for paper in papers:
        key = paper.citekey or unique_key(generate_key(paper), taken)
        taken.add(key)
        keyed.append(replace(paper, citekey=key))
    return keyed


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    require_tools()
    efetch = _efetch_papers()
    seed = _seed_papers()
    assert len(efetch) == 17, "every efetch fixture should give its papers"
    assert [p.pmid for p in seed] == [11751408]
    return _with_keys(sample_papers() + seed + efetch)


def _body(papers: list[Paper], style: str | None) -> str:
    keys = sorted(p.citekey for p in papers)
    body = "Cited: " + cite_command(keys) + ".\n\n"
    if style:
        return body + f"\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n"
    return body + "\\printbibliography\n"


def _missing_data_warnings(papers: list[Paper]) -> set[str]:
    """BibTeX's warnings about data a record really lacks (the seed page has no
    author list, journal or date); any other warning is a failure."""
    allowed = set()
    for paper in papers:
        key = paper.citekey
        if not paper.authors:
            allowed.add(f"Warning--to sort, need author or key in {key}")
            allowed.add(f"Warning--empty author in {key}")
            if not paper.editors:
                allowed.add(f"Warning--need author or editor in {key}")
        if not paper.journal:
            allowed.add(f"Warning--empty journal in {key}")
        if not paper.year:
            allowed.add(f"Warning--empty year in {key}")
    return allowed


def _assert_clean(compiled, papers: list[Paper], allowed: set[str] = frozenset()) -> None:
    allowed = _missing_data_warnings(papers) | allowed
    assert [p for p in problems(compiled) if p not in allowed] == []
    text = compiled.normalized_text
    for expected in EXPECTED_IN_PDF + tuple(e for items in EXPECTED_FOR_KINDS.values() for e in items):
        alternatives = (expected,) if isinstance(expected, str) else expected
        found = [a for a in alternatives if unicodedata.normalize("NFKC", a) in text]
        assert found, f"{expected!r} not in the PDF text"
    assert "Autocrine production of interleukin 6 causes multidrug resistance" in text  # the seed


@pytest.mark.parametrize("style", ["plain", "unsrtnat"])
def test_bibtex_export_compiles_with_bibtex(papers, tmp_path, style):
    bib = export_bibtex(papers, abstract=True, keywords=True)
    packages = NATBIB if style == "unsrtnat" else ""
    compiled = compile_document(tmp_path, _body(papers, style), bib, packages=packages)
    _assert_clean(compiled, papers)
    assert compiled.log.count("Citation") == 0
    if style == "unsrtnat":
        # the DOIs with "_" and "%" went through \doi{...}/\url{...}
        squashed = "".join(compiled.normalized_text.split())  # URLs break across lines
        assert "10.1515/tjb-2019_0042" in squashed
        assert "10.37201/req/%28021%29.2021" in squashed


@pytest.mark.parametrize("ascii_only", [False, True], ids=["utf8", "ascii"])
def test_biblatex_export_compiles_with_biber(papers, tmp_path, ascii_only):
    bib = export_bibtex(papers, biblatex=True, ascii=ascii_only, abstract=True, keywords=True)
    assert bib.isascii() == ascii_only
    if ascii_only:
        packages = BIBLATEX_ASCII
    else:
        packages = "\\usepackage[utf8]{inputenc}\n" + BIBLATEX + _unicode_declarations(bib)
    compiled = compile_document(tmp_path, _body(papers, None), bib, packages=packages, backend="biber")
    _assert_clean(compiled, papers, allowed={p for p in problems(compiled) if p.endswith(RECODING)})
    squashed = "".join(compiled.normalized_text.split())  # URLs break across lines
    assert "10.1515/tjb-2019_0042" in squashed
    assert "10.37201/req/%28021%29.2021" in squashed
    assert "PMID: 30000001" in compiled.normalized_text  # eprint with eprinttype pubmed
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    for key, entry_type, type_key in BIBLATEX_KINDS:
        entry = bbl[bbl.index(f"\\entry{{{key}}}") :]
        entry = entry[: entry.index("\\endentry")]
        assert entry.startswith(f"\\entry{{{key}}}{{{entry_type}}}"), entry[:80]
        if type_key:
            assert f"\\field{{type}}{{{type_key}}}" in entry


def test_every_kind_is_in_the_test_documents():
    kinds = {paper.kind for paper in sample_papers()}
    assert kinds == set(PaperKind)
    assert sorted(EXPECTED_FOR_KINDS) == sorted(p.citekey for p in kind_papers())
    assert {key for key, _, _ in BIBLATEX_KINDS} == set(EXPECTED_FOR_KINDS)


def test_every_paper_is_in_the_bibliography(papers, tmp_path):
    bib = export_bibtex(papers)
    compiled = compile_document(tmp_path, _body(papers, "plain"), bib)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    for paper in papers:
        assert f"\\bibitem{{{paper.citekey}}}" in bbl


@pytest.mark.parametrize("shell_escape", [False, True], ids=["no-shell-escape", "shell-escape"])
@pytest.mark.parametrize("backend", ["bibtex", "biber"])
def test_metadata_cannot_run_tex_code(tmp_path, shell_escape, backend):
    require_tools()
    # a short path, so that the whole command fits on a line of the PDF
    short = Path(tempfile.mkdtemp(prefix="rd"))
    pwned = short / "pwned"
    papers = injection_papers(str(pwned))
    biblatex = backend == "biber"
    bib = export_bibtex(papers, biblatex=biblatex)
    style = None if biblatex else "unsrtnat"
    packages = BIBLATEX_ASCII if biblatex else NATBIB
    compiled = compile_document(
        tmp_path / "doc", _body(papers, style), bib, packages=packages, backend=backend, shell_escape=shell_escape
    )
    assert problems(compiled) == []
    assert not pwned.exists()
    shutil.rmtree(short)
    text = compiled.normalized_text
    squashed = "".join(text.split()).lower()  # long paths are broken across lines
    assert "\\input{/etc/passwd}" in text
    assert "".join(f"\\immediate\\write18{{touch {pwned}}}".split()).lower() in squashed
    assert "Journal of } Unbalanced { Braces" in text
    passwd = Path("/etc/passwd")
    if passwd.exists():
        first_line = passwd.read_text(errors="replace").splitlines()[0]
        assert first_line not in compiled.text
        assert "root:x:0" not in compiled.text
