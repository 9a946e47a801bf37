"""Importing 1,000 PMIDs through PubMed, against the local replay server.

The replay server (``tests/replay_server.py``) is a real HTTP server on
127.0.0.1 that synthesises a record for any PMID; here each synthesised
record also gets its own DOI, so that 1,000 PMIDs are 1,000 distinct papers
as they would be at NCBI.  The server has no rate limit; the client keeps
its default (3 requests/s, no API key).  The import goes through the same
service as the GUI and the command line: ``services.importer.add_identifiers``
into an empty library.

Reported: requests counted at the server, wall time, and where the time went
-- parsing (EFetch and ELink XML), storing (``Library.add_papers``), waiting
(``EutilsClient.request``: the rate limiter, HTTP and the server), and the
rest.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import refdesk.sources.pubmed as pubmed_module
from refdesk.library import Library
from refdesk.model import Outcome
from refdesk.services import open_services
from refdesk.settings import Settings
from refdesk.sources.eutils import EutilsClient, RateLimiter

from .common import ROOT, Config, Metric, Stats, main

MEASURE = "batch_import"
FIRST_PMID = 35_000_000
_DOI = re.compile(rb'(<(?:ArticleId IdType="doi"|ELocationID EIdType="doi"[^>]*)>)([^<]+)(<)')


def _replay_server_class() -> type:
    sys.path.insert(0, str(ROOT / "tests"))
    from replay_server import EutilsReplayServer

    class DistinctDoiServer(EutilsReplayServer):
        """Synthesised records carry a DOI of their own, derived from the PMID."""

        def record_for(self, pmid: int) -> bytes | None:
            record = super().record_for(pmid)
            if record is None or pmid in self.records:
                return record
            return _DOI.sub(lambda m: m.group(1) + b"10.5555/replay.%d" % pmid + m.group(3), record)

    return DistinctDoiServer


class PhaseTimer:
    """Wraps functions to add up the time spent in them, by phase."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._depth = 0

    def wrap(self, phase: str, function: Callable) -> Callable:
        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[phase] += time.perf_counter() - began
                self.calls[phase] += 1

        return timed


def run(config: Config) -> Sequence[Metric]:
    server = _replay_server_class()()
    timer = PhaseTimer()
    originals = (pubmed_module.parse_pubmed_xml, pubmed_module.parse_elink,
                 EutilsClient.request, RateLimiter.acquire, Library.add_papers)
    pubmed_module.parse_pubmed_xml = timer.wrap("parse EFetch XML", originals[0])
    pubmed_module.parse_elink = timer.wrap("parse ELink XML", originals[1])
    EutilsClient.request = timer.wrap("waiting: HTTP requests (incl. rate limit)", originals[2])
    RateLimiter.acquire = timer.wrap("  of which the rate limiter", originals[3])
    Library.add_papers = timer.wrap("store (Library.add_papers)", originals[4])
    try:
        with tempfile.TemporaryDirectory(prefix="refdesk-import-") as scratch:
            settings = Settings(eutils_url=server.url, email="bench@example.org", demo_library=False)
            services = open_services(Path(scratch) / "library.sqlite", settings, demo=False)
            pmids = range(FIRST_PMID, FIRST_PMID + config.import_pmids)
            try:
                began = time.perf_counter()
                report = services.importer.add_identifiers("\n".join(str(p) for p in pmids))
                wall = time.perf_counter() - began
                stored = services.library.count()
            finally:
                services.close()
        requests = server.count()
        by_endpoint = {e: server.count(e) for e in sorted({r.endpoint for r in server.requests})}
    finally:
        (pubmed_module.parse_pubmed_xml, pubmed_module.parse_elink, EutilsClient.request,
         RateLimiter.acquire, Library.add_papers) = originals
        server.close()
    if report.count(Outcome.ADDED) != config.import_pmids:
        raise RuntimeError(f"Import did not add every PMID: {report.summary()}")
    phases = dict(timer.seconds)
    own = phases.get("parse EFetch XML", 0) + phases.get("parse ELink XML", 0) + phases.get(
        "store (Library.add_papers)", 0)
    details = {"pmids": config.import_pmids, "stored": stored, "requests_by_endpoint": by_endpoint,
               "rate_limit_per_s": settings.requests_per_second,
               "phases_s": {k: round(v, 3) for k, v in phases.items()},
               "other_s": round(wall - own - phases.get("waiting: HTTP requests (incl. rate limit)", 0), 3)}
    return [
        Metric(MEASURE, f"HTTP requests for {config.import_pmids:,} PMIDs (counted at the server)",
               config.import_pmids, "requests", requests, details={"target_key": "import_requests", **details}),
        Metric.timing(MEASURE, "wall time", config.import_pmids, Stats((wall,)), unit="s"),
        Metric(MEASURE, "share of time in RefDesk (parse + store)", config.import_pmids, "%",
               100.0 * own / wall, details={"seconds": round(own, 3)}),
        Metric(MEASURE, "share of time waiting (HTTP + rate limit)", config.import_pmids, "%",
               100.0 * phases.get("waiting: HTTP requests (incl. rate limit)", 0) / wall),
    ]


if __name__ == "__main__":
    main(run)
