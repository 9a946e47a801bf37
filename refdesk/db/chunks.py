"""Splitting long id lists for ``IN (...)`` clauses."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

#: Ids per ``IN (...)`` clause: below SQLite's default limit of bound parameters.
CHUNK = 900


def in_chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """``items`` as consecutive lists of at most ``size``."""
    items = items if isinstance(items, Sequence) else list(items)
    for start in range(0, len(items), size):
        yield list(items[start:start + size])
