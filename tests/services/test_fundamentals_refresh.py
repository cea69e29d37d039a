"""The fundamentals refresh (services/fundamentals_refresh.py) over the bundled real
profile: vnstock's replies are the recorded ``Fundamental().equity(SYM).ratio()`` output
(FPT, ACB), served at the worker's process boundary as tests/market/test_vnstock_ratios.py
does; offline is the real worker behind a dead local proxy. Paced, cancellable, one at a
time, bounded for the schedule, and rows keep no publication day (quarter end + 45)."""

from __future__ import annotations

import asyncio
import importlib.util
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tradingtools_desktop.agents.point_in_time import fundamentals_known_on
from tradingtools_desktop.market.vnstock_worker import VnstockProvider
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.fundamentals_refresh import (
    SCHEDULED_LIMIT,
    FundamentalsRefresh,
)
from tradingtools_desktop.services.history_refresh import Pacer, Problem, RefreshResult
from tradingtools_desktop.services.runtime import AppServices

FIXTURES = Path(__file__).parents[1] / "fixtures" / "vnstock"
DEAD_PROXY = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
              "NO_PROXY": ""}
NOW = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)


def _recorded(symbol: str) -> list[dict]:
    return json.loads((FIXTURES / f"ratio_{symbol}.json").read_text("utf-8"))["sample"]


class _Recorded:
    """vnstock's replies as recorded for FPT and ACB; for any other stock the empty table
    vnstock gives when KBS has nothing (nothing stored, not an error)."""

    def __init__(self, hold: asyncio.Event | None = None) -> None:
        self.asked: list[str] = []
        self.hold = hold

    async def call(self, method: str, **params: object) -> list[dict]:
        assert method == "ratios"
        sym = str(params["symbol"])
        self.asked.append(sym)
        if self.hold is not None and len(self.asked) > 1:
            await self.hold.wait()
        return _recorded(sym) if sym in ("FPT", "ACB") else []


class _Clock:
    def __init__(self) -> None:
        self.t = 0.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.t

    async def sleep(self, s: float) -> None:
        self.slept.append(s)
        self.t += s


async def _open(home: Path, name: str) -> AppServices:
    return await AppServices.open(profile_paths(name, home))


def test_a_round_stores_the_recorded_stocks_paced_and_counted_from_quarter_end(
        tt_home) -> None:
    async def go() -> None:
        svc = await _open(tt_home, "f1")
        clock = _Clock()
        provider = _Recorded()
        refresh = FundamentalsRefresh(svc.db, lambda: NOW, cache_dir=None, vault=None,
                                      provider=provider,
                                      pacer=Pacer(18, clock=clock.now, sleep=clock.sleep))
        seen = []
        result = await refresh.update(["fpt", "ACB", "FPT", "HPG"], progress=seen.append)
        assert provider.asked == ["FPT", "ACB", "HPG"]  # once each, upper case
        assert result.problem is None and not result.cancelled
        assert (result.total, result.done, result.rows_written) == (3, 3, 6)
        assert [p.label for p in seen] == ["FPT", "ACB", "HPG"]
        assert clock.slept == [pytest.approx(60 / 18)] * 2  # vnstock's guest pace
        rows = await svc.db.execute(
            "SELECT symbol, period, eps, pe, published_on FROM fundamentals WHERE source = "
            "'vnstock:KBS' ORDER BY symbol, period")
        assert [(r[0], r[1]) for r in rows] == [
            ("ACB", "2025Q3"), ("ACB", "2025Q4"), ("ACB", "2026Q1"),
            ("FPT", "2025Q3"), ("FPT", "2025Q4"), ("FPT", "2026Q1")]
        assert rows[2][2] == 3229.59 and rows[2][3] == 7.43  # ACB 2026Q1, VND and plain
        assert all(r[4] is None for r in rows)  # vnstock gives no publication day
        assert fundamentals_known_on("2026Q1", None) == date(2026, 5, 15)
        await svc.stop()

    asyncio.run(go())


def test_the_scheduled_round_skips_fresh_stocks_and_takes_the_watchlist_first(
        tt_home) -> None:
    async def go() -> None:
        svc = await _open(tt_home, "f2")
        await svc.db.execute("INSERT INTO universe_members VALUES ('WATCHLIST', 'SHS')")
        universe = await svc.db.execute(
            "SELECT DISTINCT symbol FROM daily_bars UNION SELECT symbol FROM "
            "universe_members WHERE universe = 'WATCHLIST'")
        vn30 = {str(r[0]) for r in await svc.db.execute(
            "SELECT symbol FROM universe_members WHERE universe = 'VN30'")}
        assert len(universe) > SCHEDULED_LIMIT  # the bundled profile: 92 stocks
        clock = {"now": NOW - timedelta(days=2)}
        refresh = FundamentalsRefresh(svc.db, lambda: clock["now"], cache_dir=None,
                                      vault=None, provider=_Recorded())
        await refresh.update(["FPT"])  # fetched two days ago
        clock["now"] = NOW
        provider = _Recorded()
        result = await refresh.update(max_age=timedelta(days=7), limit=10, provider=provider)
        assert result.skipped_recent == 1 and "FPT" not in provider.asked
        assert result.total == 10 == len(provider.asked)
        first = vn30 | {"SHS"}
        assert set(provider.asked) <= first  # the watchlist and VN30 before the rest
        await svc.stop()

    asyncio.run(go())


def test_cancel_stops_between_two_stocks_and_keeps_what_was_written(tt_home) -> None:
    async def go() -> None:
        svc = await _open(tt_home, "f3")
        hold = asyncio.Event()
        cancel = asyncio.Event()
        refresh = FundamentalsRefresh(svc.db, lambda: NOW, cache_dir=None, vault=None,
                                      provider=_Recorded(hold))
        task = asyncio.ensure_future(refresh.update(["FPT", "ACB", "HPG"]))  # the schedule
        while not refresh.running:
            await asyncio.sleep(0)
        await asyncio.sleep(0.05)  # FPT written, ACB's reply held
        seen = []
        # the dialog opened meanwhile: it joins the running round, sees its progress from
        # now on, and its Cancel stops it
        again = asyncio.ensure_future(refresh.update(["VCB"], progress=seen.append,
                                                     cancel=cancel))
        await asyncio.sleep(0)
        cancel.set()
        await asyncio.sleep(0)
        hold.set()
        result = await task
        assert result.cancelled and result.done == 2 and result.total == 3
        assert await again is result
        assert [p.label for p in seen] == ["ACB"]
        count = await svc.db.execute("SELECT count(DISTINCT symbol) FROM fundamentals "
                                     "WHERE source = 'vnstock:KBS'")
        assert count[0][0] == 2
        await svc.stop()

    asyncio.run(go())


def test_the_schedule_runs_the_round_only_after_an_update_that_worked(tt_home) -> None:
    async def go() -> None:
        svc = await _open(tt_home, "f4")
        assert svc.updater is not None
        provider = _Recorded()
        svc.updater.fundamentals = FundamentalsRefresh(svc.db, lambda: NOW, cache_dir=None,
                                                       vault=None, provider=provider)
        offline = RefreshResult("vnstock:VCI", date(2026, 5, 19), problem=Problem.OFFLINE)
        assert await svc.updater.after_update(offline) is None and provider.asked == []
        done = await svc.updater.after_update(RefreshResult("vnstock:VCI", date(2026, 5, 19)))
        assert done is not None and done.total == SCHEDULED_LIMIT == len(provider.asked)
        await svc.stop()

    asyncio.run(go())


@pytest.mark.skipif(importlib.util.find_spec("vnstock") is None, reason="no vnstock")
def test_offline_stops_at_the_first_stock_with_one_plain_sentence(tt_home, tmp_path) -> None:
    async def go() -> None:
        svc = await _open(tt_home, "f5")
        before = await svc.db.execute("SELECT count(*) FROM fundamentals")
        refresh = FundamentalsRefresh(svc.db, lambda: NOW, cache_dir=None, vault=None,
                                      provider=VnstockProvider(tmp_path / "cache",
                                                               timeout_s=60,
                                                               extra_env=DEAD_PROXY))
        result = await refresh.update(["FPT", "VCB", "HPG"])
        assert result.problem is Problem.OFFLINE and result.done == 0
        assert len(result.outcomes) == 1  # the others would only time out too
        assert result.sentence() == ("No internet: the fundamentals are unchanged (newest "
                                     "stored period: 2026Q2).")
        assert await svc.db.execute("SELECT count(*) FROM fundamentals") == before
        await svc.stop()

    asyncio.run(go())


def test_every_new_sentence_has_vietnamese_with_the_same_fields() -> None:
    import string

    from tradingtools_desktop.cli.data_ratios import NOT_MAPPED
    from tradingtools_desktop.i18n.vi import VI
    from tradingtools_desktop.services.fundamentals_refresh import (
        MEASURE_NAMES,
        PROBLEM_TEXT,
    )

    def fields(text: str) -> set[str]:
        return {n for _, n, _, _ in string.Formatter().parse(text) if n}

    texts = [*PROBLEM_TEXT.values(), NOT_MAPPED, "gross margin", "debt/equity",
             "not stored, their unit is not stated by the source: {measures}",
             "Update &fundamentals…", "Update fundamentals", "Updating fundamentals",
             "Cancelled: fundamentals of {done} of {total} stocks updated.",
             "No stocks to update: add some to the watchlist or update market data first.",
             "Fundamentals updated: {rows} periods of {done} stocks ({source}).",
             "{n} stocks could not be read.",
             "Not stored, their unit is not stated by the source: {measures}.",
             "The fundamentals could not be updated: {why}",
             "Cancelling after the current stock…"]
    assert set(MEASURE_NAMES.values()) - {"ROE", "ROA"} <= set(texts)
    for text in texts:
        assert text in VI, text
        assert fields(VI[text]) == fields(text), text
