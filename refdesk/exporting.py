"""Export to BibTeX, BibLaTeX and RIS, and auto-export ("keep my .bib updated").

An auto-export target is rewritten shortly after any change that affects it.
Writes are atomic (temporary file, fsync, rename), so LaTeX never reads a
half-written file, and a file whose content would not change is left alone.
"""

from __future__ import annotations

import bisect
import os
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .formats.bibtex_export import ENTRY_FORMAT, export_bibtex
from .formats.ris import write_ris
from .errors import RefDeskError
from .library import Library
from .model import ExportFormat, ExportTarget, Paper, Query
from .settings import Settings

#: Papers loaded and rendered at a time when filling the entry cache.
RENDER_CHUNK = 500


def export_options(fmt: ExportFormat, settings: Settings) -> dict:
    """``export_bibtex`` options for ``fmt`` under the user's settings."""
    biblatex = fmt == ExportFormat.BIBLATEX
    return dict(
        biblatex=biblatex,
        ascii=settings.biblatex_ascii if biblatex else True,
        abstract=settings.export_abstract,
        keywords=settings.export_keywords,
    )


def variant_name(options: dict) -> str:
    """The entry cache's name for a set of export options (and the entry format)."""
    return ":".join([f"v{ENTRY_FORMAT}", *(f"{k}={int(v)}" for k, v in sorted(options.items()))])


def default_entries(papers: list[Paper], settings: Settings) -> tuple[str, dict[int, str]]:
    """The entries of the user's default export format, for ``Library.entry_renderer``."""
    options = export_options(ExportFormat.BIBLATEX if settings.biblatex else ExportFormat.BIBTEX, settings)
    return variant_name(options), {p.id: export_bibtex([p], **options) for p in papers
                                   if p.id is not None and p.citekey}


@dataclass
class _TargetState:
    """What an auto-export target last held: its entries in key order.

    Three parallel lists sorted by key (keys, ids, UTF-8 entries), so the file
    is one ``join`` and an edit moves one item of each.  Plain lists of
    strings, ints and bytes also keep 100,000 entries out of the garbage
    collector's way (no per-entry tuples to traverse).
    """

    variant: str
    sorted_keys: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    chunks: list[bytes] = field(default_factory=list)
    keys: dict[int, str] = field(default_factory=dict)  # id -> key

    def apply(self, current: list[tuple[int, str]], changed: frozenset[int] | None,
              entries_for: Callable[[list[int]], dict[int, str]]) -> None:
        """Take in ``current`` (id, key) of the ``changed`` papers still in the
        target -- or of all its papers when ``changed`` is None."""
        texts = entries_for([pid for pid, _key in current])
        present = sorted((key, pid) for pid, key in current if pid in texts)
        if changed is None:
            self.sorted_keys = [key for key, _pid in present]
            self.ids = [pid for _key, pid in present]
            self.chunks = [texts[pid].encode("utf-8") for _key, pid in present]
            self.keys = dict(zip(self.ids, self.sorted_keys))
            return
        for pid in changed:
            key = self.keys.pop(pid, None)
            if key is not None:
                index = bisect.bisect_left(self.sorted_keys, key)
                del self.sorted_keys[index], self.ids[index], self.chunks[index]
        for key, pid in present:
            index = bisect.bisect_left(self.sorted_keys, key)
            self.sorted_keys.insert(index, key)
            self.ids.insert(index, pid)
            self.chunks.insert(index, texts[pid].encode("utf-8"))
            self.keys[pid] = key

    def data(self) -> bytes:
        return b"\n".join(self.chunks)


class Exporter:
    def __init__(self, library: Library, settings: Settings):
        self.library = library
        self.settings = settings
        self._lock = threading.Lock()
        self._pending = threading.Event()
        self._worker: threading.Thread | None = None
        self._stopping = threading.Event()
        self.errors: list[str] = []
        self._written: dict[str, tuple[bytes, int, int]] = {}
        self._states: dict[str, _TargetState] = {}
        self._dirty: set[int] = set()
        self._lock_dirty = threading.Lock()
        self._warm_at_start = False

    # --- one-off export ---------------------------------------------------------

    def papers(self, ids: Sequence[int] | None = None, search: str = "") -> list[Paper]:
        if ids is None:
            ids = self.library.ids(Query(search=search))
        return self.library.get_many(ids, links=False)

    def _options(self, fmt: ExportFormat) -> dict:
        return export_options(fmt, self.settings)

    def render(self, papers: Sequence[Paper], fmt: ExportFormat) -> str:
        """Render papers directly (no cache), e.g. for dragging a selection out."""
        if fmt == ExportFormat.RIS:
            return write_ris(papers)
        return export_bibtex([p for p in papers if p.citekey], **self._options(fmt))

    def export_text(self, fmt: ExportFormat, ids: Sequence[int] | None = None, search: str = "") -> str:
        """The export of the papers with ``ids`` (or matching ``search``), sorted by key.

        BibTeX/BibLaTeX entries are rendered once per paper and kept in the
        library's entry cache until the paper changes, so exporting a large
        library again only renders what changed.
        """
        if fmt == ExportFormat.RIS:
            return write_ris(self.papers(ids, search))
        variant, options = self._variant(fmt)
        rows = self.library.cached_entries(variant, None if ids is not None else Query(search=search), ids)
        fresh = self._render_and_keep(variant, options, [pid for pid, _key, text in rows if text is None])
        texts = (text if text is not None else fresh[pid] for pid, _key, text in rows
                 if text is not None or pid in fresh)
        return "\n".join(texts)

    def warm(self, fmt: ExportFormat, stop: threading.Event | None = None) -> int:
        """Render the entries the cache lacks, so the next export is quick; returns how many."""
        if fmt == ExportFormat.RIS:
            return 0
        variant, options = self._variant(fmt)
        missing = self.library.uncached_ids(variant)
        done = 0
        for start in range(0, len(missing), RENDER_CHUNK):
            if stop is not None and stop.is_set():
                break
            done += len(self._render_and_keep(variant, options, missing[start:start + RENDER_CHUNK]))
        return done

    def _variant(self, fmt: ExportFormat) -> tuple[str, dict]:
        options = self._options(fmt)
        return variant_name(options), options

    def _entries(self, variant: str, options: dict, ids: Sequence[int]) -> dict[int, str]:
        """The entries of these papers, from the cache or freshly rendered."""
        rows = self.library.cached_entries(variant, ids=ids)
        texts = {pid: text for pid, _key, text in rows if text is not None}
        texts.update(self._render_and_keep(variant, options, [pid for pid, _key, text in rows if text is None]))
        return texts

    def _render_and_keep(self, variant: str, options: dict, ids: Sequence[int]) -> dict[int, str]:
        """Render these papers' entries and keep them in the cache."""
        fresh: dict[int, tuple[datetime, str]] = {}
        for start in range(0, len(ids), RENDER_CHUNK):
            for paper in self.library.get_many(ids[start:start + RENDER_CHUNK], links=False):
                fresh[paper.id] = (paper.updated, export_bibtex([paper], **options))
        if fresh:
            self.library.store_entries(variant, fresh)
        return {pid: text for pid, (_updated, text) in fresh.items()}

    def write_file(self, path: Path | str, text: str | bytes) -> bool:
        """Atomically replace ``path`` with ``text`` (UTF-8); False when it already held it.

        What was last written is remembered with the file's size and mtime,
        so an unchanged export is recognised without reading the file back.
        """
        path = Path(path)
        data = text.encode("utf-8") if isinstance(text, str) else text
        remembered = self._written.get(str(path))
        try:
            stat = path.stat()
            if remembered is not None and remembered[1:] == (stat.st_size, stat.st_mtime_ns):
                if remembered[0] == data:
                    return False
            elif path.read_bytes() == data:
                return False
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        stat = path.stat()
        self._written[str(path)] = (data, stat.st_size, stat.st_mtime_ns)
        return True

    # --- auto-export targets -------------------------------------------------------

    def targets(self) -> list[ExportTarget]:
        return self.library.export_targets()

    def add_target(self, target: ExportTarget) -> ExportTarget:
        target = self.library.add_export_target(target)
        self.update_target(target)
        return target

    def remove_target(self, path: str) -> bool:
        return self.library.remove_export_target(path)

    def update_target(self, target: ExportTarget, dirty: frozenset[int] | None = None) -> bool:
        """Rewrite ``target`` if its content changed.

        The entries last written are kept in memory, in key order; only the
        papers in ``dirty`` (changed since) are read again.  ``None`` means
        "anything may have changed" (another process wrote), and rebuilds.
        """
        if target.format == ExportFormat.RIS:
            return self.write_file(target.path, self.export_text(target.format, search=target.search))
        variant, options = self._variant(target.format)
        query = Query(search=target.search)
        state = self._states.get(target.path)
        if dirty is None or state is None or state.variant != variant:
            state = _TargetState(variant)
            dirty = None
        state.apply(self.library.keys_in_order(query, ids=dirty), dirty,
                    lambda ids: self._entries(variant, options, ids))
        self._states[target.path] = state
        return self.write_file(target.path, state.data())

    def update_targets(
        self, dirty: frozenset[int] | None = None, targets: Sequence[ExportTarget] | None = None
    ) -> list[str]:
        """Rewrite every target (the library's, or ``targets``) whose content changed; returns their paths."""
        changed = []
        with self._lock:
            for target in self.targets() if targets is None else targets:
                try:
                    if self.update_target(target, dirty):
                        changed.append(target.path)
                except (OSError, RefDeskError) as exc:
                    self._states.pop(target.path, None)
                    self.errors.append(f"Could not write {target.path}: {getattr(exc, 'strerror', None) or exc}")
        return changed

    def _note_change(self, ids: frozenset[int]) -> None:
        with self._lock_dirty:
            self._dirty |= ids
        self._pending.set()

    def _take_dirty(self) -> frozenset[int]:
        with self._lock_dirty:
            dirty, self._dirty = frozenset(self._dirty), set()
        return dirty

    def start(self, delay: float = 0.02) -> None:
        """Update targets in the background shortly after each change.

        At start the worker also renders the entries the cache lacks (for the
        default format and every target's: a library from before the cache,
        or another format), so that exports stay quick.  After that, stored
        papers bring their entries with them and targets render the rest.
        """
        if self._worker is not None:
            return
        self.library.on_change(self._note_change)
        self._pending.set()
        self._warm_at_start = True
        self._worker = threading.Thread(target=self._run, args=(delay,), name="auto-export", daemon=True)
        self._worker.start()

    def stop(self) -> None:
        self._stopping.set()
        self._pending.set()
        if self._worker is not None:
            self._worker.join(timeout=10)
            self._worker = None

    def _run(self, delay: float) -> None:
        while not self._stopping.is_set():
            self._pending.wait()
            if self._stopping.is_set():
                break
            time.sleep(delay)  # gather a burst of changes into one write
            self._pending.clear()
            self.update_targets(self._take_dirty())
            if self._warm_at_start:
                self._warm_at_start = not self._warm_in_background()

    def _warm_in_background(self) -> bool:
        """Fill the entry cache; False when a change interrupted it (resumed later).

        Entries an older RefDesk rendered (another entry format) are dropped first.
        """
        try:
            self.library.drop_entries_except_prefix(f"v{ENTRY_FORMAT}:")
        except RefDeskError as exc:
            self.errors.append(f"Could not clean the export cache: {exc}")
        default = ExportFormat.BIBLATEX if self.settings.biblatex else ExportFormat.BIBTEX
        for fmt in dict.fromkeys([default] + [t.format for t in self.targets()]):
            if self._pending.is_set() or self._stopping.is_set():
                return False  # a change came in: targets first
            try:
                self.warm(fmt, stop=self._pending)
            except RefDeskError as exc:
                self.errors.append(f"Could not prepare the export cache: {exc}")
        return not self._pending.is_set()

    def watch(
        self,
        targets: Sequence[ExportTarget],
        poll_seconds: float = 0.25,
        stop: threading.Event | None = None,
    ) -> None:
        """Keep ``targets`` following changes made by any process (``refdesk export --watch``).

        The targets are not stored in the library: they last as long as the watch.
        """
        stop = stop or self._stopping
        stamp = None
        while not stop.is_set():
            current = self.library.change_stamp()
            if current != stamp:
                stamp = current
                self.update_targets(None, targets)
            stop.wait(poll_seconds)
