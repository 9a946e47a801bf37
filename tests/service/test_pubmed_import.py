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


# -- many DOIs and PMC IDs: resolved in batches ------------------------------------------


def _publish(server, count, first_pmid, **ids):
    """``count`` papers PubMed knows: identifier -> PMID (ids: doi= or pmcid= with a {k} pattern)."""
    (kind, pattern), = ids.items()
    known = {}
    for k in range(count):
        value = pattern.format(k=k)
        server.publish(first_pmid + k, **{kind: value})
        known[value] = first_pmid + k
    return known


def test_a_hundred_dois_are_resolved_in_three_requests(online, eutils_server):
    online.importer.add_identifiers("10.1136/gutjnl-2016-312510")  # already in the library: no lookup
    eutils_server.reset_log()
    known = _publish(eutils_server, 90, 38_100_000, doi="10.5555/refdesk.{k}")
    eutils_server.publish(38_199_999, doi="10.5555/another-doi")
    eutils_server.search_results['"10.1000/lookalike"[doi]'] = [38_199_999]  # a hit carrying another DOI
    unknown = [f"10.9999/unknown.{k}" for k in range(8)]
    dois = [*list(known)[:45], "10.1136/gutjnl-2016-312510", *unknown, "10.1000/lookalike", *list(known)[45:]]
    assert len(dois) == 100
    steps = []

    report = online.importer.add_identifiers("\n".join(dois), progress=steps.append)

    lookups = eutils_server.count("esearch") + eutils_server.count("esummary")
    assert (eutils_server.count("esearch"), eutils_server.count("esummary"), lookups) == (2, 1, 3)
    assert all(r.method == "POST" for r in eutils_server.requests_to("esearch"))
    assert "gutjnl" not in " ".join(r.get("term") for r in eutils_server.requests_to("esearch"))
    assert eutils_server.count() == 6  # + 1 efetch and 2 elink for the 90 new papers
    assert [i.item for i in report.items[:9]] == [f"doi:{d}" for d in [*unknown, "10.1000/lookalike"]]
    assert {i.outcome for i in report.items[:9]} == {Outcome.NOT_FOUND}
    assert {i.reason for i in report.items[:9]} == {"PubMed does not know it"}
    outcomes = {i.item: i.outcome for i in report.items[9:]}
    assert outcomes == {**{f"doi:{d}": Outcome.ADDED for d in known},
                        "doi:10.1136/gutjnl-2016-312510": Outcome.UNCHANGED}
    assert online.library.find_doi("10.5555/refdesk.7").pmid == 38_100_007
    assert [(s.done, s.total) for s in steps if s.message == "Looking up identifiers"] == [(0, 100), (100, 100)]


def test_a_hundred_pmcids_are_resolved_in_three_requests(online, eutils_server):
    known = _publish(eutils_server, 95, 38_200_000, pmcid="PMC9{k:05d}")
    eutils_server.publish(38_299_999, pmcid="PMC999999")
    eutils_server.search_results["PMC777777[pmcid]"] = [38_299_999]  # a hit carrying another PMC ID
    text = " ".join([*known, "PMC5442267", "PMC1", "PMC2", "PMC777777"]) + " 11748933 doi:10.9999/nope"

    report = online.importer.add_identifiers(text)

    assert (eutils_server.count("esearch"), eutils_server.count("esummary")) == (3, 1)  # 2 for PMC IDs, 1 for the DOI
    assert [(i.item, i.outcome) for i in report.items[:4]] == [
        ("PMC1", Outcome.NOT_FOUND), ("PMC2", Outcome.NOT_FOUND), ("PMC777777", Outcome.NOT_FOUND),
        ("doi:10.9999/nope", Outcome.NOT_FOUND)]
    added = {i.item for i in report.items if i.outcome == Outcome.ADDED}
    assert added == {*known, "PMC5442267", "PMID 11748933"}
    assert online.library.find_pmid(38_200_003).pmcid == "PMC900003"
    assert online.library.find_pmid(27797938).pmcid == "PMC5442267"


def test_a_failed_lookup_batch_fails_its_identifiers_and_a_rerun_completes(online, eutils_server):
    known = _publish(eutils_server, 250, 38_300_000, doi="10.5555/batch.{k}")
    text = "\n".join(known)
    # Every try of the first ESearch fails: the first batch of 200 DOIs fails, the next 50 go on.
    eutils_server.inject(*[Fault.http_status(503, endpoint="esearch")] * 4)

    report = online.importer.add_identifiers(text)

    failed = [i for i in report.items if i.outcome == Outcome.FAILED]
    assert [i.item for i in failed] == [f"doi:{d}" for d in list(known)[:200]]
    assert all("503" in i.reason for i in failed)
    assert report.count(Outcome.ADDED) == 50 and len(report.items) == 250
    assert online.library.count() == 50
    eutils_server.reset_log()

    again = online.importer.add_identifiers(text)

    assert again.count(Outcome.ADDED) == 200 and again.count(Outcome.UNCHANGED) == 50
    assert online.library.count() == 250
    assert eutils_server.count("esearch") == 4  # the 50 stored ones are answered by the library


def test_cancel_stops_between_lookup_batches(online, eutils_server):
    known = _publish(eutils_server, 250, 38_400_000, doi="10.5555/cancel.{k}")
    token = CancelToken()

    def cancel_after_first_batch(progress):
        if progress.message == "Looking up identifiers" and progress.done:
            token.cancel()

    report = online.importer.add_identifiers(
        "\n".join([*known, "10.9999/unknown"]), progress=cancel_after_first_batch, cancel=token)

    assert report.cancelled
    assert report.items == ()  # the first 200 DOIs were all found; nothing was fetched
    assert (eutils_server.count("esearch"), eutils_server.count("esummary"), eutils_server.count("efetch")) == (4, 1, 0)
    assert online.library.count() == 0


def test_lookups_without_pubmed_fail_with_the_reason(library):
    from refdesk.importing import Importer

    report = Importer(library, None).add_identifiers("10.1000/a PMC5")
    assert [(i.item, i.outcome) for i in report.items] == [("doi:10.1000/a", Outcome.FAILED), ("PMC5", Outcome.FAILED)]
    assert all("PubMed is not available" in i.reason for i in report.items)
