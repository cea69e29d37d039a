"""The UNKNOWN and PENDING_MODIFY edges of the state machine, and modify's rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.order_state import (
    IllegalTransition,
    ModifyRefused,
    amend,
    apply_fill,
    can_transition,
    modify_refused,
    request_modify,
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
T1 = T0 + timedelta(minutes=1)


def order(status: OrderStatus = S.SUBMITTED, qty: int = 300, filled: int = 0,
          otype: OrderType = OrderType.LO) -> Order:
    price = 95_300 if otype is OrderType.LO else None
    r = OrderRequest("FPT", Exchange.HOSE, Side.BUY, otype, qty, price, "k")
    return Order("o1", r, status, T0, T0, filled_qty=filled, filled_value=filled * 95_300)


def test_unknown_when_the_reply_is_lost_then_only_the_broker_settles_it() -> None:
    o = transition(order(S.PENDING_SUBMIT), S.UNKNOWN, at=T1, reason="timeout")
    assert o.outcome_unknown and o.is_open
    assert o.status_text == "unknown, being checked at the broker"
    for adopted in (S.SUBMITTED, S.PARTIALLY_FILLED, S.FILLED, S.REJECTED, S.CANCELLED,
                    S.EXPIRED, S.FAILED, S.PENDING_CANCEL):
        assert can_transition(S.UNKNOWN, adopted), adopted
    # never back to "not sent", never straight into a modify
    assert not can_transition(S.UNKNOWN, S.PENDING_SUBMIT)
    assert not can_transition(S.UNKNOWN, S.PENDING_MODIFY)
    # a fill found at the broker adopts it (the stream or book ran ahead of the lookup)
    done = apply_fill(o, Fill("f1", "o1", 300, 95_300, T1), set())
    assert done.status is S.FILLED


def test_modify_when_working_lo_then_pending_with_values_unchanged_until_confirmed() -> None:
    o = request_modify(order(), price=95_500, quantity=None, at=T1, reason="modify")
    assert o.status is S.PENDING_MODIFY and o.request.price == 95_300
    confirmed = amend(o, price=95_500, quantity=300, at=T1, reason="ok")
    assert confirmed.status is S.SUBMITTED and confirmed.request.price == 95_500
    partly = replace(o, filled_qty=100, filled_value=100 * 95_300)
    back = modify_refused(partly, at=T1, reason="refused")
    assert back.status is S.PARTIALLY_FILLED and back.request.price == 95_300


@pytest.mark.parametrize(("o", "kw", "why"), [
    (order(S.FILLED), {"price": 95_500}, "FILLED"),
    (order(S.PENDING_SUBMIT), {"price": 95_500}, "PENDING_SUBMIT"),
    (order(S.UNKNOWN), {"price": 95_500}, "UNKNOWN"),
    (order(S.PENDING_CANCEL), {"price": 95_500}, "PENDING_CANCEL"),
    (order(S.PENDING_MODIFY), {"price": 95_500}, "PENDING_MODIFY"),
    (order(otype=OrderType.ATC), {"quantity": 500}, "ATC"),
    (order(otype=OrderType.MP), {"quantity": 500}, "MP"),
    (order(), {}, "new price or a new quantity"),
    (order(), {"price": 95_300, "quantity": 300}, "already"),
    (order(filled=100, status=S.PARTIALLY_FILLED), {"quantity": 100}, "above the 100"),
    (order(), {"price": 0}, "positive"),
])
def test_modify_when_it_cannot_be_taken_then_refused_with_the_reason(o, kw, why) -> None:
    kwargs = {"price": None, "quantity": None, **kw}
    with pytest.raises(ModifyRefused, match=why):
        request_modify(o, at=T1, reason="x", **kwargs)


def test_partial_fill_during_a_modify_keeps_it_pending_and_a_full_fill_ends_it() -> None:
    o = request_modify(order(), price=None, quantity=500, at=T1, reason="more")
    part = apply_fill(o, Fill("f1", "o1", 100, 95_300, T1), set())
    assert part.status is S.PENDING_MODIFY and part.filled_qty == 100
    confirmed = amend(part, price=95_300, quantity=500, at=T1, reason="ok")
    assert confirmed.status is S.PARTIALLY_FILLED and confirmed.remaining_qty == 400
    full = apply_fill(o, Fill("f2", "o1", 300, 95_300, T1), set())
    assert full.status is S.FILLED


def test_amend_when_cut_to_what_traded_then_filled_and_never_below_it() -> None:
    o = request_modify(order(S.PARTIALLY_FILLED, filled=100), price=None, quantity=200,
                       at=T1, reason="cut")
    assert amend(o, price=95_300, quantity=100, at=T1, reason="cut").status is S.FILLED
    with pytest.raises(ModifyRefused):
        amend(o, price=95_300, quantity=50, at=T1, reason="below")
    with pytest.raises(IllegalTransition):
        modify_refused(order(), at=T1, reason="not pending")
