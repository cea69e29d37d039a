"""Reconciliation rules with seeded mismatches of each kind, and the local books advanced
from a baseline by our own fills."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tradingtools_desktop.domain.orders import Side
from tradingtools_desktop.domain.pnl import FillRecord
from tradingtools_desktop.domain.reconciliation import (
    BrokerPosition,
    BrokerSnapshot,
    LocalSnapshot,
    MismatchKind,
    advance_baseline,
    normalise_request_id,
    reconcile,
)

AT = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
WED, THU, FRI = date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)


def broker(positions: dict[str, BrokerPosition], cash: int = 500_000_000,
           open_ids: frozenset[str] = frozenset()) -> BrokerSnapshot:
    return BrokerSnapshot(AT, positions, cash, open_ids)


def local(positions: dict[str, BrokerPosition], cash: int = 500_000_000,
          open_ids: frozenset[str] = frozenset(),
          acknowledged: frozenset[str] = frozenset()) -> LocalSnapshot:
    return LocalSnapshot(AT, positions, cash, open_ids, acknowledged)


BOOK = {"FPT": BrokerPosition(1_000, 600, 95_000), "SSI": BrokerPosition(500, 500, 21_000)}


def test_identical_books_reconcile() -> None:
    assert reconcile(local(BOOK), broker(BOOK), 0) == []


def test_average_cost_is_not_compared() -> None:
    other = {**BOOK, "FPT": BrokerPosition(1_000, 600, 95_123)}
    assert reconcile(local(BOOK), broker(other), 0) == []


def test_position_total_and_sellable_mismatches() -> None:
    theirs = {"FPT": BrokerPosition(1_100, 600, 95_000),  # total differs
              "SSI": BrokerPosition(500, 400, 21_000),  # sellable differs
              "HPG": BrokerPosition(100, 100, 26_500)}  # not in our books at all
    out = reconcile(local(BOOK), broker(theirs), 0)
    assert [(m.kind, m.key) for m in out] == [(MismatchKind.POSITION, "FPT"),
                                              (MismatchKind.POSITION, "HPG"),
                                              (MismatchKind.POSITION, "SSI")]
    fpt, hpg, ssi = out
    assert fpt.local == "total 1,000, sellable 600" and fpt.broker == "total 1,100, sellable 600"
    assert fpt.detail == "total differs by +100 at the broker"
    assert hpg.local == "none" and "total differs by +100" in hpg.detail
    assert ssi.detail == "sellable differs by -100 at the broker"


def test_a_position_we_hold_but_the_broker_does_not() -> None:
    out = reconcile(local(BOOK), broker({"FPT": BOOK["FPT"]}), 0)
    assert [(m.key, m.broker) for m in out] == [("SSI", "none")]


def test_shares_settling_today_may_already_be_sellable_at_the_broker() -> None:
    mine = {"FPT": BrokerPosition(1_000, 600, 95_000, settling_today=400)}
    for sellable in (600, 800, 1_000):
        assert reconcile(local(mine), broker({"FPT": BrokerPosition(1_000, sellable)}), 0) == []
    out = reconcile(local(mine), broker({"FPT": BrokerPosition(1_000, 1_001)}), 0)
    assert out[0].detail == "sellable differs by +401 at the broker"
    assert reconcile(local(mine), broker({"FPT": BrokerPosition(1_000, 599)}), 0)


def test_cash_within_tolerance_edge() -> None:
    assert reconcile(local({}, cash=10_000_000), broker({}, cash=10_001_000), 1_000) == []
    assert reconcile(local({}, cash=10_000_000), broker({}, cash=9_999_000), 1_000) == []
    out = reconcile(local({}, cash=10_000_000), broker({}, cash=10_001_001), 1_000)
    assert [(m.kind, m.key, m.local, m.broker) for m in out] == [
        (MismatchKind.CASH, "cash", "10,000,000 VND", "10,001,001 VND")]
    assert out[0].detail == "the broker shows +1,001 VND (tolerance 1,000)"
    with pytest.raises(ValueError):
        reconcile(local({}), broker({}), -1)


def test_open_orders_on_either_side() -> None:
    out = reconcile(local({}, open_ids=frozenset({"101", "102"})),
                    broker({}, open_ids=frozenset({"0000102", "103"})), 0)
    assert [(m.kind, m.key, m.local, m.broker) for m in out] == [
        (MismatchKind.OPEN_ORDER, "103", "not open", "open"),
        (MismatchKind.OPEN_ORDER, "101", "open", "not open")]
    assert "open at the broker" in out[0].detail and "open in our books" in out[1].detail


def test_acknowledged_request_ids_are_not_compared() -> None:
    out = reconcile(local({}, open_ids=frozenset({"7"}), acknowledged=frozenset({"9", "7"})),
                    broker({}, open_ids=frozenset({"9"})), 0)
    assert out == []


def test_every_kind_at_once_in_order() -> None:
    out = reconcile(local(BOOK, cash=1, open_ids=frozenset({"5"})),
                    broker({"FPT": BOOK["FPT"]}, cash=2_000), 1_000)
    assert [m.kind for m in out] == [MismatchKind.POSITION, MismatchKind.CASH,
                                     MismatchKind.OPEN_ORDER]


def test_normalise_request_id() -> None:
    assert normalise_request_id(" 00012 ") == "12" and normalise_request_id("order:X1") == \
        "order:X1"


def test_snapshots_round_trip_through_json_dicts() -> None:
    b = broker({"FPT": BrokerPosition(1_000, 600, 95_000, 100, ((FRI, 300),))},
               open_ids=frozenset({"1", "2"}))
    assert BrokerSnapshot.from_dict(b.to_dict()) == b
    loc = local(BOOK, open_ids=frozenset({"3"}), acknowledged=frozenset({"4"}))
    assert LocalSnapshot.from_dict(loc.to_dict()) == loc


def test_advance_baseline_by_our_fills_worked_by_hand() -> None:
    # baseline (Wed): FPT 1,000 = 700 settled + 300 bought Tue (settles Thu); 100 of the
    # settled are in an open sell order, 50 are blocked -> sellable 700 - 100 - 50 = 550
    base = broker({"FPT": BrokerPosition(1_000, 550, 95_000, 100, ((THU, 300),))},
                  cash=100_000_000)
    fills = [
        # buy 200 @ 96,000 on Wed: 19,200,000 + fee 28,800 = 19,228,800 out; settles Fri
        FillRecord("FPT", Side.BUY, 200, 96_000, 28_800, 0, WED, FRI),
        # the open sell of 100 fills @ 97,000: 9,700,000 - fee 14,550 - tax 9,700 in
        FillRecord("FPT", Side.SELL, 100, 97_000, 14_550, 9_700, WED, FRI),
    ]
    # on Fri: Tue's 300 settled (Thu < Fri), Wed's 200 settle today; 50 still in a new
    # open sell order
    snap = advance_baseline(base, fills, {"FPT": 50}, ["77"], ["9"], FRI, AT)
    p = snap.positions["FPT"]
    assert p.total == 1_000 + 200 - 100 == 1_100
    # settled = 700 + 300 - 100 = 900; sellable = 900 - 50 held - 50 blocked = 800
    assert p.sellable == 800 and p.settling_today == 200 and p.held == 50
    assert p.pending == ((FRI, 200),)
    assert snap.cash == 100_000_000 - 19_228_800 + (9_700_000 - 14_550 - 9_700) == 90_446_950
    # cost: 95,000,000 + 19,228,800 = 114,228,800 for 1,200; sell 100 removes
    # 114,228,800 x 100 // 1,200 = 9,519,066 -> 104,709,734 / 1,100 = 95,190
    assert p.avg_cost == 95_190
    assert snap.open_request_ids == frozenset({"77"})
    assert snap.acknowledged_request_ids == frozenset({"9"})
    # the broker on Fri morning (Wed's buy not credited yet) reconciles with it ...
    morning = broker({"FPT": BrokerPosition(1_100, 800)}, cash=90_446_950,
                     open_ids=frozenset({"77"}))
    assert reconcile(snap, morning, 0) == []
    # ... and so does Fri afternoon, once SSI credited the T+2 buy
    afternoon = broker({"FPT": BrokerPosition(1_100, 1_000)}, cash=90_446_950,
                       open_ids=frozenset({"77"}))
    assert reconcile(snap, afternoon, 0) == []


def test_advance_baseline_drops_closed_positions_and_adds_new_ones() -> None:
    base = broker({"SSI": BrokerPosition(100, 100, 21_000)}, cash=0)
    fills = [FillRecord("SSI", Side.SELL, 100, 21_000, 0, 0, WED, FRI),
             FillRecord("HPG", Side.BUY, 100, 26_500, 0, 0, WED, FRI)]
    snap = advance_baseline(base, fills, {}, [], [], WED, AT)
    assert set(snap.positions) == {"HPG"}
    assert snap.positions["HPG"] == BrokerPosition(100, 0, 26_500, 0, ((FRI, 100),), 0)
    assert snap.cash == 100 * 21_000 - 100 * 26_500 == -550_000
