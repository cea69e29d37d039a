"""The process the crash test kills: opens a profile, arms LIVE against the SSI simulator
(address and keys from the environment, as a user's shell would give them) and places
orders one after another, printing each order id once it is written. Never imported by
the suite; run as ``python crash_child.py HOME N PAUSE_AT`` (PAUSE_AT: wait
for a line on stdin before that order; -1 never)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from live_env import WED_10AM, LiveEnv

from tradingtools_desktop.domain.trading_state import TradingMode
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices


async def main(home: Path, count: int, pause_at: int) -> None:
    clock = ManualClock(WED_10AM)
    svc = await AppServices.open(profile_paths("live", home), clock=clock)
    assert svc.live is not None
    svc.live.timeout_s = 30.0  # the parent decides when this process dies, not a timeout
    await svc.live.connect()
    await svc.trading.set_mode(TradingMode.LIVE, reason="crash test: armed")
    svc.guardrails.gate.arm()  # as the Go live dialog does, without its checks
    tickets = LiveEnv(svc, None, clock, svc.live)  # type: ignore[arg-type]
    print("ready", flush=True)
    for i in range(count):
        if i == pause_at:  # the parent sets up the next fault, then says go
            print("paused", flush=True)
            sys.stdin.readline()
        clock.advance(seconds=1)
        result = await svc.orders.place(tickets.ticket(f"crash-{i}"))
        print("placed", result.order.id, result.order.status.value, flush=True)
    print("done", flush=True)
    await asyncio.sleep(3600)  # wait to be killed


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
