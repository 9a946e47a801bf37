"""Large EFetch answers are read in slices of whole records: same papers, same errors."""

from __future__ import annotations

import pytest
from pubmed_shapes import HEAD, article, document
from replay_server import EUTILS, EUTILS_DOCS

from refdesk.errors import FormatError
from refdesk.sources import pubmed_xml
from refdesk.sources.pubmed_xml import parse_pubmed_xml
from refdesk.sources.xml_slices import sliced

RECORDS = [article(pmid=str(90000100 + n)) for n in range(6)]


def read_whole(data: bytes, monkeypatch) -> list:
    with monkeypatch.context() as patch:
        patch.setattr(pubmed_xml, "sliced", lambda *args: None)
        return parse_pubmed_xml(data)


def read_sliced(data: bytes, monkeypatch, size: int = 1) -> list:
    with monkeypatch.context() as patch:
        patch.setattr(pubmed_xml, "_SLICE_BYTES", size)
        return parse_pubmed_xml(data)


def error_of(read, data: bytes, monkeypatch) -> str:
    with pytest.raises(FormatError) as caught:
        read(data, monkeypatch)
    return str(caught.value)


def test_slices_are_documents_of_whole_records():
    data = document(*RECORDS)
    pieces = list(sliced(data, "PubmedArticleSet", "PubmedArticle", 1))
    assert [piece.count(b"<PubmedArticle>") for piece in pieces] == [0] + [1] * len(RECORDS)  # 0: the newline
    head = data[: data.index(b"<PubmedArticleSet>") + len(b"<PubmedArticleSet>")]
    assert all(piece.startswith(head) for piece in pieces)
    assert all(piece.endswith(b"</PubmedArticleSet>") for piece in pieces[:-1])
    bodies = b"".join(piece[len(head):].removesuffix(b"</PubmedArticleSet>") for piece in pieces[:-1])
    assert bodies + pieces[-1][len(head):] == data[len(head):]


def test_small_answers_and_other_roots_are_read_whole():
    data = document(*RECORDS)
    assert sliced(data, "PubmedArticleSet", "PubmedArticle", len(data)) is None
    assert sliced(data, "eSummaryResult", "DocSum", 1) is None
    assert sliced(b"<PubmedArticleSet", "PubmedArticleSet", "PubmedArticle", 1) is None


@pytest.mark.parametrize("size", [1, 2000, 5000])
def test_any_slice_size_reads_the_same_papers(size, monkeypatch):
    data = document(*RECORDS)
    assert read_sliced(data, monkeypatch, size) == read_whole(data, monkeypatch)
    assert [paper.pmid for paper in read_sliced(data, monkeypatch, size)] == [90000100 + n for n in range(6)]


def test_recorded_answers_glued_together_read_the_same(monkeypatch):
    records = []
    for path in sorted((EUTILS / "efetch").glob("*.xml")):
        text = path.read_text(encoding="utf-8")
        start = text.index("<PubmedArticleSet>") + len("<PubmedArticleSet>")
        records.append(text[start: text.rindex("</PubmedArticleSet>")])
    data = document(*records)
    whole = read_whole(data, monkeypatch)
    assert len(whole) == data.count(b"<PubmedArticle>") + data.count(b"<PubmedBookArticle>") > 10
    for size in (1, 30_000, 100_000):
        assert read_sliced(data, monkeypatch, size) == whole


@pytest.mark.parametrize(
    "decoy",
    [
        "<!-- <PubmedArticle> in a comment -->",
        "<![CDATA[ <PubmedArticle> in a CDATA section ]]>",
        "<?pi <PubmedArticle> in a processing instruction ?>",
    ],
    ids=["comment", "cdata", "pi"],
)
def test_a_record_tag_that_is_not_one_changes_nothing(decoy, monkeypatch):
    records = list(RECORDS)
    records[2] = records[2].replace("<ArticleTitle>A title.</ArticleTitle>", f"<ArticleTitle>A {decoy} title.</ArticleTitle>")
    records.insert(4, decoy)
    data = document(*records)
    assert read_sliced(data, monkeypatch) == read_whole(data, monkeypatch)


def test_prolog_decoys_and_root_attributes_are_kept(monkeypatch):
    root = '<PubmedArticleSet xmlns:m="http://www.w3.org/1998/Math/MathML" xml:lang="en" note="a &gt; b">'
    records = [r.replace("A title.", "A <m:math><m:mi>x</m:mi></m:math> title.") for r in RECORDS]
    data = document(*records, root=root)
    data = data.replace(b"<!DOCTYPE", b"<!-- <PubmedArticleSet> <PubmedArticle> -->\n<!DOCTYPE", 1)
    whole = read_whole(data, monkeypatch)
    assert whole[0].title == "A x title."
    assert read_sliced(data, monkeypatch) == whole


def test_truncated_and_malformed_answers_report_the_whole_documents_line(monkeypatch):
    data = document(*RECORDS)
    for broken in (data[: len(data) * 2 // 3], data.replace(b"</PubmedArticle>", b"</PubmedArticl>", 4),
                   data + b"<PubmedArticle>", data.replace(b"<PMID", b"<PMID &undeclared;", 5)):
        assert error_of(read_sliced, broken, monkeypatch) == error_of(read_whole, broken, monkeypatch)


def test_an_unreadable_record_is_reported_at_its_line_in_the_whole_document(monkeypatch):
    records = list(RECORDS)
    records[4] = article(pmid="\u00b2")
    data = document(*records)
    message = error_of(read_sliced, data, monkeypatch)
    assert message == error_of(read_whole, data, monkeypatch)
    line = data[: data.index("\u00b2".encode())].count(b"\n") + 1
    assert "unreadable record" in message and f":{line - 2}:" in message  # the record starts two lines up


@pytest.mark.parametrize("name", ["xxe.xml", "billion_laughs.xml"])
def test_entity_declarations_are_refused_in_large_answers_too(name, monkeypatch):
    attack = (EUTILS_DOCS / name).read_bytes()
    data = attack.replace(b"</PubmedArticleSet>", "\n".join(RECORDS).encode() + b"\n</PubmedArticleSet>")
    assert data != attack
    assert "entities" in error_of(read_sliced, data, monkeypatch)


def test_the_head_is_the_original_prolog():
    data = document(*RECORDS)
    first = next(iter(sliced(data, "PubmedArticleSet", "PubmedArticle", 1)))
    assert first.startswith(HEAD)
