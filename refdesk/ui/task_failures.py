"""Turning a failed background task into something the user can act on."""

from __future__ import annotations

import logging
from collections.abc import Callable

from ..errors import RateLimitedError, RefDeskError, SourceError
from .palette import Tone
from .tasks import report_unexpected

log = logging.getLogger(__name__)

Action = tuple[str, Callable[[], object]]
MessageSink = Callable[..., None]  # MainWindow.show_message(text, tone, *, action=...)


def report_failure(show_message: MessageSink, exc: BaseException, retry: Callable[[], object] | None = None) -> None:
    """Known failures become a short message (with Retry); the rest a crash report."""
    if not isinstance(exc, RefDeskError):
        report_unexpected(exc)
        return
    log.warning("%s", exc, exc_info=exc)
    action: Action | None = ("Retry", retry) if retry else None
    if isinstance(exc, RateLimitedError):
        show_message("PubMed asks RefDesk to slow down (rate limit). Wait a minute, then retry; "
                     "an NCBI API key in Preferences raises the limit.", Tone.WARNING, action=action)
    elif isinstance(exc, SourceError):
        show_message(str(exc), Tone.ERROR, action=action)
    else:
        show_message(str(exc), Tone.ERROR)
