"""The layers of the package: who may import what.

PySide6 only in refdesk/ui and refdesk/app.py; sqlalchemy/alembic only in
refdesk/db; requests only in
refdesk/sources; bibtexparser only in refdesk/formats.  The core never
imports the GUI.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "refdesk"

RULES = {
    "PySide6": ("ui/", "app.py"),
    "sqlalchemy": ("db/",),
    "alembic": ("db/",),
    "requests": ("sources/",),
    "bibtexparser": ("formats/",),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            parts = path.relative_to(PACKAGE).parent.parts
            base = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
            found.add("refdesk." + ".".join(base + tuple((node.module or "").split("."))).strip("."))
    return found


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), _imports(path)


def test_third_party_libraries_stay_in_their_layer():
    offenders = []
    for relative, imports in _modules():
        for module in imports:
            top = module.split(".")[0]
            allowed = RULES.get(top)
            if allowed and not relative.startswith(allowed):
                offenders.append(f"{relative} imports {module}")
    assert offenders == []


def test_the_core_never_imports_the_gui():
    offenders = [
        f"{relative} imports {m}"
        for relative, imports in _modules()
        if not relative.startswith("ui/") and relative != "app.py"
        for m in imports
        if m.startswith("refdesk.ui")
    ]
    assert offenders == []


def test_the_ui_never_touches_the_database_or_the_network():
    offenders = [
        f"{relative} imports {m}"
        for relative, imports in _modules()
        if relative.startswith("ui/")
        for m in imports
        if m.startswith(("refdesk.db", "refdesk.sources.eutils", "sqlalchemy", "requests"))
    ]
    assert offenders == []


def test_the_rules_detect_a_violation(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("from PySide6 import QtCore\nimport requests\n")
    assert {"PySide6", "requests"} <= _imports_outside(sample)


def _imports_outside(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names} | {
        n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
    }
