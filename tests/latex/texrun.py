"""Run pdflatex, bibtex, biber and pdftotext on a generated document.

Missing tools are a test failure, never a skip: the compile tests are the
proof that the export works in LaTeX.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

TOOLS = ("pdflatex", "bibtex", "biber", "pdftotext")

#: Fixed so that runs are reproducible (PDF dates and IDs).
SOURCE_DATE_EPOCH = "1700000000"

PREAMBLE = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\tracinglostchars=2
\hyphenpenalty=10000
\exhyphenpenalty=10000
\sloppy
"""

#: Log lines that mean the document is wrong.
LOG_PROBLEMS = re.compile(
    r"^!|Missing character|undefined on input line|There were undefined references"
    r"|Citation .* undefined|Empty bibliography|Please \(re\)run|Rerun to get citations"
    r"|not set up for use with LaTeX|Unicode character",
    re.MULTILINE,
)
BLG_PROBLEMS = re.compile(
    r"error message|Warning--|I didn't find|I couldn't open|^ERROR|^WARN|WARN - |ERROR - ",
    re.MULTILINE,
)


def require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            "LaTeX compile tests need " + ", ".join(missing) + " on PATH "
            "(Debian/Ubuntu: apt install texlive-latex-extra texlive-bibtex-extra biber poppler-utils)",
            pytrace=False,
        )


@dataclass
class Compiled:
    directory: Path
    log: str
    blg: str
    text: str

    @property
    def normalized_text(self) -> str:
        """PDF text with ligatures expanded and line breaks joined."""
        text = unicodedata.normalize("NFKC", self.text)
        return re.sub(r"\s+", " ", text)


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "FORCE_SOURCE_DATE": "1"}
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, errors="replace", timeout=240, check=False
    )


def _pdflatex(cwd: Path, shell_escape: bool) -> subprocess.CompletedProcess[str]:
    escape = "-shell-escape" if shell_escape else "-no-shell-escape"
    return _run(["pdflatex", escape, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd)


def compile_document(
    directory: Path,
    body: str,
    bib: str,
    *,
    packages: str = "",
    backend: str = "bibtex",
    shell_escape: bool = False,
) -> Compiled:
    """Write ``doc.tex`` and ``refs.bib``, run pdflatex + bibtex/biber + pdflatex x2.

    Fails the test (with the log) if any step fails.
    """
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "refs.bib").write_text(bib, encoding="utf-8", newline="\n")
    (directory / "doc.tex").write_text(PREAMBLE + packages + "\\begin{document}\n" + body + "\\end{document}\n", encoding="utf-8")
    steps = [("pdflatex", lambda: _pdflatex(directory, shell_escape))]
    if backend == "bibtex":
        steps.append(("bibtex", lambda: _run(["bibtex", "doc"], directory)))
    else:
        steps.append(("biber", lambda: _run(["biber", "doc"], directory)))
    steps += [("pdflatex", lambda: _pdflatex(directory, shell_escape))] * 2
    for name, step in steps:
        result = step()
        if result.returncode != 0:
            log = _read(directory / "doc.log") + _read(directory / "doc.blg")
            pytest.fail(f"{name} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{log[-3000:]}")
    text = _run(["pdftotext", "-enc", "UTF-8", "doc.pdf", "-"], directory)
    if text.returncode != 0:
        pytest.fail(f"pdftotext failed: {text.stderr}")
    return Compiled(directory, _read(directory / "doc.log"), _read(directory / "doc.blg"), text.stdout)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def problems(compiled: Compiled) -> list[str]:
    """Error and warning lines found in the .log and .blg."""
    found = [m.group(0) + " ... " + _line_at(compiled.log, m.start()) for m in LOG_PROBLEMS.finditer(compiled.log)]
    found += [_line_at(compiled.blg, m.start()) for m in BLG_PROBLEMS.finditer(compiled.blg)]
    return found


def _line_at(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start : end if end >= 0 else None]
