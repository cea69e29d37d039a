"""Order lifecycle in dry-run against the real store and the bundled market data."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from functools import partial

import pytest
from oms_helpers import FPT_CLOSE, WED_10AM, order_ticket

from tradingtools_desktop.domain.orders import OrderStatus, OrderType, Side
from tradingtools_desktop.domain.risk import RiskCode
from tradingtools_desktop.domain.trading_state import TradingState
from tradingtools_desktop.i18n.risk_text import decision_summary
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices

S = OrderStatus


ticket = partial(order_ticket, price=FPT_CLOSE)


@pytest.fixture
def profile(tt_home):
    return profile_paths("oms", tt_home)


def run(coro):
    return asyncio.run(coro)


def test_place_when_limit_crosses_then_filled_with_fee_and_t2(profile) -> None:
    async def go() -> None:
        clock = ManualClock(WED_10AM)
        svc = await AppServices.open(profile, clock=clock)
        result = await svc.orders.place(ticket("buy-1", quantity=1_000))
        assert result.decision.allowed, decision_summary(result.decision.checks)
        order = result.order
        assert order.status is S.FILLED and order.filled_qty == 1_000
        # 1,000 x 99,600 = 99,600,000; fee 0.15 % = 149,400
        bal = await svc.ledger.balance(WED_10AM.date())
        assert bal.available == 1_000_000_000 - 99_600_000 - 149_400
        pos = (await svc.portfolio.refresh()).positions
        assert [(p.symbol, p.total_qty, p.sellable_qty, p.pending_qty) for p in pos] == [
            ("FPT", 1_000, 0, 1_000)]
        # T+2: Wed -> Fri is sellable
        fri = WED_10AM + timedelta(days=2)
        clock.set(fri)
        assert (await svc.portfolio.refresh()).positions[0].sellable_qty == 1_000
        clock.set(WED_10AM)
        # selling before settlement is refused by SELLABLE_QTY
        sell = await svc.orders.place(ticket("sell-1", side=Side.SELL))
        assert RiskCode.SELLABLE_QTY in {c.code for c in sell.decision.failed}
        assert sell.order.status is S.DENIED
        clock.set(fri)
        sell = await svc.orders.place(ticket("sell-2", side=Side.SELL, quantity=1_000))
        assert sell.order.status is S.FILLED
        # sale proceeds are available on T+2 (the following Tuesday), tax 0.1 %
        bal_fri = await svc.ledger.balance(fri.date())
        assert bal_fri.available == 1_000_000_000 - 99_600_000 - 149_400 - 149_400 - 99_600
        audit = await svc.orders.audit(order.id)
        assert [a.to_status for a in reversed(audit)] == [
            "NEW", "PENDING_SUBMIT", "SUBMITTED", "FILLED"]
        await svc.stop()

    run(go())


def test_place_when_limit_does_not_cross_then_rests_cancel_and_expiry(profile) -> None:
    async def go() -> None:
        clock = ManualClock(WED_10AM)
        svc = await AppServices.open(profile, clock=clock)
        resting = (await svc.orders.place(ticket("low-1", price=95_000))).order
        assert resting.status is S.SUBMITTED
        bal = await svc.ledger.balance(WED_10AM.date())
        assert bal.reserved == 100 * 95_000 + 14_250
        cancelled = await svc.orders.cancel(resting.id)
        assert cancelled.status is S.CANCELLED
        assert (await svc.ledger.balance(WED_10AM.date())).reserved == 0
        other = (await svc.orders.place(ticket("low-2", price=95_000))).order
        clock.set(WED_10AM.replace(hour=15))
        await svc.orders.poll()
        assert (await svc.orders.status(other.id)).status is S.EXPIRED
        await svc.stop()

    run(go())


def test_duplicate_key_returns_the_existing_order_never_a_second(profile) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile, clock=ManualClock(WED_10AM))
        first = await svc.orders.place(ticket("same"))
        again = await svc.orders.place(ticket("same", quantity=500))
        assert again.duplicate and again.order.id == first.order.id
        assert RiskCode.DUPLICATE_KEY in {c.code for c in again.decision.failed}
        assert len(await svc.orders.history()) == 1
        await svc.stop()

    run(go())


def test_kill_switch_cancels_open_orders_denies_new_and_survives_restart(profile) -> None:
    async def go() -> None:
        clock = ManualClock(WED_10AM)
        svc = await AppServices.open(profile, clock=clock)
        resting = (await svc.orders.place(ticket("r1", price=95_000))).order
        await svc.trading.kill_switch(source="test")
        assert (await svc.orders.status(resting.id)).status is S.CANCELLED
        denied = await svc.orders.place(ticket("r2"))
        assert denied.order.status is S.DENIED
        assert RiskCode.TRADING_HALTED in {c.code for c in denied.decision.failed}
        await svc.stop()
        svc = await AppServices.open(profile, clock=clock)
        assert svc.trading.state is TradingState.HALTED
        assert (await svc.orders.place(ticket("r3"))).order.status is S.DENIED
        await svc.stop()

    run(go())


def test_cooldown_after_three_rejects_survives_restart(profile) -> None:
    async def go() -> None:
        clock = ManualClock(WED_10AM)
        svc = await AppServices.open(profile, clock=clock)
        for i in range(3):
            clock.advance(seconds=1)
            assert (await svc.orders.place(ticket(f"bad{i}", quantity=150))).order.status is \
                S.DENIED
        await svc.stop()
        svc = await AppServices.open(profile, clock=clock)
        clock.advance(seconds=1)
        decision = (await svc.orders.place(ticket("good"))).decision
        assert RiskCode.COOLDOWN in {c.code for c in decision.failed}
        await svc.stop()

    run(go())


def test_resting_order_survives_restart_and_still_expires(profile) -> None:
    async def go() -> None:
        clock = ManualClock(WED_10AM)
        svc = await AppServices.open(profile, clock=clock)
        resting = (await svc.orders.place(ticket("rest", price=95_000))).order
        await svc.stop()
        svc = await AppServices.open(profile, clock=clock)
        assert [o.id for o in await svc.orders.open_orders()] == [resting.id]
        clock.set(WED_10AM + timedelta(days=1))
        await svc.orders.poll()
        assert (await svc.orders.status(resting.id)).status is S.EXPIRED
        await svc.stop()

    run(go())


def test_ato_and_atc_orders_fill_at_the_session_price_after_their_session(profile) -> None:
    async def go() -> None:
        clock = ManualClock(WED_10AM.replace(hour=9, minute=5))
        svc = await AppServices.open(profile, clock=clock)
        ato = (await svc.orders.place(ticket("ato", order_type=OrderType.ATO, price=None))).order
        assert ato.status is S.SUBMITTED  # waits for the opening auction to end
        clock.set(WED_10AM.replace(hour=9, minute=16))
        await svc.orders.poll()
        assert (await svc.orders.status(ato.id)).status is S.FILLED
        clock.set(WED_10AM.replace(hour=14, minute=35))
        atc = (await svc.orders.place(ticket("atc", order_type=OrderType.ATC, price=None))).order
        assert atc.status is S.SUBMITTED
        clock.set(WED_10AM.replace(hour=14, minute=46))
        await svc.orders.poll()
        filled = await svc.orders.status(atc.id)
        assert filled.status is S.FILLED and filled.avg_price == FPT_CLOSE
        await svc.stop()

    run(go())
