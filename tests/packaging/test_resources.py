"""The shipped resources: icons, desktop entry, MIME types, and the wheel's contents."""

from __future__ import annotations

import configparser
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

import pytest

from refdesk.desktop_entry import ICON_SIZES, icon_path
from tooling import RESOURCES, ROOT

MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RGBA = 6


def png_header(path: Path) -> tuple[int, int, int]:
    """(width, height, colour type) of a PNG whose every chunk CRC checks out."""
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE), f"{path} is not a PNG"
    offset, chunks, header = len(PNG_SIGNATURE), [], None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"{path}: bad CRC in {kind!r}"
        if kind == b"IHDR":
            header = struct.unpack(">IIBB", body[:10])
        chunks.append(kind)
        offset += 12 + length
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND" and b"IDAT" in chunks, f"{path}: truncated PNG"
    width, height, _depth, colour = header
    return width, height, colour


def read_desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def listed(value: str) -> list[str]:
    return [item for item in value.split(";") if item]


def declared_mime_types() -> dict[str, dict[str, list[str]]]:
    """type -> {"aliases": [...], "globs": [...]} from the shipped MIME XML."""
    root = ElementTree.parse(RESOURCES / "refdesk-mime.xml").getroot()
    assert root.tag == f"{MIME_NS}mime-info"
    return {
        node.get("type"): {
            "aliases": [a.get("type") for a in node.findall(f"{MIME_NS}alias")],
            "globs": [g.get("pattern") for g in node.findall(f"{MIME_NS}glob")],
        }
        for node in root.findall(f"{MIME_NS}mime-type")
    }


@pytest.mark.parametrize("size", ICON_SIZES)
def test_every_icon_size_is_a_valid_png_of_its_size(size):
    path = icon_path(size)
    assert path == RESOURCES / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "refdesk.png"
    assert png_header(path) == (size, size, RGBA)


def test_the_scalable_icons_are_square_svgs():
    for name in ("refdesk.svg", "refdesk-16.svg", "refdesk-24.svg"):
        root = ElementTree.parse(RESOURCES / "icons" / name).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg", name
        _x, _y, width, height = (float(v) for v in root.get("viewBox").split())
        assert width == height, name
    assert icon_path() == RESOURCES / "icons" / "refdesk.svg"


def test_the_desktop_entry_has_the_required_keys():
    entry = read_desktop_entry(RESOURCES / "refdesk.desktop")
    assert entry["Type"] == "Application"
    assert entry["Name"] == "RefDesk"
    assert entry["GenericName"] == "Reference Manager"
    assert entry["Comment"]
    assert entry["Exec"] == "refdesk %F"
    assert entry["Icon"] == "refdesk"
    assert entry["Terminal"] == "false"
    assert {"Office", "Education", "Science"} <= set(listed(entry["Categories"]))
    assert entry["Categories"].endswith(";") and entry["MimeType"].endswith(";")


def test_the_desktop_entry_opens_every_declared_file_type():
    entry_types = set(listed(read_desktop_entry(RESOURCES / "refdesk.desktop")["MimeType"]))
    declared = declared_mime_types()
    names = set(declared) | {alias for d in declared.values() for alias in d["aliases"]}
    assert set(declared) <= entry_types
    assert entry_types <= names
    assert {"text/x-bibtex", "application/x-bibtex", "application/x-research-info-systems",
            "application/x-ris", "text/x-nbib", "application/x-medline"} <= entry_types


def test_the_mime_xml_declares_nbib_ris_and_bib():
    globs = {g for d in declared_mime_types().values() for g in d["globs"]}
    assert {"*.nbib", "*.ris", "*.bib"} <= globs


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel that ``pip wheel --no-deps`` builds from this checkout."""
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, f"pip wheel failed:\n{result.stdout}\n{result.stderr}"
    (built,) = out.glob("refdesk-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_carries_seeds_resources_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {"refdesk/seeds/pubmed-11751408.txt", "refdesk/resources/refdesk.desktop",
                "refdesk/resources/refdesk-mime.xml", "refdesk/resources/icons/refdesk.svg",
                "refdesk/db/migrations/env.py", "refdesk/db/migrations/script.py.mako",
                "refdesk/desktop_entry.py"}
    expected |= {f"refdesk/resources/icons/hicolor/{n}x{n}/apps/refdesk.png" for n in ICON_SIZES}
    expected |= {f"refdesk/db/migrations/versions/{p.name}"
                 for p in (ROOT / "refdesk" / "db" / "migrations" / "versions").glob("*.py")}
    assert expected - names == set()
    assert any(n.startswith("refdesk/db/migrations/versions/") and n.endswith(".py") for n in names)
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


@pytest.mark.slow
def test_an_unpacked_wheel_finds_its_own_resources_and_seeds(wheel, tmp_path):
    zipfile.ZipFile(wheel).extractall(tmp_path)
    probe = ("import refdesk.desktop_entry as d, refdesk.seeds as s;"
             "print(d.resources_dir()); print(s.seeds_dir())")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(tmp_path / "refdesk" / "resources"), str(tmp_path / "refdesk" / "seeds")]
