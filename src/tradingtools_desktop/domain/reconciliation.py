"""Reconciliation: the broker's account against our books, as pure values and one rule.

A snapshot is an account at one instant: positions per symbol, cash, and the requestIDs
of the orders still open. :func:`reconcile` compares our :class:`LocalSnapshot` with the
broker's :class:`BrokerSnapshot` and returns every :class:`Mismatch`:

- POSITION: total quantities must be equal. Sellable quantities must be equal too, except
  that shares due to settle today (T+2) may or may not be credited yet (SSI credits T+2
  buys during the afternoon), so the broker may show up to ``settling_today`` more.
- CASH: equal within ``cash_tolerance`` VND (inclusive), which absorbs the broker's fee
  rounding. Cash here is cash plus sale proceeds still to be received (T+1, T+2), so it
  does not jump when a sale settles.
- OPEN_ORDER: an order open at the broker that we do not have open, or open with us but not
  at the broker. RequestIDs whose broker side the user accepted
  (``LocalSnapshot.acknowledged_request_ids``, e.g. an order placed outside this app) are
  not compared again.

Average cost is carried for display and never compared (brokers compute it their own way).
Money is VND as ``int``. SSI requestIDs are numeric strings whose leading zeros may be
dropped: ids are compared by :func:`normalise_request_id`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from .orders import Side
from .pnl import FillRecord

__all__ = [
    "BrokerPosition", "BrokerSnapshot", "LocalPosition", "LocalSnapshot", "Mismatch",
    "MismatchKind", "advance_baseline", "normalise_request_id", "reconcile",
]


class MismatchKind(StrEnum):
    POSITION = "POSITION"
    CASH = "CASH"
    OPEN_ORDER = "OPEN_ORDER"


def normalise_request_id(request_id: str) -> str:
    """SSI echoes numeric requestIDs as numbers: "00001234" and "1234" are one id."""
    rid = request_id.strip()
    return str(int(rid)) if rid.isdigit() else rid


@dataclass(frozen=True, slots=True)
class BrokerPosition:
    """One holding. ``total`` = settled + pending buys; ``sellable`` = what can be sold now.

    ``held``: in open sell orders (the broker's holdForTrade); ``pending``: bought shares
    not yet settled, as (settle day, quantity); ``settling_today``: (our books only) the
    part of ``total - sellable`` that settles today and may already be credited.
    """

    total: int
    sellable: int
    avg_cost: int = 0
    held: int = 0
    pending: tuple[tuple[date, int], ...] = ()
    settling_today: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "sellable": self.sellable, "avg_cost": self.avg_cost,
                "held": self.held, "pending": [[d.isoformat(), q] for d, q in self.pending],
                "settling_today": self.settling_today}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> BrokerPosition:
        return cls(int(d["total"]), int(d["sellable"]), int(d.get("avg_cost", 0)),
                   int(d.get("held", 0)),
                   tuple((date.fromisoformat(str(p[0])), int(p[1]))
                         for p in d.get("pending", ())),
                   int(d.get("settling_today", 0)))


LocalPosition = BrokerPosition


@dataclass(frozen=True)
class _Snapshot:
    at: datetime
    positions: Mapping[str, BrokerPosition]
    cash: int
    open_request_ids: frozenset[str]

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "cash": self.cash,
                "positions": {s: p.to_dict() for s, p in sorted(self.positions.items())},
                "open_request_ids": sorted(self.open_request_ids)}

    @staticmethod
    def _fields(d: Mapping[str, Any]) -> tuple[datetime, dict[str, BrokerPosition], int,
                                               frozenset[str]]:
        return (datetime.fromisoformat(str(d["at"])),
                {str(s): BrokerPosition.from_dict(p) for s, p in d["positions"].items()},
                int(d["cash"]), frozenset(str(r) for r in d["open_request_ids"]))


@dataclass(frozen=True)
class BrokerSnapshot(_Snapshot):
    """The account as the broker reports it at ``at``."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> BrokerSnapshot:
        return cls(*cls._fields(d))


@dataclass(frozen=True)
class LocalSnapshot(_Snapshot):
    """The account as our books say it should be at ``at``."""

    acknowledged_request_ids: frozenset[str] = field(default_factory=frozenset)

    def to_dict(self) -> dict[str, Any]:
        return {**_Snapshot.to_dict(self),
                "acknowledged_request_ids": sorted(self.acknowledged_request_ids)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> LocalSnapshot:
        return cls(*cls._fields(d), frozenset(str(r) for r in d.get("acknowledged_request_ids",
                                                                     ())))


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One difference. ``key``: the symbol (POSITION), "cash" (CASH) or the requestID
    (OPEN_ORDER); ``local`` / ``broker``: each side as the user reads it."""

    kind: MismatchKind
    key: str
    local: str
    broker: str
    detail: str


def _qty(p: BrokerPosition | None) -> str:
    return "none" if p is None else f"total {p.total:,}, sellable {p.sellable:,}"


def _sellable_ok(local: BrokerPosition, broker: BrokerPosition) -> bool:
    return local.sellable <= broker.sellable <= local.sellable + local.settling_today


def reconcile(local: LocalSnapshot, broker: BrokerSnapshot,
              cash_tolerance: int) -> list[Mismatch]:
    """Every difference between our books and the broker, positions first (by symbol),
    then cash, then open orders (by requestID)."""
    if cash_tolerance < 0:
        raise ValueError("cash_tolerance must be >= 0")
    out: list[Mismatch] = []
    zero = BrokerPosition(0, 0)
    for sym in sorted(set(local.positions) | set(broker.positions)):
        mine, theirs = local.positions.get(sym), broker.positions.get(sym)
        lp, bp = mine or zero, theirs or zero
        problems = []
        if lp.total != bp.total:
            problems.append(f"total differs by {bp.total - lp.total:+,} at the broker")
        if not _sellable_ok(lp, bp):
            problems.append(f"sellable differs by {bp.sellable - lp.sellable:+,} at the broker")
        if problems:
            out.append(Mismatch(MismatchKind.POSITION, sym, _qty(mine), _qty(theirs),
                                "; ".join(problems)))
    diff = broker.cash - local.cash
    if abs(diff) > cash_tolerance:
        out.append(Mismatch(MismatchKind.CASH, "cash", f"{local.cash:,} VND",
                            f"{broker.cash:,} VND",
                            f"the broker shows {diff:+,} VND (tolerance {cash_tolerance:,})"))
    ours = {normalise_request_id(r) for r in local.open_request_ids}
    theirs_ids = {normalise_request_id(r) for r in broker.open_request_ids}
    acknowledged = {normalise_request_id(r) for r in local.acknowledged_request_ids}
    for rid in sorted((theirs_ids - ours) - acknowledged):
        out.append(Mismatch(MismatchKind.OPEN_ORDER, rid, "not open", "open",
                            "an order is open at the broker that we do not have open"))
    for rid in sorted((ours - theirs_ids) - acknowledged):
        out.append(Mismatch(MismatchKind.OPEN_ORDER, rid, "open", "not open",
                            "an order is open in our books but not at the broker"))
    return out


def advance_baseline(baseline: BrokerSnapshot, fills: Iterable[FillRecord],
                     open_sells: Mapping[str, int], open_request_ids: Iterable[str],
                     acknowledged: Iterable[str], today: date, at: datetime) -> LocalSnapshot:
    """Our books at ``at``: the ``baseline`` (a broker snapshot we trust) moved by our own
    ``fills`` since it, with ``open_sells`` (symbol -> quantity still in open sell orders)
    and our open orders' requestIDs.

    - total: baseline total + bought - sold. Cash: baseline cash - (value + fee) per buy
      + (value - fee - tax) per sale.
    - sellable: settled - held in open sells - locked, where settled = baseline settled
      (total minus its pending buys) + pending buys settled before today - sold, and locked
      = what the baseline could not sell for other reasons (blocked, mortgaged). Buys due
      today count as ``settling_today`` (see :func:`reconcile`).
    - avg_cost: the baseline's cost (avg x total) plus buys with fees, less sales pro rata.
    """
    total: dict[str, int] = {}
    settled: dict[str, int] = {}
    locked: dict[str, int] = {}
    cost: dict[str, int] = {}
    pending: dict[str, list[tuple[date, int]]] = {}
    for sym, p in baseline.positions.items():
        total[sym] = p.total
        settled[sym] = p.total - sum(q for _, q in p.pending)
        locked[sym] = max(0, settled[sym] - p.held - p.sellable)
        cost[sym] = p.avg_cost * p.total
        pending[sym] = list(p.pending)
    cash = baseline.cash
    for f in fills:
        sym = f.symbol
        value = f.quantity * f.price
        held = total.get(sym, 0)
        if f.side is Side.BUY:
            total[sym] = held + f.quantity
            cost[sym] = cost.get(sym, 0) + value + f.fee
            pending.setdefault(sym, []).append((f.settle_date, f.quantity))
            cash -= value + f.fee
        else:
            cost[sym] = cost.get(sym, 0) - (cost.get(sym, 0) * f.quantity // held if held else 0)
            total[sym] = held - f.quantity
            settled[sym] = settled.get(sym, 0) - f.quantity
            cash += value - f.fee - f.tax
    positions: dict[str, BrokerPosition] = {}
    for sym in sorted(set(total) | set(open_sells)):
        lots = pending.get(sym, [])
        now_settled = settled.get(sym, 0) + sum(q for d, q in lots if d < today)
        hold = open_sells.get(sym, 0)
        qty = total.get(sym, 0)
        if qty == 0 and not hold:
            continue
        positions[sym] = BrokerPosition(
            qty, max(0, now_settled - hold - locked.get(sym, 0)),
            cost.get(sym, 0) // qty if qty else 0, hold,
            tuple(sorted((d, q) for d, q in lots if d >= today)),
            sum(q for d, q in lots if d == today))
    return LocalSnapshot(at, positions, cash, frozenset(open_request_ids),
                         frozenset(acknowledged))
