"""Telegram alerts against a local Bot API endpoint: fills and rejects reach the configured
chat (redacted); a type switched off stays silent; no bot configured means no send."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from tests.servers.telegram_stub import TelegramStub

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices

VN = timezone(timedelta(hours=7))
TOKEN = "424242:notifier-test-token"


def ticket(key: str, qty: int = 100) -> OrderRequest:
    return OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, qty, 99_600, key)


def test_fills_and_rejects_are_sent_and_types_can_be_switched_off(tt_home, monkeypatch):
    async def go(tg: TelegramStub) -> None:
        svc = await AppServices.open(profile_paths("n1", tt_home),
                                     clock=ManualClock(datetime(2026, 11, 25, 10, tzinfo=VN)))
        await svc.orders.place(ticket("f1"))
        await svc.orders.place(ticket("r1", qty=150))  # LOT_SIZE: denied
        await svc.bus.drain()
        texts = [m["text"] for m in tg.sent]
        assert any(t.startswith("Fill: BUY 100 FPT @ 99,600") for t in texts)
        assert any(t.startswith("DENIED: BUY 150 FPT") for t in texts)
        assert {m["chat_id"] for m in tg.sent} == {"555"}
        await svc.notifier.set_enabled("fills", False)
        before = len(tg.sent)
        await svc.orders.place(ticket("f2"))
        await svc.bus.drain()
        assert len(tg.sent) == before and svc.notifier.status == "OK"
        await svc.stop()

    with TelegramStub(TOKEN) as tg:
        monkeypatch.setenv("TRADINGTOOLS_TELEGRAM_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("TRADINGTOOLS_TELEGRAM_CHAT_ID", "555")
        monkeypatch.setenv("TRADINGTOOLS_TELEGRAM_API", tg.url)
        asyncio.run(go(tg))


def test_without_a_bot_nothing_is_sent_and_status_says_why(tt_home) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("n2", tt_home),
                                     clock=ManualClock(datetime(2026, 11, 25, 10, tzinfo=VN)))
        await svc.orders.place(ticket("f1"))
        await svc.bus.drain()
        assert svc.notifier.sent == 0 and "no Telegram bot" in svc.notifier.status
        await svc.stop()

    asyncio.run(go())
