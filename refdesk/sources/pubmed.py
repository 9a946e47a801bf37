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
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from refdesk.errors import FormatError, SourceError
from refdesk.model import CancelToken, Link, LinkKind, Paper, Progress
from refdesk.sources.eutils import EutilsClient
from refdesk.sources.eutils_xml import parse_elink, parse_esearch, parse_esummary
from refdesk.identifiers import normalize_doi, normalize_pmcid
from refdesk.sources.pubmed_xml import parse_pubmed_xml

__all__ = ["BATCH_SIZE", "FetchBatch", "PubMedSource"]

#: PMIDs per EFetch POST and per ELink call.
BATCH_SIZE = 200
#: PMIDs per ESummary call (summaries are small).
SUMMARY_BATCH_SIZE = 200

_SIMILAR = ("pubmed_pubmed",)
_CITATIONS = ("pubmed_pubmed_citedin", "pubmed_pubmed_refs")


@dataclass(frozen=True, slots=True)
class FetchBatch:
    """One batch of a fetch: the papers NCBI returned and the PMIDs it did not know."""

    requested: tuple[int, ...]
    papers: tuple[Paper, ...]
    missing: tuple[int, ...] = ()


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
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
        """The PMID whose record carries ``doi``, or ``None``.

        ESearch's ``[doi]`` field search can match loosely, so every candidate's
        summary is checked for exactly this DOI; without a match nothing is
        guessed.
        """
        wanted = normalize_doi(doi)
        if not wanted:
            raise ValueError(f"not a DOI: {doi!r}")
        candidates = self._search(f'"{wanted}"[doi]')
        if not candidates:
            return None
        for summary in self.summaries(candidates[:20]):
            if normalize_doi(summary.doi) == wanted:
                return summary.pmid
        return None

    def resolve_pmcid(self, pmcid: str) -> int | None:
        """The PMID of a PMC article, via ESearch's ``[pmcid]`` field; ``None`` if unknown."""
        wanted = normalize_pmcid(pmcid)
        if not wanted:
            raise ValueError(f"not a PMC ID: {pmcid!r}")
        candidates = self._search(f"{wanted}[pmcid]")
        return candidates[0] if len(candidates) == 1 else None

    def _search(self, term: str) -> list[int]:
        data = self.client.esearch(term)
        try:
            return parse_esearch(data)
        except FormatError as exc:
            raise SourceError(f"NCBI sent an unreadable ESearch answer ({exc.reason})") from exc
