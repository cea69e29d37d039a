"""Random interleavings of broker reports, fills (replays included), cancels and modifies
on ONE order, driven concurrently through the real OMS and store (dry-run broker).

Each change runs as its own task and they interleave wherever the OMS awaits (DB thread,
broker calls). Whatever the interleaving, the row must end exactly as the domain's state
machine applied to the changes in the order they took the order's lock — nothing lost,
nothing applied twice, the fills booked once each."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradingtools_desktop.brokers.base import ExecutionReport, ReportKind
from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.order_state import (
    FillRejected,
    IllegalTransition,
    ModifyRefused,
    amend,
    apply_fill,
    request_modify,
    transition,
)
from tradingtools_desktop.domain.orders import Fill, Order, OrderRequest, OrderStatus, OrderType
from tradingtools_desktop.domain.orders import Side as SideT
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.order_modify import OrderNotModifiable
from tradingtools_desktop.services.runtime import AppServices

VN = timezone(timedelta(hours=7))
WED_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=VN)
S = OrderStatus


@dataclass(frozen=True)
class Event:
    kind: str  # fill | cancelled | expired | cancel_refused | accepted | user_cancel | modify
    fill_id: str = ""
    qty: int = 0
    price: int = 0


fills = st.builds(lambda n, q: Event("fill", f"f{n}", q * 100, 95_000 - 100 * n),
                  st.integers(0, 4), st.integers(1, 2))  # ids repeat: replays
events = st.lists(st.one_of(
    fills, fills,
    st.sampled_from([Event("cancelled"), Event("expired"), Event("cancel_refused"),
                     Event("accepted"), Event("user_cancel")]),
    st.builds(lambda p, q: Event("modify", qty=q * 100, price=p * 100),
              st.integers(940, 960), st.integers(2, 6)),
), min_size=1, max_size=8)
schedules = st.lists(st.integers(0, 3), min_size=8, max_size=8)


def model(order: Order, applied: list[Event]) -> tuple[Order, set[str]]:
    """The state machine applied to ``applied`` in turn, with no store and no locks."""
    seen: set[str] = set()
    for e in applied:
        try:
            if e.kind == "fill":
                fill_id = f"{order.id}-{e.fill_id}"
                after = apply_fill(order, Fill(fill_id, order.id, e.qty, e.price, WED_10AM),
                                   seen)
                if after is not order:
                    seen.add(fill_id)
                order = after
            elif e.kind in ("cancelled", "expired"):
                order = transition(order, S.CANCELLED if e.kind == "cancelled" else S.EXPIRED,
                                   at=WED_10AM)
            elif e.kind == "user_cancel" and order.is_open:
                order = transition(transition(order, S.PENDING_CANCEL, at=WED_10AM),
                                   S.CANCELLED, at=WED_10AM)
            elif e.kind == "modify":
                pending = request_modify(order, price=e.price, quantity=e.qty, at=WED_10AM,
                                         reason="")
                order = amend(pending, price=e.price, quantity=e.qty, at=WED_10AM, reason="")
        except (FillRejected, IllegalTransition, ModifyRefused):
            continue
    return order, seen


async def apply(svc: AppServices, order_id: str, e: Event, delay: int,
                applied: list[Event]) -> None:
    for _ in range(delay):
        await asyncio.sleep(0)
    orders = svc.orders
    now = WED_10AM
    # the OMS takes the order's lock without awaiting anything first, and asyncio's lock is
    # first come, first served: the order of this list is the order the changes apply in
    if e.kind in ("user_cancel", "modify"):
        applied.append(e)
        if e.kind == "user_cancel":
            await orders.cancel(order_id, source="test")
        else:
            with contextlib.suppress(OrderNotModifiable):
                await orders.modify(order_id, price=e.price, quantity=e.qty, source="test")
        return
    kind = {"fill": ReportKind.FILL, "cancelled": ReportKind.CANCELLED,
            "expired": ReportKind.EXPIRED, "cancel_refused": ReportKind.CANCEL_REJECTED,
            "accepted": ReportKind.ACCEPTED}[e.kind]
    applied.append(e)
    fill_id = f"{order_id}-{e.fill_id}" if e.fill_id else None  # unique per broker
    await orders.on_report(ExecutionReport(order_id, kind, now, fill_id=fill_id,
                                           quantity=e.qty, price=e.price))


class World:
    def __init__(self, tt_home) -> None:
        from tradingtools_desktop.paths import profile_paths

        self.runner = asyncio.Runner()
        self.clock = ManualClock(WED_10AM)
        self.svc = self.runner.run(AppServices.open(profile_paths("interleave", tt_home),
                                                    clock=self.clock))
        self.n = 0

    def close(self) -> None:
        self.runner.run(self.svc.stop())
        self.runner.close()

    def case(self, evs: list[Event], schedule: list[int]) -> None:
        self.n += 1
        self.clock.advance(seconds=1)
        self.runner.run(self._case(evs, schedule))

    async def _case(self, evs: list[Event], schedule: list[int]) -> None:
        svc = self.svc
        req = OrderRequest("FPT", Exchange.HOSE, SideT.BUY, OrderType.LO, 300, 95_000,
                           f"il-{self.n}")
        placed = (await svc.orders.place(req, source="test")).order
        assert placed.status is S.SUBMITTED, placed  # rests: the limit is under the market
        applied: list[Event] = []
        await asyncio.gather(*(apply(svc, placed.id, e, schedule[i], applied)
                               for i, e in enumerate(evs)))
        expected, seen = model(placed, applied)
        row = await svc.orders.repo.get(placed.id)  # the row as written, not as cached
        assert row is not None
        got = (row.status, row.filled_qty, row.filled_value, row.request.price,
               row.request.quantity)
        want = (expected.status, expected.filled_qty, expected.filled_value,
                expected.request.price, expected.request.quantity)
        assert got == want, (applied, got, want)
        assert await svc.orders.repo.fill_ids(placed.id) == seen
        booked = await svc.db.one("SELECT coalesce(sum(fee), 0), coalesce(sum(quantity), 0) "
                                  "FROM fills WHERE order_id = ?", [placed.id])
        assert booked is not None and (row.fees, row.filled_qty) == (booked[0], booked[1])
        held = svc.orders.changes.reservation(replace(row, reserved_cash=0))
        assert row.reserved_cash == (held if row.is_open else 0)
        assert await svc.orders.status(placed.id) == row  # the cache agrees with the row


def test_random_interleavings_on_one_order_end_as_the_state_machine_says(tt_home) -> None:
    world = World(tt_home)
    try:
        @settings(max_examples=40, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow])
        @given(evs=events, schedule=schedules)
        def check(evs: list[Event], schedule: list[int]) -> None:
            world.case(evs, schedule)

        check()
    finally:
        world.close()
