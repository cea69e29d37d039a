"""The order state machine: legal and illegal edges, the real-world races, fills."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.order_state import (
    TERMINAL_STATUSES,
    TRANSITIONS,
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
T1 = T0 + timedelta(minutes=1)


def order(status: OrderStatus = S.SUBMITTED, qty: int = 300) -> Order:
    r = OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, qty, 95_300, "k")
    return Order("o1", r, status, T0, T0)


def fill(fid: str, qty: int, price: int = 95_300, order_id: str = "o1") -> Fill:
    return Fill(fid, order_id, qty, price, T1)


def test_enums_keep_their_stable_values() -> None:
    assert [s.value for s in S] == [
        "NEW", "DENIED", "PENDING_SUBMIT", "UNKNOWN", "SUBMITTED", "PARTIALLY_FILLED",
        "FILLED", "PENDING_MODIFY", "PENDING_CANCEL", "CANCELLED", "REJECTED", "EXPIRED",
        "FAILED"]
    assert [t.value for t in OrderType] == ["LO", "ATO", "ATC", "MP", "MTL", "MOK", "MAK", "PLO"]
    assert [s.value for s in Side] == ["BUY", "SELL"]


def test_table_is_explicit_for_every_status() -> None:
    assert set(TRANSITIONS) == set(S)
    with pytest.raises(TypeError):
        TRANSITIONS[S.NEW] = frozenset()  # type: ignore[index]


def test_happy_path_new_to_filled() -> None:
    o = order(S.NEW)
    for status in (S.PENDING_SUBMIT, S.SUBMITTED, S.PARTIALLY_FILLED, S.FILLED):
        o = transition(o, status, at=T1, reason=f"to {status}")
        assert (o.status, o.updated_at, o.created_at) == (status, T1, T0)


@pytest.mark.parametrize(("a", "b"), [
    (S.NEW, S.DENIED),                          # a pre-trade check failed
    (S.PENDING_SUBMIT, S.FILLED),               # fill overtook the placement ack
    (S.PENDING_SUBMIT, S.PARTIALLY_FILLED),
    (S.PENDING_SUBMIT, S.CANCELLED),            # cancelled before the broker saw it
    (S.PENDING_SUBMIT, S.FAILED),
    (S.SUBMITTED, S.REJECTED),                  # exchange refused what the broker accepted
    (S.SUBMITTED, S.EXPIRED),
    (S.PARTIALLY_FILLED, S.PARTIALLY_FILLED),   # another partial fill
    (S.PARTIALLY_FILLED, S.EXPIRED),            # end of day, the fills stand
    (S.PENDING_CANCEL, S.PARTIALLY_FILLED),     # fill after the cancel request
    (S.PENDING_CANCEL, S.FILLED),
    (S.PENDING_CANCEL, S.SUBMITTED),            # the cancel failed
    (S.PENDING_CANCEL, S.PENDING_CANCEL),       # the kill switch re-sends the cancel
    (S.PENDING_CANCEL, S.REJECTED),             # rejected while the cancel was in flight
    (S.PENDING_CANCEL, S.EXPIRED),
    (S.CANCELLED, S.FILLED),                    # cancel confirm overtook the final fill
    (S.EXPIRED, S.FILLED),                      # expiry overtook the final fill
])
def test_legal_edges_including_the_real_world_races(a, b) -> None:
    assert can_transition(a, b)
    assert transition(order(a), b, at=T1).status is b


@pytest.mark.parametrize(("a", "b"), [
    (S.NEW, S.SUBMITTED),               # never skip write-first
    (S.NEW, S.FILLED),
    (S.SUBMITTED, S.PENDING_SUBMIT),
    (S.SUBMITTED, S.NEW),
    (S.SUBMITTED, S.DENIED),            # denial happens before submission only
    (S.PARTIALLY_FILLED, S.SUBMITTED),
    (S.PARTIALLY_FILLED, S.REJECTED),   # part of it traded: it was not rejected
    (S.CANCELLED, S.PARTIALLY_FILLED),  # a late partial fill does not reopen it
    (S.CANCELLED, S.SUBMITTED),
    (S.EXPIRED, S.CANCELLED),
    (S.FILLED, S.CANCELLED),
    (S.REJECTED, S.SUBMITTED),
    (S.DENIED, S.PENDING_SUBMIT),
    (S.FAILED, S.SUBMITTED),
])
def test_illegal_edge_is_refused_and_nothing_is_applied(a, b) -> None:
    o = order(a)
    assert not can_transition(a, b)
    with pytest.raises(IllegalTransition) as err:
        transition(o, b, at=T1, reason="should not stick")
    assert (err.value.current, err.value.target, err.value.order_id) == (a, b, "o1")
    assert f"{a} -> {b}" in str(err.value)
    assert (o.status, o.updated_at, o.reason) == (a, T0, "")


def test_terminal_statuses_only_take_a_completing_late_fill() -> None:
    terminal = {S.DENIED, S.FILLED, S.CANCELLED, S.REJECTED, S.EXPIRED, S.FAILED}
    assert set(TERMINAL_STATUSES) == terminal
    for terminal in TERMINAL_STATUSES:
        assert TRANSITIONS[terminal] <= {S.FILLED}
        assert not order(terminal).is_open
    assert {t for t in TERMINAL_STATUSES if TRANSITIONS[t]} == {S.CANCELLED, S.EXPIRED}


def test_transition_keeps_the_previous_reason_when_none_given() -> None:
    o = transition(order(S.NEW), S.PENDING_SUBMIT, at=T1, reason="checks passed")
    assert transition(o, S.SUBMITTED, at=T1).reason == "checks passed"
    assert transition(o, S.SUBMITTED, at=T1, reason="accepted").reason == "accepted"


# -- fills ---------------------------------------------------------------------------------

def test_fills_accumulate_and_complete_the_order() -> None:
    o = order()
    assert (o.remaining_qty, o.avg_price) == (300, None)
    o = apply_fill(o, fill("f1", 100, 95_300), set())
    assert (o.status, o.filled_qty, o.filled_value, o.avg_price) == (
        S.PARTIALLY_FILLED, 100, 9_530_000, 95_300)
    o = apply_fill(o, fill("f2", 200, 95_400), {"f1"})
    assert (o.status, o.filled_qty, o.remaining_qty) == (S.FILLED, 300, 0)
    # (9,530,000 + 19,080,000) / 300 = 95,366.67 -> 95,367
    assert (o.filled_value, o.avg_price, o.updated_at) == (28_610_000, 95_367, T1)


def test_replayed_fill_is_ignored_by_its_id() -> None:
    o = apply_fill(order(), fill("f1", 100), set())
    assert apply_fill(o, fill("f1", 100), {"f1"}) is o
    assert apply_fill(o, fill("f1", 999), frozenset({"f1"})) is o  # even if it now differs


@pytest.mark.parametrize(("bad", "match"), [
    (fill("f3", 400), "exceeds the 300 remaining"),
    (fill("f3", 0), "positive"),
    (fill("f3", -5), "positive"),
    (fill("f3", 100, price=0), "positive"),
    (fill("f3", 100, order_id="o2"), "belongs to order o2"),
])
def test_bad_fill_is_refused(bad, match) -> None:
    with pytest.raises(FillRejected, match=match):
        apply_fill(order(), bad, set())


def test_fill_after_full_fill_is_an_overfill() -> None:
    done = apply_fill(order(qty=100), fill("f1", 100), set())
    with pytest.raises(FillRejected):
        apply_fill(done, fill("f2", 1), {"f1"})


@pytest.mark.parametrize("status", [S.NEW, S.DENIED, S.REJECTED, S.FAILED])
def test_fill_on_an_order_that_never_worked_is_illegal(status) -> None:
    with pytest.raises(IllegalTransition):
        apply_fill(order(status), fill("f1", 100), set())


def test_fill_races_with_a_cancel_request() -> None:
    pending = order(S.PENDING_CANCEL)
    assert apply_fill(pending, fill("f1", 100), set()).status is S.PARTIALLY_FILLED
    assert apply_fill(pending, fill("f1", 300), set()).status is S.FILLED


def test_fill_before_the_placement_ack() -> None:
    assert apply_fill(order(S.PENDING_SUBMIT), fill("f1", 100), set()).status is \
        S.PARTIALLY_FILLED


def test_late_partial_fill_on_cancelled_order_is_recorded_without_reopening_it() -> None:
    o = apply_fill(order(S.CANCELLED), fill("f1", 100), set())
    assert (o.status, o.filled_qty, o.is_open, o.updated_at) == (S.CANCELLED, 100, False, T1)


def test_late_completing_fill_on_expired_order_makes_it_filled() -> None:
    o = replace(order(S.EXPIRED), filled_qty=200, filled_value=200 * 95_300)
    assert apply_fill(o, fill("f9", 100), set()).status is S.FILLED


@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d", "e"]), st.integers(-5, 400)),
                max_size=12),
       st.integers(1, 500))
def test_property_fills_never_overfill_and_status_follows_quantity(reports, qty) -> None:
    o, seen = order(qty=qty), set()
    for fid, q in reports:
        try:
            after = apply_fill(o, fill(fid, q), seen)
        except FillRejected:
            continue
        if after is not o:
            seen.add(fid)
        o = after
    assert 0 <= o.filled_qty <= qty
    assert (o.status is S.FILLED) == (o.filled_qty == qty)
    if 0 < o.filled_qty < qty:
        assert o.status is S.PARTIALLY_FILLED
