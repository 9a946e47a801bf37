"""Auto-export: targets follow every change, atomically, and only when needed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from paper_factory import make_paper
from refdesk.model import ExportFormat, ExportTarget


def _wait_for(predicate, timeout: float = 5.0) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.01)
    raise AssertionError("condition not met in time")


def test_targets_follow_changes_within_a_second(services, tmp_path):
    library, exporter = services.library, services.exporter
    first = library.add_papers([make_paper(1)]).paper_ids[0]
    bib, biblatex = tmp_path / "all.bib", tmp_path / "sub" / "scoped.bib"
    exporter.add_target(ExportTarget(str(bib), ExportFormat.BIBTEX))
    exporter.add_target(ExportTarget(str(biblatex), ExportFormat.BIBLATEX, search="telomere"))
    assert "pmid = {30000001}" in bib.read_text()
    assert biblatex.read_text() == ""
    exporter.start()
    try:
        library.add_papers([make_paper(2, title="Telomere length", title_markup="")])
        elapsed = _wait_for(lambda: "30000002" in bib.read_text() and "30000002" in biblatex.read_text())
        assert elapsed < 1.0
        assert "30000001" not in biblatex.read_text()  # the scope holds
        library.set_citekey(first, "renamed2001")
        _wait_for(lambda: "@article{renamed2001," in bib.read_text())
        library.trash([first])
        _wait_for(lambda: "renamed2001" not in bib.read_text())
    finally:
        exporter.stop()


def test_an_unchanged_file_is_not_rewritten(services, tmp_path):
    services.library.add_papers([make_paper(1)])
    path = tmp_path / "refs.bib"
    target = services.exporter.add_target(ExportTarget(str(path)))
    stat = path.stat()
    time.sleep(0.02)
    assert services.exporter.update_targets() == []
    assert path.stat().st_mtime_ns == stat.st_mtime_ns and path.stat().st_ino == stat.st_ino
    services.library.add_papers([make_paper(2)])
    assert services.exporter.update_targets() == [target.path]


def test_writes_are_atomic_replacements(services, tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text("old content\n")
    inode = path.stat().st_ino
    services.library.add_papers([make_paper(1)])
    services.exporter.write_file(path, services.exporter.export_text(ExportFormat.BIBTEX))
    assert path.stat().st_ino != inode  # a new file renamed over the old one
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_incremental_export_gives_the_same_bytes_as_a_full_export(services, tmp_path):
    library, exporter = services.library, services.exporter
    library.add_papers([make_paper(n) for n in range(30)])
    path = tmp_path / "refs.bib"
    exporter.add_target(ExportTarget(str(path)))
    library.set_citekey(library.ids()[3], "aaa-first")
    library.add_papers([make_paper(99, title="Zebrafish")])
    exporter.update_targets()
    assert path.read_text(encoding="utf-8") == exporter.export_text(ExportFormat.BIBTEX)


def test_export_watch_follows_another_process(services, library_path, tmp_path):
    out = tmp_path / "watched.bib"
    watcher = subprocess.Popen(
        [sys.executable, "-m", "refdesk", "export", "--db", str(library_path), "-o", str(out), "--watch"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
    )
    try:
        assert "keeping" in watcher.stdout.readline()
        _wait_for(out.exists, timeout=20)
        services.library.add_papers([make_paper(5)])
        _wait_for(lambda: "30000005" in out.read_text(), timeout=5)
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)
    assert services.exporter.targets() == []  # a watch is not a stored auto-export target


def test_cached_entries_are_byte_identical_to_a_direct_render_and_follow_edits(services):
    library, exporter = services.library, services.exporter
    library.add_papers([make_paper(n) for n in range(12)])
    for fmt in (ExportFormat.BIBTEX, ExportFormat.BIBLATEX):
        direct = exporter.render(library.get_many(library.ids()), fmt)
        assert exporter.export_text(fmt) == direct  # cold: renders and fills the cache
        assert exporter.export_text(fmt) == direct  # warm: from the cache
    library.add_papers([make_paper(3, title="A refreshed title", title_markup="")])
    library.set_citekey(library.ids()[0], "zzz-last")
    text = exporter.export_text(ExportFormat.BIBTEX)
    assert "A refreshed title" in text and text.rstrip().endswith("}") and "@article{zzz-last," in text
    assert text == exporter.render(library.get_many(library.ids()), ExportFormat.BIBTEX)


def test_default_entries_are_rendered_as_papers_are_stored(services):
    library, exporter = services.library, services.exporter
    library.add_papers([make_paper(n) for n in range(5)])
    assert exporter.warm(ExportFormat.BIBTEX) == 0  # already rendered when stored
    library.add_papers([make_paper(2, title="Changed", title_markup="")])
    assert exporter.warm(ExportFormat.BIBTEX) == 0  # and again when changed
    assert "{Changed}" in exporter.export_text(ExportFormat.BIBTEX)
    library.set_citekey(library.ids()[0], "renamed")
    assert exporter.warm(ExportFormat.BIBTEX) == 1  # a key edit drops the entry; warming renders it


def test_warming_renders_only_what_the_cache_lacks(services):
    library, exporter = services.library, services.exporter
    library.add_papers([make_paper(n) for n in range(5)])
    assert exporter.warm(ExportFormat.BIBLATEX) == 5  # not the default format: not rendered yet
    assert exporter.warm(ExportFormat.BIBLATEX) == 0
    library.add_papers([make_paper(2, title="Changed", title_markup="")])
    assert exporter.warm(ExportFormat.BIBLATEX) == 1  # the edit dropped that entry


def test_a_file_changed_behind_our_back_is_rewritten(services, tmp_path):
    services.library.add_papers([make_paper(1)])
    path = tmp_path / "refs.bib"
    target = services.exporter.add_target(ExportTarget(str(path)))
    path.write_text("edited by hand\n")
    assert services.exporter.update_targets() == [target.path]
    assert "30000001" in path.read_text()


def test_incremental_updates_after_many_kinds_of_change_match_a_full_export(services, tmp_path):
    library, exporter = services.library, services.exporter
    ids = library.add_papers([make_paper(n) for n in range(20)]).paper_ids
    path = tmp_path / "refs.bib"
    exporter.add_target(ExportTarget(str(path)))
    exporter.start()
    try:
        library.set_citekey(ids[5], "aaa-moves-to-the-top")
        library.set_citekey(ids[6], "zzz-moves-to-the-end")
        library.trash(ids[7:9])
        library.restore(ids[8:9])
        library.add_papers([make_paper(3, title="Edited title", title_markup=""), make_paper(50)])
        library.purge(ids[7:8])
        expected = exporter.render(library.get_many(library.ids(), links=False), ExportFormat.BIBTEX)
        _wait_for(lambda: path.read_text(encoding="utf-8") == expected)
    finally:
        exporter.stop()


def test_entries_cached_by_an_older_entry_format_are_dropped_and_rendered_again(services):
    from refdesk.exporting import export_options, variant_name

    library, exporter = services.library, services.exporter
    ids = library.add_papers([make_paper(n) for n in range(4)]).paper_ids
    old_variant = ":".join(f"{k}={int(v)}" for k, v in sorted(export_options(ExportFormat.BIBTEX,
                                                                             services.settings).items()))
    assert old_variant != variant_name(export_options(ExportFormat.BIBTEX, services.settings))
    library.store_entries(old_variant, {pid: (library.get(pid).updated, "@article{stale,\n}\n") for pid in ids})
    assert all(text for _id, _key, text in library.cached_entries(old_variant))

    exporter.start()
    try:
        _wait_for(lambda: not any(text for _id, _key, text in library.cached_entries(old_variant)))
    finally:
        exporter.stop()
    text = exporter.export_text(ExportFormat.BIBTEX)
    assert "stale" not in text
    assert text == exporter.render(library.get_many(library.ids()), ExportFormat.BIBTEX)
