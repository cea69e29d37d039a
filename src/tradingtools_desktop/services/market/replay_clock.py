"""The replay clock: a past session's time, running at 1x-60x of real time, pausable.

It is a :class:`~..clock.Clock`, so sessions, order times, expiry, T+2 and the dry-run
broker all follow it; the rate limit and cooldown do not (they count real time, see
:mod:`..risk_pacing`). Market time = ``start`` + real time played x ``speed``; a speed
change or a pause keeps the market time reached so far.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

MIN_SPEED = 1.0
MAX_SPEED = 60.0


class ReplayClock:
    def __init__(self, start: datetime, *, speed: float = 1.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        if start.tzinfo is None:
            raise ValueError("ReplayClock needs an aware datetime")
        self._monotonic = monotonic
        self._base = start  # market time at the anchor
        self._anchor = monotonic()
        self._speed = self._clamp(speed)
        self._playing = False

    @staticmethod
    def _clamp(speed: float) -> float:
        return min(MAX_SPEED, max(MIN_SPEED, float(speed)))

    # -- Clock --------------------------------------------------------------------------
    def now(self) -> datetime:
        if not self._playing:
            return self._base
        played = self._monotonic() - self._anchor
        return self._base + timedelta(seconds=played * self._speed)

    # -- control ------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def speed(self) -> float:
        return self._speed

    def play(self) -> None:
        if not self._playing:
            self._anchor = self._monotonic()
            self._playing = True

    def pause(self) -> None:
        if self._playing:
            self._base = self.now()
            self._playing = False

    def set_speed(self, speed: float) -> float:
        """1x-60x (clamped); returns the speed in force."""
        self._base, self._anchor = self.now(), self._monotonic()
        self._speed = self._clamp(speed)
        return self._speed

    def jump_to(self, when: datetime) -> None:
        """Move to ``when`` (forward only: a replay never goes back in time)."""
        if when.tzinfo is None:
            raise ValueError("ReplayClock needs an aware datetime")
        self._base, self._anchor = max(self.now(), when), self._monotonic()

    def real_seconds_until(self, when: datetime) -> float | None:
        """Real seconds until the market clock reaches ``when`` (0 when past it); None
        while paused."""
        if not self._playing:
            return None
        return max(0.0, (when - self.now()).total_seconds() / self._speed)
