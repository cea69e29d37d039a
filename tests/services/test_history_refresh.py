"""The daily history refresh against the FastConnect Data simulator over real sockets.

The cache is the bundled real dataset (92 stocks up to 2025-11-13) with its last days cut
off; the simulator serves the same real bars, so the refresh must bring back exactly what
was cut, a whole-market day per DailyStockPrice call (paged), one transaction per day."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest
from simulators.ssi_fastconnect_data import (
    DEMO_CONSUMER_ID,
    DEMO_CONSUMER_SECRET,
    SsiDataSimulator,
)

from tradingtools_desktop.domain.market.calendar import VN_TZ, TradingCalendar
from tradingtools_desktop.market.bundled import seed_if_empty
from tradingtools_desktop.market.ssi_data import SsiDataClient, SsiDataConfig, SsiDataCredentials
from tradingtools_desktop.services.history_refresh import (
    FetchedDay,
    HistoryRefresh,
    Pacer,
    Problem,
    last_closed_session,
)
from tradingtools_desktop.services.history_sources import SsiMarketDays, VnstockHistory
from tradingtools_desktop.store import open_database

CUT = date(2025, 10, 31)  # the cache keeps bars up to here
LAST = date(2025, 11, 13)  # the simulator's (and the bundled data's) last session
MISSING = [date(2025, 11, d) for d in (3, 4, 5, 6, 7, 10, 11, 12, 13)]
AFTER_CLOSE = datetime(2025, 11, 13, 16, 0, tzinfo=VN_TZ)


@pytest.fixture
def sim():
    simulator = SsiDataSimulator()
    simulator.start()
    try:
        yield simulator
    finally:
        simulator.stop()


def client_for(url: str, **config) -> SsiDataClient:
    cfg = SsiDataConfig(**{"base_url": url, "timeout": 5.0, "backoff_base": 0.01,
                           "requests_per_second": 1000.0, **config})
    return SsiDataClient(cfg, SsiDataCredentials(DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET))


async def cut_cache():
    db, _ = await open_database(None, None)
    await seed_if_empty(db)
    await db.call(lambda tx: tx.execute("DELETE FROM daily_bars WHERE day > ?", [CUT]))
    return db


def refresher(db) -> HistoryRefresh:
    return HistoryRefresh(db, TradingCalendar(), lambda: AFTER_CLOSE)


async def per_day(db) -> dict[date, int]:
    rows = await db.execute("SELECT day, count(*) FROM daily_bars WHERE day > ? GROUP BY day",
                            [CUT])
    return {r[0]: int(r[1]) for r in rows}


def expected_per_day(sim) -> dict[date, int]:
    out: dict[date, int] = {}
    for bars in sim.market.bars.values():
        for b in bars:
            if b.day > CUT:
                out[b.day] = out.get(b.day, 0) + 1
    return out


def test_the_last_closed_session_is_today_only_after_the_close() -> None:
    cal = TradingCalendar()
    assert last_closed_session(datetime(2025, 11, 13, 14, 59, tzinfo=VN_TZ), cal) \
        == date(2025, 11, 12)
    assert last_closed_session(AFTER_CLOSE, cal) == LAST
    # a Sunday night: Friday's session
    assert last_closed_session(datetime(2025, 11, 16, 21, 0, tzinfo=VN_TZ), cal) \
        == date(2025, 11, 14)


def test_whole_market_refresh_pages_each_missing_day_into_the_cache(sim) -> None:
    seen = []

    async def go():
        db = await cut_cache()
        try:
            async with client_for(sim.url, page_size=50) as client:
                result = await refresher(db).whole_market(SsiMarketDays(client),
                                                          progress=seen.append)
            fpt = await db.execute("SELECT day, open, high, low, close, volume, source "
                                   "FROM daily_bars WHERE symbol = 'FPT' AND day > ? "
                                   "ORDER BY day", [CUT])
            logged = await db.execute("SELECT day, symbols FROM market_days ORDER BY day")
            return result, await per_day(db), fpt, logged
        finally:
            await db.close()

    result, counts, fpt, logged = asyncio.run(go())
    assert result.problem is None and result.up_to_date and result.data_as_of == LAST
    assert (result.batches_total, result.batches_done) == (9, 9)
    assert counts == expected_per_day(sim) and sorted(counts) == MISSING
    assert result.bars_written == sum(counts.values())
    # a whole market per day, 92 rows in pages of 50: two pages a day
    assert sim.state.calls["dailystockprice"] == 9 * 2
    real = [b for b in sim.market.bars["FPT"] if b.day > CUT]
    assert [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in fpt] == \
        [(b.day, b.open, b.high, b.low, b.close, b.volume) for b in real]
    assert {r[6] for r in fpt} == {"ssi_data:DailyStockPrice"}
    assert [d for d, _ in logged] == MISSING and all(n == counts[d] for d, n in logged)
    assert [p.label for p in seen] == [d.isoformat() for d in MISSING]
    assert seen[-1].done == seen[-1].total == 9
    assert result.gaps == []  # the real (adjusted) bars have no corporate-action gap


class FailsOn:
    """Wraps the real fetcher; raises a plain bug-like error on the Nth day."""

    def __init__(self, inner, n: int) -> None:
        self.inner, self.n, self.calls, self.name = inner, n, 0, inner.name

    async def market_day(self, day):
        self.calls += 1
        if self.calls == self.n:
            raise RuntimeError("the process died here")
        return await self.inner.market_day(day)


class BadRowOn:
    """The Nth day comes back with a last row the database refuses (NULL open): the
    transaction fails after the day's other rows were inserted."""

    def __init__(self, inner, n: int) -> None:
        self.inner, self.n, self.calls, self.name = inner, n, 0, inner.name

    async def market_day(self, day):
        self.calls += 1
        rows = await self.inner.market_day(day)
        if self.calls == self.n:
            bad = rows[-1]
            rows = [*rows[:-1], FetchedDay(bad.symbol, bad.day, None, bad.high, bad.low,
                                           bad.close, bad.volume)]
        return rows


@pytest.mark.parametrize("wrapper", [FailsOn, BadRowOn])
def test_a_crash_mid_refresh_leaves_whole_days_and_the_next_refresh_resumes(
        sim, wrapper) -> None:
    async def go():
        db = await cut_cache()
        try:
            async with client_for(sim.url) as client:
                with pytest.raises(Exception):
                    await refresher(db).whole_market(wrapper(SsiMarketDays(client), 4))
                after_crash = await per_day(db)
                logged = [r[0] for r in await db.execute("SELECT day FROM market_days")]
                calls = sim.state.calls["dailystockprice"]
                resumed = await refresher(db).whole_market(SsiMarketDays(client))
            return after_crash, logged, calls, resumed, await per_day(db)
        finally:
            await db.close()

    after_crash, logged, calls, resumed, final = asyncio.run(go())
    full = expected_per_day(sim)
    # three whole days, nothing of the fourth (not even the rows before the bad one)
    assert after_crash == {d: full[d] for d in MISSING[:3]}
    assert sorted(logged) == MISSING[:3]
    assert (resumed.batches_total, resumed.batches_done) == (6, 6) and resumed.up_to_date
    assert sim.state.calls["dailystockprice"] - calls == 6  # only the missing days
    assert final == full


def test_offline_gives_one_plain_sentence_with_the_cache_date() -> None:
    async def go():
        db = await cut_cache()
        try:
            # nothing listens on port 9: connection refused, as offline
            async with client_for("http://127.0.0.1:9", read_attempts=1) as client:
                return await refresher(db).whole_market(SsiMarketDays(client))
        finally:
            await db.close()

    result = asyncio.run(go())
    assert result.problem is Problem.OFFLINE and result.batches_done == 0
    assert result.sentence() == "No internet: prices are from 2025-10-31."
    assert not result.up_to_date


def test_a_refused_key_is_said_plainly(sim) -> None:
    async def go():
        db = await cut_cache()
        try:
            cfg = SsiDataConfig(base_url=sim.url, timeout=5.0, read_attempts=1)
            async with SsiDataClient(cfg, SsiDataCredentials(DEMO_CONSUMER_ID, "wrong")) as c:
                return await refresher(db).whole_market(SsiMarketDays(c))
        finally:
            await db.close()

    result = asyncio.run(go())
    assert result.problem is Problem.REFUSED
    assert result.sentence() == ("The market-data provider refused the request: prices are "
                                 "from 2025-10-31.")
    assert DEMO_CONSUMER_SECRET not in (result.detail or "")


def test_cancel_stops_between_days_and_keeps_what_was_written(sim) -> None:
    cancel = asyncio.Event()

    async def go():
        db = await cut_cache()
        try:
            async with client_for(sim.url) as client:
                result = await refresher(db).whole_market(
                    SsiMarketDays(client), cancel=cancel,
                    progress=lambda p: cancel.set() if p.done == 2 else None)
            return result, await per_day(db)
        finally:
            await db.close()

    result, counts = asyncio.run(go())
    assert result.cancelled and result.batches_done == 2 and not result.up_to_date
    assert sorted(counts) == MISSING[:2]


def test_a_universe_is_refreshed_per_symbol_from_its_own_newest_bar(sim) -> None:
    async def go():
        db = await cut_cache()
        try:
            # FPT is further behind than VCB
            await db.call(lambda tx: tx.execute(
                "DELETE FROM daily_bars WHERE symbol = 'FPT' AND day > '2025-10-20'"))
            async with client_for(sim.url) as client:
                result = await refresher(db).symbols(SsiMarketDays(client), ["FPT", "VCB"])
            rows = await db.execute("SELECT symbol, count(*) FROM daily_bars WHERE day > "
                                    "'2025-10-20' GROUP BY symbol ORDER BY symbol")
            return result, dict(rows)
        finally:
            await db.close()

    result, counts = asyncio.run(go())
    assert result.up_to_date and result.batches_done == 2
    real = {s: sum(1 for b in sim.market.bars[s] if b.day > date(2025, 10, 20))
            for s in ("FPT", "VCB")}
    assert counts["FPT"] == real["FPT"] and counts["VCB"] == real["VCB"]


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.t

    async def sleep(self, s: float) -> None:
        self.slept.append(s)
        self.t += s


def test_the_pacer_keeps_vnstock_within_its_guest_limit() -> None:
    clock = Clock()
    pacer = Pacer(20, clock=clock, sleep=clock.sleep)

    async def go():
        for _ in range(41):
            await pacer.wait()

    asyncio.run(go())
    # 41 calls at 20 a minute: the 41st starts two minutes after the first
    assert clock.t - 1000.0 == pytest.approx(120.0)
    assert len(clock.slept) == 40


def test_vnstock_offline_is_one_sentence_not_a_connection_error(tmp_path) -> None:
    """The real worker process, its network pointed at a dead local proxy."""
    import importlib.util

    if importlib.util.find_spec("vnstock") is None:
        pytest.skip("vnstock is not installed")
    from tradingtools_desktop.market.vnstock_worker import VnstockProvider

    dead = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
            "NO_PROXY": ""}
    provider = VnstockProvider(tmp_path, timeout_s=90, extra_env=dead)
    clock = Clock()
    fetcher = VnstockHistory(provider, pacer=Pacer(20, clock=clock, sleep=clock.sleep))

    async def go():
        db = await cut_cache()
        try:
            return await refresher(db).symbols(fetcher, ["FPT", "VCB", "HPG"])
        finally:
            await db.close()

    result = asyncio.run(go())
    assert result.problem is Problem.OFFLINE
    assert result.batches_done == 0  # stopped at the first symbol, not three timeouts
    assert result.sentence() == "No internet: prices are from 2025-10-31."


def test_the_schedule_runs_after_each_close_on_trading_days() -> None:
    from tradingtools_desktop.services.market_updater import next_scheduled_run

    cal = TradingCalendar()
    # Thursday 10:00 -> the same day's 15:30; Thursday 16:00 -> Friday 15:30
    assert next_scheduled_run(datetime(2025, 11, 13, 10, 0, tzinfo=VN_TZ), cal) == \
        datetime(2025, 11, 13, 15, 30, tzinfo=VN_TZ)
    assert next_scheduled_run(AFTER_CLOSE, cal) == datetime(2025, 11, 14, 15, 30, tzinfo=VN_TZ)
    # Friday evening -> Monday; the 2 September holiday is skipped
    assert next_scheduled_run(datetime(2025, 11, 14, 20, 0, tzinfo=VN_TZ), cal) == \
        datetime(2025, 11, 17, 15, 30, tzinfo=VN_TZ)
    assert next_scheduled_run(datetime(2025, 9, 1, 16, 0, tzinfo=VN_TZ), cal).date() == \
        date(2025, 9, 3)


def test_the_schedule_is_off_under_the_test_suite(monkeypatch) -> None:
    from tradingtools_desktop.services.market_updater import MarketDataUpdater

    slept: list[float] = []

    async def sleep(s: float) -> None:
        slept.append(s)

    async def go():
        db, _ = await open_database(None, None)
        try:
            updater = MarketDataUpdater(db, TradingCalendar(), lambda: AFTER_CLOSE, vault=None,
                                        data_url=lambda: None, cache_dir=None)
            await updater.run_schedule(sleep=sleep)  # returns at once: switched off
        finally:
            await db.close()

    monkeypatch.setenv("TRADINGTOOLS_AUTO_REFRESH", "0")
    asyncio.run(go())
    assert slept == []


def test_a_split_seen_in_the_exchange_reference_back_adjusts_the_cache(sim) -> None:
    """The simulated market has FPT split 2-for-1 on 2025-11-05: raw prices from that day
    are halved and that day's reference is the previous close / 2, as SSI serves them."""
    ex_date = date(2025, 11, 5)
    before = {b.day: b.close for b in sim.market.bars["FPT"]}
    sim.market.apply_split("FPT", ex_date, 2.0)

    async def go():
        db = await cut_cache()
        try:
            async with client_for(sim.url) as client:
                result = await refresher(db).whole_market(SsiMarketDays(client))
            closes = dict(await db.execute("SELECT day, close FROM daily_bars "
                                           "WHERE symbol = 'FPT'"))
            stored = await db.execute("SELECT day, kind, ratio, basis, adjusted FROM "
                                      "corporate_actions")
            return result, closes, stored
        finally:
            await db.close()

    result, closes, stored = asyncio.run(go())
    assert [(g.symbol, g.day, g.ratio) for g in result.gaps] == [("FPT", ex_date, 2.0)]
    assert stored == [(ex_date, "split", 2.0, "reference", True)]
    # every cached close before the ex-date is now on the post-split scale, to the VND
    for day, close in closes.items():
        expected = before[day] / 2 if day < ex_date else sim.market.bars["FPT"][
            [b.day for b in sim.market.bars["FPT"]].index(day)].close
        assert abs(close - expected) <= 1, day


def test_a_vnstock_key_raises_the_pace_and_reaches_only_the_worker_env(tmp_path) -> None:
    from tradingtools_desktop.services.history_sources import vnstock_history

    guest = vnstock_history(tmp_path)
    keyed = vnstock_history(tmp_path, api_key="vnstock-key-for-test")
    assert guest._pacer.interval == pytest.approx(60 / 18)
    assert keyed._pacer.interval == pytest.approx(60 / 55)
    assert keyed._provider.env()["VNSTOCK_API_KEY"] == "vnstock-key-for-test"
    assert "VNSTOCK_API_KEY" not in guest._provider.env()


class AdjustedProvider:
    """Stands in for vnstock/VCI at the fetcher contract: it serves a back-adjusted series
    built from the real bundled FPT bars after a 2-for-1 split on 2025-11-05 (every price
    halved: the adjusted series of a world where that split happened)."""

    name = "provider:adjusted"
    adjusted_series = True

    def __init__(self, bars) -> None:
        self.bars = bars
        self.calls: list[tuple[date, date]] = []

    async def history(self, symbol, start, end):
        self.calls.append((start, end))
        return [FetchedDay(symbol, b.day, round(b.open / 2), round(b.high / 2),
                           round(b.low / 2), round(b.close / 2), b.volume * 2)
                for b in self.bars if start <= b.day <= end]


def test_an_adjusted_provider_heals_a_gap_by_serving_its_series_again(sim) -> None:
    provider = AdjustedProvider(sim.market.bars["FPT"])
    real = {b.day: b.close for b in sim.market.bars["FPT"]}

    async def go():
        db = await cut_cache()
        try:
            result = await refresher(db).symbols(provider, ["FPT"])
            closes = dict(await db.execute("SELECT day, close FROM daily_bars "
                                           "WHERE symbol = 'FPT'"))
            stored = await db.execute("SELECT kind, ratio, adjusted FROM corporate_actions")
            return result, closes, stored
        finally:
            await db.close()

    result, closes, stored = asyncio.run(go())
    assert [(g.day, g.ratio) for g in result.gaps] == [(date(2025, 11, 3), 2.0)]
    assert stored == [("split", 2.0, True)]
    assert len(provider.calls) == 2 and provider.calls[1][0] == min(closes)
    assert all(abs(c - real[d] / 2) <= 1 for d, c in closes.items())
