"""Typed settings with documented defaults.

Only the GUI persists settings (QSettings); the core receives a ``Settings``
value through constructors and never reads globals.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

DEFAULT_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
DEFAULT_KEY_PATTERN = "[auth:lower][year][shorttitle:lower]"


@dataclass(frozen=True, slots=True)
class Settings:
    #: Base URL of NCBI E-utilities (``REFDESK_EUTILS_URL``).
    eutils_url: str = DEFAULT_EUTILS_URL
    #: NCBI API key (``NCBI_API_KEY``): raises the rate limit from 3 to 10 requests/s.
    api_key: str = ""
    #: Contact e-mail sent to NCBI with every request (``NCBI_EMAIL``).
    email: str = ""
    #: Tool name sent to NCBI with every request.
    tool: str = "refdesk"
    #: Seconds before an HTTP request is abandoned.
    timeout: float = 30.0
    #: Retries after a 429, 5xx or connection error, with exponential backoff.
    max_retries: int = 4
    #: Base of the exponential backoff, in seconds.
    backoff: float = 1.0
    #: Requests per second; ``None`` means 3 without and 10 with an API key.
    rate_limit: float | None = None
    #: Citation key pattern for new papers.
    citekey_pattern: str = DEFAULT_KEY_PATTERN
    #: Export BibLaTeX instead of BibTeX by default.
    biblatex: bool = False
    #: Include abstracts in exported entries.
    export_abstract: bool = False
    #: Include MeSH terms and keywords in exported entries.
    export_keywords: bool = False
    #: BibLaTeX export escapes non-ASCII as LaTeX instead of keeping UTF-8.
    biblatex_ascii: bool = False
    #: Import the demo library (the seed) when a new library is created.
    demo_library: bool = True

    @property
    def requests_per_second(self) -> float:
        if self.rate_limit is not None:
            return self.rate_limit
        return 10.0 if self.api_key else 3.0

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from the environment, then explicit overrides (command line)."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        if env.get("REFDESK_EUTILS_URL"):
            values["eutils_url"] = env["REFDESK_EUTILS_URL"]
        if env.get("NCBI_API_KEY"):
            values["api_key"] = env["NCBI_API_KEY"]
        if env.get("NCBI_EMAIL"):
            values["email"] = env["NCBI_EMAIL"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
