"""EFetch XML -> Paper, pinned in full against a stored snapshot.

Every recorded EFetch answer (and the hand-written documented shapes) is
parsed and compared, field by field and type by type, with
``tests/data/snapshots/pubmed_xml.json``.  The snapshot is derived data: it
was written by the parser and checked by hand; the recorded answers
themselves are never edited.  After an intended change of the parser's
output, rewrite it with::

    python tests/sources/test_pubmed_xml_snapshot.py
"""

from __future__ import annotations

import dataclasses
import enum
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # replay_server, when run as a script

from pubmed_shapes import BROKEN, SHAPES
from replay_server import DATA, EUTILS, EUTILS_DOCS, cassette_body

from refdesk.errors import FormatError
from refdesk.sources import pubmed_xml
from refdesk.sources.pubmed_xml import parse_pubmed_xml

SNAPSHOT = DATA / "snapshots" / "pubmed_xml.json"


def inputs() -> dict[str, bytes]:
    """Every EFetch answer the tests hold, by its path under ``tests/data``, and the odd shapes."""
    paths = sorted((EUTILS / "efetch").glob("*.xml"))
    paths += [EUTILS_DOCS / "medline_date.xml", EUTILS_DOCS / "retraction_in.xml",
              EUTILS / "errors" / "metapub_37909814.xml"]
    found = {path.relative_to(DATA).as_posix(): path.read_bytes() for path in paths}
    cassette = EUTILS / "efetch" / "biocommons_test_efetch"
    found[cassette.relative_to(DATA).as_posix()] = cassette_body(cassette)
    found.update((f"shapes/{name}", data) for name, data in SHAPES.items())
    found.update((f"broken/{name}", data) for name, data in BROKEN.items())
    return found


def encode(value: object) -> object:
    """``value`` as JSON data that keeps every type the parser may produce.

    Model objects carry their class name, enum members their class, and
    strings must be plain ``str`` (not lxml's tree-holding "smart strings").
    Anything else is refused, so a new kind of value cannot slip through.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: encode(getattr(value, field.name)) for field in dataclasses.fields(value)}
        return {"type": type(value).__name__, **fields}
    if isinstance(value, enum.Enum):
        return {"enum": f"{type(value).__name__}.{value.name}"}
    if isinstance(value, tuple):
        return [encode(item) for item in value]
    if value is None or type(value) in (str, int, bool, float):
        return value
    raise TypeError(f"unexpected {type(value).__qualname__} in parser output: {value!r}")


def encode_file(data: bytes) -> list[object] | dict[str, str]:
    """The papers of ``data`` encoded, or the message of the ``FormatError`` it raises."""
    try:
        papers = parse_pubmed_xml(data, "snapshot")
    except FormatError as exc:
        return {"error": str(exc)}
    assert type(papers) is list
    return [encode(paper) for paper in papers]


def load_snapshot() -> dict[str, list[object]]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


INPUTS = inputs()


def test_snapshot_covers_every_input():
    assert sorted(load_snapshot()) == sorted(INPUTS)


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_parser_output_matches_snapshot(name: str):
    expected = load_snapshot()[name]
    actual = encode_file(INPUTS[name])
    assert type(actual) is type(expected)
    if isinstance(expected, list):
        assert len(actual) == len(expected)
        for got, want in zip(actual, expected):
            assert got == want
    # Equal as Python values is not enough: True == 1, so compare the JSON text too.
    assert json.dumps(actual, sort_keys=True) == json.dumps(expected, sort_keys=True)


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_one_record_slices_give_the_snapshot(name: str, monkeypatch):
    """Large answers are read in slices of whole records; the smallest slices change nothing."""
    parsed: list[bytes] = []

    def parse_xml(data: bytes, source: str):
        parsed.append(data)
        return real_parse_xml(data, source)

    real_parse_xml = pubmed_xml.parse_xml
    monkeypatch.setattr(pubmed_xml, "parse_xml", parse_xml)
    monkeypatch.setattr(pubmed_xml, "_SLICE_BYTES", 1)
    data = INPUTS[name]
    assert json.dumps(encode_file(data), sort_keys=True) == json.dumps(load_snapshot()[name], sort_keys=True)
    read_whole = any(piece is data for piece in parsed)
    assert read_whole == name.startswith("broken/")  # only an error sends the parser back to the whole document


def write_snapshot() -> None:
    snapshot = {name: encode_file(data) for name, data in sorted(INPUTS.items())}
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    papers = sum(len(found) for found in snapshot.values() if isinstance(found, list))
    print(f"wrote {SNAPSHOT}: {len(snapshot)} inputs, {papers} papers")


if __name__ == "__main__":
    write_snapshot()
