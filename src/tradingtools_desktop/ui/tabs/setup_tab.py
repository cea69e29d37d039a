"""Setup tab: the active profile, where its data lives, and its safety switches."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from ...domain.trading_state import TradingMode, TradingState
from ..i18n import tr
from ..theme import MODE_LABELS


class SetupTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupTab")
        layout = QVBoxLayout(self)
        box = QGroupBox(tr("Active profile"))
        form = QFormLayout(box)
        self.profile = QLabel("…")
        self.data_dir = QLabel("…")
        self.data_dir.setWordWrap(True)
        self.schema = QLabel("…")
        self.mode = QLabel("…")
        self.state = QLabel("…")
        form.addRow(tr("Profile"), self.profile)
        form.addRow(tr("Data folder"), self.data_dir)
        form.addRow(tr("Database schema"), self.schema)
        form.addRow(tr("Mode"), self.mode)
        form.addRow(tr("Trading state"), self.state)
        layout.addWidget(box)
        self.wizard_note = QLabel(
            tr("The first-run wizard (keys in the OS keychain, connection checks, live "
               "trading switch) is not built yet. This profile runs in dry-run only.")
        )
        self.wizard_note.setWordWrap(True)
        layout.addWidget(self.wizard_note)
        layout.addStretch(1)

    def show_profile(self, name: str, data_dir: str, schema_version: int) -> None:
        self.profile.setText(name)
        self.data_dir.setText(data_dir)
        self.schema.setText(str(schema_version))

    def show_switches(self, mode: TradingMode, state: TradingState) -> None:
        self.mode.setText(MODE_LABELS[mode])
        self.state.setText(state.value)
