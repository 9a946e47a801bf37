"""Search-as-you-type: the latency of every keystroke.

Fifty realistic queries -- a title word, an author's last name, a MeSH
heading, an author plus a title word, two title words -- are taken from
papers of the generated library (chosen with the seed) and typed character
by character.  Every keystroke is one sample (about 640 of them), so at 100,000 papers the
session is typed once; smaller libraries type it up to three times.  Each
keystroke costs what the table asks for:
``library.rows(Query(search=prefix), 0, 200)`` plus ``library.count``.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Sequence

from refdesk.library import Library, open_database
from refdesk.model import Paper, Query
from refdesk.settings import Settings

from .common import Config, Metric, Stats, main
from .generate import generate_library

MEASURE = "search"
PAGE = 200
_WORD = re.compile(r"\w{4,}")


def make_queries(papers: Sequence[Paper], count: int, seed: int) -> list[str]:
    """``count`` queries a user might type, drawn from ``papers``."""
    rng = random.Random(seed)
    queries: list[str] = []
    while len(queries) < count:
        paper = rng.choice(papers)
        title_words = [w.lower() for w in _WORD.findall(paper.title)]
        people = [a.last for a in paper.authors if a.last]
        kind = len(queries) % 5
        if kind == 0 and title_words:
            queries.append(rng.choice(title_words))
        elif kind == 1 and people:
            queries.append(rng.choice(people).lower())
        elif kind == 2 and paper.mesh:
            queries.append(rng.choice(paper.mesh).descriptor.lower())
        elif kind == 3 and people and title_words:
            queries.append(f"{rng.choice(people).lower()} {rng.choice(title_words)}")
        elif kind == 4 and len(title_words) >= 2:
            first, second = rng.sample(title_words, 2)
            queries.append(f"{first} {second}")
    return queries


def keystrokes(query: str) -> list[str]:
    """What the search field holds after each key (spaces do not start a new search)."""
    return [query[:n] for n in range(1, len(query) + 1) if not query[:n].endswith(" ")]


def run(config: Config) -> Sequence[Metric]:
    generated = generate_library(config.size, config.seed, config.cache_dir)
    database, _ = open_database(generated.path)
    library = Library(database, Settings(demo_library=False))
    try:
        rng = random.Random(config.seed)
        total = library.count()
        sample_ids = [row.id for row in library.rows(Query(), 0, total)]
        papers = library.get_many(rng.sample(sample_ids, min(len(sample_ids), 200)))
        queries = make_queries(papers, config.queries, config.seed)
        typed = [prefix for q in queries for prefix in keystrokes(q)]
        p50s, p95s, maxima, matches = [], [], [], []
        for _ in range(config.capped(3, 1)):
            latencies = []
            found = 0
            for prefix in typed:
                began = time.perf_counter()
                query = Query(search=prefix)
                library.rows(query, 0, PAGE)
                found = library.count(query)
                latencies.append(time.perf_counter() - began)
                matches.append(found)
            stats = Stats(tuple(latencies))
            p50s.append(stats.quantile(0.5))
            p95s.append(stats.quantile(0.95))
            maxima.append(stats.maximum)
        worst = sorted(zip(latencies, typed), reverse=True)[:5]
    finally:
        database.close()
    details = {"queries": queries, "keystrokes": len(typed),
               "slowest_keystrokes_ms": [(round(t * 1000, 1), p) for t, p in worst],
               "median_matches": sorted(matches)[len(matches) // 2]}
    return [
        Metric.timing(MEASURE, "keystroke p50", config.size, Stats(tuple(p50s)), **details),
        Metric.timing(MEASURE, "keystroke p95", config.size, Stats(tuple(p95s)), target_key="search_p95"),
        Metric.timing(MEASURE, "keystroke max", config.size, Stats(tuple(maxima))),
    ]


if __name__ == "__main__":
    main(run)
