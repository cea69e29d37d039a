"""Market replay: the bundled real iBoard recording played through the replay clock, feed,
quote service and dry-run broker, on a database of its own; and through the CLI."""

from __future__ import annotations

import asyncio
import json
from datetime import date, datetime, timedelta

import pytest

from tradingtools_desktop.cli import main
from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.market.quotes import FeedState, QuoteSource
from tradingtools_desktop.domain.orders import OrderRequest, OrderStatus, OrderType, Side
from tradingtools_desktop.market.replay_data import VN, bundled_recordings, recording_events
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.market.replay import (
    NoReplayData,
    ReplaySession,
    available_sources,
    load_events,
    pick_source,
    replay_paths,
)
from tradingtools_desktop.services.market.replay_clock import ReplayClock
from tradingtools_desktop.services.runtime import AppServices

DAY = date(2026, 4, 14)
S = OrderStatus


def test_the_bundled_recording_is_real_pushes_as_quotes_and_prints() -> None:
    events = recording_events(bundled_recordings()[0])
    quotes = [e.payload for e in events if e.kind == "quote"]
    trades = [e.payload for e in events if e.kind == "trade"]
    assert len(quotes) == 135 and {q.symbol for q in quotes} == {"FPT", "MBB", "VCB"}
    first = quotes[0]
    assert (first.symbol, first.reference, first.ceiling, first.floor) == (
        "MBB", 26_450, 28_300, 24_600)
    assert first.best_bid.price == 26_550 and first.best_ask.price == 26_600
    assert first.session == "LO" and first.source is QuoteSource.REPLAY
    # a print is the growth of the total matched volume, at the last price
    assert trades[0].symbol == "MBB" and (trades[0].price, trades[0].volume) == (26_600, 1_000)
    assert [e.at for e in events] == sorted(e.at for e in events)


def test_replay_clock_runs_at_its_speed_pauses_and_never_goes_back() -> None:
    real = [100.0]
    start = datetime(2026, 4, 14, 13, 32, tzinfo=VN)
    clock = ReplayClock(start, speed=10, monotonic=lambda: real[0])
    assert clock.now() == start and not clock.playing  # stands until played
    clock.play()
    real[0] += 3
    assert clock.now() == start + timedelta(seconds=30)
    clock.pause()
    real[0] += 100
    assert clock.now() == start + timedelta(seconds=30)
    assert clock.set_speed(500) == 60 and clock.set_speed(0) == 1
    clock.play()
    real[0] += 2
    assert clock.now() == start + timedelta(seconds=32)
    clock.jump_to(start)  # backwards: ignored
    assert clock.now() == start + timedelta(seconds=32)


def test_no_data_for_a_day_is_one_sentence_listing_the_days_there_are(tt_home) -> None:
    sources = asyncio.run(available_sources())
    with pytest.raises(NoReplayData) as caught:
        pick_source(date(2026, 4, 15), sources)
    assert str(caught.value) == ("No market data to replay for 15/04/2026. Days that can be "
                                 "replayed: 14/04/2026.")


def test_a_replay_fills_from_printed_volume_and_stays_apart_from_practice(tt_home) -> None:
    profile = profile_paths("practice", tt_home)

    async def go() -> None:
        sources = await available_sources(profile)
        source = pick_source(DAY, sources)
        session = await ReplaySession.open(profile, source, await load_events(source),
                                           speed=60)
        svc = session.services
        assert svc.quotes is not None and svc.quotes.feed_status.state is FeedState.REPLAY
        assert svc.paths == replay_paths(profile, DAY)
        assert session.status.title == "Replay of 14/04/2026"
        buy = OrderRequest("MBB", Exchange.HOSE, Side.BUY, OrderType.LO, 1_000, 26_550, "r-1")
        placed = await svc.orders.place(buy, source="replay")
        assert placed.decision.allowed, placed.decision.failed_codes()  # today's TC 26.45
        assert placed.order.status is S.SUBMITTED  # below the ask: rests
        assert placed.order.created_at.astimezone(VN).date() == DAY  # on the replay clock
        await session.run_to_end(timeout=30)
        done = await svc.orders.status(placed.order.id)
        assert (done.status, done.filled_qty, done.avg_price) == (S.FILLED, 1_000, 26_550)
        fills = [a.reason for a in await svc.orders.audit(done.id) if "fill" in a.reason]
        assert len(fills) == 3 and all("replayed tape" in f for f in fills)
        await session.close()
        # the practice profile has none of it
        practice = await AppServices.open(profile)
        assert await practice.orders.history() == []
        await practice.stop()

    asyncio.run(go())


def test_replay_through_the_cli_shows_a_dry_run_fill(tt_home, capsys) -> None:
    code = main(["replay", "2026-04-14", "--speed", "60", "--order", "BUY MBB 1000 LO 26.55",
                 "--order", "BUY FPT 500 MP", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["replay"]["day"] == "2026-04-14"
    mbb, fpt = out["orders"]
    assert (mbb["status"], mbb["filled_qty"], mbb["avg_price"]) == ("FILLED", 1_000, 26_550)
    assert (fpt["status"], fpt["avg_price"]) == ("FILLED", 76_400)
    assert any("dry-run fill of 500 at 76.40 on the replayed tape" in e["reason"]
               for e in fpt["events"])


def test_the_cli_says_plainly_when_a_day_has_no_data_or_an_order_is_unreadable(
        tt_home, capsys) -> None:
    assert main(["replay", "15/04/2026"]) == 2
    assert capsys.readouterr().err.strip() == (
        "error: No market data to replay for 15/04/2026. Days that can be replayed: "
        "14/04/2026.")
    assert main(["replay", "yesterday"]) == 2
    assert "is not a date" in capsys.readouterr().err
    assert main(["replay", "2026-04-14", "--order", "BUY MBB lots"]) == 2
    assert "Cannot read the order" in capsys.readouterr().err
    assert main(["replay", "list"]) == 0
    assert "14/04/2026 13:32:08-13:32:51 (recorded session: FPT, MBB, VCB)" in \
        capsys.readouterr().out


def test_a_day_of_cached_intraday_bars_replays_as_prints_sharing_each_bars_volume(
        tt_home) -> None:
    from tradingtools_desktop.store.intraday_repo import IntradayRepository, IntradayRow

    profile = profile_paths("bars", tt_home)
    day = date(2025, 11, 12)
    start = datetime(2025, 11, 12, 10, 0, tzinfo=VN)
    rows = [IntradayRow("FPT", start, 100_000, 100_500, 99_800, 100_200, 4_000, "ssi-data"),
            IntradayRow("FPT", start + timedelta(minutes=1), 100_200, 100_300, 99_500,
                        99_600, 2_000, "ssi-data")]

    async def go() -> None:
        practice = await AppServices.open(profile)
        repo = IntradayRepository(practice.db)
        assert await repo.save(rows, start) == 2
        sources = await available_sources(profile, repo)
        source = pick_source(day, sources)
        assert (source.kind, source.symbols) == ("bars", ("FPT",))
        events = await load_events(source, repo)
        await practice.stop()
        prints = [(e.payload.price, e.payload.volume) for e in events if e.kind == "trade"]
        assert prints == [(100_000, 1_000), (99_800, 1_000), (100_500, 1_000),
                          (100_200, 1_000), (100_200, 500), (100_300, 500), (99_500, 500),
                          (99_600, 500)]
        session = await ReplaySession.open(profile, source, events, speed=60)
        svc = session.services
        buy = OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, 1_500, 99_800, "b-1")
        order = (await svc.orders.place(buy, source="replay")).order
        await session.run_to_end(timeout=30)
        done = await svc.orders.status(order.id)
        assert (done.status, done.filled_qty) == (S.FILLED, 1_500)  # 1,000 then 500
        await session.close()

    asyncio.run(go())


def test_a_new_replay_of_a_day_starts_without_the_last_runs_resting_orders(tt_home) -> None:
    profile = profile_paths("again", tt_home)

    async def go() -> None:
        source = pick_source(DAY, await available_sources(profile))
        events = await load_events(source)
        first = await ReplaySession.open(profile, source, events, speed=60)
        low = OrderRequest("MBB", Exchange.HOSE, Side.BUY, OrderType.LO, 100, 26_000, "low")
        left = (await first.services.orders.place(low)).order
        await first.close()
        second = await ReplaySession.open(profile, source, events, speed=60)
        assert await second.services.orders.open_orders() == []
        assert (await second.services.orders.status(left.id)).status is S.CANCELLED
        await second.close()

    asyncio.run(go())
