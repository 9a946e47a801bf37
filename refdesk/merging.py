"""Adding records to the library: matching, merging and key assignment.

A batch of records is matched against the library by PMID, then DOI (and
against earlier records of the same batch), merged field by field without
wiping what a new record lacks, and the new papers are written together.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from . import citekeys
from .db import repository as repo
from .errors import CancelledError
from .model import CancelToken, ItemResult, Outcome, Paper, unique_links
from .identifiers import normalize_doi

#: Fields that describe the paper itself (merged on import); the rest is bookkeeping.
_BOOKKEEPING = {"id", "added", "updated", "trashed", "citekey", "citekey_pinned", "source", "links"}
METADATA_FIELDS = tuple(f.name for f in dataclasses.fields(Paper) if f.name not in _BOOKKEEPING)


class BatchMerger:
    """Adds a batch of records within one transaction.

    New papers are collected and written with one multi-row insert per table;
    matches (by PMID, then DOI) against the library or earlier records of the
    same batch are merged.  Keys stay unique and, once given, stable.
    """

    def __init__(self, session, pattern: str):  # session: a repository session
        self.session = session
        self.pattern = pattern
        self.by_pmid: dict[int, int] = {}
        self.by_doi: dict[str, tuple[int, int | None]] = {}
        self.pending: list[Paper] = []
        self.pending_pmid: dict[int, int] = {}
        self.pending_doi: dict[str, int] = {}
        self.pending_keys: set[str] = set()
        self.results: list[ItemResult] = []
        self.waiting: list[tuple[int, int]] = []  # (result index, pending index)
        #: The papers as stored by this batch (added or updated), by id.
        self.stored: dict[int, Paper] = {}

    def add_all(self, papers: Sequence[Paper], names: Sequence[str], cancel: CancelToken | None) -> list[ItemResult]:
        self.by_pmid, self.by_doi = repo.match_keys(
            self.session, [p.pmid for p in papers if p.pmid is not None], [p.doi for p in papers if p.doi]
        )
        for paper, name in zip(papers, names):
            if cancel is not None and cancel.cancelled:
                raise CancelledError("Import cancelled; nothing was written")
            self._add(paper, name)
        ids = repo.insert_papers(self.session, self.pending, repo.now())
        self.stored.update((pid, dataclasses.replace(paper, id=pid)) for pid, paper in zip(ids, self.pending))
        for result_index, pending_index in self.waiting:
            self.results[result_index] = dataclasses.replace(self.results[result_index], paper_id=ids[pending_index])
        return self.results

    def _add(self, paper: Paper, name: str) -> None:
        index = self._pending_match(paper)
        if index is not None:
            self.pending[index] = merge_papers(self.pending[index], paper)
            self._remember_pending(self.pending[index], index)
            self._wait(ItemResult(name, Outcome.UPDATED, "listed twice in this import"), index)
            return
        existing = self._library_match(paper)
        if existing is not None:
            self.results.append(self._update(existing, paper, name))
            return
        paper, reason = self._with_key(paper)
        self.pending.append(paper)
        self._remember_pending(paper, len(self.pending) - 1)
        self._wait(ItemResult(name, Outcome.ADDED, reason), len(self.pending) - 1)

    def _wait(self, result: ItemResult, pending_index: int) -> None:
        self.waiting.append((len(self.results), pending_index))
        self.results.append(result)

    def _pending_match(self, paper: Paper) -> int | None:
        if paper.pmid is not None and paper.pmid in self.pending_pmid:
            return self.pending_pmid[paper.pmid]
        if paper.doi and paper.doi in self.pending_doi:
            index = self.pending_doi[paper.doi]
            other = self.pending[index].pmid
            if paper.pmid is None or other is None or other == paper.pmid:
                return index
        return None

    def _remember_pending(self, paper: Paper, index: int) -> None:
        if paper.pmid is not None:
            self.pending_pmid[paper.pmid] = index
        if paper.doi:
            self.pending_doi.setdefault(paper.doi, index)

    def _library_match(self, paper: Paper) -> int | None:
        if paper.pmid is not None and paper.pmid in self.by_pmid:
            return self.by_pmid[paper.pmid]
        if paper.doi and paper.doi in self.by_doi:
            owner, owner_pmid = self.by_doi[paper.doi]
            if paper.pmid is None or owner_pmid is None or owner_pmid == paper.pmid:
                return owner
        return None

    def _update(self, paper_id: int, paper: Paper, name: str) -> ItemResult:
        old = repo.get_paper(self.session, paper_id)
        assert old is not None
        merged = merge_papers(old, paper)
        if _same_metadata(old, merged) and not old.trashed:
            return ItemResult(name, Outcome.UNCHANGED, paper_id=paper_id)
        repo.update_paper(self.session, paper_id, merged, repo.now())
        self.stored[paper_id] = dataclasses.replace(merged, id=paper_id)
        if merged.pmid is not None:
            self.by_pmid[merged.pmid] = paper_id
        if merged.doi:
            self.by_doi.setdefault(merged.doi, (paper_id, merged.pmid))
        return ItemResult(name, Outcome.UPDATED, "restored from the trash" if old.trashed else "", paper_id)

    def _with_key(self, paper: Paper) -> tuple[Paper, str]:
        """The paper with its citation key; a reason when a given key had to change."""
        if paper.citekey:
            key = paper.citekey
            taken = repo.citekeys_taken(self.session, [key]) | self.pending_keys
            if key not in taken:
                self.pending_keys.add(key)
                return paper, ""
            new_key = citekeys.unique_key(key, taken)
            self.pending_keys.add(new_key)
            reason = f"citation key '{key}' is already used by another paper; this one is '{new_key}'"
            return dataclasses.replace(paper, citekey=new_key), reason
        base = citekeys.generate_key(paper, self.pattern)
        key = citekeys.unique_key(base, repo.citekeys_taken(self.session, [base]) | self.pending_keys)
        self.pending_keys.add(key)
        return dataclasses.replace(paper, citekey=key, citekey_pinned=False), ""


def merge_papers(old: Paper, new: Paper) -> Paper:
    """``new`` over ``old``, field by field, never wiping what ``new`` lacks."""
    values = {}
    for name in METADATA_FIELDS:
        value = getattr(new, name)
        values[name] = value if _present(value) else getattr(old, name)
    if new.title:  # a title and its markup go together
        values["title_markup"] = new.title_markup
    new_kinds = {l.kind for l in new.links}
    values["links"] = tuple(l for l in old.links if l.kind not in new_kinds) + new.links
    return dataclasses.replace(old, **values)


def _present(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, (str, tuple)):
        return bool(value)
    return True


def _same_metadata(a: Paper, b: Paper) -> bool:
    if any(getattr(a, n) != getattr(b, n) for n in METADATA_FIELDS):
        return False
    def shape(p: Paper) -> set:
        return {(l.kind, l.pmid, l.rank, l.score) for l in p.links}
    return shape(a) == shape(b)


def normalized(paper: Paper) -> Paper:
    """As stored: the DOI lower-case without a ``https://doi.org/`` prefix, each link once."""
    doi = (normalize_doi(paper.doi) or paper.doi.strip().lower()) if paper.doi else ""
    links = unique_links(paper.links)
    if doi == paper.doi and len(links) == len(paper.links):
        return paper
    return dataclasses.replace(paper, doi=doi, links=links)
