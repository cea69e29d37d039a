"""Status bar: the message of the moment, Vietnam time, the session with a countdown to the
next, the price feed's state (and the age of prices when they are old), the profile, the
mode (DRY-RUN / LIVE) and the trading state, always visible."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from ..domain.market.calendar import TradingCalendar, to_vn_time
from ..domain.market.exchange import Exchange
from ..domain.market.sessions import SessionPhase, next_phase_change, session_phase
from ..domain.trading_state import TradingMode, TradingState
from ..i18n import tr
from .theme import MODE_COLOURS, STATE_COLOURS, badge_css, mode_label, state_label

# the session names as VN boards and brokers say them (English source text)
PHASE_NAMES = {SessionPhase.PRE_OPEN: "Pre-open", SessionPhase.ATO: "ATO",
               SessionPhase.CONTINUOUS: "Continuous", SessionPhase.LUNCH: "Lunch break",
               SessionPhase.ATC: "ATC", SessionPhase.PLO: "PLO", SessionPhase.CLOSED: "Closed"}
FEED_NAMES = {"live": "live", "connecting": "connecting", "polling": "polling",
              "old": "old prices", "replay": "replay"}
FEED_COLOURS = {"live": "#16a34a", "connecting": "#d97706", "polling": "#d97706",
                "old": "#dc2626", "replay": "#7c3aed"}


def phase_name(phase: SessionPhase) -> str:
    return tr(PHASE_NAMES[phase])


def countdown(delta: timedelta) -> str:
    """1:05:09 / 4:09 (hours only when there are any)."""
    total = max(0, int(delta.total_seconds()))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def age_text(delta: timedelta) -> str:
    """'3 min' / '2 h' / '4 days' in the user's language."""
    seconds = int(delta.total_seconds())
    if seconds < 3600:
        return tr("{n} min").format(n=max(1, seconds // 60))
    if seconds < 48 * 3600:
        return tr("{n} h").format(n=seconds // 3600)
    return tr("{n} days").format(n=seconds // 86400)


def _style(label: QLabel, css: str) -> None:
    """The style sheet only when it changes (each call re-polishes and re-lays out; the
    feed's state is re-shown every second)."""
    if label.styleSheet() != css:
        label.setStyleSheet(css)


class AppStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile_label = QLabel(tr("Profile: …"))
        self.mode_badge = QLabel()
        self.mode_badge.setObjectName("modeBadge")
        self.state_badge = QLabel()
        self.state_badge.setObjectName("stateBadge")
        self.clock_label = QLabel("")
        self.clock_label.setObjectName("vnClock")
        self.clock_label.setToolTip(tr("Vietnam time (the exchanges' clock)"))
        self.session_label = QLabel("")
        self.session_label.setObjectName("sessionLabel")
        self.feed_label = QLabel("")
        self.feed_label.setObjectName("feedLabel")
        self.message_label = QLabel(tr("Opening profile…"))
        self.replay_label = QLabel()  # "Replay of <date>" while a market replay runs
        self.replay_label.setObjectName("replayBadge")
        self.replay_label.setVisible(False)
        self.message_label.setObjectName("statusMessage")
        self.addWidget(self.message_label, 1)
        for widget in (self.clock_label, self.session_label, self.feed_label,
                       self.replay_label, self.profile_label, self.mode_badge,
                       self.state_badge):
            self.addPermanentWidget(widget)
        self.set_mode(TradingMode.DRY_RUN)
        self.set_state(TradingState.ACTIVE)
        self.phase: SessionPhase | None = None

    def set_profile(self, name: str) -> None:
        self.profile_label.setText(tr("Profile: {name}").format(name=name))

    def set_mode(self, mode: TradingMode) -> None:
        self.mode_badge.setText(mode_label(mode))
        self.mode_badge.setStyleSheet(badge_css(*MODE_COLOURS[mode]))
        self.mode_badge.setToolTip(
            tr("Orders go to the real broker.") if mode is TradingMode.LIVE
            else tr("Orders are simulated by the dry-run broker; nothing reaches a broker.")
        )

    def set_state(self, state: TradingState) -> None:
        self.state_badge.setText(tr("Trading: {state}").format(state=state_label(state)))
        self.state_badge.setStyleSheet(badge_css(*STATE_COLOURS[state]))

    def set_replay(self, text: str | None) -> None:
        """Say plainly that the market shown is a replay ("Replay of 14/04/2026"); None
        when it is not."""
        self.replay_label.setText(text or "")
        self.replay_label.setStyleSheet(badge_css("#7a4b00", "#ffe8b0") if text else "")
        self.replay_label.setVisible(bool(text))

    def set_message(self, text: str) -> None:
        self.message_label.setText(text)

    def show_time(self, now: datetime, calendar: TradingCalendar,
                  exchange: Exchange = Exchange.HOSE) -> SessionPhase:
        """The clock and the session of ``exchange`` at ``now``; returns the phase."""
        local = to_vn_time(now)
        self.clock_label.setText(local.strftime("%H:%M:%S"))
        phase = session_phase(exchange, now, calendar)
        at, becomes = next_phase_change(exchange, now, calendar)
        self.session_label.setText(tr("{exchange} {phase} · {next} in {left}").format(
            exchange=exchange.value, phase=phase_name(phase), next=phase_name(becomes),
            left=countdown(at - local)))
        self.phase = phase
        return phase

    def show_feed(self, status: Any | None, now: datetime) -> None:
        """The feed's state (FeedStatus from the quote service), or that none runs."""
        if status is None:
            self.feed_label.setText(tr("Prices: bundled data"))
            self.feed_label.setToolTip(tr("No price feed runs in this window: prices are the "
                                          "newest stored daily bars."))
            _style(self.feed_label, "color: #6b7280")
            return
        state = str(getattr(status.state, "value", status.state))
        text = tr("Prices: {state}").format(state=tr(FEED_NAMES.get(state, state)))
        if state == "old" and status.since is not None:
            text += " · " + tr("{age} old").format(age=age_text(now - status.since))
        self.feed_label.setText(text)
        self.feed_label.setToolTip(tr(status.detail))
        _style(self.feed_label, f"color: {FEED_COLOURS.get(state, '')}; font-weight: bold")
