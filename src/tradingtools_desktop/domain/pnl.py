"""Positions and P&L from fills, exact to the VND (average-cost method).

- A buy adds its value plus its broker fee to the position's cost.
- A sell removes cost pro rata (cost x sold / held, rounded down to the VND); its realised
  P&L is the proceeds after fee and sell tax minus the cost removed.
- Unrealised P&L = quantity x last price - remaining cost (the buy fees are in the cost, so
  a position bought and marked at the same price shows the fee as a loss).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .orders import Side


@dataclass(frozen=True, slots=True)
class FillRecord:
    symbol: str
    side: Side
    quantity: int
    price: int
    fee: int
    tax: int
    trade_date: date
    settle_date: date


@dataclass
class PositionPnL:
    symbol: str
    quantity: int = 0
    cost: int = 0  # remaining cost basis, fees included
    realised: int = 0
    realised_today: int = 0
    fees: int = 0
    taxes: int = 0
    unsettled: list[tuple[date, int]] = field(default_factory=list)  # (settle day, qty)

    @property
    def avg_cost(self) -> int:
        return self.cost // self.quantity if self.quantity else 0

    def pending(self, today: date) -> int:
        return sum(q for d, q in self.unsettled if d > today)

    def sellable(self, today: date) -> int:
        return max(0, self.quantity - self.pending(today))

    def unrealised(self, last_price: int) -> int:
        return self.quantity * last_price - self.cost


def positions_from_fills(fills: Iterable[FillRecord], today: date) -> dict[str, PositionPnL]:
    out: dict[str, PositionPnL] = {}
    for f in fills:
        p = out.setdefault(f.symbol, PositionPnL(f.symbol))
        p.fees += f.fee
        p.taxes += f.tax
        if f.side is Side.BUY:
            p.quantity += f.quantity
            p.cost += f.quantity * f.price + f.fee
            p.unsettled.append((f.settle_date, f.quantity))
        else:
            held = p.quantity
            removed = p.cost * f.quantity // held if held else 0
            proceeds = f.quantity * f.price - f.fee - f.tax
            p.quantity -= f.quantity
            p.cost -= removed
            gain = proceeds - removed
            p.realised += gain
            if f.trade_date == today:
                p.realised_today += gain
            _consume_settled(p, f.quantity)
    return out


def _consume_settled(p: PositionPnL, qty: int) -> None:
    """A sale uses settled shares first (the oldest lots)."""
    p.unsettled.sort()
    remaining = qty
    kept: list[tuple[date, int]] = []
    for day, q in p.unsettled:
        take = min(q, remaining)
        remaining -= take
        if q - take:
            kept.append((day, q - take))
    p.unsettled = kept
