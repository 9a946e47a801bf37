"""HTTP transport for NCBI E-utilities: rate limit, retries, error mapping.

The client returns raw bytes; turning them into papers and links is the job
of the pure parsers (:mod:`.pubmed_xml`, :mod:`.eutils_xml`).  Everything NCBI
asks of a well-behaved tool lives here:

* ``tool`` and ``email`` on every call, ``api_key`` when the user set one;
* at most 3 requests per second, 10 with an API key (or ``settings.rate_limit``),
  shared by every thread using the client;
* a timeout on every request;
* retries with exponential backoff and jitter on HTTP 429, 5xx, timeouts and
  broken connections, honouring ``Retry-After``;
* failures surface as :class:`SourceError` (or :class:`RateLimitedError`)
  with a message fit for the user, including errors NCBI reports with
  HTTP 200 and an ``<ERROR>`` body.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata
from typing import Literal

import requests

from refdesk.errors import RateLimitedError, SourceError
from refdesk.settings import Settings
from refdesk.sources.eutils_xml import error_messages

__all__ = ["ESEARCH_GET_LIMIT", "EutilsClient", "RateLimiter", "make_session", "user_agent"]

Params = list[tuple[str, str]]

#: Longest ESearch term sent in a GET query string; longer ones are POSTed.
ESEARCH_GET_LIMIT = 500
#: Longest ``Retry-After`` RefDesk waits for; beyond it the request fails at once.
MAX_RETRY_AFTER = 60.0
_RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))


def user_agent(settings: Settings) -> str:
    """``RefDesk/0.1.0 (mailto:me@example.org)``: NCBI asks tools to say who they are."""
    try:
        version = metadata.version("refdesk")
    except metadata.PackageNotFoundError:
        version = "0"
    contact = f" (mailto:{settings.email})" if settings.email else ""
    return f"RefDesk/{version}{contact}"


def make_session(settings: Settings) -> requests.Session:
    """The one HTTP session RefDesk uses for NCBI (keep-alive, User-Agent)."""
    session = requests.Session()
    session.headers["User-Agent"] = user_agent(settings)
    session.headers["Accept-Encoding"] = "gzip, deflate"
    return session


class RateLimiter:
    """A thread-safe token bucket holding at most ``burst`` tokens.

    NCBI counts requests per rolling second, so the default burst of one
    spaces requests evenly at ``1/rate`` seconds: a larger bucket would let
    ``burst + rate`` requests into the first second.  Each caller reserves its
    slot under the lock and sleeps outside it, so threads queue fairly.
    """

    def __init__(self, rate: float, *, burst: float = 1.0,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = float(rate)
        self.burst = float(burst)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = self.burst
        self._last = clock()

    def acquire(self) -> float:
        """Wait for a token; return the seconds waited."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
            self._last = now
            self._tokens -= 1.0
            wait = 0.0 if self._tokens >= 0 else -self._tokens / self.rate
        if wait > 0:
            self._sleep(wait)
        return wait


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now)


class EutilsClient:
    """Raw access to the E-utilities RefDesk uses; every method returns the body bytes.

    The client does not chunk: callers (:class:`~.pubmed.PubMedSource`) send
    at most 200 IDs per call, the size NCBI recommends for one POST.
    """

    def __init__(
        self,
        settings: Settings,
        session: requests.Session | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.settings = settings
        self._owns_session = session is None
        self.session = session if session is not None else make_session(settings)
        self._clock = clock
        self._sleep = sleep
        self._jitter = jitter
        self.limiter = RateLimiter(settings.requests_per_second, clock=clock, sleep=sleep)
        base = settings.eutils_url
        self.base_url = base if base.endswith("/") else base + "/"

    # -- the E-utilities ----------------------------------------------------------

    def efetch(self, pmids: Iterable[int]) -> bytes:
        """PubMed XML for ``pmids`` (HTTP POST; unknown PMIDs are simply absent)."""
        ids = ",".join(str(int(p)) for p in pmids)
        return self.request("efetch", [("db", "pubmed"), ("retmode", "xml"), ("id", ids)], post=True)

    def elink(
        self,
        pmids: Iterable[int],
        *,
        linkname: str | Sequence[str] | None = None,
        cmd: str = "neighbor",
    ) -> bytes:
        """ELink from PubMed to PubMed, one ``LinkSet`` per PMID.

        The IDs go as repeated ``id=`` parameters: a single comma list would
        make NCBI merge every paper's links into one ``LinkSet``.  Several
        link names may be asked at once (a comma list of ``linkname``).
        """
        params: Params = [("dbfrom", "pubmed"), ("db", "pubmed"), ("cmd", cmd), ("retmode", "xml")]
        if linkname:
            names = [linkname] if isinstance(linkname, str) else list(linkname)
            params.append(("linkname", ",".join(names)))
        params.extend(("id", str(int(p))) for p in pmids)
        return self.request("elink", params, post=True)

    def esummary(self, pmids: Iterable[int], *, version: Literal["1.0", "2.0"] = "2.0") -> bytes:
        """Document summaries (titles, journals, authors) for ``pmids``."""
        params: Params = [("db", "pubmed"), ("retmode", "xml"),
                          ("id", ",".join(str(int(p)) for p in pmids))]
        if version == "2.0":
            params.append(("version", "2.0"))
        return self.request("esummary", params, post=True)

    def esearch(self, term: str, *, retmax: int = 20) -> bytes:
        """PubMed search; RefDesk uses it to turn DOIs and PMC IDs into PMIDs.

        A term longer than :data:`ESEARCH_GET_LIMIT` characters (many OR'ed
        identifiers) goes as a POST form: NCBI asks for POST for long requests.
        """
        params: Params = [("db", "pubmed"), ("term", term), ("retmax", str(retmax)), ("retmode", "xml")]
        return self.request("esearch", params, post=len(term) > ESEARCH_GET_LIMIT)

    # -- transport -----------------------------------------------------------------

    def _common(self) -> Params:
        params: Params = [("tool", self.settings.tool)]
        if self.settings.email:
            params.append(("email", self.settings.email))
        if self.settings.api_key:
            params.append(("api_key", self.settings.api_key))
        return params

    def request(self, endpoint: str, params: Params, *, post: bool = False) -> bytes:
        """One E-utility call with rate limiting and retries; the body on success."""
        url = f"{self.base_url}{endpoint}.fcgi"
        params = params + self._common()
        attempts = max(0, self.settings.max_retries) + 1
        problem = ""
        retry_after: float | None = None
        for attempt in range(attempts):
            if attempt:
                self._sleep(self._backoff(attempt - 1, retry_after))
            retry_after = None
            self.limiter.acquire()
            try:
                if post:
                    response = self.session.post(url, data=params, timeout=self.settings.timeout)
                else:
                    response = self.session.get(url, params=params, timeout=self.settings.timeout)
                body = response.content
            except requests.Timeout:
                problem = f"NCBI did not answer within {self.settings.timeout:g} s"
                continue
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError) as exc:
                problem = f"the connection to NCBI failed ({_short(exc)})"
                continue
            except requests.RequestException as exc:
                raise SourceError(f"NCBI {endpoint} request failed: {_short(exc)}") from exc

            status = response.status_code
            if status in _RETRY_STATUSES:
                messages = error_messages(body)
                detail = f": {messages[0]}" if messages else ""
                problem = f"HTTP {status} {response.reason or ''}".rstrip() + detail
                retry_after = _retry_after(response.headers.get("Retry-After"), time.time())
                if retry_after is not None and retry_after > MAX_RETRY_AFTER:
                    break
                continue
            messages = error_messages(body)
            if status >= 400:
                detail = "; ".join(messages) or (response.reason or "error")
                raise SourceError(f"NCBI {endpoint} refused the request (HTTP {status}): {detail}", status=status)
            if messages:
                raise SourceError(f"NCBI {endpoint} reported an error: {'; '.join(messages)}", status=status)
            return body

        tries = f"{attempts} attempt{'s' if attempts != 1 else ''}"
        if problem.startswith("HTTP 429"):
            raise RateLimitedError(
                f"NCBI refused the {endpoint} requests as too frequent ({problem}) after {tries}. "
                "Wait a minute and try again; an NCBI API key raises the limit from 3 to 10 "
                "requests per second.",
                retryable=True, status=429,
            )
        status_code = int(problem.split()[1]) if problem.startswith("HTTP ") else None
        raise SourceError(f"NCBI {endpoint} failed after {tries}: {problem}",
                          retryable=True, status=status_code)

    def _backoff(self, retry: int, retry_after: float | None) -> float:
        """Exponential backoff with jitter, or NCBI's ``Retry-After`` if longer."""
        base = self.settings.backoff * (2 ** retry)
        delay = base * (0.5 + self._jitter())
        if retry_after is not None:
            delay = max(delay, retry_after)
        return delay

    def close(self) -> None:
        if self._owns_session:
            self.session.close()

    def __enter__(self) -> EutilsClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."
