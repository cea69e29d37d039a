from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.order_state import (
    FillRejected,
    IllegalTransition,
    apply_fill,
    can_transition,
    transition,
)
from tradingtools_desktop.domain.orders import (
    Fill,
    Order,
    OrderRequest,
    OrderStatus,
    OrderType,
    Side,
)

S = OrderStatus
T0 = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def order(status: OrderStatus = S.SUBMITTED, qty: int = 300) -> Order:
    r = OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, qty, 95_300, "k")
    return Order("o1", r, status, T0, T0)


def test_happy_path_and_terminal_states() -> None:
    o = transition(order(S.NEW), S.PENDING_SUBMIT, at=T0)
    o = transition(o, S.SUBMITTED, at=T0)
    assert o.status is S.SUBMITTED
    for terminal in (S.FILLED, S.CANCELLED, S.REJECTED, S.EXPIRED, S.FAILED, S.DENIED):
        assert not any(can_transition(terminal, t) for t in S)


def test_illegal_transition_is_refused_not_applied() -> None:
    o = order(S.FILLED)
    with pytest.raises(IllegalTransition):
        transition(o, S.SUBMITTED, at=T0)
    assert o.status is S.FILLED


def test_races_fill_after_cancel_request_and_failed_cancel() -> None:
    assert can_transition(S.PENDING_CANCEL, S.FILLED)
    assert can_transition(S.PENDING_CANCEL, S.PARTIALLY_FILLED)
    assert can_transition(S.PENDING_CANCEL, S.SUBMITTED)


def test_fills_accumulate_dedupe_and_refuse_overfill() -> None:
    o = order()
    f1 = Fill("f1", "o1", 100, 95_300, T0)
    o = apply_fill(o, f1, set())
    assert (o.status, o.filled_qty, o.avg_price) == (S.PARTIALLY_FILLED, 100, 95_300)
    assert apply_fill(o, f1, {"f1"}) is o  # replayed fill: no change
    o = apply_fill(o, Fill("f2", "o1", 200, 95_400, T0), {"f1"})
    assert (o.status, o.filled_qty) == (S.FILLED, 300)
    assert o.avg_price == (100 * 95_300 + 200 * 95_400 + 150) // 300
    with pytest.raises(FillRejected):
        apply_fill(order(), Fill("f3", "o1", 400, 95_300, T0), set())
