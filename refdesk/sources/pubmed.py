"""PubMed as a source of papers: fetch records with their links, resolve IDs.

:class:`PubMedSource` turns user-level requests ("import these 1,000 PMIDs",
"which PMID has this DOI?") into as few E-utility calls as NCBI allows, and
hands back model objects.  Per batch of up to 200 PMIDs it makes three calls:

1. ``efetch`` (POST) for the records;
2. ``elink cmd=neighbor_score linkname=pubmed_pubmed`` for similar articles
   with their scores (only ``neighbor_score`` gives scores);
3. ``elink cmd=neighbor linkname=pubmed_pubmed_citedin,pubmed_pubmed_refs``
   for cited-by and references together.

Both ELink calls send the PMIDs as repeated ``id=`` parameters so NCBI answers
with one ``LinkSet`` per paper.  1,000 PMIDs thus take 15 requests.  Titles of
linked papers are not fetched here: :meth:`PubMedSource.summaries` gets them
in batches when a pane is opened.

DOIs and PMC IDs are resolved to PMIDs in batches of up to 200 identifiers.
Per batch, ``esearch`` looks up to 50 of them at once (``"10.1000/x"[doi] OR
...`` or ``PMC123[pmcid] OR ...``, POSTed when the term is long), then one
``esummary`` per 200 candidates checks that each candidate really carries
the identifier it is taken for.  100 DOIs thus take 3 requests (2 ESearch, 1
ESummary), 1,000 DOIs about 25; an identifier PubMed does not know costs
nothing beyond its share of an ESearch.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from refdesk.errors import FormatError, SourceError
from refdesk.model import CancelToken, Link, LinkKind, Paper, Progress
from refdesk.sources.eutils import EutilsClient
from refdesk.sources.eutils_xml import parse_elink, parse_esearch, parse_esummary, parse_esummary_ids
from refdesk.identifiers import normalize_doi, normalize_pmcid
from refdesk.sources.pubmed_xml import parse_pubmed_xml

__all__ = ["BATCH_SIZE", "FetchBatch", "PubMedSource", "Resolution"]

#: PMIDs per EFetch POST and per ELink call.
BATCH_SIZE = 200
#: PMIDs per ESummary call (summaries are small).
SUMMARY_BATCH_SIZE = 200
#: Identifiers OR'ed into one ESearch term at most ...
SEARCH_TERMS = 50
#: ... and the longest such term, in characters (long DOIs make fewer per term).
SEARCH_TERM_CHARS = 4000
#: Candidates ESearch may return per identifier (``retmax`` is this times the terms).
CANDIDATES_PER_TERM = 20

_SIMILAR = ("pubmed_pubmed",)
_CITATIONS = ("pubmed_pubmed_citedin", "pubmed_pubmed_refs")


@dataclass(frozen=True, slots=True)
class FetchBatch:
    """One batch of a fetch: the papers NCBI returned and the PMIDs it did not know."""

    requested: tuple[int, ...]
    papers: tuple[Paper, ...]
    missing: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Resolution:
    """One batch of identifier lookups.

    ``requested`` holds the batch's identifiers, normalised (DOIs as
    :func:`~refdesk.identifiers.normalize_doi` gives them, PMC IDs as
    ``PMC123``); ``pmids`` maps each to its PMID, or to ``None`` when PubMed
    does not know it.  When the batch failed, ``pmids`` is empty and
    ``error`` says why.
    """

    requested: tuple[str, ...]
    pmids: dict[str, int | None] = field(default_factory=dict)
    error: SourceError | None = None


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _unique_pmids(pmids: Iterable[int | str]) -> list[int]:
    seen: dict[int, None] = {}
    for pmid in pmids:
        value = int(pmid)
        if value <= 0:
            raise ValueError(f"not a PMID: {pmid!r}")
        seen.setdefault(value, None)
    return list(seen)


def _normalised(values: Iterable[str], normalize: Callable[[str], str], what: str) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        key = normalize(value)
        if not key:
            raise ValueError(f"not a {what}: {value!r}")
        seen.setdefault(key, None)
    return list(seen)


def _term_chunks(terms: Sequence[str]) -> Iterator[list[str]]:
    """ESearch terms in groups of at most SEARCH_TERMS and SEARCH_TERM_CHARS characters."""
    chunk: list[str] = []
    size = 0
    for term in terms:
        if chunk and (len(chunk) == SEARCH_TERMS or size + len(term) > SEARCH_TERM_CHARS):
            yield chunk
            chunk, size = [], 0
        chunk.append(term)
        size += len(term) + len(" OR ")
    if chunk:
        yield chunk


def _doi_term(doi: str) -> str:
    return f'"{doi}"[doi]'


def _pmcid_term(pmcid: str) -> str:
    return f"{pmcid}[pmcid]"


_PMCID_IN_TEXT = re.compile(r"\bPMC\d+\b", re.I)


def _summary_pmcid(ids: dict[str, str]) -> str:
    """The PMC ID of a summary's article IDs: ``pmc`` (``PMC123``), else ``pmcid`` (``pmc-id: PMC123;``)."""
    pmcid = normalize_pmcid(ids.get("pmc", ""))
    if not pmcid:
        match = _PMCID_IN_TEXT.search(ids.get("pmcid", ""))
        pmcid = normalize_pmcid(match.group(0)) if match else ""
    return pmcid


def _merge_links(paper: Paper, fetched: list[Link]) -> Paper:
    """Attach ELink results to a parsed paper.

    References from the record's own ``ReferenceList`` carry citation text and
    stay; ELink's ``pubmed_pubmed_refs`` adds the ones the record lacks.
    """
    own = list(paper.links)
    own_refs = {link.pmid for link in own if link.kind == LinkKind.REFERENCES}
    extra_rank = len(own_refs)
    merged = own
    for link in fetched:
        if link.kind == LinkKind.REFERENCES:
            if link.pmid in own_refs:
                continue
            own_refs.add(link.pmid)
            extra_rank += 1
            link = dataclasses.replace(link, rank=extra_rank)
        merged.append(link)
    return dataclasses.replace(paper, links=tuple(merged))


class PubMedSource:
    """High-level PubMed access over an :class:`EutilsClient`."""

    def __init__(self, client: EutilsClient, *, batch_size: int = BATCH_SIZE) -> None:
        if not 1 <= batch_size <= BATCH_SIZE:
            raise ValueError(f"batch_size must be between 1 and {BATCH_SIZE}")
        self.client = client
        self.batch_size = batch_size

    # -- records ----------------------------------------------------------------------

    def fetch(
        self,
        pmids: Iterable[int | str],
        *,
        links: bool = True,
        cancel: CancelToken | None = None,
        progress: Callable[[Progress], None] | None = None,
    ) -> Iterator[FetchBatch]:
        """Fetch papers in batches of up to 200, yielding each batch as it arrives.

        With ``links`` the papers carry their similar, cited-by and reference
        links (PMIDs, ranks and scores; no titles).  ``cancel`` is checked
        before each batch: a cancelled fetch simply stops yielding.  PMIDs NCBI
        does not know are reported in :attr:`FetchBatch.missing`.
        """
        wanted = _unique_pmids(pmids)
        total = len(wanted)
        done = 0
        if progress:
            progress(Progress(0, total, "Fetching from PubMed"))
        for chunk in _chunks(wanted, self.batch_size):
            if cancel is not None and cancel.cancelled:
                return
            papers = self._efetch(chunk)
            found = {p.pmid for p in papers}
            missing = tuple(p for p in chunk if p not in found)
            if links and papers:
                if cancel is not None and cancel.cancelled:
                    return
                link_map = self.links([p.pmid for p in papers if p.pmid is not None])
                papers = [_merge_links(p, link_map.get(p.pmid or 0, [])) for p in papers]
            done += len(chunk)
            if progress:
                progress(Progress(done, total, f"Fetched {done} of {total} from PubMed"))
            yield FetchBatch(requested=tuple(chunk), papers=tuple(papers), missing=missing)

    def fetch_all(self, pmids: Iterable[int | str], *, links: bool = True) -> tuple[list[Paper], list[int]]:
        """All papers and all missing PMIDs, for callers that need no streaming."""
        papers: list[Paper] = []
        missing: list[int] = []
        for batch in self.fetch(pmids, links=links):
            papers.extend(batch.papers)
            missing.extend(batch.missing)
        return papers, missing

    def _efetch(self, chunk: Sequence[int]) -> list[Paper]:
        data = self.client.efetch(chunk)
        try:
            return parse_pubmed_xml(data, "NCBI efetch")
        except FormatError as exc:
            raise SourceError(f"NCBI sent an unreadable EFetch answer ({exc.reason})") from exc

    def links(self, pmids: Sequence[int]) -> dict[int, list[Link]]:
        """Similar, cited-by and reference links for ``pmids`` (two ELink calls per 200)."""
        result: dict[int, list[Link]] = {p: [] for p in pmids}
        for chunk in _chunks(list(pmids), self.batch_size):
            for cmd, names in (("neighbor_score", _SIMILAR), ("neighbor", _CITATIONS)):
                data = self.client.elink(chunk, linkname=names, cmd=cmd)
                try:
                    found = parse_elink(data)
                except FormatError as exc:
                    raise SourceError(f"NCBI sent an unreadable ELink answer ({exc.reason})") from exc
                for pmid, links in found.items():
                    if pmid in result:
                        result[pmid].extend(links)
        return result

    # -- summaries for panes ----------------------------------------------------------------

    def summaries(self, pmids: Iterable[int | str], kind: LinkKind = LinkKind.SIMILAR) -> list[Link]:
        """Titles, journals, years and authors of ``pmids`` (batched ESummary).

        PMIDs NCBI cannot summarise are left out; the order follows ``pmids``.
        """
        wanted = _unique_pmids(pmids)
        by_pmid: dict[int, Link] = {}
        for chunk in _chunks(wanted, SUMMARY_BATCH_SIZE):
            data = self.client.esummary(chunk)
            try:
                for link in parse_esummary(data, kind):
                    by_pmid[link.pmid] = link
            except FormatError as exc:
                raise SourceError(f"NCBI sent an unreadable ESummary answer ({exc.reason})") from exc
        return [by_pmid[p] for p in wanted if p in by_pmid]

    # -- identifier resolution -----------------------------------------------------------

    def resolve_doi(self, doi: str) -> int | None:
        """The PMID whose record carries ``doi``, or ``None`` (see :meth:`resolve_dois`)."""
        wanted = normalize_doi(doi)
        if not wanted:
            raise ValueError(f"not a DOI: {doi!r}")
        return self.resolve_dois([wanted])[wanted]

    def resolve_pmcid(self, pmcid: str) -> int | None:
        """The PMID of a PMC article, or ``None`` (see :meth:`resolve_pmcids`)."""
        wanted = normalize_pmcid(pmcid)
        if not wanted:
            raise ValueError(f"not a PMC ID: {pmcid!r}")
        return self.resolve_pmcids([wanted])[wanted]

    def resolve_dois(self, dois: Iterable[str]) -> dict[str, int | None]:
        """The PMID of each DOI (keys normalised), ``None`` for DOIs PubMed does not know.

        Raises :class:`SourceError` if any batch fails; :meth:`resolve_doi_batches`
        reports failures per batch instead.
        """
        return _collect(self.resolve_doi_batches(dois))

    def resolve_pmcids(self, pmcids: Iterable[str]) -> dict[str, int | None]:
        """The PMID of each PMC ID (keys ``PMC123``), ``None`` for unknown ones.

        Raises :class:`SourceError` if any batch fails; :meth:`resolve_pmcid_batches`
        reports failures per batch instead.
        """
        return _collect(self.resolve_pmcid_batches(pmcids))

    def resolve_doi_batches(
        self, dois: Iterable[str], *, cancel: CancelToken | None = None
    ) -> Iterator[Resolution]:
        """Resolve DOIs batch by batch; each batch's outcome or failure is yielded.

        ESearch's ``[doi]`` field search can match loosely, and an OR of
        several DOIs does not say which hit belongs to which DOI, so every
        candidate's summary is checked for exactly one of the DOIs asked; a
        DOI no candidate carries maps to ``None`` (nothing is guessed).
        ``cancel`` is checked before each batch.  Raises ``ValueError`` at
        once for a value that is not a DOI.
        """
        wanted = _normalised(dois, normalize_doi, "DOI")
        return self._resolve_batches(wanted, _doi_term, self._dois_of, cancel)

    def resolve_pmcid_batches(
        self, pmcids: Iterable[str], *, cancel: CancelToken | None = None
    ) -> Iterator[Resolution]:
        """Resolve PMC IDs batch by batch, like :meth:`resolve_doi_batches`.

        Candidates from ESearch's ``[pmcid]`` field are matched on the PMC ID
        their summary carries.
        """
        wanted = _normalised(pmcids, normalize_pmcid, "PMC ID")
        return self._resolve_batches(wanted, _pmcid_term, self._pmcids_of, cancel)

    def _resolve_batches(
        self,
        wanted: list[str],
        term_of: Callable[[str], str],
        carried: Callable[[list[int]], Iterable[tuple[int, str]]],
        cancel: CancelToken | None,
    ) -> Iterator[Resolution]:
        for batch in _chunks(wanted, self.batch_size):
            if cancel is not None and cancel.cancelled:
                return
            try:
                pmids = self._resolve_batch(batch, term_of, carried)
            except SourceError as exc:
                yield Resolution(tuple(batch), error=exc)
                continue
            yield Resolution(tuple(batch), pmids)

    def _resolve_batch(
        self,
        batch: Sequence[str],
        term_of: Callable[[str], str],
        carried: Callable[[list[int]], Iterable[tuple[int, str]]],
    ) -> dict[str, int | None]:
        """ESearch for the batch in OR'ed chunks, then match candidates by their summaries.

        A search that fills its ``retmax`` may have left out a value's hit
        (another value matched loosely and often): values of such a search
        that stay unmatched are searched again one by one.
        """
        candidates: dict[int, None] = {}
        crowded: list[str] = []
        terms = {term_of(value): value for value in batch}
        for chunk in _term_chunks(list(terms)):
            retmax = CANDIDATES_PER_TERM * len(chunk)
            found = self._search(" OR ".join(chunk), retmax=retmax)
            candidates.update(dict.fromkeys(found))
            if len(chunk) > 1 and len(found) >= retmax:
                crowded += [terms[term] for term in chunk]
        pmids: dict[str, int | None] = dict.fromkeys(batch)
        if candidates:
            for pmid, value in carried(list(candidates)):
                if value in pmids and pmids[value] is None:
                    pmids[value] = pmid  # the first candidate in ESearch's order wins
        for value in crowded:
            if pmids[value] is None:
                pmids[value] = self._resolve_batch([value], term_of, carried)[value]
        return pmids

    def _dois_of(self, pmids: list[int]) -> Iterator[tuple[int, str]]:
        for summary in self.summaries(pmids):
            yield summary.pmid, normalize_doi(summary.doi)

    def _pmcids_of(self, pmids: list[int]) -> Iterator[tuple[int, str]]:
        for chunk in _chunks(pmids, SUMMARY_BATCH_SIZE):
            data = self.client.esummary(chunk)
            try:
                found = parse_esummary_ids(data)
            except FormatError as exc:
                raise SourceError(f"NCBI sent an unreadable ESummary answer ({exc.reason})") from exc
            for pmid in chunk:
                if pmid in found:
                    yield pmid, _summary_pmcid(found[pmid])

    def _search(self, term: str, *, retmax: int = 20) -> list[int]:
        data = self.client.esearch(term, retmax=retmax)
        try:
            return parse_esearch(data)
        except FormatError as exc:
            raise SourceError(f"NCBI sent an unreadable ESearch answer ({exc.reason})") from exc


def _collect(batches: Iterable[Resolution]) -> dict[str, int | None]:
    pmids: dict[str, int | None] = {}
    for batch in batches:
        if batch.error is not None:
            raise batch.error
        pmids.update(batch.pmids)
    return pmids
