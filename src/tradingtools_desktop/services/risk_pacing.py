"""The pacing clocks of the risk checks (RATE_LIMIT, COOLDOWN): recent placements and
rejects, counted in real elapsed time.

Contract: every placement and reject is stamped with the monotonic time and the market
time (:meth:`Pacing.note_order`, :meth:`Pacing.note_reject`). The rules get the stamps
back as market-clock times, ``now`` minus the time elapsed since: the real time, or the
market clock's own when it moved further (a clock moved by hand: tests, a practice clock
set forward) — except when ``market_time_paces`` is False (a replay clock, whose 60x must
not shorten a pause). So under a frozen practice clock or a replay at 60x, "5 orders in
the last second" means five in the last real second, and a 15-minute pause lasts 15 real
minutes. Times read back from the DB after a restart (:meth:`Pacing.restore`) count as
elapsed what the market clock says has passed since (nothing, under a frozen clock), so a
restart never shortens a window and real time still ends it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

Stamp = tuple[float, datetime]  # (monotonic, market) time of one event


class Pacing:
    """Recent placements and rejects (the newest 1000 of each), in monotonic order."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic,
                 market_time_paces: bool = True) -> None:
        self._monotonic = monotonic
        self._market_time_paces = market_time_paces
        self._rejects: deque[Stamp] = deque(maxlen=1000)
        self._orders: deque[Stamp] = deque(maxlen=1000)

    def restore(self, rejects: Iterable[datetime], placements: Iterable[datetime],
                now: datetime) -> None:
        """Stored reject and placement times (market clock), read back after a start."""
        self._rejects.extend(self._stamps(rejects, now))
        self._orders.extend(self._stamps(placements, now))

    def note_order(self, at: datetime) -> None:
        """A placement was written (``at`` on the market clock; counted in real time)."""
        self._orders.append(self._stamp(at))

    def note_reject(self, at: datetime) -> None:
        self._rejects.append(self._stamp(at))

    def recent_rejects(self, now: datetime, horizon_s: float) -> tuple[datetime, ...]:
        return self._as_times(self._rejects, now, horizon_s)

    def recent_orders(self, now: datetime, horizon_s: float) -> tuple[datetime, ...]:
        return self._as_times(self._orders, now, horizon_s)

    def _stamps(self, times: Iterable[datetime], now: datetime) -> list[Stamp]:
        """Stamps of stored times: as long ago as the market clock says (never in the
        future)."""
        mono = self._monotonic()
        return sorted((mono - max(0.0, (now - t).total_seconds()), t) for t in times)

    def _as_times(self, stamps: deque[Stamp], now: datetime,
                  horizon_s: float) -> tuple[datetime, ...]:
        """Stamps as market-clock times: ``now`` minus the time elapsed since (see the
        module docstring), of the last ``horizon_s`` of real time only: an older stamp
        is older still on the market clock (elapsed is at least the real time), so no rule
        that looks back ``horizon_s`` could count it. Stamps are in monotonic order."""
        mono = self._monotonic()
        out = []
        for m, at in reversed(stamps):
            elapsed = max(0.0, mono - m)
            if elapsed > horizon_s:
                break
            if self._market_time_paces:
                elapsed = max(elapsed, (now - at).total_seconds())
            out.append(now - timedelta(seconds=elapsed))
        out.reverse()
        return tuple(out)

    def _stamp(self, at: datetime) -> Stamp:
        return self._monotonic(), at
