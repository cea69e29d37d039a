from __future__ import annotations

import asyncio
from dataclasses import dataclass

from tradingtools_desktop.services.bus import EventBus


@dataclass
class Ping:
    n: int


def test_publish_when_one_handler_raises_then_others_still_run() -> None:
    bus = EventBus()
    got: list[int] = []

    def bad(_: Ping) -> None:
        raise RuntimeError("boom")

    async def good_async(e: Ping) -> None:
        got.append(e.n * 10)

    async def go() -> None:
        bus.subscribe(Ping, bad)
        bus.subscribe(Ping, lambda e: got.append(e.n))
        bus.subscribe(Ping, good_async)
        bus.publish(Ping(1))
        await bus.drain()

    asyncio.run(go())
    assert got == [1, 10]


def test_unsubscribe_when_called_then_handler_no_longer_receives() -> None:
    bus = EventBus()
    got: list[int] = []
    unsubscribe = bus.subscribe(Ping, lambda e: got.append(e.n))
    bus.publish(Ping(1))
    unsubscribe()
    bus.publish(Ping(2))
    assert got == [1]
