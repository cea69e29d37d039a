"""The main window's market-replay hooks (a mixin of ``MainWindow``; ui/replay_control.py).

Contract: ``open_replay()`` shows the one replay control (made on first use, stopped when the
window closes); ``start_replay(day, speed)`` starts it on that session (the desktop app's
``--replay DATE [--speed N]``); ``begin_replay(session)`` swaps the window onto the replay's
own services (its ticket, orders, portfolio) and shows the replay badge, remembering the
profile's services; ``end_replay(session)`` puts the profile's services back and clears the
badge. The window's ``attach`` / ``detach`` do the swapping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from datetime import date

    from PySide6.QtCore import SignalInstance

    from ..services.market.replay import ReplaySession
    from ..services.runtime import AppServices
    from .replay_control import ReplayControl
    from .status_bar import AppStatusBar

    _Base = QMainWindow
else:
    _Base = object  # a plain mixin at run time: MainWindow is the one QMainWindow


class WindowReplayMixin(_Base):
    """Open, start, enter and leave a market replay."""

    if TYPE_CHECKING:  # what the window provides
        services: AppServices | None
        replay_control: ReplayControl | None
        _practice: AppServices | None
        status: AppStatusBar
        closing: SignalInstance

        def attach(self, services: AppServices) -> None: ...
        def detach(self) -> None: ...

    def open_replay(self) -> None:
        services = self._practice or self.services
        if services is None:
            return
        if self.replay_control is None:
            from ..store.intraday_repo import IntradayRepository
            from .replay_control import ReplayControl

            self.replay_control = ReplayControl(self, services.paths,
                                                IntradayRepository(services.db), self)
            self.closing.connect(self.replay_control.stop)
        self.replay_control.show()
        self.replay_control.raise_()

    def start_replay(self, day: date, speed: float | None = None) -> None:
        """The replay control, started on the session of ``day`` (the desktop app's
        ``--replay DATE [--speed N]``)."""
        self.open_replay()
        if self.replay_control is not None:
            self.replay_control.start_day(day, speed)

    def begin_replay(self, session: ReplaySession) -> None:
        """Show the replay's own services (its ticket, orders, portfolio) until it ends."""
        if self._practice is None:
            self._practice = self.services
        self.detach()
        self.attach(session.services)
        from .replay_control import replay_badge

        self.status.set_replay(replay_badge(session.source.day))
        session.services.start_background()

    def end_replay(self, session: ReplaySession) -> None:
        practice, self._practice = self._practice, None
        self.detach()
        self.status.set_replay(None)
        if practice is not None:
            self.attach(practice)
