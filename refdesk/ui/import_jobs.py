"""Running an import payload through the importer, and saying how it went."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import ImportReport, ItemResult, Outcome
from .drop import ImportPayload
from .palette import Tone
from .tasks import TaskContext

if TYPE_CHECKING:  # the import stack loads on first use (see refdesk/services.py)
    from ..importing import Importer

LISTED = 4  # items named in the summary line; the rest are behind "Details"


def run_import(importer: Importer, payload: ImportPayload, context: TaskContext) -> ImportReport:
    """Files first, then pasted records, then identifiers; one report for all."""
    report = ImportReport()
    if payload.files:
        report = report.merged(importer.import_files(payload.files, context.progress, context.cancel))
    if payload.text and not context.cancel.cancelled:
        report = report.merged(importer.import_text(payload.text, "pasted text", context.cancel))
    if payload.identifiers and not context.cancel.cancelled:
        report = report.merged(importer.add_identifiers(list(payload.identifiers), context.progress, context.cancel))
    return report


@dataclass(frozen=True)
class Summary:
    text: str
    tone: Tone
    detail: str
    retryable: tuple[str, ...]  # failed identifiers worth trying again

    @property
    def has_more(self) -> bool:
        return bool(self.detail)


def summarize(report: ImportReport, verb: str = "Import") -> Summary:
    added, updated = report.count(Outcome.ADDED), report.count(Outcome.UPDATED)
    unchanged = report.count(Outcome.UNCHANGED)
    missing = [i for i in report.items if i.outcome == Outcome.NOT_FOUND]
    failed = [i for i in report.items if i.outcome == Outcome.FAILED]
    counts = [f"{added} added", f"{updated} updated"]
    if unchanged:
        counts.append(f"{unchanged} already in the library")
    if missing:
        counts.append(f"{len(missing)} not found")
    if failed:
        counts.append(f"{len(failed)} failed")
    head = f"{verb} cancelled" if report.cancelled else f"{verb} finished"
    text = f"{head}: {', '.join(counts)}."
    if missing:
        text += " Not found: " + _names(missing) + "."
    if failed:
        text += " Failed: " + _names(failed, reasons=True) + "."
    if failed and not (added or updated or unchanged):
        tone = Tone.ERROR
    elif missing or failed:
        tone = Tone.WARNING
    else:
        tone = Tone.SUCCESS if not report.cancelled else Tone.INFO
    detail = ""
    if len(missing) > LISTED or len(failed) > LISTED or any(len(i.reason) > 80 for i in failed):
        detail = "\n".join(i.line() for i in missing + failed)
    retryable = tuple(i.item for i in failed if _is_identifier(i))
    return Summary(text, tone, detail, retryable)


def _names(items: list[ItemResult], reasons: bool = False) -> str:
    shown = []
    for item in items[:LISTED]:
        reason = item.reason if len(item.reason) <= 80 else item.reason[:77] + "\u2026"
        shown.append(f"{item.item} ({reason})" if reasons and reason else item.item)
    more = len(items) - LISTED
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _is_identifier(item: ItemResult) -> bool:
    return item.item.startswith(("PMID ", "doi:", "PMC")) and ": " not in item.item
