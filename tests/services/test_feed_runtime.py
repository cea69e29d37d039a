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
