"""Importing from PubMed through the service, against the local replay server."""

from __future__ import annotations

import pytest

from refdesk.errors import RefDeskError
from refdesk.model import CancelToken, LinkKind, Outcome, Query
from refdesk.services import open_services
from replay_server import Fault


@pytest.fixture
def online(tmp_path, eutils_settings):
    services = open_services(tmp_path / "library.sqlite", eutils_settings, demo=False)
    yield services
    services.close()


def test_a_mix_of_identifiers_is_resolved_fetched_and_stored_with_links(online, eutils_server):
    eutils_server.synthesize = False
    report = online.importer.add_identifiers(
        "11748933 PMID: 11700088 10.1093/xyz PMC1234 https://pubmed.ncbi.nlm.nih.gov/12091962/"
    )
    outcomes = {item.item: item.outcome for item in report.items}
    assert outcomes == {
        "PMID 11748933": Outcome.ADDED,
        "PMID 11700088": Outcome.ADDED,
        "PMID 12091962": Outcome.ADDED,
        "doi:10.1093/xyz": Outcome.NOT_FOUND,
        "PMC1234": Outcome.NOT_FOUND,
    }
    paper = online.library.find_pmid(11748933)
    assert paper.title.startswith("Is cryopreservation a homogeneous process?")
    assert paper.source == "pubmed"


def test_links_are_stored_in_rank_order_with_scores_and_no_self_link(online, eutils_server):
    online.importer.add_identifiers("31000000")
    paper = online.library.find_pmid(31000000)
    similar = paper.links_of(LinkKind.SIMILAR)
    assert [l.pmid for l in similar] == [31000001 + k for k in range(5)]
    assert all(l.pmid != 31000000 for l in similar)
    assert [l.score for l in similar] == sorted((l.score for l in similar), reverse=True)
    assert len(paper.links_of(LinkKind.CITED_BY)) == 5
    assert len(paper.links_of(LinkKind.REFERENCES)) == 5


def test_a_doi_is_resolved_only_to_a_record_that_carries_it(online, eutils_server):
    report = online.importer.add_identifiers("https://doi.org/10.1136/gutjnl-2016-312510")
    assert [i.outcome for i in report.items] == [Outcome.ADDED]
    assert online.library.find_pmid(27797938).doi == "10.1136/gutjnl-2016-312510"
    # ESearch answering with a record that does not carry the DOI is not a match.
    eutils_server.search_results['"10.1000/unrelated"[doi]'] = [27797938]
    report = online.importer.add_identifiers("doi:10.1000/unrelated")
    assert [i.outcome for i in report.items] == [Outcome.NOT_FOUND]


def test_1000_pmids_take_few_requests_and_all_arrive(online, eutils_server):
    pmids = [32000000 + k * 7 for k in range(1000)]
    report = online.importer.add_identifiers(" ".join(map(str, pmids)))
    assert report.count(Outcome.ADDED) == 1000
    assert online.library.count() == 1000
    assert eutils_server.count() <= 20
    assert all(len(r.ids) <= 200 for r in eutils_server.requests_to("efetch"))
    assert all(r.method == "POST" for r in eutils_server.requests_to("efetch"))


def test_missing_pmids_are_reported_as_not_found(online, eutils_server):
    eutils_server.unknown_pmids = {33000001}
    report = online.importer.add_identifiers("33000000 33000001")
    assert {i.item: i.outcome for i in report.items} == {
        "PMID 33000000": Outcome.ADDED, "PMID 33000001": Outcome.NOT_FOUND}
    assert not report.ok


def test_a_failure_halfway_keeps_finished_batches_and_a_rerun_completes(online, eutils_server):
    pmids = " ".join(str(34000000 + k) for k in range(400))
    progress = []

    def fail_after_first_batch(p):
        progress.append(p.done)
        if p.done == 200:
            eutils_server.inject(*[Fault.http_status(503, endpoint="efetch")] * 10)

    report = online.importer.add_identifiers(pmids, progress=fail_after_first_batch)
    assert report.count(Outcome.ADDED) == 200
    assert report.count(Outcome.FAILED) == 200
    assert "503" in next(i.reason for i in report.items if i.outcome == Outcome.FAILED)
    assert online.library.count() == 200
    eutils_server.faults.clear()
    again = online.importer.add_identifiers(pmids)
    assert again.count(Outcome.ADDED) == 200 and again.count(Outcome.UNCHANGED) == 200
    assert online.library.count() == 400


def test_a_truncated_answer_fails_its_batch_and_touches_nothing_stored(online, eutils_server):
    online.importer.add_identifiers("35000000")
    before = online.library.find_pmid(35000000)
    eutils_server.inject(Fault.truncated(keep_length=False, endpoint="efetch"))
    report = online.importer.refresh([before.id])
    assert [i.outcome for i in report.items] == [Outcome.FAILED]
    assert online.library.find_pmid(35000000) == before


def test_cancel_stops_between_batches(online, eutils_server):
    token = CancelToken()
    report = online.importer.add_identifiers(
        " ".join(str(36000000 + k) for k in range(600)),
        progress=lambda p: token.cancel() if p.done >= 200 else None,
        cancel=token,
    )
    assert report.cancelled
    assert online.library.count() == 200


def test_refresh_updates_metadata_but_never_the_key(online, eutils_server):
    online.importer.add_identifiers("11748933")
    paper = online.library.find_pmid(11748933)
    online.library.set_citekey(paper.id, "mine2001")
    report = online.importer.refresh([paper.id])
    assert [i.outcome for i in report.items] in ([Outcome.UNCHANGED], [Outcome.UPDATED])
    assert online.library.get(paper.id).citekey == "mine2001"


def test_pane_titles_are_fetched_once_then_cached(online, eutils_server):
    online.importer.add_identifiers("37000000")
    paper = online.library.find_pmid(37000000)
    assert not any(l.has_summary for l in paper.links)
    eutils_server.reset_log()
    filled = online.importer.fetch_link_summaries(paper.id)
    assert all(l.title and l.year for l in filled.links)
    assert eutils_server.count("esummary") == 1  # 15 linked papers, one batched call
    eutils_server.reset_log()
    online.importer.fetch_link_summaries(paper.id)
    assert eutils_server.count() == 0


def test_text_without_identifiers_gives_a_clear_message(online):
    with pytest.raises(RefDeskError, match="No PubMed ID"):
        online.importer.add_identifiers("just some words")


def test_no_network_gives_a_clear_failure(tmp_path, offline_settings):
    services = open_services(tmp_path / "x.sqlite", offline_settings, demo=False)
    try:
        report = services.importer.add_identifiers("11748933")
        assert [i.outcome for i in report.items] == [Outcome.FAILED]
        assert report.items[0].reason
        assert services.library.count(Query()) == 0
    finally:
        services.close()
