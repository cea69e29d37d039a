"""Modify through the OMS in dry-run: re-checked by the risk engine as the changed order,
PENDING_MODIFY in the audit, the reservation following the new values, refused for orders
that cannot take it."""

from __future__ import annotations

import asyncio
from functools import partial

import pytest
from oms_helpers import FPT_CLOSE, WED_10AM, order_ticket

from tradingtools_desktop.domain.orders import OrderStatus, OrderType
from tradingtools_desktop.domain.risk import RiskCode
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.order_modify import OrderNotModifiable
from tradingtools_desktop.services.runtime import AppServices

S = OrderStatus
FEE_BPS = 15


ticket = partial(order_ticket, price=95_000)


def held(qty: int, price: int) -> int:
    return qty * price + qty * price * FEE_BPS // 10_000


@pytest.fixture
def profile(tt_home):
    return profile_paths("modify", tt_home)


def test_modify_when_resting_then_new_values_audited_and_reservation_follows(profile) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile, clock=ManualClock(WED_10AM))
        order = (await svc.orders.place(ticket("m1"))).order
        assert order.status is S.SUBMITTED and order.reserved_cash == held(100, 95_000)
        result = await svc.orders.modify(order.id, price=95_500, quantity=300)
        assert result.modified and not result.refused and result.decision.allowed
        after = result.order
        assert after.status is S.SUBMITTED
        assert (after.request.price, after.request.quantity) == (95_500, 300)
        assert after.reserved_cash == held(300, 95_500)
        assert (await svc.ledger.balance(WED_10AM.date())).reserved == held(300, 95_500)
        trail = [(a.from_status, a.to_status) for a in reversed(await svc.orders.audit(order.id))]
        assert trail[-2:] == [("SUBMITTED", "PENDING_MODIFY"), ("PENDING_MODIFY", "SUBMITTED")]
        # raised to the market: the dry-run broker fills the changed order at once
        crossed = await svc.orders.modify(order.id, price=FPT_CLOSE)
        assert crossed.order.status is S.FILLED and crossed.order.filled_qty == 300
        assert crossed.order.reserved_cash == 0
        await svc.stop()

    asyncio.run(go())


def test_modify_when_the_checks_fail_then_nothing_sent_and_a_note_in_the_audit(profile) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile, clock=ManualClock(WED_10AM))
        order = (await svc.orders.place(ticket("m2"))).order
        off_tick = await svc.orders.modify(order.id, price=95_050)  # HOSE tick is 100 here
        assert not off_tick.modified and RiskCode.TICK_SIZE in {
            c.code for c in off_tick.decision.failed}
        odd = await svc.orders.modify(order.id, quantity=150)
        assert RiskCode.LOT_SIZE in {c.code for c in odd.decision.failed}
        band = await svc.orders.modify(order.id, price=150_000)
        assert RiskCode.PRICE_BAND in {c.code for c in band.decision.failed}
        # a raised buy needs its extra cash: 1 bn VND of practice cash buys ~10,400 FPT
        big = await svc.orders.modify(order.id, quantity=20_000)
        assert RiskCode.BUYING_POWER in {c.code for c in big.decision.failed}
        now = await svc.orders.status(order.id)
        assert (now.status, now.request.price, now.request.quantity) == (S.SUBMITTED, 95_000,
                                                                         100)
        assert now.reserved_cash == held(100, 95_000)
        notes = [a.reason for a in await svc.orders.audit(order.id)]
        assert sum("refused by the pre-trade checks" in n for n in notes) == 4
        await svc.stop()

    asyncio.run(go())


def test_modify_when_the_order_cannot_take_it_then_refused_before_any_check(profile) -> None:
    async def go() -> None:
        clock = ManualClock(WED_10AM)
        svc = await AppServices.open(profile, clock=clock)
        filled = (await svc.orders.place(ticket("m3", price=FPT_CLOSE))).order
        assert filled.status is S.FILLED
        clock.advance(seconds=1)
        atc = (await svc.orders.place(ticket("m4", order_type=OrderType.ATC, price=None))).order
        clock.advance(seconds=1)
        for order, why in ((filled, "FILLED"), (atc, "ATC")):
            with pytest.raises(OrderNotModifiable, match=why):
                await svc.orders.modify(order.id, quantity=500)
        resting = (await svc.orders.place(ticket("m5"))).order
        with pytest.raises(OrderNotModifiable, match="already"):
            await svc.orders.modify(resting.id, price=95_000)
        cancelled = await svc.orders.cancel(resting.id)
        with pytest.raises(OrderNotModifiable, match="CANCELLED"):
            await svc.orders.modify(cancelled.id, price=95_100)
        await svc.stop()

    asyncio.run(go())
