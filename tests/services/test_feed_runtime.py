"""The composition root builds one QuoteService and one FeedManager per profile; starting
the feed seeds every symbol from the cache, stopping the services stops it."""

from __future__ import annotations

import asyncio

from tradingtools_desktop.domain.market.quotes import FeedState, QuoteSource
from tradingtools_desktop.services.runtime import AppServices


def test_the_runtime_has_one_quote_service_and_feed_that_start_and_stop_with_it() -> None:
    async def go():
        services = await AppServices.open(None)
        assert services.feed is not None and services.feed.quotes is services.quotes
        services.feed.want("ticket", ["FPT"])
        services.start_feed()
        services.start_feed()  # once
        await services._feed_task
        fpt = services.quotes.quote("FPT")
        status = services.quotes.feed_status
        await services.stop()
        return fpt, status, services.feed.feed

    fpt, status, running = asyncio.run(go())
    assert fpt is not None and fpt.source is QuoteSource.BARS
    assert status.state is FeedState.OLD and "13/11/2025" in status.detail  # tests: bars only
    assert running is None


def test_resting_orders_keep_their_symbols_wanted_until_they_close() -> None:
    from datetime import datetime, timedelta, timezone

    from tradingtools_desktop.domain.market.exchange import Exchange
    from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
    from tradingtools_desktop.services.bus import EventBus
    from tradingtools_desktop.services.clock import ManualClock

    now = datetime(2026, 11, 25, 10, 0, tzinfo=timezone(timedelta(hours=7)))

    async def go():
        bus = EventBus()
        services = await AppServices.open(None, bus=bus, clock=ManualClock(now))
        try:
            low = OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, 100, 93_000, "r1")
            placed = await services.orders.place(low)
            await bus.drain()
            resting = services.feed.wanted
            await services.orders.cancel(placed.order.id, source="test")
            await bus.drain()
            return placed.order.is_open, resting, services.feed.wanted
        finally:
            await services.stop()

    was_open, resting, after = asyncio.run(go())
    assert was_open  # below the market: it rests
    assert "FPT" in resting and "FPT" not in after
