"""A citation key, once given, never changes by itself."""

from __future__ import annotations

from paper_factory import make_paper
from refdesk.model import Outcome, Paper


def test_a_new_paper_with_the_same_key_never_takes_the_old_one(library):
    first = library.add_papers([make_paper(1)]).items[0]
    key = library.get(first.paper_id).citekey
    second = library.add_papers([make_paper(2, year=2002)]).items[0]  # same author, year, title word
    assert library.get(first.paper_id).citekey == key
    assert library.get(second.paper_id).citekey == key + "a"


def test_an_imported_pinned_key_that_clashes_is_reported_not_renamed_silently(library):
    existing = library.add_papers([make_paper(1)]).items[0]
    key = library.get(existing.paper_id).citekey
    incoming = library.add_papers([Paper(title="Other", citekey=key, citekey_pinned=True)]).items[0]
    assert incoming.outcome == Outcome.ADDED
    assert key in incoming.reason and "already used" in incoming.reason
    assert library.get(existing.paper_id).citekey == key
    assert library.get(incoming.paper_id).citekey != key


def test_metadata_changes_keep_the_key(library):
    paper_id = library.add_papers([make_paper(1)]).items[0].paper_id
    key = library.get(paper_id).citekey
    library.add_papers([make_paper(1, title="Entirely new title", year=1999,
                                   authors=make_paper(1).authors[::-1])])
    assert library.get(paper_id).title == "Entirely new title"
    assert library.get(paper_id).citekey == key


def test_regenerating_is_explicit_and_unique(library):
    a, b = library.add_papers([make_paper(1), make_paper(2, year=2002)]).paper_ids
    library.add_papers([make_paper(1, year=1999)])  # metadata now suggests another key
    changed = library.regenerate_citekeys([a])
    assert changed == {a: "akgun1999autocrine"}
    assert library.get(b).citekey == "akgun2002autocrinea"  # untouched: not asked for
    assert library.regenerate_citekeys([a]) == {}  # already what the pattern gives
