"""The vnstock board poller: the wanted symbols in batches, one call at a time, never faster
than its budget, only in session; an empty answer (what KBS's board gives offline) is a
failure, not "no prices". The worker process is stood in for by a caller that answers
with the real recorded board row (renamed per symbol) - vnstock's KBS address is fixed
inside vnstock, so no local server can take its place without patching vnstock."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tradingtools_desktop.domain.market.quotes import FeedState
from tradingtools_desktop.market.vnstock_board import BoardTiming, VnstockBoardFeed
from tradingtools_desktop.services.market.quote_service import QuoteService

FIXTURES = Path(__file__).parents[1] / "fixtures"

VN = timezone(timedelta(hours=7))
IN_SESSION = datetime(2026, 12, 2, 10, 0, tzinfo=VN)
ROW = json.loads((FIXTURES / "vnstock" / "price_board_kbs.json").read_text("utf-8"))["sample"][0]


def test_budget_for_guests_and_key_holders_stays_within_vnstock_limits() -> None:
    assert BoardTiming.for_key(False).calls_per_minute <= 20 / 2  # guest: 20 a minute
    assert BoardTiming.for_key(True).calls_per_minute <= 60 / 2  # community key: 60
    assert BoardTiming.for_key(True).min_gap < BoardTiming.for_key(False).min_gap


def test_batches_rotate_paced_and_an_empty_answer_is_a_failure() -> None:
    calls: list[tuple[float, list[str]]] = []
    empty = [False]

    async def worker(method: str, **params):
        calls.append((time.monotonic(), params["symbols"]))
        assert method == "price_board" and params["source"] == "KBS"
        return [] if empty[0] else [{**ROW, "symbol": s} for s in params["symbols"]]

    async def go():
        quotes = QuoteService()
        timing = BoardTiming(calls_per_minute=600, batch_size=50, check_interval=0.05)
        feed = VnstockBoardFeed(worker, timing, now=lambda: IN_SESSION)
        await feed.start(quotes)
        await feed.subscribe([f"S{i:03d}" for i in range(120)])
        deadline = time.monotonic() + 20
        while len(calls) < 4 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        state_ok = feed.state
        empty[0] = True
        n = len(calls)
        while len(calls) < n + 1 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        while feed.state is not FeedState.OLD and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        await feed.stop()
        return quotes, state_ok, feed

    quotes, state_ok, feed = asyncio.run(go())
    sizes = [len(s) for _, s in calls[:3]]
    assert sizes == [50, 50, 20]  # every symbol asked for, in batches
    assert calls[3][1] == calls[0][1]  # then round again
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(calls)]
    assert min(gaps) >= timing_gap() * 0.99  # never faster than the budget
    assert state_ok is FeedState.POLLING
    assert len(quotes.quotes()) == 120 and quotes.quote("S007").last == 27_650
    assert feed.state is FeedState.OLD and feed.stats.failures >= 1


def timing_gap() -> float:
    return BoardTiming(calls_per_minute=600).min_gap


def test_outside_the_session_nothing_is_asked() -> None:
    calls = []

    async def worker(method: str, **params):
        calls.append(params)
        return []

    async def go():
        feed = VnstockBoardFeed(worker, BoardTiming(check_interval=0.02),
                                now=lambda: datetime(2026, 12, 5, 10, tzinfo=VN))  # Saturday
        await feed.start(QuoteService())
        await feed.subscribe(["FPT"])
        await asyncio.sleep(0.2)
        state = feed.state
        await feed.stop()
        return state

    assert asyncio.run(go()) is FeedState.OLD and calls == []
