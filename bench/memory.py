"""Memory with the library open in the GUI, after the table's first paint.

The GUI is started as in :mod:`bench.open_gui` (fresh offscreen process,
through ``refdesk.app.main``); after the first paint it reads its own
``VmRSS`` (resident now) and ``VmHWM`` (the peak so far) from
``/proc/self/status``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from .common import Config, Metric, Stats, main
from .generate import generate_library, working_copy
from .open_gui import launches

MEASURE = "memory"


def run(config: Config) -> Sequence[Metric]:
    generated = generate_library(config.size, config.seed, config.cache_dir)
    with tempfile.TemporaryDirectory(prefix="refdesk-memory-") as scratch:
        results = launches(working_copy(generated, Path(scratch)), config.capped(3, 3))
    rss = Stats(tuple(r.stamps["VmRSS"] for r in results))
    hwm = Stats(tuple(r.stamps["VmHWM"] for r in results))
    metrics = []
    for name, stats, target in (("GUI RSS after first paint (VmRSS)", rss, "rss"),
                                ("GUI peak RSS up to first paint (VmHWM)", hwm, "")):
        metric = Metric(MEASURE, name, config.size, "MB", stats.median, stats.minimum, stats.maximum,
                        runs=len(stats.samples), details={"target_key": target} if target else {})
        metric.peak_rss_mb = hwm.maximum
        metrics.append(metric)
    return metrics


if __name__ == "__main__":
    main(run)
