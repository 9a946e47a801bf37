"""MEDLINE (.nbib) files as PubMed exports them."""

from __future__ import annotations

from pathlib import Path

import pytest

from refdesk.errors import FormatError
from refdesk.formats.medline import (
    parse_medline,
    parse_mesh_heading,
    split_abstract,
    substance_name,
)
from refdesk.model import (
    AbstractSection,
    Author,
    MeshHeading,
    MeshQualifier,
    Notice,
    PaperKind,
)

DATA = Path(__file__).parents[1] / "data" / "medline"

RECORD_COUNTS = {
    "asian_study_citations.nbib": 1,
    "biopython_pubmed_result1.txt": 1,
    "biopython_pubmed_result2.txt": 4,
    "biopython_pubmed_result3.txt": 1,
    "limo_tools_citations.nbib": 2,
    "qs-global-ortho_citations.nbib": 200,
}


def read(name: str):
    return parse_medline((DATA / name).read_text(encoding="utf-8"), name)


def by_pmid(parsed, pmid: int):
    (paper,) = [p for p in parsed.records if p.pmid == pmid]
    return paper


def test_every_fixture_is_covered():
    assert sorted(p.name for p in DATA.iterdir()) == sorted(RECORD_COUNTS)


@pytest.mark.parametrize("name, count", sorted(RECORD_COUNTS.items()))
def test_record_counts_and_no_problems(name, count):
    parsed = read(name)
    assert parsed.format == "medline"
    assert parsed.problems == ()
    assert len(parsed.records) == count
    for paper in parsed.records:
        assert paper.source == "medline"
        assert paper.pmid and paper.title and paper.journal and paper.journal_iso and paper.year
        assert paper.kind is PaperKind.ARTICLE


def test_result1_single_record_with_leading_blank_line():
    (paper,) = read("biopython_pubmed_result1.txt").records
    assert paper.pmid == 12230038
    assert paper.title == "The Bio* toolkits--a brief overview."
    assert paper.journal == "Briefings in bioinformatics"
    assert paper.journal_iso == "Brief Bioinform"
    assert (paper.year, paper.month, paper.day, paper.date_text) == (2002, 9, None, "2002 Sep")
    assert (paper.volume, paper.issue, paper.pages) == ("3", "3", "296-302")
    assert paper.issn == "1467-5463"
    assert paper.language == "eng"
    assert paper.publication_types == ("Journal Article",)
    # Wrapped AB lines are joined with single spaces.
    assert paper.abstract == (
        AbstractSection(
            "Bioinformatics research is often difficult to do with commercial software. The "
            "Open Source BioPerl, BioPython and Biojava projects provide toolkits with multiple "
            "functionality that make it easier to create customised pipelines or analysis. This "
            "review briefly compares the quirks of the underlying languages and the "
            "functionality, documentation, utility and relative advantages of the Bio "
            "counterparts, particularly from the point of view of the beginning biologist "
            "programmer."
        ),
    )
    # The AD line comes before the only author in this old record: it is still attached.
    assert paper.authors == (
        Author(
            last="Mangalam",
            fore="Harry",
            initials="H",
            affiliations=("tacg Informatics, Irvine, CA 92612, USA. hjm@tacgi.com",),
        ),
    )
    assert [str(m) for m in paper.mesh] == [
        "Computational Biology*",
        "Computer Systems",
        "Humans",
        "Internet",
        "Programming Languages*",
        "Software*",
        "User-Computer Interface",
    ]
    assert paper.doi == "" and paper.pmcid == ""


def test_result2_structured_abstracts_pmc_and_substances():
    parsed = read("biopython_pubmed_result2.txt")
    assert [p.pmid for p in parsed.records] == [16403221, 16377612, 14871861, 14630660]
    first, second, third, last = parsed.records
    assert [s.label for s in first.abstract] == ["BACKGROUND", "RESULTS", "CONCLUSION"]
    assert first.abstract[0].text.startswith("Benchmarking algorithms in structural")
    assert first.abstract[0].text.endswith("from these resources.")
    assert first.abstract[2].text == (
        "The modules make the analysis and generation of datasets for use in structural "
        "genomics easier and more principled."
    )
    assert first.pmcid == "PMC1373603"
    assert first.doi == "10.1186/1471-2105-7-10"
    assert first.publication_types == ("Evaluation Studies", "Journal Article")
    assert [s.label for s in second.abstract] == ["SUMMARY", "AVAILABILITY", "SUPPLEMENTARY INFORMATION"]
    assert (second.year, second.month, second.day) == (2006, 3, 1)
    assert second.journal == "Bioinformatics (Oxford, England)"
    assert third.authors[0] == Author(
        last="de Hoon",
        fore="M J L",
        initials="MJ",
        affiliations=(
            (
                "Human Genome Center, Institute of Medical Science, University of Tokyo, 4-6-1 "
                "Shirokanedai, Minato-ku, Tokyo, 108-8639 Japan. mdehoon@ims.u-tokyo.ac.jp"
            ),
        ),
    )
    # Text before the first label is kept as an unlabelled section.
    assert [s.label for s in last.abstract] == ["", "AVAILABILITY"]
    assert last.substances == ("Macromolecular Substances",)
    assert last.mesh[3] == MeshHeading(
        "Information Storage and Retrieval",
        qualifiers=(MeshQualifier("methods", True), MeshQualifier("standards", True)),
    )


def test_result3_wrapped_mesh_and_trailing_spaces():
    (paper,) = read("biopython_pubmed_result3.txt").records
    assert paper.pmid == 23039619
    assert paper.doi == "10.1118/1.4748329"
    assert paper.mesh[1] == MeshHeading(
        "High-Intensity Focused Ultrasound Ablation",
        qualifiers=(
            MeshQualifier("adverse effects"),
            MeshQualifier("instrumentation"),
            MeshQualifier("methods", True),
        ),
    )
    methods = paper.abstract[1]
    assert methods.label == "METHODS"
    # "were used $" + "to examine": one space, not two.
    assert "patterns were used to examine the ablation" in methods.text
    assert "  " not in paper.abstract_text
    assert paper.issn == "0094-2405"
    assert paper.authors[0].affiliations == (
        (
            "School of Biomedical Engineering, Shanghai Jiao Tong University, Shanghai, People's "
            "Republic of China."
        ),
    )
    assert [a.display_name for a in paper.authors] == ["Qiao S", "Shen G", "Bai J", "Chen Y"]


def test_limo_double_blank_lines_pii_and_keywords():
    first, second = read("limo_tools_citations.nbib").records
    assert first.pmid == 21403915
    assert first.title == (
        "LIMO EEG: a toolbox for hierarchical LInear MOdeling of ElectroEncephaloGraphic data."
    )
    # "LIMO EEG:" in the title is not an abstract label, and the abstract has none.
    assert [s.label for s in first.abstract] == [""]
    assert (first.year, first.month, first.volume, first.pages) == (2011, None, "2011", "831409")
    assert first.pmcid == "PMC3049326"
    assert second.pmid == 25128255
    assert second.doi == "10.1016/j.jneumeth.2014.08.003"  # the [doi] LID, not the [pii]
    assert second.issn == "1872-678X"  # the first IS line
    assert (second.year, second.month, second.day) == (2015, 7, 30)
    assert second.keywords == (
        "Cluster-based statistics",
        "ERP",
        "Family-wise error rate",
        "Monte-Carlo simulations",
        "Multiple comparison correction",
        "Threshold free cluster enhancement",
    )
    assert [s.label for s in second.abstract] == ["BACKGROUND", "METHOD", "RESULTS", "CONCLUSIONS"]
    assert second.authors[1].affiliations == (
        (
            "Institut de Neurosciences de la Timone UMR 7289, Aix Marseille Universite, CNRS, "
            "13385 Marseille, France."
        ),
    )


def test_asian_study_collective_author_with_its_own_affiliation():
    (paper,) = read("asian_study_citations.nbib").records
    assert paper.pmid == 30898391
    assert len(paper.authors) == 53
    collectives = [(i, a) for i, a in enumerate(paper.authors) if a.is_collective]
    assert collectives == [
        (
            33,
            Author(
                collective="Australian Ovarian Cancer Study Group",
                affiliations=("Peter MacCallum Cancer Institute, Melbourne, Australia.",),
            ),
        )
    ]
    before, after = paper.authors[32], paper.authors[34]
    assert (before.last, before.fore, before.initials) == ("Sieh", "Weiva", "W")
    assert before.affiliations[0].startswith("Department of Population Health Science")
    assert (after.last, after.initials) == ("Thompson", "PJ")
    assert after.affiliations[0].startswith("Cancer Prevention and Control")
    assert paper.authors[-1].display_name == "Goodman MT"
    assert paper.authors[12].initials == "MAS"
    assert paper.keywords[0] == "Asian ancestry"  # the "*" of OT is dropped
    assert paper.doi == "10.1016/j.ygyno.2019.02.023"
    assert paper.pmcid == "PMC6754211"
    assert [s.label for s in paper.abstract] == ["OBJECTIVE", "METHODS", "RESULTS", "CONCLUSION"]
    assert (paper.volume, paper.issue, paper.pages, paper.date_text) == (
        "153", "2", "343-355", "2019 May",
    )


@pytest.fixture(scope="module")
def ortho():
    return read("qs-global-ortho_citations.nbib")


def test_ortho_200_records_first_and_last(ortho):
    assert len(ortho.records) == 200
    assert len({p.pmid for p in ortho.records}) == 200
    first, last = ortho.records[0], ortho.records[-1]
    assert first.pmid == 30514039
    assert first.title == (
        "Feasibility study of preoperative percutaneous catheter drainage in the treatment of "
        "lumbar tuberculosis with psoas abscess."
    )
    assert first.extra_fields == (("title_translated", "true"),)
    assert first.language == "chi"
    assert first.doi == "10.3969/j.issn.1003-0034.2018.11.004"
    assert (first.year, first.month, first.day) == (2018, 11, 25)
    assert last.pmid == 11981730
    assert last.journal_iso == "Clin Infect Dis"
    assert last.date_text == "2002 May 15"
    assert (last.volume, last.issue, last.pages) == ("34", "10", "1342-50")
    assert last.doi == "10.1086/340102"
    assert last.authors[0].full_name == "Martin C McHenry"
    assert last.extra_fields == ()


def test_ortho_sampled_records(ortho):
    spine = ortho.records[1]
    assert spine.pmid == 30045346
    assert spine.journal_iso == "Spine (Phila Pa 1976)"
    assert spine.pages == "E1-E6"
    clin_ter = by_pmid(ortho, 18776984)
    assert (clin_ter.year, clin_ter.month, clin_ter.date_text) == (2008, 7, "2008 Jul-Aug")
    assert clin_ter.publication_types == ("Case Reports", "Journal Article", "Review")
    assert clin_ter.substances[:3] == ("Anti-Bacterial Agents", "Metronidazole", "Teicoplanin")
    jmi = by_pmid(ortho, 24705769)
    assert (jmi.issue, jmi.year, jmi.month) == ("1-2", 2014, None)
    assert len(jmi.mesh) == 14
    # Totals over the whole file.
    assert sum(len(p.authors) for p in ortho.records) == 1033
    assert sum(len(p.mesh) for p in ortho.records) == 2677
    assert sum(len(p.substances) for p in ortho.records) == 285
    assert sum(1 for p in ortho.records if p.abstract) == 186


def test_ortho_date_range(ortho):
    paper = by_pmid(ortho, 25238468)
    assert (paper.year, paper.month, paper.day, paper.date_text) == (2014, 5, None, "2014 May-Jun")


def test_ortho_translated_title_and_vernacular_title(ortho):
    paper = by_pmid(ortho, 28748004)
    assert paper.title == "Dorsolumbar cold abscess revealing Pott's disease."
    assert paper.vernacular_title == "Abces froid dorsolombaire revelant un mal de Pott."
    assert paper.extra_fields == (("title_translated", "true"),)
    assert paper.language == "fre"
    assert sum(1 for p in ortho.records if p.vernacular_title) == 33


def test_ortho_comment_and_erratum_notices(ortho):
    assert by_pmid(ortho, 24613439).notices == (
        Notice("CommentIn", "Orthop Traumatol Surg Res. 2015 Apr;101(2):263", 25748219),
        Notice("CommentIn", "Orthop Traumatol Surg Res. 2015 Apr;101(2):261", 25703774),
    )
    assert by_pmid(ortho, 20920926).notices == (
        Notice("CommentOn", "World Neurosurg. 2010 May;73(5):560-4", 20920943),
    )
    # "PMID:" wrapped onto a continuation line.
    assert by_pmid(ortho, 20488146).notices == (
        Notice(
            "CommentIn",
            "Orthop Traumatol Surg Res. 2011 May;97(3):356-7; author reply 358-9",
            21497146,
        ),
    )
    erratum = by_pmid(ortho, 19133053).notices
    assert erratum == (
        Notice(
            "ErratumIn",
            "Aust N Z J Obstet Gynaecol. 2009 Jun;49(3):253. Kornman, Tony [corrected to "
            "Korman, Tony M]",
            None,
        ),
    )
    assert erratum[0].is_warning
    assert sum(len(p.notices) for p in ortho.records) == 12


def test_orcid_suffix_and_collective_affiliations():
    text = (DATA / "biopython_pubmed_result1.txt").read_text(encoding="utf-8")
    text = text.replace(
        "AU  - Mangalam H\n",
        "AU  - Mangalam H\nAUID- ORCID: https://orcid.org/0000-0002-1825-0097\n"
        "FAU - King, Martin Luther Jr\nAU  - King ML Jr\n"
        "CN  - The Bio Consortium\nAD  - Somewhere, UK.\n",
    )
    (paper,) = parse_medline(text).records
    assert paper.authors[0].orcid == "0000-0002-1825-0097"
    assert paper.authors[1] == Author(last="King", fore="Martin Luther", initials="ML", suffix="Jr")
    assert paper.authors[1].display_name == "King ML Jr"
    assert paper.authors[2] == Author(collective="The Bio Consortium", affiliations=("Somewhere, UK.",))


def test_records_without_blank_line_between_them():
    text = (DATA / "limo_tools_citations.nbib").read_text(encoding="utf-8")
    joined = "\n".join(line for line in text.splitlines() if line.strip()) + "\n"
    parsed = parse_medline(joined)
    assert [p.pmid for p in parsed.records] == [21403915, 25128255]
    assert parsed.problems == ()


def test_bad_record_is_reported_and_the_others_kept():
    text = (DATA / "biopython_pubmed_result2.txt").read_text(encoding="utf-8")
    text = text.replace("PMID- 14871861", "PMID- 1487186x").replace(
        "OWN - NLM\nSTAT- MEDLINE\nDA  - 20031121",
        "OWN - NLM\nthis line is not a field\nDA  - 20031121",
    )
    parsed = parse_medline(text, "result2.txt")
    assert [p.pmid for p in parsed.records] == [16403221, 16377612]
    assert [(p.line, p.source) for p in parsed.problems] == [(127, "result2.txt"), (192, "result2.txt")]
    assert "not a number" in parsed.problems[0].message
    assert "line 194 is not a MEDLINE field" in parsed.problems[1].message
    assert str(parsed.problems[0]).startswith("result2.txt:127: ")


def test_split_abstract_rules():
    assert split_abstract("") == ()
    assert split_abstract("No labels here. HIV is common.") == (
        AbstractSection("No labels here. HIV is common."),
    )
    assert split_abstract("UNLABELLED: First. MATERIALS AND METHODS: Second.") == (
        AbstractSection("First."),
        AbstractSection("Second.", "MATERIALS AND METHODS"),
    )
    # A colon inside a sentence ("ratio: ...") is not a label; lower-case words are not labels.
    assert len(split_abstract("BACKGROUND: The OR ratio: 1.2. Results: fine.")) == 1


def test_mesh_and_substance_helpers():
    assert parse_mesh_heading("*Brain/physiology/*metabolism") == MeshHeading(
        "Brain", True, (MeshQualifier("physiology"), MeshQualifier("metabolism", True))
    )
    assert substance_name("0 (Interleukin-6)") == "Interleukin-6"
    assert substance_name("EC 3.4.21.- (Serine Endopeptidases)") == "Serine Endopeptidases"
    assert substance_name("9007-49-2 (DNA)") == "DNA"
    assert substance_name("Interleukin-6") == "Interleukin-6"


@pytest.mark.parametrize(
    "text",
    ["Just some notes\nabout papers\n", "<?xml version='1.0'?>\n<a/>\n"],
)
def test_not_medline(text):
    with pytest.raises(FormatError) as caught:
        parse_medline(text, "notes.nbib")
    assert caught.value.source == "notes.nbib" and caught.value.line == 1
    assert "not a MEDLINE file" in str(caught.value)
