"""The risk engine's cached account book follows reservations and unfilled sells by
difference (places, modifies, cancels, rejections) and reloads after fills: after any
sequence of those, the cached book equals the book read afresh from the store."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import OrderRequest, OrderStatus, OrderType, Side
from tradingtools_desktop.domain.trading_state import TradingMode
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.risk_book import load_book
from tradingtools_desktop.services.runtime import AppServices

VN = timezone(timedelta(hours=7))
WED_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=VN)
FPT_CLOSE = 99_600
S = OrderStatus


def ticket(key: str, **kw: object) -> OrderRequest:
    base: dict[str, object] = dict(symbol="FPT", exchange=Exchange.HOSE, side=Side.BUY,
                                   order_type=OrderType.LO, quantity=100,
                                   price=FPT_CLOSE - 500, idempotency_key=key)
    base.update(kw)
    return OrderRequest(**base)  # type: ignore[arg-type]


def test_book_when_orders_rest_change_and_end_then_cached_equals_a_fresh_read(tt_home) -> None:
    async def go() -> None:
        clock = ManualClock(WED_10AM)
        svc = await AppServices.open(profile_paths("book", tt_home), clock=clock)
        try:
            today = WED_10AM.date()

            async def same() -> None:
                _market, cached = await svc.risk.snapshots(ticket("x"), TradingMode.DRY_RUN,
                                                           clock.now())
                fresh = await svc.db.call(lambda tx: load_book(tx, TradingMode.DRY_RUN,
                                                                today))
                assert (cached.reserved, cached.cash_available, cached.cash_total) == (
                    fresh.reserved, fresh.cash_available, fresh.cash_total)
                assert {k: v for k, v in cached.committed_sells.items() if v} == \
                    {k: v for k, v in fresh.committed_sells.items() if v}
                assert cached.total == fresh.total and cached.settled == fresh.settled

            buy = (await svc.orders.place(ticket("b1", quantity=300))).order
            assert buy.status is S.SUBMITTED and buy.reserved_cash > 0
            await same()
            clock.advance(seconds=1)
            filled = (await svc.orders.place(ticket("b2", price=FPT_CLOSE))).order
            assert filled.status is S.FILLED  # cash moved: the book is read again
            await same()
            clock.advance(seconds=1)
            changed = await svc.orders.modify(buy.id, price=FPT_CLOSE - 1_000, quantity=500)
            assert changed.modified, changed.refused
            await same()
            clock.advance(seconds=1)
            await svc.orders.cancel(buy.id)
            assert (await svc.orders.status(buy.id)).status is S.CANCELLED
            await same()
            clock.advance(seconds=1)
            rest = (await svc.orders.place(ticket("b3", quantity=200))).order
            await same()
            clock.set(WED_10AM.replace(hour=15, minute=5))  # the close: what rests expires
            await svc.orders.poll()
            assert (await svc.orders.status(rest.id)).status is S.EXPIRED
            await same()
        finally:
            await svc.stop()

    asyncio.run(go())
