"""Identifier extraction from pasted text, URI lists and HTML drops."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refdesk.identifiers import (
    NO_IDENTIFIER_MESSAGE,
    Identifier,
    extract_from_html,
    extract_from_uri_list,
    extract_identifiers,
    normalize_doi,
    normalize_pmcid,
    strip_doi_prefix,
)
from refdesk.pages import full_page_range


def pmid(value: str) -> Identifier:
    return Identifier("pmid", value)


def doi(value: str) -> Identifier:
    return Identifier("doi", value)


def pmcid(value: str) -> Identifier:
    return Identifier("pmcid", value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11751408", [pmid("11751408")]),
        ("  11751408\n", [pmid("11751408")]),
        ("123, 456;789 | 1", [pmid("123"), pmid("456"), pmid("789"), pmid("1")]),
        ("PMID: 11751408", [pmid("11751408")]),
        ("pmid:9997 and PMID 12", [pmid("9997"), pmid("12")]),
        ("see 11751408 for details", [pmid("11751408")]),
        ("https://pubmed.ncbi.nlm.nih.gov/11751408/", [pmid("11751408")]),
        ("https://pubmed.ncbi.nlm.nih.gov/11751408/?from_single_result=1&sort=date#abstract", [pmid("11751408")]),
        ("http://www.ncbi.nlm.nih.gov/pubmed/28806736?dopt=Abstract", [pmid("28806736")]),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5442267/", [pmcid("PMC5442267")]),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC7864896/#sec1", [pmcid("PMC7864896")]),
        ("pmc5442267", [pmcid("PMC5442267")]),
        ("PMCID: PMC6079548.", [pmcid("PMC6079548")]),
        ("10.1136/gutjnl-2016-312510", [doi("10.1136/gutjnl-2016-312510")]),
        ("doi:10.1371/journal.pone.0182390.", [doi("10.1371/journal.pone.0182390")]),
        ("DOI: 10.1117/1.JMI.5.2.026002;", [doi("10.1117/1.jmi.5.2.026002")]),
        ("https://doi.org/10.1039/D0NP00027B", [doi("10.1039/d0np00027b")]),
        ("http://dx.doi.org/10.1006/cryo.2001.2328)", [doi("10.1006/cryo.2001.2328")]),
        ("https://doi.org/10.1000%2Fabc?x=1", [doi("10.1000/abc")]),
        ('"10.1038/s41390-024-03336-8"', [doi("10.1038/s41390-024-03336-8")]),
        ("(doi: 10.1016/S0140-6736(20)30183-5).", [doi("10.1016/s0140-6736(20)30183-5")]),
        ("[10.1016/0005-2795(76)90109-4]", [doi("10.1016/0005-2795(76)90109-4")]),
        ("{10.1000/xyz}", [doi("10.1000/xyz")]),
        ("10.1234/a,10.5678/b", [doi("10.1234/a"), doi("10.5678/b")]),
    ],
)
def test_extracts(text, expected):
    assert extract_identifiers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Cancer Res. 2001 Dec 15;61(24):8851-8.",  # years, volumes and pages are not PMIDs
        "published 2001-12-15, pages 113-25, vol 17(1)",
        "n = 1234 patients, p < 0.05",
        "https://example.org/articles/12345678/view",  # a number inside a foreign URL
        "",
        "no identifiers here",
    ],
)
def test_ignores_numbers_that_are_not_pmids(text):
    assert extract_identifiers(text) == []


def test_digits_of_a_doi_or_url_are_not_pmids():
    text = "Conze D. doi:10.1158/0008-5472 and https://pubmed.ncbi.nlm.nih.gov/11751408/"
    assert extract_identifiers(text) == [doi("10.1158/0008-5472"), pmid("11751408")]


def test_order_of_appearance_and_deduplication():
    text = (
        "PMC5442267\n"
        "https://doi.org/10.1136/GUTJNL-2016-312510\n"
        "27797938\n"
        "10.1136/gutjnl-2016-312510\n"
        "https://pubmed.ncbi.nlm.nih.gov/27797938/\n"
    )
    assert extract_identifiers(text) == [
        pmcid("PMC5442267"), doi("10.1136/gutjnl-2016-312510"), pmid("27797938")]


def test_uri_list_skips_comment_lines():
    text = "# PMID 1 copied from a browser\r\nhttps://pubmed.ncbi.nlm.nih.gov/28806736/\r\nhttps://doi.org/10.1000/abc\r\n"
    assert extract_from_uri_list(text) == [pmid("28806736"), doi("10.1000/abc")]


def test_html_drop_reads_links_and_text():
    html = (
        '<ul><li><a href="https://pubmed.ncbi.nlm.nih.gov/28806736/">Unravelling &amp; more</a></li>'
        "<li>doi:&nbsp;10.1117/1.JMI.5.2.026002</li>"
        '<li><a href="https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6079548/">PMC</a></li>'
        "<script>var x = 'PMID: 999';</script></ul>"
    )
    assert extract_from_html(html) == [
        pmid("28806736"), doi("10.1117/1.jmi.5.2.026002"), pmcid("PMC6079548")]


def test_nothing_found_has_a_message():
    assert extract_identifiers("hello") == []
    assert "PMID" in NO_IDENTIFIER_MESSAGE and "DOI" in NO_IDENTIFIER_MESSAGE


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10.1000/ABC", "10.1000/abc"),
        ("doi:10.1000/abc.", "10.1000/abc"),
        ("https://doi.org/10.1000/abc", "10.1000/abc"),
        ("https://dx.doi.org/10.1000%2Fabc", "10.1000/abc"),
        ("not a doi", ""),
        ("10.1000/", ""),
    ],
)
def test_normalize_doi(raw, expected):
    assert normalize_doi(raw) == expected


def test_normalize_pmcid():
    assert normalize_pmcid("pmc 0123") == "PMC123"
    assert normalize_pmcid("PMC5442267") == "PMC5442267"
    assert normalize_pmcid("PMCX") == ""


@pytest.mark.parametrize(
    ("pages", "full"),
    [("8851-8", "8851-8858"), ("113-25", "113-125"), ("1116-1122", "1116-1122"), ("e12-4", "e12-e14"),
     ("S12-S14", "S12-S14"), ("026002", "026002"), ("12-4, 18", "12-4, 18"), ("99-101", "99-101"),
     ("", "")],
)
def test_full_page_range(pages, full):
    assert full_page_range(pages) == full


# -- properties -------------------------------------------------------------------------

_pieces = st.sampled_from([
    "PMID: 123", "10.1000/abc", "https://doi.org/10.1000/ABC", "PMC42", "(", ")", ".", ",", " ", "\n",
    "https://pubmed.ncbi.nlm.nih.gov/99/", "2001-12-15", "#", "doi:", "10.", "/", "\u00a0", "<a href=",
])
_texts = st.one_of(st.text(), st.lists(st.one_of(_pieces, st.text(max_size=5))).map("".join))


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_never_raises_and_never_duplicates(text):
    found = extract_identifiers(text)
    assert len(found) == len(set(found))
    for ident in found:
        assert ident.kind in ("pmid", "doi", "pmcid")
        if ident.kind == "doi":
            assert normalize_doi(ident.value) == ident.value
            assert ident.value == ident.value.lower()
        elif ident.kind == "pmid":
            assert ident.value.isdigit() and int(ident.value) > 0 and len(ident.value) <= 8
        else:
            assert ident.value.startswith("PMC") and ident.value[3:].isdigit()


@settings(max_examples=100, deadline=None)
@given(_texts)
def test_html_and_uri_list_never_raise(text):
    extract_from_html(text)
    extract_from_uri_list(text)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"10\.[0-9]{4,6}/[A-Za-z0-9._;()-]{1,20}", fullmatch=True))
def test_every_doi_is_found_normalized(raw):
    expected = normalize_doi(raw)
    if expected:
        assert doi(expected) in extract_identifiers(f"see doi:{raw} today")


def test_strip_doi_prefix_removes_only_the_prefix():
    assert strip_doi_prefix(" doi: 10.1000/ABC. ") == "10.1000/ABC."
    assert strip_doi_prefix("https://doi.org/10.1000/A_B%20C?x=1#f") == "10.1000/A_B C"
    assert strip_doi_prefix("http://dx.doi.org/10.1016/J.X") == "10.1016/J.X"
    assert strip_doi_prefix("not a doi") == "not a doi"
    # The strict form is built on it and also checks and trims.
    assert normalize_doi(" doi: 10.1000/ABC. ") == "10.1000/abc"
