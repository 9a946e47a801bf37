"""Hand-built papers that exercise every hard case of BibTeX export.

Names in Turkish, Norwegian, Spanish, German, Czech, Polish, Hungarian,
Icelandic and Romanian; Greek letters and symbols; TeX's special characters;
collective authors; inline markup; books and chapters; DOIs with ``_`` and
``%``.  Used by the export, round-trip and compile tests.
"""

from __future__ import annotations

from refdesk.model import AbstractSection, Author, MeshHeading, MeshQualifier, Paper, PaperKind

#: Text the typeset bibliography must show (checked with pdftotext); a tuple
#: lists acceptable alternatives.
EXPECTED_IN_PDF: tuple[str | tuple[str, ...], ...] = (
    "Akgün",
    "Şahin",
    "Doğan",
    "Başar",
    "Østergaard",
    "Bjørn",
    "Montalbán-López",
    "Rincón",
    "Müller",
    "Straße",
    "Dvořák",
    "Łukasz",
    "Szabó",
    "Þórsdóttir",
    "Guðrún",
    # With ASCII output the comma-below t is written as a cedilla t (T1 has no
    # comma-below glyph and \textcommabelow needs a package); LaTeX's own UTF-8
    # support builds the comma-below t from a t and an accent, which pdftotext
    # reads as "t,".
    ("Ionuţ", "Ionuț", "Ionut,"),
    "Australian Ovarian Cancer Study Group",
    "50%",
    "R&D",
    "$5",
    "#1",
    "snake_case",
)


def sample_papers() -> list[Paper]:
    """Papers with citation keys, every one a different hard case."""
    return [
        Paper(
            citekey="akgun2019",
            title="IL-6 and TNF-α signalling in CCAAT/enhancer binding protein β (C/EBPβ) knockout mice: a 50% reduction",
            title_markup=(
                "IL-6 and TNF-α signalling in CCAAT/enhancer binding protein β (C/EBPβ) "
                "knockout <i>mice</i>: a 50% reduction"
            ),
            authors=(
                Author(last="Akgün", fore="Ayşe"),
                Author(last="Şahin", fore="Uğur"),
                Author(last="Doğan", fore="Işıl"),
                Author(last="Başar", fore="Çağrı"),
            ),
            journal="Türk Biyokimya Dergisi",
            journal_iso="Turk Biyokim Derg",
            year=2019,
            month=3,
            day=7,
            volume="44",
            issue="2",
            pages="101-9",
            doi="10.1515/TJB-2019_0042",
            pmid=30000001,
            pmcid="PMC6000001",
            issn="0250-4685",
            abstract=(
                AbstractSection(text="Cells were grown at 37 °C with 5 µM drug (± SD).", label="METHODS"),
                AbstractSection(
                    text="IC50 fell ≥ 2-fold; p < 0.05.",
                    label="RESULTS",
                    markup="IC<sub>50</sub> fell ≥ 2-fold; <i>p</i> &lt; 0.05.",
                ),
            ),
            mesh=(
                MeshHeading("Interleukin-6", True, (MeshQualifier("metabolism"),)),
                MeshHeading("Carcinoma, Ductal, Breast"),
            ),
            keywords=("C/EBPβ", "mdr1"),
        ),
        Paper(
            citekey="ostergaard2020",
            title="Østrogen receptor status in Norwegian women: the Tromsø study",
            authors=(
                Author(last="Østergaard", fore="Bjørn"),
                Author(last="Løvås", fore="Åse"),
                Author(collective="Australian Ovarian Cancer Study Group"),
            ),
            journal="Tidsskrift for Den norske legeforening",
            year=2020,
            month=11,
            volume="140",
            pages="e1234",
            doi="10.4045/tidsskr.20.0042",
            pmid=30000002,
        ),
        Paper(
            citekey="montalbanlopez2021",
            title="Nisin variants from Lactococcus lactis: ¿antimicrobial “lantibiotics” — or not?",
            title_markup=(
                "Nisin variants from <i>Lactococcus lactis</i>: ¿antimicrobial “lantibiotics” — or not?"
            ),
            authors=(
                Author(last="Montalbán-López", fore="Manuel"),
                Author(last="Rincón", fore="José Ángel"),
                Author(last="Peña", fore="Begoña"),
                Author(last="van der Berg", fore="Jan"),
            ),
            journal="Revista Española de Quimioterapia",
            year=2021,
            volume="34",
            issue="Suppl 1",
            pages="S12-4",
            doi="10.37201/req/%28021%29.2021",
            url="https://example.org/paper?id=1&lang=es#section_2",
            pmid=30000003,
        ),
        Paper(
            citekey="muller2018",
            title="Straße, Größe und Maß: R&D costs of $5 million, ranked #1 for snake_case code ~ ^ {braces} \\ backslash",
            authors=(
                Author(last="Müller", fore="Hans-Jürgen", suffix="Jr"),
                Author(last="Straße", fore="Günther"),
                Author(last="Dvořák", fore="Antonín"),
                Author(last="Wiśniewski", fore="Łukasz"),
                Author(last="Szabó", fore="Zoltán Ődön Űr"),
                Author(last="Þórsdóttir", fore="Guðrún"),
                Author(last="Popescu", fore="Ionuț Ștefan"),
            ),
            journal="Deutsche Medizinische Wochenschrift",
            year=2018,
            month=1,
            volume="143",
            issue="1",
            pages="10-20",
            note="Erratum in: Dtsch Med Wochenschr 2018; 143(5): e1.",
        ),
        Paper(
            citekey="gerondakis2022",
            title="NF-κB, κ-opioid and γδ T cells: α/β ratio ≤ 0.5 ± 0.1 at 4 °C (×10³ cells/µL) → ω-3 fatty acids™",
            authors=(Author(last="Gerondakis", fore="Steve"), Author(last="Papadopoulos", fore="Nikos")),
            journal="Nature Reviews Immunology",
            year=2022,
            volume="22",
            pages="123-35",
            doi="10.1038/s41577-022-00001-x",
            pmid=30000005,
        ),
        Paper(
            citekey="genereviews2023",
            kind=PaperKind.BOOK,
            title="GeneReviews®",
            editors=(Author(last="Adam", fore="Margaret P"), Author(last="Feldman", fore="Jerry")),
            publisher="University of Washington, Seattle",
            year=2023,
            pmid=20301295,
        ),
        Paper(
            citekey="bird2023",
            kind=PaperKind.CHAPTER,
            title="Alzheimer Disease Overview",
            book_title="GeneReviews®",
            authors=(Author(last="Bird", fore="Thomas D"),),
            editors=(Author(last="Adam", fore="Margaret P"),),
            publisher="University of Washington, Seattle",
            year=2023,
            month=4,
            day=20,
            pmid=20301340,
        ),
        Paper(
            citekey="carcinoma2024",
            title="Expression of HER2 in E. coli: CO2 and Ca2+ flux in Breast and Ovarian cancer",
            title_markup=(
                "Expression of HER2 in <i>E. coli</i>: CO<sub>2</sub> and Ca<sup>2+</sup> "
                "flux in <b>Breast</b> and <u>Ovarian</u> cancer"
            ),
            authors=(
                Author(collective="Council on Cardiopulmonary, Critical Care, Perioperative and Resuscitation"),
                Author(last="Smith", fore="", initials="JA"),
            ),
            journal="Journal of Clinical Oncology",
            year=2024,
            pages="1-10",
            doi="10.1200/JCO.23.01234",
        ),
    ]


def injection_papers(pwned: str) -> list[Paper]:
    """Papers whose metadata tries to run TeX code; ``pwned`` must never be created."""
    return [
        Paper(
            citekey="inject2020input",
            title="\\input{/etc/passwd}",
            authors=(Author(last="\\input{/etc/passwd}", fore="Eve"),),
            journal="\\jobname",
            year=2020,
        ),
        Paper(
            citekey="inject2020write",
            title=f"\\immediate\\write18{{touch {pwned}}}",
            authors=(Author(last="Mallory", fore="\\write18{touch " + pwned + "}"),),
            journal="Journal of } Unbalanced { Braces",
            year=2020,
            doi="10.1000/}\\input{/etc/passwd}",
            url="http://example.org/a b}\\input{/etc/passwd}",
        ),
    ]
