"""File > Export BibTeX...: what to export, in which dialect, to which file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..model import ExportFormat


class ExportDialog(QDialog):
    def __init__(
        self,
        selected: int,
        total: int,
        *,
        biblatex: bool,
        folder: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Export BibTeX")
        self.setMinimumWidth(520)
        self.selection_choice = QRadioButton(f"Selected papers ({selected:,})", self)
        self.all_choice = QRadioButton(f"All papers ({total:,})", self)
        group = QButtonGroup(self)
        group.addButton(self.selection_choice)
        group.addButton(self.all_choice)
        self.selection_choice.setEnabled(selected > 0)
        (self.selection_choice if selected > 1 else self.all_choice).setChecked(True)
        self.format = QComboBox(self)
        self.format.addItem("BibTeX (natbib, plain BibTeX)", ExportFormat.BIBTEX)
        self.format.addItem("BibLaTeX (biber)", ExportFormat.BIBLATEX)
        self.format.setCurrentIndex(1 if biblatex else 0)
        self.path = QLineEdit(str(Path(folder or Path.home()) / "references.bib"), self)
        browse = QPushButton("Browse\u2026", self)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        which = QVBoxLayout()
        which.addWidget(self.selection_choice)
        which.addWidget(self.all_choice)
        form = QFormLayout()
        form.addRow("Papers:", which)
        form.addRow("&Format:", self.format)
        form.addRow("&Save to:", path_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.path.textChanged.connect(
            lambda text: self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(text.strip()))
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    @property
    def only_selection(self) -> bool:
        return self.selection_choice.isChecked()

    @property
    def export_format(self) -> ExportFormat:
        return self.format.currentData()

    @property
    def target(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export BibTeX", self.path.text(), "BibTeX files (*.bib);;All files (*)")
        if path:
            self.path.setText(path)
