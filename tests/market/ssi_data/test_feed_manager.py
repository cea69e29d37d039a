"""The feed manager picks the source the profile has and says plainly what it is doing.

SSI Data keys: the streaming feed against the FastConnect Data simulator over real sockets
ends LIVE and the recorded pushes land in the quote service. No keys and vnstock offline
(its worker's network goes to a dead local proxy): OLD, with one sentence and the bars'
day. Nothing is patched; the secrets come from a getter as the vault gives them."""

from __future__ import annotations

import asyncio
import importlib.util

import pytest
from simulators.ssi_fastconnect_data import DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET
from ssi_data_helpers import AT_NIGHT, IN_SESSION, until

from tradingtools_desktop.domain.market.quotes import FeedState, QuoteSource
from tradingtools_desktop.market.bundled import seed_if_empty
from tradingtools_desktop.market.ssi_data.feed import StreamConfig
from tradingtools_desktop.market.vnstock_board import BoardTiming
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.market.feed_manager import FeedManager
from tradingtools_desktop.services.market.quote_service import QuoteEvent, QuoteService
from tradingtools_desktop.store import open_database

FAST = StreamConfig(silence_after=0.5, poll_interval=0.1, check_interval=0.05,
                    reconnect_base=0.05, reconnect_cap=0.2, open_timeout=5.0)
DEAD_PROXY = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
              "NO_PROXY": ""}
needs_vnstock = pytest.mark.skipif(importlib.util.find_spec("vnstock") is None,
                                   reason="vnstock is not installed")


def secrets(values):
    async def get(name):
        return values.get(name)
    return get


async def manager(tmp_path, values, *, now=IN_SESSION, url=None, vnstock=False, env=None):
    db, _ = await open_database(None, None)
    await seed_if_empty(db)
    quotes = QuoteService()
    m = FeedManager(quotes, db, secrets(values), clock=ManualClock(now), data_url=url,
                    cache_dir=tmp_path, vnstock_env=env, stream_config=FAST,
                    board_timing=BoardTiming(calls_per_minute=600, check_interval=0.05),
                    vnstock_available=vnstock)
    return db, quotes, m


def test_with_data_keys_the_manager_goes_live_and_quotes_arrive(sim, tmp_path) -> None:
    async def go():
        keys = {"ssi_data.consumer_id": DEMO_CONSUMER_ID,
                "ssi_data.consumer_secret": DEMO_CONSUMER_SECRET}
        db, quotes, m = await manager(tmp_path, keys, url=sim.url)
        heard = []
        quotes.listen(lambda kind, payload: heard.append(kind))
        m.want("ticket", ["FPT"])
        m.want("portfolio", ["MBB", "fpt"])
        assert m.wanted == {"FPT", "MBB"}
        await m.start()
        assert m.source == "ssi-data"
        # the bars were there first: every consumer had a price, labelled BARS
        assert quotes.quote("VCB").source is QuoteSource.BARS
        await until(lambda: quotes.feed_status.state is FeedState.LIVE, "the feed to be live")
        conn = next(iter(sim.hub.connections.values()))
        await until(lambda: conn.subscriptions.get("X") == {"FPT", "MBB"}, "subscribed")
        sim.replay.step(len(sim.replay.pushes))
        await until(lambda: quotes.quote("FPT").source is QuoteSource.SSI_STREAM
                    and quotes.quote("MBB").source is QuoteSource.SSI_STREAM,
                    "live quotes in the service")
        m.want("watchlist", ["VCB"])  # a new consumer: the feed is told the new union
        await until(lambda: conn.subscriptions.get("X") == {"FPT", "MBB", "VCB"},
                    "re-subscribed with VCB")
        status = quotes.feed_status
        fpt = quotes.quote("FPT")
        await m.stop()
        await db.close()
        return status, fpt, heard, m.describe()

    status, fpt, heard, described = asyncio.run(go())
    assert status.feed == "ssi-data" and status.detail == "SSI price stream live."
    assert fpt.bids and fpt.last and fpt.at.date().isoformat() == "2026-04-14"
    # today's first push replaced the old bar: no 2025 band or volume showing through
    assert fpt.total_volume is not None and fpt.total_volume < 50_000_000
    assert QuoteEvent.QUOTE in heard and QuoteEvent.FEED in heard
    assert described == ("SSI price stream live.", {})


def test_a_refused_data_key_says_so_with_the_day_of_the_prices(sim, tmp_path) -> None:
    async def go():
        keys = {"ssi_data.consumer_id": DEMO_CONSUMER_ID,
                "ssi_data.consumer_secret": "not-the-secret"}
        db, quotes, m = await manager(tmp_path, keys, url=sim.url)
        m.want("ticket", ["FPT"])
        await m.start()
        await until(lambda: quotes.feed_status.state is FeedState.OLD
                    and "refused" in quotes.feed_status.detail, "the refusal")
        status = quotes.feed_status
        await m.stop()
        await db.close()
        return status, m.describe()

    status, (template, values) = asyncio.run(go())
    assert status.detail == "SSI refused the FastConnect Data key: prices are from 13/11/2025."
    assert values == {"date": "13/11/2025"} and "{date}" in template
    assert "Error" not in status.detail and "401" not in status.detail


def test_no_keys_and_no_vnstock_is_old_with_the_bars_day(tmp_path) -> None:
    async def go():
        db, quotes, m = await manager(tmp_path, {}, vnstock=False)
        m.want("ticket", ["FPT"])
        await m.start()
        status = quotes.feed_status
        fpt = quotes.quote("FPT")
        await m.stop()
        await db.close()
        return status, fpt, m.source

    status, fpt, source = asyncio.run(go())
    assert source == "bars"
    assert status.state is FeedState.OLD
    assert status.detail == "No live price source is set up: prices are from 13/11/2025."
    assert fpt.source is QuoteSource.BARS and fpt.last and fpt.reference
    assert fpt.ceiling > fpt.reference > fpt.floor  # the band of that bar's session


@needs_vnstock
def test_no_keys_and_vnstock_offline_is_old_with_one_plain_sentence(tmp_path) -> None:
    async def go():
        db, quotes, m = await manager(tmp_path, {}, vnstock=True, env=DEAD_PROXY)
        m.want("ticket", ["FPT", "VCB"])
        await m.start()
        assert m.source == "vnstock"
        await until(lambda: m.feed.stats.failures >= 1, "vnstock's failed answer",
                    timeout=90)
        status = quotes.feed_status
        await m.stop()
        await db.close()
        return status, quotes.quote("FPT")

    status, fpt = asyncio.run(go())
    assert status.feed == "vnstock"
    assert status.detail == "No internet: prices are from 13/11/2025."
    assert fpt.source is QuoteSource.BARS


def test_outside_the_session_vnstock_is_not_asked(tmp_path) -> None:
    async def go():
        db, quotes, m = await manager(tmp_path, {}, vnstock=True, now=AT_NIGHT,
                                      env=DEAD_PROXY)
        m.want("ticket", ["FPT"])
        await m.start()
        await until(lambda: quotes.feed_status.state is FeedState.OLD, "closed")
        status = quotes.feed_status
        calls = m.feed.stats.calls
        await m.stop()
        await db.close()
        return status, calls

    status, calls = asyncio.run(go())
    assert calls == 0
    assert status.detail == "No exchange is trading now: prices are from 13/11/2025."
