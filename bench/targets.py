"""The performance targets for a 2-core machine, and how each is judged.

Each target names the metrics it reads (by ``details["target_key"]``), the
library size it applies to (``None``: any), and a threshold.  When several
metrics share a key (sorting by year and by title, both ways) the worst one
decides.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

TARGET_SIZE = 100_000


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    threshold: float
    unit: str
    at_most: bool = True
    size: int | None = TARGET_SIZE

    def describe(self) -> str:
        sign = "≤" if self.at_most else "≥"
        return f"{sign} {self.threshold:g} {self.unit}"

    def judge(self, metrics: Iterable[dict[str, Any]]) -> dict[str, Any]:
        """The worst matching metric against the threshold (``met`` is None when nothing was measured)."""
        matching = [m for m in metrics
                    if m["details"].get("target_key") == self.key
                    and (self.size is None or m["size"] == self.size or (self.key == "empty_start"))
                    and not math.isnan(m["value"])]
        if self.key == "empty_start":
            matching = [m for m in matching if m["size"] == 0]
        if not matching:
            return {"key": self.key, "label": self.label, "target": self.describe(), "measured": None,
                    "unit": self.unit, "met": None, "metric": ""}
        worst = max(matching, key=lambda m: m["value"]) if self.at_most else min(matching, key=lambda m: m["value"])
        value = worst["value"]
        met = value <= self.threshold if self.at_most else value >= self.threshold
        return {"key": self.key, "label": self.label, "target": self.describe(), "measured": value,
                "unit": worst["unit"], "met": met, "metric": worst["name"]}


TARGETS: tuple[Target, ...] = (
    Target("open", "Open 100k to first paint", 1000, "ms"),
    Target("empty_start", "Empty start to first paint", 600, "ms", size=None),
    Target("sort", "Sort 100k (first page)", 150, "ms"),
    Target("search_p95", "Search-as-you-type p95 at 100k", 30, "ms"),
    Target("export_bibtex", "Export 100k to BibTeX (entry cache filled)", 2, "s"),
    Target("export_bibtex_cold", "Export 100k to BibTeX, first time (library as built by the service)", 2, "s"),
    Target("export_ratio", "Export vs bibtexparser write_string (cache filled)", 5, "x", at_most=False),
    Target("export_ratio_cold", "Export vs bibtexparser write_string (first time)", 5, "x", at_most=False),
    Target("auto_export", "Auto-export after one edit (100k)", 300, "ms"),
    Target("xml_ratio", "PubMed XML parsing vs Biopython", 10, "x", at_most=False, size=None),
    Target("import_requests", "Import 1,000 PMIDs: HTTP requests", 20, "requests", size=None),
    Target("rss", "RSS with 100k open in the GUI", 300, "MB"),
)


def judge_all(metrics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [target.judge(metrics) for target in TARGETS]
