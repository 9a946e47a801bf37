"""Format detection from content, and decoding bytes to text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from refdesk.dates import DateParts, parse_pubmed_date, parse_slash_date
from refdesk.errors import FormatError
from refdesk.formats.detect import detect_format
from refdesk.formats.text_decoding import decode_bytes, looks_binary

ROOT = Path(__file__).parents[2]
DATA = ROOT / "tests" / "data"
SEED = ROOT / "seeds" / "pubmed-11751408.txt"

EXPECTED = [
    *[(p, "medline") for p in sorted((DATA / "medline").iterdir())],
    *[(p, "ris") for p in sorted((DATA / "ris").iterdir())],
    *[(p, "bibtex") for p in sorted((DATA / "bibtex").iterdir())],
    (SEED, "pubmed_page"),
]


@pytest.mark.parametrize("path, expected", EXPECTED, ids=lambda v: getattr(v, "name", v))
def test_every_fixture_is_recognised_from_bytes(path, expected):
    assert detect_format(path.read_bytes(), path.name) == expected


@pytest.mark.parametrize("path, expected", EXPECTED, ids=lambda v: getattr(v, "name", v))
def test_content_wins_over_a_misleading_name(path, expected):
    assert detect_format(path.read_bytes(), "misnamed.ris" if expected != "ris" else "x.bib") == expected


def test_the_extension_breaks_ties_for_unrecognised_content():
    text = "garbage that is not any format\n"
    assert detect_format(text, "refs.nbib") == "medline"
    assert detect_format(text, "refs.RIS") == "ris"
    assert detect_format(text, "refs.bib") == "bibtex"
    with pytest.raises(FormatError) as caught:
        detect_format(text, "refs.txt")
    assert caught.value.source == "refs.txt"
    assert "not a recognised reference file" in str(caught.value)
    assert "garbage that is not" in str(caught.value)


def test_bibtex_with_round_brackets_and_leading_comments():
    assert detect_format("% exported\n\n@techreport( key,\n title = {X})\n") == "bibtex"
    assert detect_format("Some free text\n@Article{key, title={X}}\n") == "bibtex"


def test_ris_without_leading_type_line_first():
    assert detect_format("\n\nDB  - PubMed\nTY  - JOUR\nTI  - X\nER  - \n") == "ris"


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t", "", "\ufeff\n"])
def test_empty_input_is_an_error(data):
    with pytest.raises(FormatError, match="empty") as caught:
        detect_format(data, "empty.ris")
    assert caught.value.source == "empty.ris"


def test_binary_input_is_an_error():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    with pytest.raises(FormatError, match="binary") as caught:
        detect_format(png, "figure.nbib")
    assert str(caught.value).startswith("figure.nbib: ")


def test_xml_is_not_a_reference_file():
    xml = (DATA / "eutils" / "efetch" / "biopython_pubmed2.xml").read_bytes()
    with pytest.raises(FormatError, match="not a recognised"):
        detect_format(xml, "pubmed.xml")


# -- decoding ---------------------------------------------------------------------


def test_utf8_with_and_without_bom():
    assert decode_bytes("Müller".encode()).text == "Müller"
    decoded = decode_bytes(codecs.BOM_UTF8 + "Müller".encode())
    assert (decoded.text, decoded.note) == ("Müller", "")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(encoding):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    data = bom + "TY  - JOUR\nAU  - Ø, Søren\n".encode(encoding)
    decoded = decode_bytes(data)
    assert decoded.text == "TY  - JOUR\nAU  - Ø, Søren\n"
    assert decoded.note == ""


def test_latin1_falls_back_with_a_note_naming_the_line():
    data = "line one\nline two\nMüller, Jörg\n".encode("latin-1")
    decoded = decode_bytes(data, "refs.ris")
    assert decoded.text == "line one\nline two\nMüller, Jörg\n"
    assert decoded.encoding == "cp1252"
    assert decoded.note_line == 3
    assert "not UTF-8" in decoded.note and "line 3" in decoded.note


def test_cp1252_quotes_and_undefined_bytes():
    assert decode_bytes(b"\x93quoted\x94 \x96 dash").text == "\u201cquoted\u201d \u2013 dash"
    # 0x81 is undefined in Windows-1252: the whole file is read as Latin-1.
    assert decode_bytes(b"a\x81b\xe9").encoding == "latin-1"


def test_binary_detection():
    assert looks_binary(b"abc\x00def")
    assert looks_binary(bytes(range(1, 32)) * 10)
    assert not looks_binary(b"plain\ttext\r\nwith\x0cform feed\n")
    assert not looks_binary(b"")
    with pytest.raises(FormatError, match="binary"):
        decode_bytes(b"%PDF-1.4\n\x00\x01\x02", "paper.pdf")


# -- dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, parts",
    [
        ("2014 May-Jun", DateParts(2014, 5)),
        ("2006 Mar 1", DateParts(2006, 3, 1)),
        ("2011", DateParts(2011)),
        ("2006 Dec-2007 Jan", DateParts(2006, 12)),
        ("1998 Spring", DateParts(1998)),
        ("2013 Jan-Mar", DateParts(2013, 1)),
    ],
)
def test_pubmed_dates(text, parts):
    assert parse_pubmed_date(text) == parts


@pytest.mark.parametrize(
    "text, parts",
    [
        ("2016/01/", DateParts(2016, 1)),
        ("2016/12//", DateParts(2016, 12)),
        ("2013/02/15/received", DateParts(2013, 2, 15)),
        ("2005", DateParts(2005)),
        ("2005-07-15", DateParts(2005, 7, 15)),
        ("2005/13/40", DateParts(2005)),
        ("soon", None),
    ],
)
def test_slash_dates(text, parts):
    assert parse_slash_date(text) == parts
