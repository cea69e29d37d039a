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


def test_log_lines_pass_through_the_redaction_guardrail(tmp_path) -> None:
    import logging

    from tradingtools_desktop.domain.redaction_hook import register_secret
    from tradingtools_desktop.logging_setup import setup_logging

    setup_logging(tmp_path)
    register_secret("sk-canary-0123456789")
    logging.getLogger("t").warning("paid to STK 0071000123456 Vietcombank with key %s",
                                   "sk-canary-0123456789")
    for h in logging.getLogger().handlers:
        h.flush()
    text = (tmp_path / "tradingtools.log").read_text(encoding="utf-8")
    assert "0071000123456" not in text and "sk-canary-0123456789" not in text
    assert "[REDACTED:bank_account]" in text and "[REDACTED:secret]" in text
