"""Hand-built papers that exercise every hard case of BibTeX export.

Names in Turkish, Norwegian, Spanish, German, Czech, Polish, Hungarian,
Icelandic and Romanian; Greek letters and symbols; TeX's special characters;
collective authors; inline markup; books and chapters; a paper of every other
kind (:func:`kind_papers`); DOIs with ``_`` and ``%``.  Used by the export,
round-trip and compile tests.
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
        *kind_papers(),
    ]


#: For each paper of :func:`kind_papers`, what the typeset bibliography shows
#: only for its kind -- the booktitle after "In", the school, the institution
#: ... -- as plain/unsrtnat (BibTeX) and biblatex's standard styles write it
#: (pdftotext's text, spaces joined); a tuple lists acceptable alternatives.
EXPECTED_FOR_KINDS: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "lovelace2019": (
        (
            "In Jane Smith, editor, Proceedings of the 12th International Conference on Computational Immunology, pages 112–120",
            "In: Proceedings of the 12th International Conference on Computational Immunology. Ed. by Jane Smith",
        ),
    ),
    "icci2019": (
        (
            "Proceedings of the 12th International Conference on Computational Immunology, volume 11650 of Lecture Notes in Bioinformatics",
            "Proceedings of the 12th International Conference on Computational Immunology. Vol. 11650. Lecture Notes in Bioinformatics",
        ),
        "International Society for Computational Immunology",
    ),
    "okafor2020": (
        (
            "Technical Report MPI-IB-2020-07, Max-Planck-Institut für Immunbiologie, Freiburg",
            "Tech. rep. MPI-IB-2020-07. Freiburg: Max-Planck-Institut für Immunbiologie",
        ),
    ),
    "lefevre2015": (("PhD thesis, Université de Montréal, Montréal", "PhD thesis. Montréal: Université de Montréal"),),
    "lindqvist2017": (("Master’s thesis, Karolinska Institutet", "MA thesis. Karolinska Institutet"),),
    "who2021": ("Global tuberculosis report 2021. WHO fact sheet",),
    "ncbi2022": ("National Center for Biotechnology Information. PubMed User Guide",),
    "garcia2023": (("Interleukin 6 and sarcopenia in older adults. Manuscript in preparation", "Interleukin 6 and sarcopenia in older adults”. Manuscript in preparation"),),
    "rcore2023": ("Computing. R Foundation for Statistical Computing",),
    "patel2018": ("Living with lymphoedema: a guide for patients. Leaflet of the Leeds lymphoedema clinic",),
}


def kind_papers() -> list[Paper]:
    """A paper of every kind but article, book and chapter, with the fields
    its entry type needs, kept where a .bib import keeps them (school,
    institution, howpublished ... in ``extra_fields``; the mastersthesis and
    the report with biblatex's field names, the others with BibTeX's)."""
    return [
        Paper(
            citekey="lovelace2019",
            kind=PaperKind.INPROCEEDINGS,
            title="Counting γδ T cells with graph neural networks",
            authors=(Author(last="Lovelace", fore="Ada"), Author(last="Núñez", fore="Íñigo")),
            editors=(Author(last="Smith", fore="Jane"),),
            book_title="Proceedings of the 12th International Conference on Computational Immunology",
            publisher="Springer",
            year=2019,
            month=7,
            pages="112-20",
            doi="10.1007/978-3-030-00001-2_12",
            extra_fields=(("address", "Cham"),),
        ),
        Paper(
            citekey="icci2019",
            kind=PaperKind.PROCEEDINGS,
            title="Proceedings of the 12th International Conference on Computational Immunology",
            editors=(Author(last="Smith", fore="Jane"), Author(last="Kowalczyk", fore="Zofia")),
            publisher="Springer",
            year=2019,
            volume="11650",
            extra_fields=(
                ("organization", "International Society for Computational Immunology"),
                ("series", "Lecture Notes in Bioinformatics"),
            ),
        ),
        Paper(
            citekey="okafor2020",
            kind=PaperKind.TECHREPORT,
            title="Cytokine release syndrome after CAR-T therapy: a registry analysis",
            authors=(Author(last="Okafor", fore="Chidi"),),
            year=2020,
            issue="MPI-IB-2020-07",
            extra_fields=(("institution", "Max-Planck-Institut für Immunbiologie"), ("location", "Freiburg")),
        ),
        Paper(
            citekey="lefevre2015",
            kind=PaperKind.PHDTHESIS,
            title="Régulation de l'interleukine 6 dans le cancer du sein",
            authors=(Author(last="Lefèvre", fore="Amélie"),),
            year=2015,
            extra_fields=(("address", "Montréal"), ("school", "Université de Montréal")),
        ),
        Paper(
            citekey="lindqvist2017",
            kind=PaperKind.MASTERSTHESIS,
            title="Interleukin 6 in the cerebrospinal fluid of preterm infants",
            authors=(Author(last="Lindqvist", fore="Märta"),),
            year=2017,
            extra_fields=(("institution", "Karolinska Institutet"),),
        ),
        Paper(
            citekey="who2021",
            kind=PaperKind.MISC,
            title="Global tuberculosis report 2021",
            authors=(Author(collective="World Health Organization"),),
            year=2021,
            url="https://www.who.int/publications/i/item/9789240037021",
            extra_fields=(("howpublished", "WHO fact sheet"),),
        ),
        Paper(
            citekey="ncbi2022",
            kind=PaperKind.MISC,
            title="PubMed User Guide",
            authors=(Author(collective="National Center for Biotechnology Information"),),
            year=2022,
            url="https://pubmed.ncbi.nlm.nih.gov/help/",
            extra_fields=(("urldate", "2023-05-01"),),
        ),
        Paper(
            citekey="garcia2023",
            kind=PaperKind.UNPUBLISHED,
            title="Interleukin 6 and sarcopenia in older adults",
            authors=(Author(last="García Márquez", fore="Lucía"),),
            year=2023,
            note="Manuscript in preparation",
        ),
        Paper(
            citekey="rcore2023",
            kind=PaperKind.MANUAL,
            title="R: A Language and Environment for Statistical Computing",
            authors=(Author(collective="R Core Team"),),
            year=2023,
            url="https://www.R-project.org/",
            extra_fields=(("address", "Vienna"), ("organization", "R Foundation for Statistical Computing")),
        ),
        Paper(
            citekey="patel2018",
            kind=PaperKind.BOOKLET,
            title="Living with lymphoedema: a guide for patients",
            authors=(Author(last="Patel", fore="Priya"),),
            year=2018,
            extra_fields=(("howpublished", "Leaflet of the Leeds lymphoedema clinic"),),
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
