"""A kill in the middle of an import, and two writers at once, lose nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from refdesk.library import Library, open_database
from refdesk.model import Query

TESTS = Path(__file__).parent

WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from paper_factory import make_paper
    from refdesk.library import Library, open_database

    database, _ = open_database({path!r})
    library = Library(database)
    start, count, batch = {start}, {count}, {batch}
    for first in range(start, start + count, batch):
        library.add_papers([make_paper(n) for n in range(first, min(first + batch, start + count))])
        print(first + batch - start, flush=True)
    """
)


def _writer(path: Path, start: int, count: int, batch: int) -> subprocess.Popen:
    code = WRITER.format(tests=str(TESTS), path=str(path), start=start, count=count, batch=batch)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)


def _assert_every_paper_whole(library: Library) -> None:
    ids = library.ids(Query())
    for paper in library.get_many(ids):
        assert len(paper.authors) == 3, paper.pmid
        assert len(paper.mesh) == 2 and len(paper.abstract) == 2 and len(paper.links) == 2, paper.pmid
        assert paper.citekey and paper.title


def test_sigkill_in_the_middle_of_a_1000_paper_import(tmp_path):
    path = tmp_path / "library.sqlite"
    open_database(path)[0].close()
    process = _writer(path, 0, 1000, 20)
    done = 0
    while done < 200:  # let a few batches commit, then kill mid-stream
        line = process.stdout.readline()
        assert line, "the writer stopped early"
        done = int(line)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    database, _ = open_database(path)
    assert database.integrity_ok()
    library = Library(database)
    count = library.count()
    assert 200 <= count < 1000
    assert count % 20 == 0  # whole batches only: each transaction all or nothing
    _assert_every_paper_whole(library)
    database.close()


def test_two_processes_adding_at_once_both_succeed(tmp_path):
    path = tmp_path / "library.sqlite"
    open_database(path)[0].close()
    writers = [_writer(path, 0, 300, 10), _writer(path, 1000, 300, 10)]
    for writer in writers:
        writer.communicate(timeout=300)
        assert writer.returncode == 0
    database, _ = open_database(path)
    library = Library(database)
    assert library.count() == 600
    assert len({p.citekey for p in library.get_many(library.ids())}) == 600
    _assert_every_paper_whole(library)
    database.close()
