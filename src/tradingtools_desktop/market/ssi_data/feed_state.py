"""The feed's state, decided from what it knows at one instant (pure, no I/O).

:func:`decide` answers whether REST polling should run and which of LIVE / CONNECTING /
POLLING / OLD the feed is in, with its fixed English sentence (``feed_config``'s details):

- the stream is **silent** when it is open, data is wanted, an exchange is trading and no
  push came for more than ``grace`` seconds; it is **out** when it is not open, data is
  wanted in session and the key was refused or it has been down for more than ``grace``;
- silent or out: poll; the state is POLLING, or OLD once a poll failed;
- open and not silent: LIVE (LIVE_CLOSED when no exchange is trading but data is wanted);
- otherwise OLD when the key was refused, else CONNECTING (DROPPED after a first connect).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...domain.market.quotes import FeedState
from .feed_config import (
    CONNECTING,
    DOWN,
    DROPPED,
    KEY_REFUSED,
    LIVE,
    LIVE_CLOSED,
    SILENT,
    UNREACHABLE,
)

__all__ = ["Decision", "decide"]


@dataclass(frozen=True, slots=True)
class Decision:
    poll: bool  # REST polling should run
    state: FeedState
    detail: str


def decide(*, now: float, grace: float, wanted: bool, talking: bool, connected: bool,
           last_data: float | None, down_since: float | None, key_refused: bool,
           poll_ok: bool | None, ever_connected: bool) -> Decision:
    """``now``, ``last_data`` (the last push or the connect) and ``down_since``: monotonic
    seconds; ``wanted``: symbols or indices are subscribed; ``talking``: wanted and an
    exchange is in a trading phase; ``poll_ok``: the last poll's outcome (None: none yet)."""
    silent = connected and talking and last_data is not None and now - last_data > grace
    outage = not connected and talking and (key_refused or (
        down_since is not None and now - down_since > grace))
    poll = silent or outage
    if connected and not silent:
        return Decision(poll, FeedState.LIVE, LIVE if talking or not wanted else LIVE_CLOSED)
    if silent or outage:
        if poll_ok is False:
            return Decision(poll, FeedState.OLD, KEY_REFUSED if key_refused else UNREACHABLE)
        return Decision(poll, FeedState.POLLING, SILENT if silent else DOWN)
    if key_refused:
        return Decision(poll, FeedState.OLD, KEY_REFUSED)
    return Decision(poll, FeedState.CONNECTING, DROPPED if ever_connected else CONNECTING)
