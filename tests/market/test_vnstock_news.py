"""Fresh headlines from vnstock's Company.news() shape (a real recorded output) into the
cache: linked, deduplicated, with publish time and source; offline says so."""

from __future__ import annotations

import asyncio
import importlib.util
import json
from datetime import datetime
from pathlib import Path

import pytest

from tradingtools_desktop.cli.news import fetch
from tradingtools_desktop.domain.market.calendar import VN_TZ
from tradingtools_desktop.market.news_linking import Linker
from tradingtools_desktop.market.vnstock_news import rows_from_records
from tradingtools_desktop.market.vnstock_worker import VnstockProvider
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import AppServices

SAMPLE = Path(__file__).parents[1] / "fixtures" / "vnstock" / "company_news_SSI.json"
DEAD_PROXY = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
              "NO_PROXY": ""}


def _records() -> list[dict]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))["sample"]


def test_records_become_linked_dated_rows() -> None:
    linker = Linker([("SSI", "Công ty Cổ phần Chứng khoán SSI"), ("FPT", "Công ty Cổ phần FPT")])
    rows = rows_from_records("SSI", _records() + _records(), "vnstock:KBS", linker)
    assert len(rows) == 3  # the repeated records collapse by their source id
    first = next(r for r in rows if "margin" in r.title)
    assert first.published_at == datetime(2026, 4, 24, 11, 47, tzinfo=VN_TZ)
    assert first.symbols == ["SSI"] and not first.market and first.source == "vnstock:KBS"
    undated = rows_from_records("FPT", [{"news_title": "FPT ký hợp đồng", "news_id": 1}],
                                "vnstock:KBS", linker)[0]
    assert undated.published_at is None  # stored, never used by the screener


class _Recorded:
    """The worker's reply as vnstock gave it (the recorded sample): a provider stand-in at
    the process boundary, not a patch of our adapter."""

    async def call(self, method: str, **params: object) -> list[dict]:
        assert method == "news" and params["symbol"] == "SSI"
        return _records()


def test_fetch_stores_once_then_skips_duplicates(tt_home) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("vn1", tt_home))
        first = await fetch(svc, ["ssi"], "KBS", _Recorded())
        again = await fetch(svc, ["SSI"], "KBS", _Recorded())
        assert (first[0]["new"], first[0]["cached"]) == (3, 0)
        assert (again[0]["new"], again[0]["cached"]) == (0, 3)
        rows = await svc.db.execute("SELECT symbols, source, published_at FROM news WHERE "
                                    "source = 'vnstock:KBS'")
        assert len(rows) == 3 and all(list(r[0]) == ["SSI"] and r[2] for r in rows)
        await svc.stop()

    asyncio.run(go())


@pytest.mark.skipif(importlib.util.find_spec("vnstock") is None, reason="no vnstock")
def test_fetch_offline_says_so_and_keeps_the_cache(tt_home, tmp_path) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("vn2", tt_home))
        before = await svc.db.execute("SELECT count(*) FROM news")
        out = await fetch(svc, ["SSI"], "KBS", VnstockProvider(tmp_path / "cache",
                                                                timeout_s=60,
                                                                extra_env=DEAD_PROXY))
        assert out[0]["error"] and out[0]["new"] == 0
        assert await svc.db.execute("SELECT count(*) FROM news") == before
        await svc.stop()

    asyncio.run(go())


class _AnySymbol:
    """The recorded reply for SSI, nothing for the others; remembers what was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def call(self, method: str, **params: object) -> list[dict]:
        assert method == "news"
        self.asked.append(str(params["symbol"]))
        return _records() if params["symbol"] == "SSI" else []


def test_the_schedule_fetches_news_after_the_fundamentals_watchlist_first(tt_home) -> None:
    from datetime import date

    from tradingtools_desktop.services.fundamentals_refresh import FundamentalsRefresh
    from tradingtools_desktop.services.history_refresh import Problem, RefreshResult
    from tradingtools_desktop.services.news_refresh import SCHEDULED_LIMIT

    class _NoRatios:
        async def call(self, method: str, **params: object) -> list[dict]:
            return []

    async def go() -> None:
        svc = await AppServices.open(profile_paths("vn3", tt_home))
        assert svc.updater is not None
        await svc.db.execute("INSERT INTO universe_members (universe, symbol) VALUES "
                             "('WATCHLIST', 'SSI')")
        svc.updater.fundamentals = FundamentalsRefresh(svc.db, svc.clock.now, cache_dir=None,
                                                       vault=None, provider=_NoRatios())
        news = _AnySymbol()
        svc.updater.news_round = lambda: type(svc.updater).news_round(svc.updater, news)
        offline = RefreshResult("vnstock:VCI", date(2026, 5, 19), problem=Problem.OFFLINE)
        assert await svc.updater.after_update(offline) is None and news.asked == []
        await svc.updater.after_update(RefreshResult("vnstock:VCI", date(2026, 5, 19)))
        result = svc.updater.news_last
        assert result is not None and news.asked[0] == "SSI"  # the watchlist first
        assert len(news.asked) == SCHEDULED_LIMIT and result.new == 3
        rows = await svc.db.execute("SELECT count(*) FROM news WHERE source = 'vnstock:KBS'")
        assert rows[0][0] == 3
        await svc.stop()

    asyncio.run(go())


@pytest.mark.skipif(importlib.util.find_spec("vnstock") is None, reason="no vnstock")
def test_a_scheduled_news_round_offline_stops_at_the_first_symbol(tt_home, tmp_path) -> None:
    from tradingtools_desktop.services.history_refresh import Problem
    from tradingtools_desktop.services.news_refresh import fetch_news

    async def go() -> None:
        svc = await AppServices.open(profile_paths("vn4", tt_home))
        before = await svc.db.execute("SELECT count(*) FROM news")
        provider = VnstockProvider(tmp_path / "cache", timeout_s=60, extra_env=DEAD_PROXY)
        result = await fetch_news(svc.db, ["SSI", "FPT", "VCB"], provider,
                                  now=svc.clock.now, stop_on_problem=True)
        assert result.problem is Problem.OFFLINE and len(result.outcomes) == 1
        assert await svc.db.execute("SELECT count(*) FROM news") == before
        await svc.stop()

    asyncio.run(go())
