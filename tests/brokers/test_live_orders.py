"""LIVE orders through the OMS to the SSI simulator: requestID persisted before the first
send, acks, fills from the order book, cancels, rejects, and every injected fault ending
in a terminal state or in the dead-letter queue — never a lost or doubled order."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from live_env import FPT_REF, live_env
from simulators.ssi_fastconnect import FaultKind
from ssi_helpers import run
from tests.servers.telegram_stub import TelegramStub

from tradingtools_desktop.domain.dlq import DlqState
from tradingtools_desktop.domain.orders import OrderStatus, Side
from tradingtools_desktop.domain.trading_state import TradingMode
from tradingtools_desktop.i18n.risk_text import decision_summary

S = OrderStatus


@pytest.fixture
def home(tt_home):
    return tt_home


def test_live_buy_when_accepted_then_request_id_persisted_and_fills_from_order_book(
        home, user_key) -> None:
    async def go() -> None:
        async with live_env(home, user_key) as env:
            result = await env.svc.orders.place(env.ticket("live-1", quantity=300))
            order = result.order
            assert result.decision.allowed, decision_summary(result.decision.checks)
            assert order.status is S.SUBMITTED
            rid = await env.request_id(order.id)
            assert rid.isdigit() and len(rid) == 8
            assert env.sim_orders(rid) == 1
            env.sim.scenario.fill(rid, 100, FPT_REF)
            await env.svc.orders.poll()
            order = await env.svc.orders.status(order.id)
            assert order.status is S.PARTIALLY_FILLED and order.filled_qty == 100
            assert order.broker_order_id
            env.sim.scenario.fill(rid, 200, FPT_REF - 100)
            await env.svc.orders.poll()
            await env.svc.orders.poll()  # a second look at the same book adds nothing
            order = await env.svc.orders.status(order.id)
            assert order.status is S.FILLED and order.filled_qty == 300
            assert order.filled_value == 100 * FPT_REF + 200 * (FPT_REF - 100)
            fills = await env.svc.orders.repo.fill_ids(order.id)
            assert len(fills) == 2
            # fee 0.15 % per fill, computed by our fee schedule on each fill's value
            stored = await env.svc.orders.repo.get(order.id)
            assert stored is not None
            assert stored.fees == (100 * FPT_REF * 15 // 10_000
                                   + 200 * (FPT_REF - 100) * 15 // 10_000)

    run(go())


def test_live_cancel_when_partly_filled_then_cancelled_keeping_the_fill(home, user_key) -> None:
    async def go() -> None:
        async with live_env(home, user_key) as env:
            order = (await env.svc.orders.place(env.ticket("live-c", quantity=300))).order
            rid = await env.request_id(order.id)
            env.sim.scenario.fill(rid, 100, FPT_REF)
            await env.svc.orders.poll()
            done = await env.svc.orders.cancel(order.id)
            assert done.status is S.CANCELLED and done.filled_qty == 100
            statuses = [a.to_status for a in reversed(await env.svc.orders.audit(order.id))]
            assert statuses[-3:] == ["PARTIALLY_FILLED", "PENDING_CANCEL", "CANCELLED"]

    run(go())


def test_live_reject_when_broker_refuses_then_rejected_with_the_spec_reason(
        home, user_key) -> None:
    async def go() -> None:
        async with live_env(home, user_key) as env:
            env.sim.scenario.reject_next("ORD008")
            order = (await env.svc.orders.place(env.ticket("live-r"))).order
            assert order.status is S.REJECTED
            assert "ORD008" in order.reason
            env.sim.scenario.reject_next("ORD003", sync=False)
            order = (await env.svc.orders.place(env.ticket("live-r2"))).order
            # accepted, then refused by the exchange: the order book says so at once
            assert order.status is S.REJECTED and "ceiling" in order.reason.lower()
            audit = [a.to_status for a in reversed(await env.svc.orders.audit(order.id))]
            assert audit[-2:] == ["SUBMITTED", "REJECTED"]

    run(go())


@pytest.mark.parametrize(("kind", "extra"), [
    (FaultKind.DROP_AFTER_ACCEPT, {}),
    (FaultKind.TIMEOUT, {"delay": 3.0}),
    (FaultKind.TIMEOUT, {"delay": 3.0, "after_processing": False}),
    (FaultKind.HTTP_5XX, {}),
    (FaultKind.MALFORMED_JSON, {}),
    (FaultKind.HTTP_429, {}),
])
def test_live_place_when_fault_then_dlq_asks_broker_and_order_exists_once(
        home, user_key, kind: FaultKind, extra: dict[str, Any]) -> None:
    async def go() -> None:
        async with live_env(home, user_key, timeout_s=1.0) as env:
            env.sim.faults.inject(kind, "NewOrder", **extra)
            order = (await env.svc.orders.place(env.ticket(f"f-{kind}"))).order
            rid = await env.request_id(order.id)
            assert env.svc.dlq is not None
            if order.status in (S.PENDING_SUBMIT, S.UNKNOWN):
                # a reply lost after the request left: unknown, not "not sent"
                assert order.status is S.UNKNOWN or kind is FaultKind.HTTP_429
                assert order.reserved_cash > 0  # its cash stays held meanwhile
                entry = await env.svc.dlq.repo.for_order(order.id)
                assert entry is not None and entry.state is DlqState.RETRYING
                assert entry.request_id == rid and entry.errors
                await env.settle_dlq()
                entry = await env.svc.dlq.repo.for_order(order.id)
                assert entry is not None and entry.state is DlqState.RESOLVED
            order = await env.svc.orders.status(order.id)
            assert order.status is S.SUBMITTED
            assert env.sim_orders(rid) == 1

    run(go())


def test_live_place_when_request_delivered_twice_then_one_order_found(home, user_key) -> None:
    async def go() -> None:
        async with live_env(home, user_key) as env:
            env.sim.faults.inject(FaultKind.DUPLICATE_DELIVERY, "NewOrder")
            order = (await env.svc.orders.place(env.ticket("dup"))).order
            assert order.status is S.SUBMITTED
            assert env.sim_orders(await env.request_id(order.id)) == 1

    run(go())


def test_live_place_when_broker_down_then_unknown_kept_until_back_then_failed_with_evidence(
        home, user_key, monkeypatch) -> None:
    """A NewOrder answered 5xx may or may not have been processed: the order is UNKNOWN,
    keeps its cash and is looked up for as long as the broker is down — far past the old
    give-up time — never FAILED on a guess. Once the broker answers it never had it (and
    its acceptance window has passed), it fails with that answer as evidence."""
    token = "424242:dlq-test-token"

    async def go(tg: TelegramStub) -> None:
        async with live_env(home, user_key, timeout_s=0.5) as env:
            env.sim.faults.inject(FaultKind.HTTP_5XX, "*", times=None)
            order = (await env.svc.orders.place(env.ticket("down"))).order
            assert order.status is S.UNKNOWN and order.outcome_unknown
            assert order.status_text == "unknown, being checked at the broker"
            held = order.reserved_cash
            assert held > 0
            assert any(a.title == "Order outcome unknown" for a in env.alerts)
            await env.settle_dlq(rounds=30)  # 30 min of lookups against a dead broker
            order = await env.svc.orders.status(order.id)
            assert order.status is S.UNKNOWN and order.reserved_cash == held
            assert env.svc.dlq is not None
            entry = await env.svc.dlq.repo.for_order(order.id)
            assert entry is not None and entry.state is DlqState.RETRYING
            assert entry.attempts >= 10 and entry.next_attempt_at is not None
            # the broker is unreachable: the circuit is open, the guardrail says so, and the
            # next guardrail pass drops the app back to dry-run
            assert not env.link.probe().healthy
            assert "unavailable" in env.link.probe().detail
            problems = await env.svc.guardrails.problems()
            assert any(p.startswith("broker:") for p in problems), problems
            await env.svc.guardrails.refresh()
            assert env.svc.trading.mode is TradingMode.DRY_RUN
            env.sim.faults.clear()  # back: it answers that it never had the order
            await env.settle_dlq()
            order = await env.svc.orders.status(order.id)
            assert order.status is S.FAILED and "permanent failure" in order.reason
            assert "has no order with request id" in order.reason
            assert order.reserved_cash == 0
            entry = await env.svc.dlq.repo.for_order(order.id)
            assert entry is not None and entry.state is DlqState.PERMANENT_FAILURE
            assert "has no order with request id" in entry.resolution
            assert any("Dead-letter" in a.title for a in env.alerts)  # window and tray
            await env.svc.bus.drain()
            texts = [m["text"] for m in tg.sent]  # and Telegram, type "dlq"
            assert any(t.startswith(f"FAILED: FPT order {order.id[:8]}") for t in texts)
            assert env.sim.state.orders == []  # nothing ever reached the exchange

    with TelegramStub(token) as tg:
        monkeypatch.setenv("TRADINGTOOLS_TELEGRAM_BOT_TOKEN", token)
        monkeypatch.setenv("TRADINGTOOLS_TELEGRAM_CHAT_ID", "555")
        monkeypatch.setenv("TRADINGTOOLS_TELEGRAM_API", tg.url)
        run(go(tg))


def test_live_place_when_outcome_unknown_and_user_cancels_then_broker_asked_first(
        home, user_key) -> None:
    async def go() -> None:
        async with live_env(home, user_key, timeout_s=1.0) as env:
            env.sim.faults.inject(FaultKind.DROP_AFTER_ACCEPT, "NewOrder")
            order = (await env.svc.orders.place(env.ticket("drop-cancel"))).order
            assert order.status is S.UNKNOWN
            done = await env.svc.orders.cancel(order.id)
            # the broker had it: it was cancelled there, not just forgotten here
            assert done.status is S.CANCELLED
            sim_order = env.sim.state.find_order(await env.request_id(order.id))
            assert sim_order is not None and sim_order.status == "CL"

    run(go())


def test_dlq_when_mode_switched_to_dry_run_then_live_order_not_resent(home, user_key) -> None:
    async def go() -> None:
        async with live_env(home, user_key, timeout_s=1.0) as env:
            env.sim.faults.inject(FaultKind.TIMEOUT, "NewOrder", delay=2.0,
                                  after_processing=False)
            order = (await env.svc.orders.place(env.ticket("no-resend"))).order
            assert order.status is S.UNKNOWN
            await env.svc.trading.set_mode(TradingMode.DRY_RUN, reason="test")
            await env.settle_dlq()
            order = await env.svc.orders.status(order.id)
            assert order.status is S.FAILED and "not re-sent" in order.reason
            assert env.sim.state.orders == []

    run(go())


def test_live_sell_when_more_than_broker_sellable_then_denied_before_sending(
        home, user_key) -> None:
    async def go() -> None:
        async with live_env(home, user_key) as env:
            # the simulator account holds 200 FPT: the broker's holdings drive the check
            result = await env.svc.orders.place(env.ticket("sell-big", side=Side.SELL,
                                                           quantity=300))
            assert result.order.status is S.DENIED
            assert env.sim.state.orders == []
            ok = await env.svc.orders.place(env.ticket("sell-ok", side=Side.SELL,
                                                       quantity=200))
            assert ok.order.status is S.SUBMITTED

    run(go())


def test_background_pass_when_broker_goes_down_then_live_drops_to_dry_run(
        home, user_key) -> None:
    """The poller's pass keeps its steps apart: the order poll failing on a dead broker must
    not keep the guardrails from tripping LIVE back to dry-run."""
    import time as _time
    from datetime import datetime, timedelta

    from live_env import WED_10AM

    from tradingtools_desktop.domain.risk import RiskLimits
    from tradingtools_desktop.services.clock import SystemClock

    class SessionClock(SystemClock):  # real and moving, so the clock guardrail is healthy
        def __init__(self) -> None:
            self._start = _time.monotonic()

        def now(self) -> datetime:
            return WED_10AM + timedelta(seconds=_time.monotonic() - self._start)

    async def go() -> None:
        async with live_env(home, user_key, timeout_s=0.5, clock=SessionClock()) as env:
            await env.svc.risk.set_limits(RiskLimits())
            await env.svc.sync_live()
            await env.svc.tick()
            assert env.svc.trading.mode is TradingMode.LIVE, await env.svc.guardrails.problems()
            order = (await env.svc.orders.place(env.ticket("open-1", price=95_000))).order
            assert order.status is S.SUBMITTED
            # the whole broker goes: REST answers 5xx and the order stream is cut and
            # refused, so every pass reads the order book again (while the stream is live
            # it is read only every safety_poll_s)
            env.sim.faults.inject(FaultKind.HTTP_5XX, "*", times=None)
            env.sim.refuse_stream()
            env.sim.drop_stream()
            broker = env.link.broker
            assert broker is not None and broker.stream is not None
            for _ in range(200):
                if not broker.stream.live:
                    break
                await asyncio.sleep(0.01)
            assert broker.poll_interval() == 0
            for _ in range(10):
                await env.svc.tick()
                if env.svc.trading.mode is TradingMode.DRY_RUN:
                    break
            assert env.svc.trading.mode is TradingMode.DRY_RUN
            assert any("broker" in a.text or "Live trading stopped" in a.title
                       for a in env.alerts)

    run(go())
