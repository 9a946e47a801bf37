"""Import flows: identifiers through PubMed, and files, into the library.

Each flow reports per item (added, updated, unchanged, not found, failed),
reports progress as done/total, checks for cancellation between batches, and
commits batch by batch: a failure halfway keeps what was already imported,
and a rerun finishes the rest without duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .errors import FormatError, RefDeskError, SourceError
from .formats.reading import read_file, read_text
from .library import Library
from .model import CancelToken, ImportReport, ItemResult, Outcome, Paper, ParsedFile, Progress
from .identifiers import NO_IDENTIFIER_MESSAGE, Identifier, extract_identifiers, normalize_doi, normalize_pmcid
from .settings import Settings
from .sources.eutils import EutilsClient
from .sources.pubmed import PubMedSource, Resolution

ProgressCallback = Callable[[Progress], None]


class Importer:
    def __init__(self, library: Library, pubmed: PubMedSource | None):
        self.library = library
        self.pubmed = pubmed

    def use_settings(self, settings: Settings) -> None:
        """Talk to PubMed with new settings (API key, e-mail) from the next call on.

        A call already running finishes with the client it started with.
        """
        if self.pubmed is not None:
            self.pubmed = PubMedSource(EutilsClient(settings), batch_size=self.pubmed.batch_size)

    # --- identifiers ----------------------------------------------------------

    def add_identifiers(
        self,
        text: str | Sequence[Identifier],
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportReport:
        """Recognise, resolve, fetch, parse and store the papers named in ``text``.

        DOIs the library already holds are answered from it; the other DOIs
        and all PMC IDs are resolved through PubMed in batches (see
        :meth:`PubMedSource.resolve_doi_batches`).  A batch that fails marks
        each of its identifiers as failed; progress is reported and ``cancel``
        checked between batches.
        """
        identifiers = extract_identifiers(text) if isinstance(text, str) else list(text)
        if not identifiers:
            raise RefDeskError(NO_IDENTIFIER_MESSAGE)
        settled = self._resolve_all(identifiers, progress, cancel)
        if cancel is not None and cancel.cancelled and any(i not in settled for i in identifiers):
            return ImportReport(_unresolved(identifiers, settled), cancelled=True)
        pmids: dict[int, str] = {}
        for identifier in identifiers:
            outcome = settled[identifier]
            if isinstance(outcome, int):
                pmids.setdefault(outcome, _name(identifier))
        report = self._fetch_and_store(pmids, progress, cancel)
        return ImportReport(_unresolved(identifiers, settled) + report.items, report.cancelled)

    def _resolve_all(
        self, identifiers: list[Identifier], progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> dict[Identifier, int | ItemResult]:
        """The PMID of each identifier, or why there is none; batches of DOIs and
        PMC IDs go to PubMed, those the library knows are answered from it."""
        total = len(identifiers)
        settled: dict[Identifier, int | ItemResult] = {}
        remote: dict[str, dict[str, list[Identifier]]] = {"doi": {}, "pmcid": {}}
        _notify(progress, 0, total, "Looking up identifiers")
        for identifier in identifiers:
            if identifier.kind == "pmid":
                settled[identifier] = int(identifier.value)
                continue
            if identifier.kind == "doi":
                known = self.library.find_doi(identifier.value)
                if known is not None and known.pmid is not None:
                    settled[identifier] = known.pmid
                    continue
                key = normalize_doi(identifier.value)
            else:
                key = normalize_pmcid(identifier.value)
            remote[identifier.kind].setdefault(key, []).append(identifier)

        for kind, by_key in remote.items():
            if not by_key:
                continue
            try:
                source = self._source()
                resolve = source.resolve_doi_batches if kind == "doi" else source.resolve_pmcid_batches
                for batch in resolve(list(by_key), cancel=cancel):
                    for key in batch.requested:
                        for identifier in by_key[key]:
                            settled[identifier] = _resolved(identifier, batch, key)
                    _notify(progress, sum(1 for i in identifiers if i in settled), total, "Looking up identifiers")
                    if cancel is not None and cancel.cancelled:
                        return settled
            except SourceError as exc:
                for identifiers_of_key in by_key.values():
                    for identifier in identifiers_of_key:
                        settled.setdefault(identifier, ItemResult(_name(identifier), Outcome.FAILED, str(exc)))
            if cancel is not None and cancel.cancelled:
                return settled
        return settled

    def refresh(
        self,
        paper_ids: Sequence[int],
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportReport:
        """Re-fetch papers from PubMed to update their metadata and links."""
        papers = self.library.get_many(paper_ids)
        skipped = tuple(
            ItemResult(p.citekey or p.title, Outcome.SKIPPED, "no PMID to refresh from")
            for p in papers if p.pmid is None
        )
        pmids = {p.pmid: f"PMID {p.pmid}" for p in papers if p.pmid is not None}
        report = self._fetch_and_store(pmids, progress, cancel)
        return ImportReport(skipped + report.items, report.cancelled)

    def _fetch_and_store(
        self, pmids: dict[int, str], progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> ImportReport:
        items: list[ItemResult] = []
        if not pmids:
            return ImportReport()
        total, done = len(pmids), 0
        _notify(progress, 0, total, "Fetching from PubMed")
        batches = self._source().fetch(list(pmids), cancel=cancel)
        try:
            for batch in batches:
                report = self.library.add_papers(
                    batch.papers, names=[pmids.get(p.pmid, f"PMID {p.pmid}") for p in batch.papers]
                )
                items += report.items
                items += [ItemResult(pmids.get(m, f"PMID {m}"), Outcome.NOT_FOUND, "no such PMID in PubMed")
                          for m in batch.missing]
                done += len(batch.papers) + len(batch.missing)
                _notify(progress, done, total, "Fetching from PubMed")
                if cancel is not None and cancel.cancelled:
                    break
        except (SourceError, FormatError) as exc:
            finished = {i.item for i in items}
            items += [ItemResult(name, Outcome.FAILED, str(exc)) for name in pmids.values() if name not in finished]
        cancelled = cancel is not None and cancel.cancelled and done < total
        return ImportReport(tuple(items), cancelled)

    def _source(self) -> PubMedSource:
        if self.pubmed is None:
            raise SourceError("PubMed is not available (no network source configured)")
        return self.pubmed

    # --- linked papers ----------------------------------------------------------

    def fetch_link_summaries(self, paper_id: int) -> Paper:
        """Titles, journals and years of listed papers, fetched once and cached."""
        missing = self.library.links_missing_summary(paper_id)
        if missing:
            self.library.store_link_summaries(self._source().summaries(missing))
        return self.library.get(paper_id)

    # --- files ------------------------------------------------------------------------

    def import_files(
        self,
        paths: Iterable[Path | str],
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportReport:
        """Import files in one transaction; nothing is written when cancelled."""
        parsed: list[tuple[str, ParsedFile]] = []
        failed: list[ItemResult] = []
        paths = [Path(p) for p in paths]
        for number, path in enumerate(paths):
            if cancel is not None and cancel.cancelled:
                return ImportReport(cancelled=True)
            _notify(progress, number, len(paths), f"Reading {path.name}")
            try:
                parsed.append((path.name, read_file(path)))
            except (FormatError, OSError) as exc:
                failed.append(ItemResult(str(path), Outcome.FAILED, _reason(exc)))
        return ImportReport(tuple(failed)).merged(self._store_parsed(parsed, cancel))

    def import_text(self, text: str, name: str = "dropped text", cancel: CancelToken | None = None) -> ImportReport:
        """Import text in a file format (MEDLINE, RIS, BibTeX, a PubMed page)."""
        return self._store_parsed([(name, read_text(text, name))], cancel)

    def _store_parsed(self, parsed: list[tuple[str, ParsedFile]], cancel: CancelToken | None) -> ImportReport:
        records: list[Paper] = []
        names: list[str] = []
        problems: list[ItemResult] = []
        warnings: list[str] = []
        for file_name, result in parsed:
            for paper in result.records:
                records.append(paper)
                names.append(f"{file_name}: {paper.label}")
            problems += [ItemResult(str(p), Outcome.FAILED, p.message) for p in result.problems if not p.warning]
            warnings += [str(p) for p in result.problems if p.warning]
        if not records:
            return ImportReport(tuple(problems), warnings=tuple(warnings))
        report = self.library.add_papers(records, names=names, cancel=cancel)
        return ImportReport(report.items + tuple(problems), report.cancelled, tuple(warnings))


def _notify(progress: ProgressCallback | None, done: int, total: int, message: str) -> None:
    if progress is not None:
        progress(Progress(done, total, message))


def _resolved(identifier: Identifier, batch: Resolution, key: str) -> int | ItemResult:
    """The PMID ``identifier`` resolved to in ``batch``, or why it did not."""
    if batch.error is not None:
        return ItemResult(_name(identifier), Outcome.FAILED, str(batch.error))
    pmid = batch.pmids.get(key)
    if pmid is None:
        return ItemResult(_name(identifier), Outcome.NOT_FOUND, "PubMed does not know it")
    return pmid


def _unresolved(identifiers: Sequence[Identifier], settled: dict[Identifier, int | ItemResult]) -> tuple[ItemResult, ...]:
    """The identifiers that did not lead to a PMID, in input order."""
    return tuple(outcome for identifier in identifiers
                 if isinstance(outcome := settled.get(identifier), ItemResult))


def _name(identifier: Identifier) -> str:
    return {"pmid": "PMID ", "doi": "doi:", "pmcid": ""}[identifier.kind] + identifier.value


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return f"cannot read the file: {exc.strerror or exc}"
    return str(exc)
