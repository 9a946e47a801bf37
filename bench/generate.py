"""Realistic benchmark libraries, made by varying the recorded EFetch records.

The recorded PubMed records in ``tests/data/eutils/efetch/`` are parsed with
RefDesk's own parser; each generated paper starts from one of them and gets
new identifiers (unique PMID, DOI and PMCID), a title and abstract of varied
length drawn from the records' own words, a varied author list (including
non-ASCII names and affiliations), MeSH headings, keywords, and, like real
records, references (and for some papers similar-article links with
summaries).  A fixed seed makes every run produce the same library.

Libraries are stored through the library service (``Library.add_papers``,
one transaction per batch) and cached under ``bench/.cache/`` keyed by size
and seed, with the time the insertion took.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from refdesk.services import open_services
from refdesk.model import AbstractSection, Author, Link, LinkKind, MeshHeading, MeshQualifier, Paper
from refdesk.settings import Settings
from refdesk.sources.pubmed_xml import parse_pubmed_xml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "eutils" / "efetch"
CACHE = Path(__file__).resolve().parent / ".cache"
DEFAULT_SEED = 20240601
BATCH = 1_000
#: Generated PMIDs start here (above any real PMID in the fixtures).
PMID_BASE = 50_000_000

#: Names as they occur in PubMed author lists, with diacritics and non-Latin scripts.
UNICODE_LAST = (
    "Müller", "Østergaard", "Çelik", "Đorđević", "Wójcik", "Nguyễn", "Sánchez", "Gómez", "Ångström",
    "Kovačević", "Şahin", "Öztürk", "Łukasiewicz", "Dvořák", "Jørgensen", "Brontë", "Ibáñez", "Núñez",
    "Gauß", "Žižek", "Håkansson", "Pérez-Ruiz", "O'Neill", "van der Berg", "de la Cruz", "Lê", "Trần",
    "Björk", "Šimić", "Papadopoulos", "Yılmaz", "Čapek", "Grünewald", "Fässler", "Rønning",
)
UNICODE_FORE = (
    "José", "François", "Zoë", "Søren", "Jürgen", "Inés", "Łucja", "Ǿyvind", "Ayşe", "Mehmet", "Thị Lan",
    "Renée", "Ólafur", "Małgorzata", "Jiří", "Anaïs", "Björn", "Chloé", "Dörte", "Ignacio",
)
COLLECTIVES = (
    "GTEx Consortium", "Breast Cancer Association Consortium", "COVID-19 Genomics UK (COG-UK) Consortium",
    "Writing Committee for the REMAP-CAP Investigators", "International HapMap 3 Consortium",
)
UNICODE_WORDS = ("α-synuclein", "β-catenin", "γδ T cells", "κB", "Ca²⁺", "µm", "≥65 years", "Aβ42",
                 "TGF-β1", "IL-1β", "naïve", "Sjögren's", "Ménière's", "Behçet's", "Guillain–Barré")
MARKUP_WORDS = ("<i>Escherichia coli</i>", "<i>TP53</i>", "<i>in vivo</i>", "CO<sub>2</sub>",
                "<i>BRCA1</i>", "Ca<sup>2+</sup>", "<i>Mycobacterium tuberculosis</i>")
AFFILIATIONS = (
    "Department of Medicine, Karolinska Institutet, Stockholm, Sweden.",
    "Institut für Pathologie, Universitätsklinikum Köln, Köln, Germany.",
    "Département de Biologie, Université de Montréal, Montréal, Québec, Canada.",
    "Facultad de Medicina, Universidad de São Paulo, São Paulo, Brazil.",
    "Channing Division of Network Medicine, Brigham and Women's Hospital, Boston, MA, USA.",
    "Graduate School of Medicine, Kyoto University, Kyoto, Japan.",
    "Hacettepe Üniversitesi Tıp Fakültesi, Ankara, Türkiye.",
)
STOP_WORDS = {"the", "of", "and", "in", "a", "an", "to", "for", "on", "with", "by", "at", "or", "as", "is"}


@dataclass(frozen=True)
class GeneratedLibrary:
    """A cached library file and how long the service took to fill it."""

    path: Path
    size: int
    seed: int
    insert_seconds: float
    batch_seconds: tuple[float, ...]
    cached: bool

    @property
    def papers_per_second(self) -> float:
        return self.size / self.insert_seconds if self.insert_seconds else 0.0


def load_templates(fixtures: Path = FIXTURES) -> list[Paper]:
    """The real records every generated paper is varied from."""
    papers: list[Paper] = []
    for path in sorted(fixtures.glob("*.xml")):
        papers.extend(parse_pubmed_xml(path.read_bytes()))
    if not papers:
        raise RuntimeError(f"No PubMed records found in {fixtures}")
    return papers


class _Vocabulary:
    """Words, names, journals and MeSH terms seen in the real records."""

    def __init__(self, templates: list[Paper]):
        words = re.compile(r"[A-Za-z][A-Za-z\-]{2,}")
        self.title_words = sorted({w for p in templates for w in words.findall(p.title)} - STOP_WORDS)
        self.abstract_words = sorted({w for p in templates for w in words.findall(p.abstract_text)})
        people = [a for p in templates for a in p.authors if not a.collective]
        self.last = sorted({a.last for a in people}) + list(UNICODE_LAST)
        self.fore = sorted({a.fore for a in people if a.fore}) + list(UNICODE_FORE)
        self.mesh = sorted({m.descriptor for p in templates for m in p.mesh})
        self.qualifiers = sorted({q.name for p in templates for m in p.mesh for q in m.qualifiers})
        self.keywords = sorted({k for p in templates for k in p.keywords} | set(UNICODE_WORDS))
        self.journals = sorted({(p.journal, p.journal_iso, p.issn) for p in templates if p.journal})
        self.citations = [l.citation for p in templates for l in p.links if l.citation]


class PaperGenerator:
    """Deterministic stream of varied papers for one seed."""

    def __init__(self, seed: int = DEFAULT_SEED, templates: list[Paper] | None = None):
        self.seed = seed
        self.templates = templates or load_templates()
        self.vocab = _Vocabulary(self.templates)
        self.rng = random.Random(seed)

    def papers(self, count: int, start: int = 0) -> Iterator[Paper]:
        for number in range(start, start + count):
            yield self.paper(number)

    def paper(self, number: int) -> Paper:
        rng = self.rng
        template = self.templates[number % len(self.templates)]
        title, title_markup = self._title()
        journal, journal_iso, issn = rng.choice(self.vocab.journals)
        year = rng.randint(1960, 2025)
        month = rng.randint(1, 12)
        pmid = PMID_BASE + number
        return dataclasses.replace(
            template,
            pmid=pmid,
            doi=f"10.{1000 + number % 8000}/bench.{self.seed}.{number}" if rng.random() < 0.9 else "",
            pmcid=f"PMC{20_000_000 + number}" if rng.random() < 0.35 else "",
            title=title,
            title_markup=title_markup,
            abstract=self._abstract(),
            authors=self._authors(),
            journal=journal,
            journal_iso=journal_iso,
            issn=issn,
            year=year,
            month=month,
            day=rng.randint(1, 28) if rng.random() < 0.6 else None,
            date_text=f"{year} {_MONTHS[month - 1]}",
            volume=str(rng.randint(1, 400)),
            issue=str(rng.randint(1, 24)) if rng.random() < 0.85 else "",
            pages=self._pages(),
            mesh=self._mesh(),
            keywords=tuple(rng.sample(self.vocab.keywords, k=min(len(self.vocab.keywords), rng.choice((0, 0, 3, 5, 8))))),
            links=self._links(pmid),
            citekey="",
            citekey_pinned=False,
            source="bench",
        )

    # --- parts -------------------------------------------------------------

    def _title(self) -> tuple[str, str]:
        rng = self.rng
        length = max(3, int(rng.lognormvariate(2.5, 0.45)))  # median ~12 words, a long tail
        pools = (self.vocab.title_words, self.vocab.abstract_words)
        words = [rng.choice(pools[rng.random() < 0.5]) for _ in range(length)]
        for position in range(1, length, 4):
            if rng.random() < 0.3:
                words.insert(position, rng.choice(tuple(STOP_WORDS)))
        markup_words = list(words)
        if rng.random() < 0.15:
            words.insert(1, rng.choice(UNICODE_WORDS))
            markup_words.insert(1, words[1])
        if rng.random() < 0.1:
            tag = rng.choice(MARKUP_WORDS)
            words.insert(2, re.sub(r"</?\w+>", "", tag))
            markup_words.insert(2, tag)
        title = " ".join(words).capitalize() + "."
        markup = " ".join(markup_words)
        markup = (markup[:1].upper() + markup[1:] + ".") if "<" in markup else ""
        return title, markup.replace("&", "&amp;") if markup else ""

    def _abstract(self) -> tuple[AbstractSection, ...]:
        rng = self.rng
        if rng.random() < 0.15:
            return ()
        total = int(rng.lognormvariate(5.3, 0.4))  # median ~200 words
        labels = ("BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS") if rng.random() < 0.5 else ("",)
        sections = []
        for label in labels:
            words = [rng.choice(self.vocab.abstract_words) for _ in range(max(5, total // len(labels)))]
            if rng.random() < 0.2:
                words.insert(rng.randrange(len(words)), rng.choice(UNICODE_WORDS))
            sections.append(AbstractSection(text=" ".join(words).capitalize() + ".", label=label))
        return tuple(sections)

    def _authors(self) -> tuple[Author, ...]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.05:
            count = 1
        elif roll < 0.97:
            count = max(1, int(rng.lognormvariate(1.8, 0.6)))  # median ~6 authors
        else:
            count = rng.randint(50, 300)  # consortium papers
        affiliations = tuple(rng.sample(AFFILIATIONS, k=rng.choice((0, 1, 1, 2))))
        authors = []
        for _ in range(count):
            fore = rng.choice(self.vocab.fore)
            initials = "".join(part[:1] for part in fore.replace("-", " ").split()).upper()
            authors.append(Author(
                last=rng.choice(self.vocab.last),
                fore=fore,
                initials=initials,
                affiliations=affiliations,
                orcid=f"0000-000{rng.randint(1, 3)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
                if rng.random() < 0.1 else "",
            ))
        if rng.random() < 0.03:
            authors.append(Author(collective=rng.choice(COLLECTIVES)))
        return tuple(authors)

    def _pages(self) -> str:
        rng = self.rng
        if rng.random() < 0.2:
            return f"e{rng.randint(10000, 999999)}"
        first = rng.randint(1, 3000)
        return f"{first}-{str(first + rng.randint(2, 30))[-2:]}"

    def _mesh(self) -> tuple[MeshHeading, ...]:
        rng = self.rng
        if rng.random() < 0.4 or not self.vocab.mesh:
            return ()
        chosen = rng.sample(self.vocab.mesh, k=min(len(self.vocab.mesh), rng.randint(3, 18)))
        return tuple(
            MeshHeading(
                descriptor=d,
                major=rng.random() < 0.2,
                qualifiers=tuple(MeshQualifier(q, rng.random() < 0.3)
                                 for q in rng.sample(self.vocab.qualifiers, k=rng.choice((0, 0, 1, 2)))),
            )
            for d in chosen
        )

    def _links(self, pmid: int) -> tuple[Link, ...]:
        rng = self.rng
        links: list[Link] = []
        if rng.random() < 0.4:  # recent records list their references
            count = min(int(rng.lognormvariate(3.6, 0.5)), 400)  # median ~37
            targets = rng.sample(range(1_000_000, 40_000_000), k=count)
            links += [Link(LinkKind.REFERENCES, t, rank, citation=rng.choice(self.vocab.citations))
                      for rank, t in enumerate(targets, 1)]
        if rng.random() < 0.1:  # papers added from a PubMed page keep their similar articles
            for rank in range(1, rng.randint(5, 10) + 1):
                target = rng.randint(1_000_000, 40_000_000)
                journal, journal_iso, _ = rng.choice(self.vocab.journals)
                links.append(Link(LinkKind.SIMILAR, target, rank, title=self._title()[0],
                                  journal=journal_iso or journal, year=rng.randint(1990, 2025)))
        return tuple(l for l in links if l.pmid != pmid)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def cache_path(size: int, seed: int = DEFAULT_SEED, cache: Path = CACHE) -> Path:
    return cache / f"library-{size}-seed{seed}.sqlite"


def generate_library(
    size: int,
    seed: int = DEFAULT_SEED,
    cache: Path = CACHE,
    batch: int = BATCH,
    progress: bool = False,
) -> GeneratedLibrary:
    """The library of ``size`` papers for ``seed``, generated once and cached."""
    path = cache_path(size, seed, cache)
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        info = json.loads(meta.read_text())
        return GeneratedLibrary(path, size, seed, info["insert_seconds"], tuple(info["batch_seconds"]), True)
    cache.mkdir(parents=True, exist_ok=True)
    work = path.with_suffix(".partial")
    for stale in (work, Path(f"{work}-wal"), Path(f"{work}-shm")):
        stale.unlink(missing_ok=True)
    # Through open_services, wired as the app is: entries of the default
    # export format are rendered as papers are stored.
    services = open_services(work, Settings(demo_library=False), demo=False)
    library = services.library
    generator = PaperGenerator(seed)
    timings: list[float] = []
    try:
        for start in range(0, size, batch):
            papers = list(generator.papers(min(batch, size - start), start))
            began = time.perf_counter()
            report = library.add_papers(papers)
            timings.append(time.perf_counter() - began)
            if not report.ok:
                raise RuntimeError(f"Generating the library failed: {report.summary()}")
            if progress:
                print(f"  {start + len(papers):>7} papers, batch {timings[-1]:.2f} s", flush=True)
    finally:
        services.close()
    shutil.move(work, path)
    meta.write_text(json.dumps({"size": size, "seed": seed, "insert_seconds": sum(timings),
                                "batch_seconds": timings}))
    return GeneratedLibrary(path, size, seed, sum(timings), tuple(timings), False)


def working_copy(library: GeneratedLibrary, directory: Path) -> Path:
    """A throwaway copy of a cached library, for benchmarks that change it."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / library.path.name
    shutil.copyfile(library.path, target)
    return target


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Generate (and cache) a benchmark library.")
    parser.add_argument("size", type=int)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    result = generate_library(args.size, args.seed, progress=True)
    print(f"{result.path}: {result.size} papers in {result.insert_seconds:.1f} s "
          f"({result.papers_per_second:.0f} papers/s){' (cached)' if result.cached else ''}")
