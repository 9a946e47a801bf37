"""Damaged and unexpected files, for each format read here (MEDLINE, RIS, PubMed page).

Each case is made in ``tmp_path`` from a real fixture: a truncated copy, a
binary (gzip) copy, a file in another format, a Latin-1 copy and an empty
file.  Whole-file failures raise :class:`FormatError` naming the file (and
the line, when there is one); a bad record becomes a :class:`ParseProblem`
while the good records are kept.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from refdesk.errors import FormatError
from refdesk.formats.medline import parse_medline
from refdesk.formats.pubmed_page import parse_pubmed_page
from refdesk.formats.ris import parse_ris

ROOT = Path(__file__).parents[2]
MEDLINE = ROOT / "tests" / "data" / "medline"
RIS = ROOT / "tests" / "data" / "ris"
SEED = ROOT / "seeds" / "pubmed-11751408.txt"

PARSERS = {"medline": parse_medline, "ris": parse_ris, "pubmed_page": parse_pubmed_page}
SAMPLES = {
    "medline": (MEDLINE / "biopython_pubmed_result2.txt", ".nbib"),
    "ris": (RIS / "jabref_RisImporterTestDOI.ris", ".ris"),
    "pubmed_page": (SEED, ".txt"),
}


@pytest.fixture
def read_file():
    """The single entry point; it needs every parser, BibTeX included."""
    pytest.importorskip("refdesk.formats.bibtex")
    from refdesk.formats.reading import read_file

    return read_file


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# -- truncated ----------------------------------------------------------------------


def test_truncated_medline_keeps_whole_records_and_reports_the_cut_one(tmp_path, read_file):
    text = (MEDLINE / "qs-global-ortho_citations.nbib").read_text(encoding="utf-8")
    cut_at = text.index("PMID- 12006264")
    cut = text[: cut_at + 900]  # inside the 199th record, mid-line
    path = write(tmp_path, "cut.nbib", cut.encode())
    parsed = read_file(path)
    assert len(parsed.records) == 198
    (problem,) = parsed.problems
    assert problem.line == line_of(text, "PMID- 12006264")
    assert problem.source == str(path)
    assert "truncated" in problem.message and "12006264" in problem.message
    assert str(problem).startswith(f"{path}:{problem.line}: ")


def test_truncated_medline_at_a_line_break_is_still_noticed():
    text = (MEDLINE / "biopython_pubmed_result2.txt").read_text(encoding="utf-8")
    cut = text[: text.index("MH  - *Algorithms")]
    parsed = parse_medline(cut, "cut.nbib")
    assert [p.pmid for p in parsed.records] == [16403221, 16377612]
    assert [p.line for p in parsed.problems] == [127]


def test_truncated_ris_reports_the_open_record(tmp_path, read_file):
    first = (RIS / "jabref_RisImporterTestScopus.ris").read_text(encoding="utf-8")
    second = (RIS / "jabref_RisImporterTestDOI.ris").read_text(encoding="utf-8")
    whole = first + second
    path = write(tmp_path, "cut.ris", whole[: whole.index("UR  - https://pubmed")].encode())
    parsed = read_file(path)
    assert [p.title[:13] for p in parsed.records] == ["A transversel"]
    (problem,) = parsed.problems
    assert problem.line == line_of(whole, "TY  - JOUR\nDB  - PubMed")
    assert "truncated" in problem.message and problem.source == str(path)


def test_truncated_pubmed_page_keeps_the_paper_and_reports_the_cut_item(tmp_path, read_file):
    text = SEED.read_text(encoding="utf-8")
    cut = text[: text.index("PMID: 29789426") - 5]
    path = write(tmp_path, "cut.txt", cut.encode())
    parsed = read_file(path)
    (paper,) = parsed.records
    assert paper.pmid == 11751408 and len(paper.links) == 8
    (problem,) = parsed.problems
    assert problem.line == line_of(text, "JAK1-mediated")
    assert "Cited by, item 4" in problem.message


def test_pubmed_page_cut_before_its_pmid_is_not_a_page(tmp_path, read_file):
    cut = SEED.read_bytes()[:40]
    path = write(tmp_path, "cut.txt", cut)
    with pytest.raises(FormatError, match="not a recognised reference file") as caught:
        read_file(path)
    assert caught.value.source == str(path)
    assert "Autocrine production" in str(caught.value)
    with pytest.raises(FormatError, match="no 'PMID: n' line") as caught:
        parse_pubmed_page(cut.decode(), "cut.txt")
    assert caught.value.line == 1


# -- binary, empty, wrong format -------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_binary_file(tmp_path, read_file, kind):
    sample, suffix = SAMPLES[kind]
    path = write(tmp_path, "refs" + suffix, gzip.compress(sample.read_bytes(), mtime=0))
    with pytest.raises(FormatError, match="binary file") as caught:
        read_file(path)
    assert caught.value.source == str(path)
    assert str(caught.value).startswith(str(path))


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_empty_file(tmp_path, read_file, kind):
    path = write(tmp_path, "refs" + SAMPLES[kind][1], b"")
    with pytest.raises(FormatError, match="empty") as caught:
        read_file(path)
    assert caught.value.source == str(path)


@pytest.mark.parametrize("kind", sorted(PARSERS))
def test_parsers_reject_empty_text(kind):
    with pytest.raises(FormatError, match="empty") as caught:
        PARSERS[kind]("\n \n", "blank")
    assert caught.value.source == "blank"


@pytest.mark.parametrize(
    "kind, other",
    [
        ("medline", "ris"),
        ("medline", "pubmed_page"),
        ("ris", "medline"),
        ("ris", "pubmed_page"),
        ("pubmed_page", "medline"),
        ("pubmed_page", "ris"),
    ],
)
def test_each_parser_rejects_the_other_formats(kind, other):
    text = SAMPLES[other][0].read_text(encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        PARSERS[kind](text, "wrong.file")
    assert caught.value.source == "wrong.file"
    first_line = next(n for n, line in enumerate(text.splitlines(), 1) if line.strip())
    assert caught.value.line == first_line
    assert str(caught.value).startswith("wrong.file:")


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_unreadable_content_with_a_known_extension(tmp_path, read_file, kind):
    """A CSV saved as .nbib/.ris reaches that parser, which names the file and line."""
    suffix = SAMPLES[kind][1]
    path = write(tmp_path, "refs" + suffix, b"\n\nPMID,Title,Year\n11751408,Autocrine,2001\n")
    with pytest.raises(FormatError) as caught:
        read_file(path)
    assert caught.value.source == str(path)
    if suffix == ".txt":
        assert "not a recognised reference file" in caught.value.reason
    else:
        assert caught.value.line == 3


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_misnamed_file_is_read_by_its_content(tmp_path, read_file, kind):
    sample, _ = SAMPLES[kind]
    path = write(tmp_path, "misnamed.bib", sample.read_bytes())
    parsed = read_file(path)
    assert parsed.format == kind
    assert parsed.records and parsed.problems == ()


def test_missing_file(tmp_path, read_file):
    with pytest.raises(FormatError, match="cannot read") as caught:
        read_file(tmp_path / "nope.ris")
    assert caught.value.source.endswith("nope.ris")


# -- Latin-1 ------------------------------------------------------------------------


def test_latin1_medline(tmp_path, read_file):
    text = (MEDLINE / "limo_tools_citations.nbib").read_text(encoding="utf-8")
    text = text.replace("Aix Marseille Universite", "Aix Marseille Université")
    path = write(tmp_path, "latin1.nbib", text.encode("latin-1"))
    parsed = read_file(path)
    assert len(parsed.records) == 2
    assert "Aix Marseille Université, CNRS" in parsed.records[1].authors[1].affiliations[0]
    (note,) = parsed.problems
    assert note.line == line_of(text, "Université") and note.source == str(path)
    assert "not UTF-8" in note.message


def test_latin1_ris(tmp_path, read_file):
    text = (RIS / "jabref_RisImporterTest8_date.ris").read_text(encoding="utf-8")
    path = write(tmp_path, "latin1.ris", text.encode("latin-1"))
    parsed = read_file(path)
    (paper,) = parsed.records
    assert paper.authors[1].last == "Molina-Bolívar"
    (note,) = parsed.problems
    assert note.line == 9 and "Windows-1252" in note.message


def test_latin1_pubmed_page(tmp_path, read_file):
    text = SEED.read_text(encoding="utf-8").replace(
        "Anticancer Res. 2001. PMID", "Ristimäki A, et al. Anticancer Res. 2001. PMID"
    )
    path = write(tmp_path, "latin1.txt", text.encode("latin-1"))
    parsed = read_file(path)
    (paper,) = parsed.records
    assert paper.links[0].authors == "Ristimäki A, et al"
    assert paper.links[0].title.endswith("possible?")
    (note,) = parsed.problems
    assert note.line == 8


def test_utf16_ris_reads_cleanly(tmp_path, read_file):
    text = (RIS / "jabref_RisImporterTest8_date.ris").read_text(encoding="utf-8")
    parsed = read_file(write(tmp_path, "utf16.ris", text.encode("utf-16")))
    assert parsed.problems == ()
    assert parsed.records[0].authors[2].last == "Galisteo-González"


def test_read_text_accepts_str_and_bytes(read_file):
    from refdesk.formats.reading import read_text

    text = SEED.read_text(encoding="utf-8")
    from_text = read_text(text, "seed.txt")
    from_bytes = read_text(text.encode("utf-8"), "seed.txt")
    assert from_text == from_bytes
    assert from_text.records[0].pmid == 11751408
