"""A guard against a reference-counting bug in some PySide6 releases.

In PySide6 6.12 ``SignalInstance.emit()`` returns ``True`` (and a failed
``disconnect()`` returns ``False``) without taking a reference, so every call
made from Python takes one reference away from the interpreter's ``True``.
On Python 3.11, where ``True`` is an ordinary object, a long session -- or a
test run -- ends with "bool_dealloc: deallocating True or False" as the
interpreter shuts down.  From Python 3.12 ``True`` and ``False`` are immortal
and nothing needs doing.

``guard_bool_refcounts`` checks whether the running PySide6 has the bug and,
if so, gives both booleans a reserve of references that no session uses up.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

RESERVE = 1 << 40


class _Probe(QObject):
    ping = Signal()


def emit_leaks_references() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    return sys.getrefcount(True) < before


def guard_bool_refcounts() -> bool:
    """Apply the guard when needed (once per process); True when it was applied."""
    if sys.version_info >= (3, 12) or getattr(guard_bool_refcounts, "applied", False):
        return False
    if not emit_leaks_references():
        return False
    for value in (True, False):
        ctypes.c_ssize_t.from_address(id(value)).value += RESERVE
    guard_bool_refcounts.applied = True  # type: ignore[attr-defined]
    return True
