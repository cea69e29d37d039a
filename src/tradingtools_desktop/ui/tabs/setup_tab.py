"""Setup tab: the active profile, where its data lives, and its safety switches."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.trading_state import TradingMode, TradingState
from ...i18n import language, tr
from ..theme import mode_label, state_label


class SetupTab(QWidget):
    wizard_requested = Signal()
    language_chosen = Signal(str)  # "en" | "vi"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupTab")
        layout = QVBoxLayout(self)
        box = QGroupBox(tr("Active profile"))
        form = QFormLayout(box)
        self.profile = QLabel("…")
        self.data_dir = QLabel("…")
        self.data_dir.setWordWrap(True)
        self.mode = QLabel("…")
        self.state = QLabel("…")
        form.addRow(tr("Profile"), self.profile)
        form.addRow(tr("Data folder"), self.data_dir)
        form.addRow(tr("Mode"), self.mode)
        form.addRow(tr("Trading state"), self.state)
        layout.addWidget(box)
        self.open_wizard = QPushButton(tr("Open the setup wizard"))
        self.open_wizard.setObjectName("openWizard")
        self.open_wizard.clicked.connect(self.wizard_requested)
        layout.addWidget(self.open_wizard)
        lang_box = QGroupBox(tr("Language (applies after restart)"))
        lang_layout = QVBoxLayout(lang_box)
        self.language = QComboBox()
        self.language.addItem("English", "en")
        self.language.addItem("Tiếng Việt", "vi")
        self.language.setCurrentIndex(1 if language() == "vi" else 0)
        self.language.activated.connect(
            lambda i: self.language_chosen.emit(str(self.language.itemData(i))))
        lang_layout.addWidget(self.language)
        layout.addWidget(lang_box)
        layout.addStretch(1)

    def show_profile(self, name: str, data_dir: str, schema_version: int) -> None:
        self.profile.setText(name)
        self.data_dir.setText(data_dir)
        # the schema number is for support, not for the trader: a tooltip, not a row
        self.data_dir.setToolTip(tr("Database version {n}").format(n=schema_version))

    def show_switches(self, mode: TradingMode, state: TradingState) -> None:
        self.mode.setText(mode_label(mode))
        self.state.setText(state_label(state))
