"""A new library opens on the seed paper, offline, through the normal import path."""

from __future__ import annotations

from refdesk.model import LinkKind, Query
from refdesk.services import open_services


def test_a_new_library_holds_the_seed_paper_with_its_lists(tmp_path, offline_settings):
    services = open_services(tmp_path / "new.sqlite", offline_settings)
    try:
        assert services.created
        assert services.demo_report is not None and services.demo_report.ok
        paper = services.library.find_pmid(11751408)
        assert paper is not None
        assert paper.title == "Autocrine production of interleukin 6 causes multidrug resistance in breast cancer cells"
        assert paper.abstract_text.startswith("It has been shown that serum levels of interleukin (IL)-6")
        similar = paper.links_of(LinkKind.SIMILAR)
        cited_by = paper.links_of(LinkKind.CITED_BY)
        assert [l.pmid for l in similar] == [11501838, 16773437, 15161039, 9099453, 11029783]
        assert [l.pmid for l in cited_by] == [38339245, 22416214, 30619088, 29789426, 33052041]
        for link in similar + cited_by:
            assert link.title and link.journal and link.citation and link.year
            assert link.in_library is None  # listed, not yet imported: shown as importable
        assert similar[0].journal == "Anticancer Res" and similar[0].year == 2001
        assert services.library.count(Query()) == 1
    finally:
        services.close()


def test_reopening_does_not_import_the_seed_again(tmp_path, offline_settings):
    first = open_services(tmp_path / "lib.sqlite", offline_settings)
    first.library.trash(first.library.ids())
    first.close()
    again = open_services(tmp_path / "lib.sqlite", offline_settings)
    try:
        assert not again.created and again.demo_report is None
        assert again.library.count() == 0
    finally:
        again.close()


def test_no_demo_opens_an_empty_library(tmp_path, offline_settings):
    services = open_services(tmp_path / "empty.sqlite", offline_settings, demo=False)
    try:
        assert services.library.count() == 0
    finally:
        services.close()


def test_the_demo_setting_turns_the_seed_off(tmp_path, offline_settings):
    services = open_services(tmp_path / "empty.sqlite", offline_settings.with_changes(demo_library=False))
    try:
        assert services.library.count() == 0
    finally:
        services.close()
