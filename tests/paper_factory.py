"""Rich, realistic papers for tests that need many or varied records."""

from __future__ import annotations

from refdesk.model import AbstractSection, Author, Link, LinkKind, MeshHeading, MeshQualifier, Notice, Paper


def make_paper(n: int = 1, **changes) -> Paper:
    paper = Paper(
        pmid=30000000 + n,
        doi=f"10.1000/test.{n}",
        pmcid=f"PMC{9000000 + n}",
        title=f"Autocrine interleukin {n} signalling in Ørsted's şahin cells",
        title_markup=f"Autocrine interleukin {n} signalling in <i>Ørsted</i>'s şahin cells",
        abstract=(AbstractSection("Background text.", "BACKGROUND"), AbstractSection("Results text.", "RESULTS")),
        authors=(
            Author("Akgün", "Ayşe", "A", affiliations=("Ankara University, Türkiye",), orcid="0000-0002-1825-0097"),
            Author("Doğan", "Mehmet", "M"),
            Author(collective="Breast Cancer Study Group"),
        ),
        journal="Cancer Research",
        journal_iso="Cancer Res",
        year=2001 + n % 20,
        month=12,
        day=15,
        date_text=f"{2001 + n % 20} Dec 15",
        volume="61",
        issue="24",
        pages="8851-8",
        issn="0008-5472",
        language="eng",
        publication_types=("Journal Article", "Research Support, Non-U.S. Gov't"),
        mesh=(MeshHeading("Interleukin-6", True, (MeshQualifier("metabolism", False),)), MeshHeading("Humans")),
        keywords=("multidrug resistance",),
        substances=("Interleukin-6",),
        notices=(Notice("ErratumIn", "Cancer Res. 2002;62(1):1.", 11800000 + n),),
        links=(
            Link(LinkKind.SIMILAR, 11501838, 1, 45.5, title="Cyclooxygenase-2 and drug resistance", journal="Anticancer Res", year=2001),
            Link(LinkKind.CITED_BY, 38339245, 1, title="Exploring STAT3", journal="Cancers (Basel)", year=2024),
        ),
        source="test",
    )
    return paper.__class__(**{**{f: getattr(paper, f) for f in paper.__dataclass_fields__}, **changes})
