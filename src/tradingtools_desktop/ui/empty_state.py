"""An honest empty state: what the user would see here and what is missing for it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class EmptyState(QWidget):
    def __init__(self, title: str, missing: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(f"<h2>{title}</h2>")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.missing = QLabel(missing)
        self.missing.setWordWrap(True)
        self.missing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.missing.setObjectName("missingText")
        layout.addWidget(self.title)
        layout.addWidget(self.missing)
        layout.addStretch(2)
