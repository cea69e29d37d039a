"""History refresh: whole market per day (DailyStockPrice) against the per-symbol baseline,
in the same run, over the FastConnect Data simulator on 127.0.0.1 (real sockets).

The simulator serves the real bars of ../shared/data/ohlcv/vci_daily (92 stocks, to
2025-11-13) when that folder is there, else the bundled 250 days. The profile cache is the
bundled dataset with its last ``--days`` trading days cut; each mode refreshes them into a
fresh copy. Pacing is off (the simulator answers at once) so the figures are our own cost:
HTTP + parse + one DuckDB transaction per batch; ``requests`` and ``at_5_rps_s`` (the time
SSI's published limit of 5 requests a second would impose) say what the real service costs.

    .venv/bin/python benchmarks/history_refresh.py [--days 120] [--out results/...json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from simulators.ssi_fastconnect_data import (  # noqa: E402
    DEMO_CONSUMER_ID,
    DEMO_CONSUMER_SECRET,
    SsiDataSimulator,
)
from simulators.ssi_fastconnect_data.market_data import MarketData  # noqa: E402

from tradingtools_desktop.domain.market.calendar import VN_TZ, TradingCalendar  # noqa: E402
from tradingtools_desktop.market.bundled import seed_if_empty  # noqa: E402
from tradingtools_desktop.market.ssi_data import (  # noqa: E402
    SsiDataClient,
    SsiDataConfig,
    SsiDataCredentials,
)
from tradingtools_desktop.services.history_refresh import HistoryRefresh  # noqa: E402
from tradingtools_desktop.services.history_sources import SsiMarketDays  # noqa: E402
from tradingtools_desktop.store import open_database  # noqa: E402

AFTER_CLOSE = datetime(2025, 11, 13, 16, 0, tzinfo=VN_TZ)
SHARED = ROOT.parent / "shared" / "data"


async def one(url: str, days: int, mode: str) -> dict[str, object]:
    db, _ = await open_database(None, None)
    try:
        await seed_if_empty(db)
        cal = TradingCalendar()
        cut = AFTER_CLOSE.date()
        for _ in range(days):
            cut = cal.previous_trading_day(cut)
        await db.call(lambda tx: tx.execute("DELETE FROM daily_bars WHERE day > ?", [cut]))
        symbols = [str(r[0]) for r in await db.execute(
            "SELECT DISTINCT symbol FROM daily_bars ORDER BY 1")]
        refresh = HistoryRefresh(db, cal, lambda: AFTER_CLOSE)
        cfg = SsiDataConfig(base_url=url, timeout=30.0, requests_per_second=10_000.0)
        async with SsiDataClient(cfg, SsiDataCredentials(DEMO_CONSUMER_ID,
                                                         DEMO_CONSUMER_SECRET)) as client:
            fetcher = SsiMarketDays(client)
            start = time.perf_counter()
            if mode == "whole_market":
                result = await refresh.whole_market(fetcher)
            else:
                result = await refresh.symbols(fetcher, symbols)
            elapsed = time.perf_counter() - start
        assert result.problem is None and result.up_to_date, result.to_dict()
        return {"mode": mode, "batches": result.batches_done, "bars": result.bars_written,
                "seconds": round(elapsed, 3),
                "bars_per_s": round(result.bars_written / elapsed) if elapsed else None}
    finally:
        await db.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--out", type=Path,
                    default=ROOT / "benchmarks" / "results" / "history_refresh.json")
    args = ap.parse_args()
    market = MarketData.load(SHARED if SHARED.is_dir() else None)
    sim = SsiDataSimulator(market=market)
    sim.start()
    try:
        out = []
        for mode in ("whole_market", "per_symbol"):
            before = sim.state.calls["dailystockprice"]
            row = asyncio.run(one(sim.url, args.days, mode))
            row["requests"] = sim.state.calls["dailystockprice"] - before
            row["at_5_rps_s"] = round(int(row["requests"]) / 5.0, 1)  # type: ignore[call-overload]
            out.append(row)
    finally:
        sim.stop()
    doc = {"benchmark": "history_refresh", "days": args.days,
           "market": "shared vci_daily" if SHARED.is_dir() else "bundled",
           "listed_in_simulator": len(market.instruments), "runs": out,
           "whole_market_vs_per_symbol_requests": round(
               int(out[0]["requests"]) / max(1, int(out[1]["requests"])), 3)}  # type: ignore[call-overload]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2) + "\n")
    print(json.dumps(doc, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
