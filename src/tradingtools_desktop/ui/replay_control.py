"""The replay control: pick a past session, its speed, start / pause / stop.

Thin: the replay itself is :class:`~..services.market.replay.ReplaySession`. The control
asks its host (the main window) to show the replay's own services while it runs — the
ticket, orders and portfolio then trade on the replayed tape, on the replay clock, in the
replay's own database — and to go back to the practice profile when it stops. The host
also says in the status bar that this is a replay of that date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from .async_tools import spawn

if TYPE_CHECKING:
    from datetime import date

    from ..market.replay_data import ReplaySource
    from ..paths import ProfilePaths
    from ..services.market.replay import ReplaySession, ReplayStatus
    from ..store.intraday_repo import IntradayRepository

SPEEDS = (1, 2, 5, 10, 30, 60)


class ReplayHost(Protocol):
    def begin_replay(self, session: ReplaySession) -> None: ...

    def end_replay(self, session: ReplaySession) -> None: ...


def replay_badge(day: date) -> str:
    """The status bar's badge while a replay runs: what is shown is not today's market."""
    return tr("Replay of {day} — orders are dry-run only").format(day=f"{day:%d/%m/%Y}")


def status_text(status: ReplayStatus) -> str:
    """The status line: "Replay of 14/04/2026 — 13:32:20 Vietnam time, 10x, playing"."""
    from ..market.replay_data import VN

    state = (tr("finished") if status.finished else
             tr("playing") if status.playing else tr("paused"))
    return tr("Replay of {day} — {time} Vietnam time, {speed}x, {state} ({played} of {total} "
              "market events)").format(day=f"{status.day:%d/%m/%Y}",
                                       time=f"{status.at.astimezone(VN):%H:%M:%S}",
                                       speed=f"{status.speed:g}", state=state,
                                       played=status.played, total=status.total)


class ReplayControl(QDialog):
    """Non-modal: the main window stays usable (the ticket trades the replay)."""

    started = Signal(object)  # the ReplaySession
    stopped = Signal()

    def __init__(self, host: ReplayHost, profile: ProfilePaths | None,
                 intraday: IntradayRepository | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replayControl")
        self.setWindowTitle(tr("Market replay"))
        self._host = host
        self._profile = profile
        self._intraday = intraday
        self._sources: list[ReplaySource] = []
        self._loaded = False
        self._wanted: tuple[date, float | None] | None = None  # start_day before the load
        self.gave_up = False  # start_day found no data for its day (the status says so)
        self.session: ReplaySession | None = None

        self.intro = QLabel(tr("Practise outside market hours on a past session. Replay "
                               "orders are dry-run only and kept apart from your practice "
                               "history."))
        self.intro.setWordWrap(True)
        self.sessions = QComboBox()
        self.sessions.setObjectName("replaySessions")
        self.speed = QComboBox()
        self.speed.setObjectName("replaySpeed")
        for s in SPEEDS:
            self.speed.addItem(f"{s}x", s)
        self.speed.setCurrentIndex(SPEEDS.index(10))
        self.speed.currentIndexChanged.connect(self._speed_changed)
        form = QFormLayout()
        form.addRow(tr("Session:"), self.sessions)
        form.addRow(tr("Speed:"), self.speed)

        self.start_button = QPushButton(tr("Start"))
        self.start_button.setObjectName("replayStart")
        self.pause_button = QPushButton(tr("Pause"))
        self.pause_button.setObjectName("replayPause")
        self.stop_button = QPushButton(tr("Stop"))
        self.stop_button.setObjectName("replayStop")
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button.clicked.connect(self.stop)
        buttons = QHBoxLayout()
        for b in (self.start_button, self.pause_button, self.stop_button):
            buttons.addWidget(b)

        self.status = QLabel(tr("Looking for sessions to replay…"))
        self.status.setObjectName("replayStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        self._enable()
        spawn(self._load(), self._failed)

    # -- sources -----------------------------------------------------------------------
    async def _load(self) -> None:
        from ..services.market.replay import available_sources

        self._sources = await available_sources(self._profile, self._intraday)
        self.sessions.clear()
        for source in self._sources:
            self.sessions.addItem(self._label(source))
        if self._sources:
            self.status.setText(tr("Choose a session and a speed, then Start."))
        else:
            self.status.setText(tr("No past session can be replayed: no recording is "
                                   "bundled and the cache has no intraday bars."))
        self._loaded = True
        self._enable()
        if self._wanted is not None:
            day, speed = self._wanted
            self._wanted = None
            self.start_day(day, speed)

    def start_day(self, day: date, speed: float | None = None) -> None:
        """Start the session of ``day`` at ``speed`` (1-60; None keeps the chosen one): the
        desktop app's ``--replay DATE [--speed N]``. A day with no data says so in the
        status line and names the days there are; nothing starts."""
        if not self._loaded:
            self._wanted = (day, speed)
            return
        if speed is not None:
            self.select_speed(speed)
        matches = [i for i, s in enumerate(self._sources) if s.day == day]
        if not matches:
            days = sorted({s.day for s in self._sources})
            self.status.setText(tr("No market data to replay for {day}. Days that can be "
                                   "replayed: {days}.").format(
                day=f"{day:%d/%m/%Y}",
                days=", ".join(f"{d:%d/%m/%Y}" for d in days) or tr("none")))
            self.gave_up = True
            return
        # the recorded session of the day first, else its intraday bars (as the CLI)
        best = min(matches, key=lambda i: self._sources[i].kind != "recording")
        self.sessions.setCurrentIndex(best)
        self.start()

    def select_speed(self, speed: float) -> None:
        """Choose ``speed`` (a value between the listed ones is added to the list)."""
        index = self.speed.findData(speed)
        if index < 0:
            index = sum(1 for i in range(self.speed.count()) if self.speed.itemData(i) < speed)
            self.speed.insertItem(index, f"{speed:g}x", speed)
        self.speed.setCurrentIndex(index)

    @staticmethod
    def _label(source: ReplaySource) -> str:
        from ..market.replay_data import VN

        what = tr("recorded session") if source.kind == "recording" else tr("intraday bars")
        return tr("{day} {start}-{end} ({what}: {symbols})").format(
            day=f"{source.day:%d/%m/%Y}", start=f"{source.start.astimezone(VN):%H:%M:%S}",
            end=f"{source.end.astimezone(VN):%H:%M:%S}", what=what,
            symbols=", ".join(source.symbols))

    # -- actions -----------------------------------------------------------------------
    def start(self) -> None:
        index = self.sessions.currentIndex()
        if self.session is not None or not 0 <= index < len(self._sources):
            return
        self.start_button.setEnabled(False)
        spawn(self._start(self._sources[index]), self._failed)

    async def _start(self, source: ReplaySource) -> None:
        from ..services.market.replay import ReplaySession, load_events

        events = await load_events(source, self._intraday)
        session = await ReplaySession.open(self._profile, source, events,
                                           speed=float(self.speed.currentData()))
        self.session = session
        self._host.begin_replay(session)
        session.play()
        self._timer.start()
        self.refresh()
        self.started.emit(session)

    def toggle_pause(self) -> None:
        session = self.session
        if session is None:
            return
        if session.clock.playing:
            session.pause()
        else:
            session.play()
        self.refresh()

    def stop(self) -> None:
        session, self.session = self.session, None
        self._timer.stop()
        if session is None:
            return
        self._host.end_replay(session)
        spawn(self._close(session), self._failed)

    async def _close(self, session: ReplaySession) -> None:
        await session.close()
        self.status.setText(tr("Replay stopped; back to your practice profile."))
        self._enable()
        self.stopped.emit()

    def _speed_changed(self) -> None:
        if self.session is not None:
            self.session.set_speed(float(self.speed.currentData()))
            self.refresh()

    # -- view --------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.session is not None:
            self.status.setText(status_text(self.session.status))
        self._enable()

    def _enable(self) -> None:
        running = self.session is not None
        self.start_button.setEnabled(not running and bool(self._sources))
        self.sessions.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(running)
        playing = running and self.session is not None and self.session.clock.playing
        self.pause_button.setText(tr("Pause") if playing or not running else tr("Resume"))

    def _failed(self, exc: BaseException) -> None:
        self.gave_up = True
        self.status.setText(tr("Replay failed: {why}").format(why=str(exc) or
                                                             type(exc).__name__))
        self._enable()
