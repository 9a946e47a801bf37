"""What dragging papers out of the table gives: ``\\cite{...}`` and a .bib file.

A LaTeX editor takes the ``text/plain`` citation command; a file manager or
an e-mail client takes the ``text/uri-list`` pointing at a temporary .bib
file; BibTeX-aware applications read ``application/x-bibtex``.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl

BIBTEX_MIME = "application/x-bibtex"


def citation_mime(cite: str, bibtex: str, folder: Path, first_key: str) -> QMimeData:
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", first_key) or "references"
    path = folder / f"{name}.bib"
    path.write_text(bibtex, encoding="utf-8")
    mime = QMimeData()
    mime.setText(cite)
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    mime.setData(BIBTEX_MIME, bibtex.encode("utf-8"))
    return mime
