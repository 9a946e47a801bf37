"""RefDesk's exceptions.  Their messages are safe to show to a user."""

from __future__ import annotations


class RefDeskError(Exception):
    """An expected failure with a short, plain message for the user."""


class SourceError(RefDeskError):
    """A remote source (NCBI E-utilities) failed or answered with an error."""

    def __init__(self, message: str, *, retryable: bool = False, status: int | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.status = status


class RateLimitedError(SourceError):
    """NCBI said we asked too often (HTTP 429), even after retries."""


class StorageError(RefDeskError):
    """The library database cannot be opened or written."""


class FormatError(RefDeskError):
    """A file or response is not in the expected format.

    ``source`` names the file (or response) and ``line`` the line, when known.
    """

    def __init__(self, message: str, *, source: str = "", line: int | None = None):
        self.source = source
        self.line = line
        where = source
        if line is not None:
            where = f"{source}:{line}" if source else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.reason = message


class DuplicateKeyError(RefDeskError):
    """A citation key is already used by another paper."""


class NotFoundError(RefDeskError):
    """The requested paper is not in the library."""


class CancelledError(RefDeskError):
    """The user cancelled the operation."""
