"""LIVE placement through the real OMS and SSI adapter against the SSI simulator on
127.0.0.1 (signed NewOrder over HTTP, requestID persisted first, one order-book read),
against a baseline in the same run: the same OMS placing dry-run orders on the same kind
of profile. Also the dead-letter path: a placement whose connection drops after the
broker accepted it, recovered by the retry worker (lookup by requestID, no re-send).

    .venv/bin/python benchmarks/live_orders.py [--orders 200]

Writes benchmarks/results/live_orders.json. The simulator lives in simulators/ (a test
and demo tool); figures are for this machine's loopback, not SSI's servers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "brokers")]

from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402
from live_env import live_env, make_sim  # noqa: E402
from simulators.ssi_fastconnect import FaultKind  # noqa: E402

from tradingtools_desktop.domain.trading_state import TradingMode  # noqa: E402
from tradingtools_desktop.services.clock import ManualClock  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values_s: list[float]) -> dict[str, float]:
    ms = [v * 1e3 for v in values_s]
    return {"p50_ms": round(pct(ms, 0.5), 2), "p99_ms": round(pct(ms, 0.99), 2),
            "mean_ms": round(statistics.fmean(ms), 2), "max_ms": round(max(ms), 2)}


async def run(n: int, home: Path) -> dict[str, object]:
    from live_env import WED_10AM

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    clock = ManualClock(WED_10AM)
    sim = make_sim(clock, key, cash=100_000_000_000)
    try:
        async with live_env(home, key, sim=sim, clock=clock, timeout_s=1.0) as env:
            orders = env.svc.orders
            live: list[float] = []
            for i in range(n):
                clock.advance(seconds=1)
                t = time.perf_counter()
                result = await orders.place(env.ticket(f"live-{i}"))
                live.append(time.perf_counter() - t)
                assert result.order.status.value == "SUBMITTED", result.order
            await env.svc.trading.set_mode(TradingMode.DRY_RUN, reason="baseline")
            await env.svc.ledger.deposit(100_000_000_000, clock.now(), "benchmark cash")
            env.svc.risk.account_changed()
            dry: list[float] = []
            for i in range(n):
                clock.advance(seconds=1)
                t = time.perf_counter()
                result = await orders.place(env.ticket(f"dry-{i}", price=95_000))  # rests
                dry.append(time.perf_counter() - t)
                assert result.order.status.value == "SUBMITTED", result.order
            await env.svc.trading.set_mode(TradingMode.LIVE, reason="dlq path")
            recover: list[float] = []
            for i in range(20):
                sim.faults.inject(FaultKind.DROP_AFTER_ACCEPT, "NewOrder")
                clock.advance(seconds=1)
                order = (await orders.place(env.ticket(f"drop-{i}"))).order
                assert order.status.value == "UNKNOWN"
                assert env.svc.dlq is not None
                clock.advance(seconds=5)
                t = time.perf_counter()
                await env.svc.dlq.run_due()
                recover.append(time.perf_counter() - t)
                assert (await orders.status(order.id)).status.value == "SUBMITTED"
            at_broker = len(sim.state.orders)
    finally:
        sim.stop()
    return {"orders": n, "live_place_to_ack": summary(live),
            "baseline_dry_run_place_to_ack": summary(dry),
            "live_over_dry_run_p50": round(pct(live, 0.5) / pct(dry, 0.5), 1),
            "dlq_recovery_after_dropped_connection": summary(recover),
            "orders_at_broker": at_broker, "expected_at_broker": n + 20}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = asyncio.run(run(args.orders, Path(tmp)))
    out = ROOT / "benchmarks" / "results" / "live_orders.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0 if result["orders_at_broker"] == result["expected_at_broker"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
