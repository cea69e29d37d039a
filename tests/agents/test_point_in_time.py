"""Point-in-time inputs: a future row of any input (bar, fundamentals, headline, listing)
changes no score; the same row dated in the past does (so the test can fail)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

from tradingtools_desktop.agents.pipeline import RunParams, analyse
from tradingtools_desktop.agents.point_in_time import (
    close_of,
    fundamentals_known_on,
    news_visible,
    quarter_end,
)
from tradingtools_desktop.agents.snapshot_loader import load_snapshot
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import AppServices

DAY = date(2025, 9, 30)
AT = close_of(DAY)
SYMS = ["FPT", "VCB", "HPG", "ACB", "MBB", "SSI", "VNM", "MWG"]


def test_rules() -> None:
    assert quarter_end("2026Q2") == date(2026, 6, 30)
    assert quarter_end("Q4 2016") == date(2016, 12, 31)
    assert quarter_end("nonsense") is None
    # no publication day: quarter end + 45 days, never the quarter end itself
    assert fundamentals_known_on("2025Q2", None) == date(2025, 8, 14)
    assert fundamentals_known_on("2025Q2", date(2025, 7, 20)) == date(2025, 7, 20)
    assert not news_visible(None, AT)
    assert news_visible(AT - timedelta(days=29), AT)
    assert not news_visible(AT + timedelta(minutes=1), AT)
    assert not news_visible(AT - timedelta(days=31), AT)


def _scores(svc: AppServices) -> dict[str, object]:
    async def go() -> dict[str, object]:
        snap = await svc.db.call(lambda tx: load_snapshot(tx, SYMS, at=AT))
        return {v.symbol: v.to_dict() for v in analyse(snap, RunParams())}
    return asyncio.run(go())


def _execute(svc: AppServices, sql: str, params: list[object]) -> None:
    asyncio.run(svc.db.execute(sql, params))


def _inputs(svc: AppServices, when: date) -> None:
    """One row of every input, dated ``when``."""
    stamp = datetime(when.year, when.month, when.day, 9, tzinfo=AT.tzinfo)
    # a bar: the session of ``when`` for every symbol, far off the real price
    if when > DAY:
        _execute(svc, "UPDATE daily_bars SET close = close * 3, high = high * 3 "
                 "WHERE day > ?", [DAY])
    else:
        _execute(svc, "UPDATE daily_bars SET close = close * 3, high = high * 3 "
                 "WHERE day BETWEEN ? AND ?", [when - timedelta(days=20), when])
    # fundamentals published on ``when`` (and one with no publication day whose assumed
    # day, quarter end + 45, falls after ``when``)
    for sym in SYMS:
        _execute(svc, "INSERT INTO fundamentals (symbol, period, source, roe, pe, pb, "
                 "published_on, fetched_at) VALUES (?, '2025Q2', 'test', ?, ?, 1.0, ?, now())",
                 [sym, 0.9 if sym == "FPT" else 0.01, 3.0 if sym == "FPT" else 40.0, when])
    _execute(svc, "INSERT INTO fundamentals (symbol, period, source, roe, published_on, "
             "fetched_at) VALUES ('HPG', '2025Q3', 'test2', 0.99, NULL, now())", [])
    # a headline naming FPT published on ``when``
    _execute(svc, "INSERT INTO news (id, title, summary, published_at, url, symbols, source, "
             "fetched_at) VALUES (?, 'Cổ phiếu FPT tăng mạnh, lợi nhuận kỷ lục', "
             "'', ?, NULL, ['FPT'], 'test', now())", [f"n{when}", stamp])
    # a new bank listed on ``when``, with cheap high-ROE fundamentals known long before
    _execute(svc, "INSERT INTO instruments (symbol, exchange, kind, sector, listed_on, "
             "source, fetched_at) VALUES ('ZZB', 'HOSE', 'STOCK', 'Banks', ?, 'test', now())",
             [when])
    _execute(svc, "INSERT INTO fundamentals (symbol, period, source, roe, pe, pb, "
             "published_on, fetched_at) VALUES ('ZZB', '2024Q4', 'test', 0.5, 2.0, 0.3, "
             "'2025-01-20', now())", [])


def test_future_rows_change_no_score(tt_home) -> None:
    svc = asyncio.run(AppServices.open(profile_paths("pit1", tt_home)))
    before = _scores(svc)
    assert any(not v["agents"]["technical"]["abstained"] for v in before.values())
    _inputs(svc, DAY + timedelta(days=1))
    assert _scores(svc) == before
    asyncio.run(svc.stop())


def test_the_same_rows_in_the_past_do_change_scores(tt_home) -> None:
    svc = asyncio.run(AppServices.open(profile_paths("pit2", tt_home)))
    before = _scores(svc)
    _inputs(svc, DAY - timedelta(days=3))
    after = _scores(svc)
    for agent in ("technical", "fundamental", "news"):
        assert any(after[s]["agents"][agent] != before[s]["agents"][agent] for s in SYMS), agent
    assert after["FPT"]["agents"]["news"]["abstained"] is False
    # the new bank is a peer once listed: VCB's bank-relative percentiles move
    assert after["VCB"]["agents"]["fundamental"] != before["VCB"]["agents"]["fundamental"]
    asyncio.run(svc.stop())
