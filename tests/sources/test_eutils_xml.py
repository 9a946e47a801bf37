"""ELink, ESummary, ESearch and error answers, on NCBI's recordings."""

from __future__ import annotations

import pytest
from replay_server import EUTILS, cassette_body

from refdesk.errors import FormatError
from refdesk.model import LinkKind
from refdesk.sources.eutils_xml import (
    error_messages,
    parse_elink,
    parse_esearch,
    parse_esummary,
    parse_esummary_ids,
)

ELINK = EUTILS / "elink"
ESUMMARY = EUTILS / "esummary"
ERRORS = EUTILS / "errors"


def test_neighbor_score_drops_the_self_link_and_keeps_scores():
    links = parse_elink((ELINK / "biopython_2008_elink1_scores.xml").read_bytes())
    similar = links[9298984]
    assert len(similar) == 143
    assert all(l.kind == LinkKind.SIMILAR for l in similar)
    assert 9298984 not in {l.pmid for l in similar}
    assert (similar[0].pmid, similar[0].rank, similar[0].score) == (8794856, 1, 65259341.0)
    assert [l.rank for l in similar] == list(range(1, 144))
    assert similar[1].score == 60347327.0


def test_link_names_map_to_panes_and_others_are_ignored():
    links = parse_elink((ELINK / "biopython_elink1.xml").read_bytes())[9298984]
    kinds = {l.kind for l in links}
    assert kinds == {LinkKind.SIMILAR, LinkKind.CITED_BY, LinkKind.REFERENCES}
    # _combined, _five, _reviews ... would add duplicates of similar PMIDs
    assert len({(l.kind, l.pmid) for l in links}) == len(links)
    similar = [l for l in links if l.kind == LinkKind.SIMILAR]
    assert similar[0].pmid == 8794856 and similar[0].score is None
    cited = [l for l in links if l.kind == LinkKind.CITED_BY]
    assert cited[0].rank == 1 and len(cited) < len(similar)


def test_cassette_neighbor_answer():
    links = parse_elink(cassette_body(ELINK / "biocommons_test_elink"))[1234567]
    similar = [l for l in links if l.kind == LinkKind.SIMILAR]
    assert similar[0].pmid == 1065182
    assert 1234567 not in {l.pmid for l in links}


def test_merged_linkset_is_given_to_each_source():
    links = parse_elink((ELINK / "biopython_elink3.xml").read_bytes())
    assert set(links) == {11812492, 11774222}
    assert links[11812492] == links[11774222]
    assert links[11812492][0].pmid == 39386366


def test_empty_linkset():
    assert parse_elink((ELINK / "metapub_medgen_elink_pubmed_0_entries.xml").read_bytes()) == {0: []}


def test_old_doctype_with_http_url():
    links = parse_elink((ELINK / "metapub_sample_related_pmids_result.xml").read_bytes())
    assert list(links) == [14873513]
    assert links[14873513][0].pmid == 16450204


def test_elink_rejects_other_documents():
    with pytest.raises(FormatError):
        parse_elink((ERRORS / "biopython_esummary8.xml").read_bytes())


def test_esummary_v1():
    first, second = parse_esummary((ESUMMARY / "biopython_esummary1.xml").read_bytes(), LinkKind.CITED_BY)
    assert first.kind == LinkKind.CITED_BY
    assert (first.pmid, first.year, first.journal) == (11850928, 1965, "Arch Dermatol")
    assert first.title == "Zirconium granuloma following treatment of rhus dermatitis."
    assert first.authors == "LoPresti PJ, Hambrick GW Jr"
    assert first.citation == "Arch Dermatol. 1965 Aug;92(2):188-91."
    assert first.publication_types == ("Journal Article",)
    assert second.pmid == 11482001 and second.publication_types == ("Journal Article", "Review")


def test_esummary_v2():
    first, second = parse_esummary((ESUMMARY / "klortho_esummary.pubmed.xml").read_bytes())
    assert (first.pmid, first.title, first.journal, first.year) == (5683731, "An assistive device for smoking.", "Paraplegia", 1968)
    assert first.doi == "10.1038/sc.1968.18"
    assert first.authors == "Goldberg MJ, Davis LJ"
    assert second.pmid == 22144687 and second.title == "GenBank."
    assert second.authors.endswith(", et al.")
    assert second.citation == "Nucleic Acids Res. 2012 Jan;40(Database issue):D48-53."


def test_esummary_json_matches_the_efetch_of_the_same_paper():
    link, = parse_esummary((ESUMMARY / "journal-club_practice.fcgi").read_bytes())
    assert link.pmid == 28806736
    assert link.title.startswith("Unravelling the interplay of sphingolipids and TGF-\u03b2")
    assert link.doi == "10.1371/journal.pone.0182390"
    assert link.year == 2017 and link.journal == "PLoS One"


def test_esummary_per_document_error_is_left_out():
    data = (b'<eSummaryResult><DocumentSummarySet status="OK"><DocumentSummary uid="1">'
            b"<error>cannot get document summary</error></DocumentSummary></DocumentSummarySet></eSummaryResult>")
    assert parse_esummary(data) == []


def test_esummary_ids_v2_carry_the_pmc_id():
    ids = parse_esummary_ids((ESUMMARY / "klortho_esummary.pubmed.xml").read_bytes())
    assert list(ids) == [5683731, 22144687]
    assert ids[22144687] == {
        "pii": "gkr1202",
        "doi": "10.1093/nar/gkr1202",
        "pubmed": "22144687",
        "pmc": "PMC3245039",
        "eid": "22144687",
        "rid": "22144687",
        "pmcid": "pmc-id: PMC3245039;",
    }
    assert "pmc" not in ids[5683731] and ids[5683731]["doi"] == "10.1038/sc.1968.18"


def test_esummary_ids_v1_and_json():
    v1 = parse_esummary_ids((ESUMMARY / "biopython_esummary1.xml").read_bytes())
    assert v1 == {11850928: {"pubmed": "11850928"}, 11482001: {"pubmed": "11482001"}}
    json_ids = parse_esummary_ids((ESUMMARY / "journal-club_practice.fcgi").read_bytes())
    assert json_ids == {28806736: {"pubmed": "28806736", "doi": "10.1371/journal.pone.0182390",
                                   "pii": "PONE-D-17-16259", "rid": "28806736", "eid": "28806736"}}


@pytest.mark.parametrize("name", ["klortho_esummary.pubmed.xml", "biopython_esummary1.xml", "journal-club_practice.fcgi"])
def test_esummary_ids_and_summaries_agree_on_papers_and_dois(name):
    data = (ESUMMARY / name).read_bytes()
    ids = parse_esummary_ids(data)
    assert {l.pmid: l.doi for l in parse_esummary(data)} == {p: i.get("doi", "") for p, i in ids.items()}


def test_esummary_ids_leave_out_documents_in_error():
    data = (b'<eSummaryResult><DocumentSummarySet status="OK"><DocumentSummary uid="1">'
            b"<error>cannot get document summary</error></DocumentSummary></DocumentSummarySet></eSummaryResult>")
    assert parse_esummary_ids(data) == {}
    with pytest.raises(FormatError):
        parse_esummary_ids((EUTILS / "elink" / "biopython_elink1.xml").read_bytes())


@pytest.mark.parametrize(
    ("name", "messages"),
    [
        ("biopython_epost2.xml", ["Invalid db name specified: nothing"]),
        ("biopython_epost3.xml", ["Empty ID list; Nothing to store",
                                  "Some IDs have invalid value and were omitted. Maximum ID value 18446744073709551615"]),
        ("biopython_esummary8.xml", ["Neither query_key nor id specified"]),
        ("klortho_einfo.error.xml", ["Can not retrieve DbInfo for db=fleegle"]),
        ("klortho_esummary.error.xml", ["Invalid db name specified: fleegle"]),
        ("biopython_esearch8.xml", []),
        ("metapub_37909814.xml", []),
    ],
)
def test_error_messages(name, messages):
    assert error_messages((ERRORS / name).read_bytes()) == messages


def test_json_error_and_normal_answers():
    assert error_messages(b'{"error":"API rate limit exceeded","count":"4","limit":"3"}') == ["API rate limit exceeded"]
    assert error_messages((ESUMMARY / "journal-club_practice.fcgi").read_bytes()) == []
    assert error_messages((EUTILS / "efetch" / "biopython_pubmed4.xml").read_bytes()) == []


def test_esearch_no_hits_is_empty_not_an_error():
    assert parse_esearch((ERRORS / "biopython_esearch8.xml").read_bytes()) == []


def test_esearch_ids():
    data = b"<eSearchResult><Count>2</Count><IdList><Id>27797938</Id><Id>9997</Id></IdList></eSearchResult>"
    assert parse_esearch(data) == [27797938, 9997]
    assert parse_esearch(b'{"esearchresult": {"idlist": ["5", "6"]}}') == [5, 6]
