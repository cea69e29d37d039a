"""Call pacing: at most so many calls a minute (vnstock's guest limit), waiting when needed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

__all__ = ["Pacer"]


class Pacer:
    """At most ``per_minute`` calls in any minute: waits before a call when needed.
    ``clock`` / ``sleep`` are injectable so tests never wait."""

    def __init__(self, per_minute: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.interval = 60.0 / per_minute
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self.waited = 0.0

    async def wait(self) -> None:
        now = self._clock()
        if now < self._next:
            delay = self._next - now
            self.waited += delay
            await self._sleep(delay)
            now = self._next
        self._next = now + self.interval
