"""PubMedSource end to end against the replay server: batching, links, missing, IDs."""

from __future__ import annotations

import time

import pytest
from replay_server import Fault

from refdesk.errors import SourceError
from refdesk.model import CancelToken, LinkKind
from refdesk.sources.eutils import EutilsClient
from refdesk.sources.pubmed import BATCH_SIZE, PubMedSource


@pytest.fixture
def source(eutils_settings):
    client = EutilsClient(eutils_settings)
    yield PubMedSource(client)
    client.close()


def test_recorded_paper_with_links(eutils_server, source):
    papers, missing = source.fetch_all([27797938])
    paper, = papers
    assert missing == []
    assert paper.title.startswith("Leucocyte telomere length")
    similar = paper.links_of(LinkKind.SIMILAR)
    assert [l.rank for l in similar] == list(range(1, len(similar) + 1))
    assert 27797938 not in {l.pmid for l in similar}  # the self-link is dropped
    assert all(l.score for l in similar)
    assert paper.links_of(LinkKind.CITED_BY)
    refs = paper.links_of(LinkKind.REFERENCES)
    assert refs[0].citation.startswith("Stat Med. 1989")  # the record's own list comes first
    assert len({l.pmid for l in refs}) == len(refs)


def test_recorded_neighbor_scores_reach_the_paper(eutils_server, source):
    paper, = source.fetch_all([9298984])[0]
    first = paper.links_of(LinkKind.SIMILAR)[0]
    assert (first.pmid, first.score) == (8794856, 65259341.0)


def test_efetch_posts_at_most_200_ids(eutils_server, source):
    papers, missing = source.fetch_all(range(5000, 5450), links=False)
    assert len(papers) == 450 and missing == []
    efetches = eutils_server.requests_to("efetch")
    assert [len(r.ids) for r in efetches] == [200, 200, 50]
    assert all(r.method == "POST" for r in efetches)
    assert eutils_server.count("elink") == 0


def test_a_thousand_pmids_take_at_most_twenty_requests(eutils_server, source):
    pmids = list(range(30_000_000, 30_001_000))
    papers, missing = source.fetch_all(pmids)
    assert len(papers) == 1000 and missing == []
    assert eutils_server.count() <= 20
    assert eutils_server.count() == 15  # 5 efetch + 5 similar + 5 cited-by/references
    assert all(p.links_of(LinkKind.SIMILAR) and p.links_of(LinkKind.CITED_BY) for p in papers)
    for request in eutils_server.requests_to("elink"):
        assert len(request.getall("id")) == len(request.ids) <= BATCH_SIZE  # repeated id=, never a comma list
    links = papers[0].links_of(LinkKind.SIMILAR)
    assert links[0].pmid == papers[0].pmid + 1 and links[0].score == 90000000.0


def test_missing_pmids_are_reported(eutils_server, source):
    eutils_server.unknown_pmids.update({37909814, 99999999})
    batches = list(source.fetch([27797938, 37909814, 9997, 99999999, 27797938], links=False))
    batch, = batches
    assert batch.requested == (27797938, 37909814, 9997, 99999999)  # duplicates asked once
    assert [p.pmid for p in batch.papers] == [27797938, 9997]
    assert batch.missing == (37909814, 99999999)


def test_empty_article_set_means_all_missing(eutils_server, source):
    eutils_server.inject(Fault.empty_set())
    batch, = source.fetch([27797938, 9997])
    assert batch.papers == () and batch.missing == (27797938, 9997)
    assert eutils_server.count("elink") == 0


def test_cancel_between_batches(eutils_server, source):
    cancel = CancelToken()
    seen = []
    for batch in source.fetch(range(100, 700), cancel=cancel, links=False):
        seen.append(batch)
        cancel.cancel()
    assert len(seen) == 1
    assert eutils_server.count("efetch") == 1


def test_progress_is_reported(eutils_server, source):
    reports = []
    list(source.fetch(range(100, 350), links=False, progress=reports.append))
    assert [(p.done, p.total) for p in reports] == [(0, 250), (200, 250), (250, 250)]


def test_truncated_answer_without_length_is_a_source_error(eutils_server, source):
    eutils_server.inject(Fault.truncated(keep_length=False))
    with pytest.raises(SourceError, match="unreadable EFetch answer"):
        source.fetch_all([32935693], links=False)


def test_error_body_surfaces_through_fetch(eutils_server, source):
    eutils_server.inject(Fault.error_body("Search Backend failed"))
    with pytest.raises(SourceError, match="Search Backend failed"):
        source.fetch_all([1])


def test_resolve_doi_found_in_any_spelling(eutils_server, source):
    assert source.resolve_doi("https://doi.org/10.1136/GUTJNL-2016-312510") == 27797938
    search, summary = eutils_server.requests
    assert search.endpoint == "esearch" and search.get("term") == '"10.1136/gutjnl-2016-312510"[doi]'
    assert summary.endpoint == "esummary" and summary.ids == [27797938]


def test_resolve_doi_not_found(eutils_server, source):
    assert source.resolve_doi("10.9999/no-such-paper") is None
    assert eutils_server.count() == 1


def test_resolve_doi_never_guesses(eutils_server, source):
    # ESearch answers with a paper whose record carries another DOI
    eutils_server.search_results['"10.1000/lookalike"[doi]'] = [27797938]
    assert source.resolve_doi("10.1000/lookalike") is None


def test_resolve_doi_rejects_non_dois(source):
    with pytest.raises(ValueError):
        source.resolve_doi("hello")


def test_resolve_pmcid(eutils_server, source):
    assert source.resolve_pmcid("pmc5442267") == 27797938
    assert eutils_server.requests[0].get("term") == "PMC5442267[pmcid]"
    assert source.resolve_pmcid("PMC1") is None


def test_summaries_in_order_and_batched(eutils_server, source):
    links = source.summaries([22144687, 5683731, 27797938], LinkKind.CITED_BY)
    assert [l.pmid for l in links] == [22144687, 5683731, 27797938]
    assert links[0].title == "GenBank." and links[1].doi == "10.1038/sc.1968.18"  # recorded summaries
    assert links[2].title.startswith("Leucocyte telomere length")
    assert all(l.kind == LinkKind.CITED_BY for l in links)
    assert eutils_server.count("esummary") == 1
    assert eutils_server.requests[0].get("version") == "2.0"


def test_summaries_leave_out_unknown(eutils_server, source):
    eutils_server.unknown_pmids.add(424242)
    assert [l.pmid for l in source.summaries([424242, 5683731])] == [5683731]


def test_summaries_of_many_pmids(eutils_server, source):
    links = source.summaries(range(1000, 1450))
    assert len(links) == 450
    assert eutils_server.count("esummary") == 3


def test_server_delay_applies_to_every_request(eutils_server, source):
    eutils_server.delay = 0.2
    start = time.monotonic()
    source.resolve_pmcid("PMC1")
    assert time.monotonic() - start >= 0.2


# -- batched resolution of DOIs and PMC IDs ---------------------------------------------


def _publish_dois(server, count, first_pmid=38_000_000):
    """``count`` papers PubMed knows by DOI: DOI -> PMID."""
    known = {}
    for k in range(count):
        doi = f"10.5555/refdesk.{k}"
        server.publish(first_pmid + k, doi=doi)
        known[doi] = first_pmid + k
    return known


def test_a_hundred_dois_take_three_requests(eutils_server, source):
    known = _publish_dois(eutils_server, 90)
    eutils_server.publish(38_999_999, doi="10.5555/something-else")
    eutils_server.search_results['"10.1000/lookalike"[doi]'] = [38_999_999]
    unknown = [f"10.9999/unknown.{k}" for k in range(8)]
    dois = ([d.upper() for d in known] + ["https://doi.org/10.1136/GUTJNL-2016-312510"]
            + unknown + ["10.1000/lookalike"])
    assert len(dois) == 100

    found = source.resolve_dois(dois)

    assert found == {**known, "10.1136/gutjnl-2016-312510": 27797938,
                     **dict.fromkeys(unknown), "10.1000/lookalike": None}
    searches = eutils_server.requests_to("esearch")
    assert [r.endpoint for r in eutils_server.requests] == ["esearch", "esearch", "esummary"]
    assert all(r.method == "POST" for r in searches)
    terms = [r.get("term").split(" OR ") for r in searches]
    assert [len(t) for t in terms] == [50, 50]
    assert terms[0][0] == '"10.5555/refdesk.0"[doi]'
    assert [int(r.get("retmax")) for r in searches] == [1000, 1000]  # room for every candidate
    summary, = eutils_server.requests_to("esummary")
    assert len(summary.ids) == 92  # 90 + the recorded paper + the look-alike, in one call


def test_dois_of_several_batches_are_summarised_per_batch(eutils_server, source):
    known = _publish_dois(eutils_server, 450)
    assert source.resolve_dois(known) == known
    assert eutils_server.count("esearch") == 9  # 200 = 4 x 50, 200, 50
    assert [len(r.ids) for r in eutils_server.requests_to("esummary")] == [200, 200, 50]


def test_long_dois_make_shorter_terms(eutils_server, source):
    known = {f"10.5555/{'x' * 300}.{k}": 38_000_000 + k for k in range(30)}
    for doi, pmid in known.items():
        eutils_server.publish(pmid, doi=doi)
    assert source.resolve_dois(known) == known
    terms = [r.get("term") for r in eutils_server.requests_to("esearch")]
    assert len(terms) == 3 and all(len(t) <= 4000 for t in terms)


def test_a_candidate_carrying_another_asked_doi_is_taken_for_that_one(eutils_server, source):
    # ESearch of an OR does not say which hit belongs to which term; the summaries do.
    eutils_server.publish(38_000_001, doi="10.5555/b")
    eutils_server.search_results['"10.5555/a"[doi]'] = [38_000_001]
    eutils_server.search_results['"10.5555/b"[doi]'] = []
    assert source.resolve_dois(["10.5555/a", "10.5555/b"]) == {"10.5555/a": None, "10.5555/b": 38_000_001}


def test_no_candidates_means_no_summary_request(eutils_server, source):
    assert source.resolve_dois(["10.9999/a", "10.9999/b"]) == {"10.9999/a": None, "10.9999/b": None}
    assert eutils_server.count() == 1
    assert source.resolve_dois([]) == {} and eutils_server.count() == 1


def test_a_hundred_pmcids_take_three_requests(eutils_server, source):
    known = {}
    for k in range(95):
        pmcid = f"PMC{900_000 + k}"
        eutils_server.publish(38_000_000 + k, pmcid=pmcid)
        known[pmcid] = 38_000_000 + k
    eutils_server.publish(38_999_999, pmcid="PMC999999")
    eutils_server.search_results["PMC777777[pmcid]"] = [38_999_999]  # a hit carrying another PMC ID
    unknown = ["PMC1", "PMC2", "PMC3"]
    asked = [p.lower() for p in known] + ["PMC5442267"] + unknown + ["PMC777777"]
    assert len(asked) == 100

    found = source.resolve_pmcids(asked)

    assert found == {**known, "PMC5442267": 27797938, **dict.fromkeys(unknown), "PMC777777": None}
    assert [r.endpoint for r in eutils_server.requests] == ["esearch", "esearch", "esummary"]
    assert eutils_server.requests[0].get("term").startswith("PMC900000[pmcid] OR PMC900001[pmcid] OR ")
    assert len(eutils_server.requests_to("esummary")[0].ids) == 97


def test_a_single_pmcid_hit_is_checked_against_its_summary(eutils_server, source):
    eutils_server.search_results["PMC42[pmcid]"] = [9997]  # 9997's record has no PMC ID
    assert source.resolve_pmcid("PMC42") is None
    assert [r.endpoint for r in eutils_server.requests] == ["esearch", "esummary"]


def test_a_failed_batch_is_reported_and_the_next_batches_still_run(eutils_settings, eutils_server):
    with EutilsClient(eutils_settings) as client:
        source = PubMedSource(client, batch_size=10)
        known = _publish_dois(eutils_server, 25)
        eutils_server.inject(*[Fault.http_status(503, endpoint="esearch")] * 4)  # every try of one request
        batches = list(source.resolve_doi_batches(known))
    assert [len(b.requested) for b in batches] == [10, 10, 5]
    first, *rest = batches
    assert first.pmids == {} and "503" in str(first.error)
    assert all(b.error is None for b in rest)
    assert {d: p for b in rest for d, p in b.pmids.items()} == dict(list(known.items())[10:])
    with pytest.raises(SourceError, match="503"):
        eutils_server.inject(*[Fault.http_status(503, endpoint="esummary")] * 4)
        source.resolve_dois(known)


def test_an_unreadable_summary_fails_its_batch(eutils_server, source):
    eutils_server.inject(Fault.truncated(keep_length=False, endpoint="esummary"))
    batch, = source.resolve_pmcid_batches(["PMC5442267"])
    assert "unreadable ESummary" in str(batch.error)


def test_resolution_stops_between_batches_when_cancelled(eutils_settings, eutils_server):
    cancel = CancelToken()
    with EutilsClient(eutils_settings) as client:
        source = PubMedSource(client, batch_size=10)
        seen = []
        for batch in source.resolve_doi_batches(_publish_dois(eutils_server, 30), cancel=cancel):
            seen.append(batch)
            cancel.cancel()
    assert len(seen) == 1 and len(seen[0].pmids) == 10
    assert eutils_server.count("esearch") == 1


def test_resolution_rejects_what_is_not_an_identifier(eutils_server, source):
    with pytest.raises(ValueError, match="not a DOI"):
        source.resolve_doi_batches(["10.1000/x", "hello"])
    with pytest.raises(ValueError, match="not a PMC ID"):
        source.resolve_pmcids(["PMC1", "x12"])
    assert eutils_server.count() == 0


def test_a_search_filled_to_its_retmax_is_checked_again_one_by_one(eutils_server, source):
    # "a" matches loosely and often: its hits fill the OR search's retmax
    # (20 per term) and crowd out the one paper that carries "b".
    eutils_server.publish(38_000_002, doi="10.5555/b")
    eutils_server.search_results['"10.5555/a"[doi]'] = list(range(37_000_000, 37_000_045))
    eutils_server.search_results['"10.5555/b"[doi]'] = [38_000_002]
    assert source.resolve_dois(["10.5555/a", "10.5555/b"]) == {"10.5555/a": None, "10.5555/b": 38_000_002}
    terms = [r.get("term") for r in eutils_server.requests_to("esearch")]
    assert terms[0] == '"10.5555/a"[doi] OR "10.5555/b"[doi]'
    assert sorted(terms[1:]) == ['"10.5555/a"[doi]', '"10.5555/b"[doi]']  # the second look, one by one
