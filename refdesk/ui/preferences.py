"""User preferences: stored with QSettings, handed to the core as ``Settings``.

Only the GUI persists settings.  ``Preferences`` wraps one ``QSettings``
(tests pass one backed by a temporary file) and also keeps the window's
geometry, splitter sizes and table layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..model import ExportFormat, ExportTarget
from ..settings import Settings

API_KEY = re.compile(r"^[0-9a-f]{36}$", re.I)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PATTERN_FIELD = re.compile(r"\[[a-z]+(?::[a-z0-9]+)*\]", re.I)

#: Settings fields the user edits, with their QSettings keys.
STORED_FIELDS: dict[str, str] = {
    "api_key": "ncbi/api_key",
    "email": "ncbi/email",
    "citekey_pattern": "citekeys/pattern",
    "biblatex": "export/biblatex",
    "export_abstract": "export/abstract",
    "export_keywords": "export/keywords",
    "demo_library": "library/demo",
}
_BOOLEAN = {"biblatex", "export_abstract", "export_keywords", "demo_library"}


class Preferences:
    def __init__(self, store: QSettings):
        self.store = store

    # --- settings for the core --------------------------------------------------------

    def settings(self, base: Settings) -> Settings:
        """``base`` (defaults, environment, command line) with the user's choices on top.

        An empty stored API key or e-mail leaves the environment's in place.
        """
        changes: dict[str, object] = {}
        for name, key in STORED_FIELDS.items():
            if not self.store.contains(key):
                continue
            value = self.store.value(key)
            if name in _BOOLEAN:
                changes[name] = _as_bool(value)
            elif str(value or "").strip():
                changes[name] = str(value).strip()
        return base.with_changes(**changes)

    def save_settings(self, settings: Settings) -> None:
        for name, key in STORED_FIELDS.items():
            self.store.setValue(key, getattr(settings, name))
        self.store.sync()

    # --- window state -----------------------------------------------------------------

    def state(self, key: str) -> QByteArray | None:
        value = self.store.value(f"window/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_state(self, key: str, value: QByteArray) -> None:
        self.store.setValue(f"window/{key}", value)

    def text(self, key: str, default: str = "") -> str:
        value = self.store.value(key, default)
        return str(value) if value is not None else default

    def set_text(self, key: str, value: str) -> None:
        self.store.setValue(key, value)

    def sync(self) -> None:
        self.store.sync()


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def validate(api_key: str, email: str, pattern: str) -> list[str]:
    """Problems with what the user typed, as short sentences (empty when fine)."""
    problems = []
    if api_key and not API_KEY.match(api_key):
        problems.append("The NCBI API key is 36 letters and digits (from your NCBI account settings).")
    if email and not EMAIL.match(email):
        problems.append("The e-mail address does not look right.")
    if not pattern.strip():
        problems.append("The citation key pattern cannot be empty.")
    elif pattern.count("[") != pattern.count("]") or not PATTERN_FIELD.search(pattern):
        problems.append("The citation key pattern needs fields in brackets, such as [auth:lower][year].")
    return problems


@dataclass
class TargetChanges:
    added: list[ExportTarget] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


class PreferencesDialog(QDialog):
    """Edit the preferences; ``result_settings`` and ``target_changes`` after OK."""

    def __init__(self, settings: Settings, targets: list[ExportTarget], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("RefDesk Preferences")
        self.setMinimumWidth(560)
        self._settings = settings
        self.target_changes = TargetChanges()

        self.api_key = QLineEdit(settings.api_key, self)
        self.api_key.setPlaceholderText("optional: raises PubMed's limit from 3 to 10 requests a second")
        self.api_key.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.email = QLineEdit(settings.email, self)
        self.email.setPlaceholderText("you@example.org (NCBI asks for a contact address)")
        ncbi = QGroupBox("PubMed (NCBI E-utilities)", self)
        ncbi_form = QFormLayout(ncbi)
        ncbi_form.addRow("API &key:", self.api_key)
        ncbi_form.addRow("&E-mail:", self.email)

        self.pattern = QLineEdit(settings.citekey_pattern, self)
        self.pattern.setToolTip("Fields in brackets, e.g. [auth:lower][year][shorttitle:lower]")
        self.biblatex = QComboBox(self)
        self.biblatex.addItem("BibTeX", ExportFormat.BIBTEX)
        self.biblatex.addItem("BibLaTeX", ExportFormat.BIBLATEX)
        self.biblatex.setCurrentIndex(1 if settings.biblatex else 0)
        self.export_abstract = QCheckBox("Include abstracts", self)
        self.export_abstract.setChecked(settings.export_abstract)
        self.export_keywords = QCheckBox("Include MeSH terms and keywords", self)
        self.export_keywords.setChecked(settings.export_keywords)
        citing = QGroupBox("Citing", self)
        citing_form = QFormLayout(citing)
        citing_form.addRow("Citation key &pattern:", self.pattern)
        citing_form.addRow("Default export &format:", self.biblatex)
        citing_form.addRow("", self.export_abstract)
        citing_form.addRow("", self.export_keywords)

        self.targets = QListWidget(self)
        self.targets.setToolTip("These files are rewritten whenever the library changes")
        for target in targets:
            self._add_target_item(target)
        self.add_target_button = QPushButton("Add\u2026", self)
        self.add_target_button.setToolTip("Keep a .bib file up to date with the whole library")
        self.add_target_button.clicked.connect(self._choose_target)
        self.remove_target_button = QPushButton("Remove", self)
        self.remove_target_button.clicked.connect(self.remove_selected_target)
        auto = QGroupBox("Automatic export", self)
        auto_layout = QVBoxLayout(auto)
        auto_layout.addWidget(self.targets)
        buttons_row = QHBoxLayout()
        buttons_row.addStretch(1)
        buttons_row.addWidget(self.add_target_button)
        buttons_row.addWidget(self.remove_target_button)
        auto_layout.addLayout(buttons_row)

        self.demo = QCheckBox("Start a new library with the demo paper", self)
        self.demo.setChecked(settings.demo_library)

        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setObjectName("preferenceProblems")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(ncbi)
        layout.addWidget(citing)
        layout.addWidget(auto)
        layout.addWidget(self.demo)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        for edit in (self.api_key, self.email, self.pattern):
            edit.textChanged.connect(self._check)
        self._check()

    def result_settings(self) -> Settings:
        return self._settings.with_changes(
            api_key=self.api_key.text().strip(),
            email=self.email.text().strip(),
            citekey_pattern=self.pattern.text().strip(),
            biblatex=self.biblatex.currentData() == ExportFormat.BIBLATEX,
            export_abstract=self.export_abstract.isChecked(),
            export_keywords=self.export_keywords.isChecked(),
            demo_library=self.demo.isChecked(),
        )

    def add_target(self, path: str, fmt: ExportFormat = ExportFormat.BIBTEX) -> None:
        target = ExportTarget(path=str(Path(path).expanduser()), format=fmt)
        if any(t.path == target.path for t in self.target_changes.added):
            return
        self.target_changes.removed = [p for p in self.target_changes.removed if p != target.path]
        self.target_changes.added.append(target)
        self._add_target_item(target)

    def remove_selected_target(self) -> None:
        for item in self.targets.selectedItems():
            target: ExportTarget = item.data(Qt.ItemDataRole.UserRole)
            self.target_changes.added = [t for t in self.target_changes.added if t.path != target.path]
            if target.id is not None:
                self.target_changes.removed.append(target.path)
            self.targets.takeItem(self.targets.row(item))

    def _add_target_item(self, target: ExportTarget) -> None:
        label = f"{target.path}  ({'BibLaTeX' if target.format == ExportFormat.BIBLATEX else target.format.value.upper() if target.format == ExportFormat.RIS else 'BibTeX'})"
        item = QListWidgetItem(label, self.targets)
        item.setData(Qt.ItemDataRole.UserRole, target)

    def _choose_target(self) -> None:
        path, chosen_filter = QFileDialog.getSaveFileName(
            self, "Keep this file up to date", "library.bib", "BibTeX (*.bib);;BibLaTeX (*.bib)"
        )
        if path:
            self.add_target(path, ExportFormat.BIBLATEX if chosen_filter.startswith("BibLaTeX") else ExportFormat.BIBTEX)

    def _check(self) -> None:
        problems = validate(self.api_key.text().strip(), self.email.text().strip(), self.pattern.text())
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)
