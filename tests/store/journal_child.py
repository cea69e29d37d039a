"""The process the journal crash test kills: opens a profile and places dry-run orders one
after another (every 4th marketable, so it fills at once), printing each key once
``place()`` has returned — the acknowledgement. Never imported by the suite; run as
``python journal_child.py HOME FIRST COUNT MODE`` where MODE is ``loop`` (place COUNT
orders, then wait to be killed) or ``die-after-ack`` (SIGKILL itself right after the
first acknowledgement, before anything else touches the database). Before placing, it
places the key ``k-{FIRST - 1}`` again and prints whether the answer was a duplicate."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
from tradingtools_desktop.paths import ProfilePaths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices

START = datetime(2026, 11, 25, 9, 20, tzinfo=timezone(timedelta(hours=7)))
SYMBOLS = ["FPT", "VCB", "HPG", "MWG", "ACB"]


async def request(svc: AppServices, i: int) -> OrderRequest:
    sym = SYMBOLS[i % len(SYMBOLS)]
    last = await svc.market.last_bar(sym)
    assert last is not None
    price = last.close if i % 4 == 0 else last.close - 200
    return OrderRequest(sym, Exchange.HOSE, Side.BUY, OrderType.LO, 100, price, f"k-{i}")


async def main(home: Path, first: int, count: int, mode: str) -> None:
    clock = ManualClock(START + timedelta(seconds=first))
    svc = await AppServices.open(ProfilePaths(home, "crash"), clock=clock)
    await svc.risk.set_limits(replace(svc.risk.limits, max_orders_per_second=100))
    if first == 0:
        await svc.ledger.deposit(100_000_000_000, clock.now(), "crash test cash")
    else:
        again = await svc.orders.place(await request(svc, first - 1), source="crash")
        print("dup", again.duplicate, flush=True)
    print("ready", flush=True)
    for i in range(first, first + count):
        clock.advance(seconds=1)
        req = await request(svc, i)
        result = await svc.orders.place(req, source="crash")
        if mode == "die-after-ack":
            print("acked", req.idempotency_key, result.order.status.value, flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        print("acked", req.idempotency_key, result.order.status.value, flush=True)
    print("done", flush=True)
    await asyncio.sleep(3600)  # wait to be killed


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
