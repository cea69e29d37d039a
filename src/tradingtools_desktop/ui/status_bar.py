"""Status bar: active profile, mode (DRY-RUN / LIVE) and trading state, always visible."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from ..domain.trading_state import TradingMode, TradingState
from ..i18n import tr
from .theme import MODE_COLOURS, MODE_LABELS, STATE_COLOURS, badge_css


class AppStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile_label = QLabel(tr("Profile: …"))
        self.mode_badge = QLabel()
        self.mode_badge.setObjectName("modeBadge")
        self.state_badge = QLabel()
        self.state_badge.setObjectName("stateBadge")
        self.message_label = QLabel(tr("Opening profile…"))
        self.replay_label = QLabel()  # "Replay of <date>" while a market replay runs
        self.replay_label.setObjectName("replayBadge")
        self.replay_label.setVisible(False)
        self.addWidget(self.message_label, 1)
        self.addPermanentWidget(self.replay_label)
        self.addPermanentWidget(self.profile_label)
        self.addPermanentWidget(self.mode_badge)
        self.addPermanentWidget(self.state_badge)
        self.set_mode(TradingMode.DRY_RUN)
        self.set_state(TradingState.ACTIVE)

    def set_profile(self, name: str) -> None:
        self.profile_label.setText(tr("Profile: {name}").format(name=name))

    def set_mode(self, mode: TradingMode) -> None:
        self.mode_badge.setText(MODE_LABELS[mode])
        self.mode_badge.setStyleSheet(badge_css(*MODE_COLOURS[mode]))
        self.mode_badge.setToolTip(
            tr("Orders go to the real broker.") if mode is TradingMode.LIVE
            else tr("Orders are simulated by the dry-run broker; nothing reaches a broker.")
        )

    def set_state(self, state: TradingState) -> None:
        self.state_badge.setText(tr("Trading: {state}").format(state=state.value))
        self.state_badge.setStyleSheet(badge_css(*STATE_COLOURS[state]))

    def set_replay(self, text: str | None) -> None:
        """Say plainly that the market shown is a replay ("Replay of 14/04/2026"); None
        when it is not."""
        self.replay_label.setText(text or "")
        self.replay_label.setStyleSheet(badge_css("#7a4b00", "#ffe8b0") if text else "")
        self.replay_label.setVisible(bool(text))

    def set_message(self, text: str) -> None:
        self.message_label.setText(text)
