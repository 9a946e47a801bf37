"""The HTTP client against the local replay server: parameters, rate limit, retries."""

from __future__ import annotations

import threading
import time

import pytest
from replay_server import EUTILS, Fault

from refdesk.errors import RateLimitedError, SourceError
from refdesk.sources.eutils import ESEARCH_GET_LIMIT, EutilsClient, RateLimiter, make_session, user_agent
from refdesk.sources.eutils_xml import parse_esearch


@pytest.fixture
def client(eutils_settings):
    with EutilsClient(eutils_settings) as c:
        yield c


def test_tool_email_and_api_key_on_every_call(eutils_server, eutils_settings):
    settings = eutils_settings.with_changes(api_key="abc123")
    with EutilsClient(settings) as client:
        client.efetch([27797938])
        client.elink([27797938], linkname="pubmed_pubmed", cmd="neighbor_score")
        client.esummary([27797938])
        client.esearch("10.1136/gutjnl-2016-312510[doi]")
    assert [r.endpoint for r in eutils_server.requests] == ["efetch", "elink", "esummary", "esearch"]
    for request in eutils_server.requests:
        assert request.get("tool") == "refdesk"
        assert request.get("email") == "test@example.org"
        assert request.get("api_key") == "abc123"
        assert request.headers["user-agent"].startswith("RefDesk/")
        assert "mailto:test@example.org" in request.headers["user-agent"]


def test_no_api_key_parameter_without_a_key(eutils_server, client):
    client.esearch("x")
    assert eutils_server.requests[0].get("api_key") is None


def test_efetch_posts_a_form(eutils_server, client):
    body = client.efetch([27797938, 9997])
    assert body.count(b"<PubmedArticle>") == 2
    request, = eutils_server.requests
    assert request.method == "POST"
    assert (request.get("db"), request.get("retmode"), request.ids) == ("pubmed", "xml", [27797938, 9997])


def test_elink_repeats_id_parameters(eutils_server, client):
    client.elink([1, 2, 3], linkname=["pubmed_pubmed_citedin", "pubmed_pubmed_refs"])
    request, = eutils_server.requests
    assert request.getall("id") == ["1", "2", "3"]
    assert request.get("linkname") == "pubmed_pubmed_citedin,pubmed_pubmed_refs"
    assert request.get("cmd") == "neighbor" and request.get("dbfrom") == "pubmed"


def test_esearch_uses_get(eutils_server, client):
    client.esearch('"10.1000/x"[doi]')
    request, = eutils_server.requests
    assert request.method == "GET" and request.get("term") == '"10.1000/x"[doi]'


def test_a_long_esearch_term_is_posted(eutils_server, client):
    term = " OR ".join(f'"10.1000/x{k}"[doi]' for k in range(40))
    assert len(term) > ESEARCH_GET_LIMIT
    client.esearch(term, retmax=800)
    request, = eutils_server.requests
    assert request.method == "POST"
    assert (request.get("term"), request.get("retmax"), request.get("db")) == (term, "800", "pubmed")


def test_or_terms_find_the_hits_of_any_term_up_to_retmax(eutils_server, client):
    term = '"10.1136/GUTJNL-2016-312510"[doi] OR "10.9999/none"[doi] OR PMC5771820[pmcid]'
    assert parse_esearch(client.esearch(term)) == [27797938, 28775130]
    first = client.esearch(term, retmax=1)
    assert parse_esearch(first) == [27797938] and b"<Count>2</Count>" in first
    assert parse_esearch(client.esearch('"10.9999/none"[doi] OR PMC1[pmcid]')) == []


def test_user_agent_and_session():
    from refdesk.settings import Settings
    settings = Settings(email="me@example.org")
    assert user_agent(settings).startswith("RefDesk/") and user_agent(settings).endswith("(mailto:me@example.org)")
    session = make_session(settings)
    assert session.headers["User-Agent"] == user_agent(settings)
    session.close()


# -- rate limit, measured at the server --------------------------------------------------


def _windows(times: list[float], per_second: int) -> float:
    """The shortest time spanned by per_second + 1 consecutive requests."""
    return min(times[i + per_second] - times[i] for i in range(len(times) - per_second))


def test_three_requests_per_second_without_key(eutils_server, eutils_settings):
    settings = eutils_settings.with_changes(rate_limit=None, api_key="")
    with EutilsClient(settings) as client:
        for _ in range(7):
            client.esearch("x")
    times = [r.time for r in eutils_server.requests]
    assert _windows(times, 3) >= 0.95  # never 4 requests within one second
    assert times[-1] - times[0] < 2.6  # and not slower than needed


def test_ten_requests_per_second_with_key_shared_by_threads(eutils_server, eutils_settings):
    settings = eutils_settings.with_changes(rate_limit=None, api_key="k")
    with EutilsClient(settings) as client:
        threads = [threading.Thread(target=lambda: [client.esearch("x") for _ in range(4)]) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    times = sorted(r.time for r in eutils_server.requests)
    assert len(times) == 16
    assert _windows(times, 10) >= 0.95
    assert times[-1] - times[0] < 2.0


def test_token_bucket_with_injected_clock():
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(4, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        limiter.acquire()
    assert slept == pytest.approx([0.25, 0.25, 0.25, 0.25])
    now[0] += 10  # an idle period does not let a burst through
    limiter.acquire()
    limiter.acquire()
    assert slept[-1] == pytest.approx(0.25)


# -- faults and retries ---------------------------------------------------------------------


def test_429_without_retry_after_is_retried(eutils_server, client):
    eutils_server.inject(Fault.http_429(), Fault.http_429())
    assert b"<PubmedArticle>" in client.efetch([27797938])
    assert eutils_server.count("efetch") == 3


def test_retry_after_is_honoured(eutils_server, client):
    eutils_server.inject(Fault.http_429(retry_after=1))
    client.esearch("x")
    first, second = eutils_server.requests
    assert second.time - first.time >= 0.95


def test_retry_after_as_http_date(eutils_server, client):
    from email.utils import formatdate
    eutils_server.inject(Fault.http_429(retry_after=formatdate(time.time() + 2, usegmt=True)))
    client.esearch("x")
    first, second = eutils_server.requests
    assert second.time - first.time >= 0.9


def test_persistent_429_raises_rate_limited(eutils_server, client):
    eutils_server.inject(*[Fault.http_429() for _ in range(4)])
    with pytest.raises(RateLimitedError) as info:
        client.esearch("x")
    assert eutils_server.count() == 4  # 1 + max_retries
    assert info.value.status == 429
    assert "too frequent" in str(info.value) and "API key" in str(info.value)


def test_a_very_long_retry_after_fails_at_once(eutils_server, client):
    eutils_server.inject(Fault.http_429(retry_after=3600))
    with pytest.raises(RateLimitedError):
        client.esearch("x")
    assert eutils_server.count() == 1


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried(eutils_server, client, status):
    eutils_server.inject(Fault.http_status(status))
    assert client.esearch("x")
    assert eutils_server.count() == 2


def test_persistent_server_error_message(eutils_server, client):
    eutils_server.inject(*[Fault.http_status(503) for _ in range(4)])
    with pytest.raises(SourceError) as info:
        client.efetch([1])
    assert not isinstance(info.value, RateLimitedError)
    assert str(info.value) == "NCBI efetch failed after 4 attempts: HTTP 503 Service Unavailable"
    assert info.value.status == 503 and info.value.retryable


def test_backoff_grows_between_retries(eutils_server, eutils_settings):
    settings = eutils_settings.with_changes(backoff=0.1)
    with EutilsClient(settings, jitter=lambda: 0.5) as client:  # jitter factor 1.0
        eutils_server.inject(Fault.http_status(500), Fault.http_status(500))
        client.esearch("x")
    t = [r.time for r in eutils_server.requests]
    assert t[1] - t[0] >= 0.1 and t[2] - t[1] >= 0.2


def test_connection_reset_is_retried(eutils_server, client):
    eutils_server.inject(Fault.reset())
    assert b"<PubmedArticle>" in client.efetch([27797938])
    assert eutils_server.count() == 2


def test_persistent_connection_failure(eutils_server, client):
    eutils_server.inject(*[Fault.reset() for _ in range(4)])
    with pytest.raises(SourceError, match="connection to NCBI failed"):
        client.efetch([1])
    assert eutils_server.count() == 4


def test_slow_answer_times_out_and_is_retried(eutils_server, eutils_settings):
    settings = eutils_settings.with_changes(timeout=0.3)
    with EutilsClient(settings) as client:
        eutils_server.inject(Fault.slow(1.0))
        start = time.monotonic()
        assert client.esearch("x")
        assert time.monotonic() - start >= 0.3
    assert eutils_server.count() == 2


def test_persistent_timeout_message(eutils_server, eutils_settings):
    settings = eutils_settings.with_changes(timeout=0.25, max_retries=1)
    with EutilsClient(settings) as client:
        eutils_server.inject(Fault.slow(1.0), Fault.slow(1.0))
        with pytest.raises(SourceError, match=r"did not answer within 0.25 s") as info:
            client.esearch("x")
    assert "2 attempts" in str(info.value)
    assert eutils_server.count() == 2


def test_body_cut_short_of_its_length_is_retried(eutils_server, client):
    eutils_server.inject(Fault.truncated(keep_length=True))
    body = client.efetch([27797938])
    assert body.rstrip().endswith(b"</PubmedArticleSet>")
    assert eutils_server.count() == 2


def test_error_body_with_http_200_is_a_source_error_not_retried(eutils_server, client):
    eutils_server.inject(Fault.error_body("Search Backend failed: timeout"))
    with pytest.raises(SourceError) as info:
        client.efetch([1])
    assert str(info.value) == "NCBI efetch reported an error: Search Backend failed: timeout"
    assert eutils_server.count() == 1


def test_recorded_error_bodies_carry_ncbi_messages(eutils_server, client):
    body = (EUTILS / "errors" / "biopython_epost3.xml").read_bytes()
    eutils_server.inject(Fault("body", body=body))
    with pytest.raises(SourceError, match="Empty ID list; Nothing to store; Some IDs have invalid value"):
        client.esummary([1])


def test_client_error_is_not_retried(eutils_server, client):
    eutils_server.inject(Fault.http_status(400))
    with pytest.raises(SourceError, match=r"refused the request \(HTTP 400\)") as info:
        client.esearch("x")
    assert info.value.status == 400
    assert eutils_server.count() == 1


def test_unreachable_server(eutils_settings):
    settings = eutils_settings.with_changes(eutils_url="http://127.0.0.1:9/entrez/eutils/", max_retries=1)
    with EutilsClient(settings) as client, pytest.raises(SourceError, match="connection to NCBI failed"):
        client.esearch("x")
