"""Daily price band (ceiling / floor) from the reference price."""

from __future__ import annotations

from dataclasses import dataclass

from .exchange import Exchange, SecurityKind
from .ticks import tick_size

# (normal, first trading day) band in percent
BAND_PCT: dict[Exchange, tuple[int, int]] = {
    Exchange.HOSE: (7, 20),
    Exchange.HNX: (10, 30),
    Exchange.UPCOM: (15, 40),
}


@dataclass(frozen=True, slots=True)
class PriceBand:
    reference: int
    ceiling: int
    floor: int

    def contains(self, price: int) -> bool:
        return self.floor <= price <= self.ceiling


def _round_down(exchange: Exchange, value_x100: int, kind: SecurityKind) -> int:
    """Largest on-tick price <= value/100, using the tick that applies at that price."""
    raw = value_x100 // 100
    tick = tick_size(exchange, raw, kind)
    return raw - raw % tick


def _round_up(exchange: Exchange, value_x100: int, kind: SecurityKind) -> int:
    """Smallest on-tick price >= value/100, using the tick that applies at that price."""
    raw = -(-value_x100 // 100)
    tick = tick_size(exchange, raw, kind)
    up = raw if raw % tick == 0 else raw - raw % tick + tick
    # crossing a tick boundary upwards can land on a coarser grid: re-check at the result
    tick2 = tick_size(exchange, up, kind)
    return up if up % tick2 == 0 else up - up % tick2 + tick2


def price_band(exchange: Exchange, reference_vnd: int, kind: SecurityKind = SecurityKind.STOCK,
               first_trading_day: bool = False) -> PriceBand:
    """Ceiling rounds down and floor rounds up to the tick that applies at that price."""
    if reference_vnd <= 0:
        raise ValueError("reference price must be positive")
    pct = BAND_PCT[exchange][1 if first_trading_day else 0]
    ceiling = _round_down(exchange, reference_vnd * (100 + pct), kind)
    floor = _round_up(exchange, reference_vnd * (100 - pct), kind)
    return PriceBand(reference_vnd, ceiling, floor)
