"""SIGKILL in the middle of placing LIVE orders, then a restart: every order the app wrote
is either acknowledged exactly once at the broker or recoverable from the dead-letter
queue, and the broker holds no order the app does not know."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from live_env import WED_10AM, make_sim
from simulators.ssi_fastconnect import FaultKind
from ssi_helpers import run

from tradingtools_desktop.brokers.ssi.signing import private_key_to_ssi_xml
from tradingtools_desktop.domain.dlq import DlqState
from tradingtools_desktop.domain.orders import OrderStatus
from tradingtools_desktop.domain.trading_state import TradingMode
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices

HERE = Path(__file__).parent
S = OrderStatus


def _child_env(home: Path, url: str, key_xml: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "TRADINGTOOLS_HOME": str(home), "TRADINGTOOLS_SSI_URL": url,
        "TRADINGTOOLS_SSI_CONSUMER_ID": "968d7b5940f5437583021aea2b038f35",
        "TRADINGTOOLS_SSI_CONSUMER_SECRET": "11ab3fc6af954c59ba646fac016f30cb",
        "TRADINGTOOLS_SSI_PRIVATE_KEY": key_xml, "TRADINGTOOLS_SSI_ACCOUNT": "0901351",
        "TRADINGTOOLS_SSI_TWO_FACTOR": "PIN", "TRADINGTOOLS_SSI_PIN": "123456",
        "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parents[1]),
                                       env.get("PYTHONPATH", "")]),
    })
    return env


@pytest.mark.parametrize("kill_point", ["inside a NewOrder the broker processed",
                                        "between orders"])
def test_sigkill_mid_placement_then_restart_recovers_every_order(
        tt_home, user_key, monkeypatch, kill_point: str) -> None:
    clock = ManualClock(WED_10AM)
    sim = make_sim(clock, user_key, cash=10_000_000_000)
    env = _child_env(tt_home, sim.url, private_key_to_ssi_xml(user_key))
    for name, value in env.items():
        if name.startswith("TRADINGTOOLS_"):
            monkeypatch.setenv(name, value)
    inside = kill_point.startswith("inside")
    child = subprocess.Popen([sys.executable, str(HERE / "crash_child.py"), str(tt_home), "40",
                              "12" if inside else "-1"],
                             env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        placed = []
        while len(placed) < 12:
            line = child.stdout.readline().split()
            assert line and line[0] == "placed", line
            placed.append(line[1])
        if inside:
            # the next NewOrder is processed by the broker, its answer held back: the
            # child is killed while it waits, after the order exists at the broker
            assert child.stdout.readline().strip() == "paused"
            sim.faults.inject(FaultKind.TIMEOUT, "NewOrder", delay=4.0)
            before = len(sim.state.orders)
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
            while len(sim.state.orders) == before and child.poll() is None:
                time.sleep(0.01)  # until the broker has processed it
            assert child.poll() is None
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        for stream in (child.stdout, child.stdin):
            if stream is not None:
                stream.close()

    async def restart() -> None:
        svc = await AppServices.open(profile_paths("live", tt_home), clock=clock)
        try:
            assert svc.live is not None and svc.dlq is not None
            assert svc.trading.mode is TradingMode.DRY_RUN  # LIVE never survives a restart
            await svc.live.connect()
            await svc.trading.set_mode(TradingMode.LIVE, reason="re-armed after restart")
            for _ in range(10):
                if not await svc.dlq.entries(states=[DlqState.RETRYING]):
                    break
                clock.advance(seconds=30)
                await svc.dlq.run_due()
            orders = await svc.orders.history(1_000)
            assert len(orders) >= len(placed)
            at_broker = Counter(int(o.unique_id) for o in sim.state.orders)
            assert all(n == 1 for n in at_broker.values()), "a duplicated order"
            ours = set()
            for order in orders:
                stored = await svc.orders.repo.get(order.id)
                assert stored is not None and stored.request_id is not None
                rid = int(stored.request_id)
                ours.add(rid)
                entry = await svc.dlq.repo.for_order(order.id)
                if order.status is S.SUBMITTED:
                    assert at_broker[rid] == 1
                else:  # never acknowledged: the DLQ holds it, and the broker does not
                    assert entry is not None, order
                    assert at_broker[rid] == 0
            assert set(at_broker) <= ours, "the broker has an order the app lost"
            if inside:
                interrupted = [o for o in orders if o.id not in placed]
                assert interrupted, "the in-flight order was written before the send"
                entry = await svc.dlq.repo.for_order(interrupted[0].id)
                assert entry is not None and entry.errors[0].kind == "Interrupted"
                assert entry.state is DlqState.RESOLVED  # found at the broker, not re-sent
                assert interrupted[0].status is not S.PENDING_SUBMIT
        finally:
            await svc.stop()

    try:
        run(restart())
    finally:
        sim.stop()
