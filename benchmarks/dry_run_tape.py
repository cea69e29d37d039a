"""What the dry-run broker's tape listener adds to each quote-service push, and how fast it
matches a busy tape.

1. Push cost: an ATC-like burst of quote pushes over 1,600 symbols into a QuoteService,
   (a) with no listener (the baseline, measured in the same run), (b) with the dry-run
   broker listening and 20 orders resting on 5 symbols (events of the other symbols are
   dropped in the listener; those 5 are queued for matching). Per push p50 / p99, us.
2. Matching: prints and book changes of the 5 symbols through the broker's worker into the
   real OMS (in-memory profile), fills booked; events matched per second.

    .venv/bin/python benchmarks/dry_run_tape.py [--pushes 200000] [--out FILE]

Writes JSON (stdout, and --out); timings are not asserted by any test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tradingtools_desktop.domain.market.exchange import Exchange  # noqa: E402
from tradingtools_desktop.domain.market.quotes import (  # noqa: E402
    BookLevel,
    FeedState,
    Quote,
    QuoteSource,
    Trade,
)
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side  # noqa: E402
from tradingtools_desktop.services.clock import ManualClock  # noqa: E402
from tradingtools_desktop.services.market.quote_service import QuoteService  # noqa: E402
from tradingtools_desktop.services.runtime import AppServices  # noqa: E402

VN = timezone(timedelta(hours=7))
AT = datetime(2026, 11, 25, 10, 0, tzinfo=VN)
RESTING = ["FPT", "VCB", "HPG", "MBB", "SSI"]
SRC = QuoteSource.SSI_STREAM


def pushes(n: int) -> list[Quote]:
    symbols = [f"S{i:04d}" for i in range(1_595)] + RESTING
    out = []
    for k in range(n):
        sym = symbols[k % len(symbols)]
        px = 20_000 + (k % 50) * 50
        if sym in RESTING:  # their book stays above the resting buys: matched, no fill
            px += 800_000
        out.append(Quote(sym, AT, SRC, bids=(BookLevel(px, 1_000),),
                         asks=(BookLevel(px + 50, 1_000),), last=px))
    return out


def push_cost(quotes: QuoteService, batch: list[Quote]) -> list[float]:
    costs = []
    clock = time.perf_counter_ns
    for quote in batch:
        t0 = clock()
        quotes.on_quote(quote)
        costs.append((clock() - t0) / 1_000)
    return costs


def summary(costs: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(costs, n=100)
    return {"p50_us": round(qs[49], 2), "p99_us": round(qs[98], 2),
            "mean_us": round(statistics.fmean(costs), 2)}


async def run(n: int) -> dict[str, object]:
    batch = pushes(n)
    baseline = push_cost(QuoteService(), batch)

    svc = await AppServices.open(None, clock=ManualClock(AT))
    quotes = svc.quotes
    assert quotes is not None
    quotes.on_state("ssi-data", FeedState.LIVE, "benchmark")
    # the most a user may set
    await svc.risk.set_limits(replace(svc.risk.limits, max_orders_per_second=100))
    for sym in RESTING:  # the instruments' prices here are made up: far below any limit
        quotes.on_quote(Quote(sym, AT, SRC, reference=None, bids=(BookLevel(1_000, 1),),
                              asks=(BookLevel(900_000, 1),)))
    placed = 0
    for i in range(20):
        sym = RESTING[i % len(RESTING)]
        known = await svc.market.instrument(sym)
        if known is None:
            continue
        ref = (await svc.risk.snapshots(OrderRequest(sym, Exchange.HOSE, Side.BUY,
                                                     OrderType.LO, 100, None, "x"),
                                        svc.trading.mode, AT))[0].reference_price or 20_000
        limit = (ref * 95 // 100) // 100 * 100
        result = await svc.orders.place(OrderRequest(sym, Exchange.parse(known.exchange),
                                                     Side.BUY, OrderType.LO, 100, limit,
                                                     f"bench-{i}"))
        placed += result.order.status.value == "SUBMITTED"
    with_broker = push_cost(quotes, batch)
    broker = svc.orders.broker
    t0 = time.perf_counter()
    await broker.drain()  # type: ignore[attr-defined]
    drain_s = time.perf_counter() - t0

    # matching a busy tape of the resting symbols: prints above the limits (no fill) ...
    prints = [Trade(RESTING[k % 5], 900_000, 100, AT, SRC) for k in range(20_000)]
    t0 = time.perf_counter()
    for trade in prints:
        quotes.on_trade(trade)
    await broker.drain()  # type: ignore[attr-defined]
    match_s = time.perf_counter() - t0
    # ... and prints that fill every resting order (the OMS books each fill)
    t0 = time.perf_counter()
    for sym in RESTING:
        quotes.on_trade(Trade(sym, 1_000, 1_000_000, AT, SRC))
    await broker.drain()  # type: ignore[attr-defined]
    await svc.bus.drain()
    fill_s = time.perf_counter() - t0
    filled = sum(1 for o in await svc.orders.history() if o.status.value == "FILLED")
    await svc.stop()
    return {
        "pushes": n, "symbols": 1_600, "resting_orders": placed,
        "push_no_listener": summary(baseline), "push_with_dry_run_broker": summary(with_broker),
        "queued_events_drained_s": round(drain_s, 3),
        "non_filling_prints_per_s": round(len(prints) / match_s),
        "fills_booked": filled, "fill_all_s": round(fill_s, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pushes", type=int, default=200_000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    result = asyncio.run(run(args.pushes))
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
