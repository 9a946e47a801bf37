"""Remote sources of papers: NCBI PubMed through the E-utilities.

* :mod:`.eutils` -- the HTTP client (rate limit, retries, error mapping), returns bytes;
* :mod:`.pubmed_xml` -- EFetch XML to :class:`~refdesk.model.Paper` (pure);
* :mod:`.eutils_xml` -- ELink, ESummary, ESearch and error answers (pure);
* :mod:`.safe_xml` -- XML parsing that refuses entity tricks (XXE, billion laughs);
* :mod:`.pubmed` -- :class:`~.pubmed.PubMedSource`, the batched high-level API.

Nothing is imported here, so that importing the pure parsers does not load
``requests``.
"""
