"""Tick sizes: the price steps an exchange accepts (VND)."""

from __future__ import annotations

from .exchange import Exchange, SecurityKind


def tick_size(exchange: Exchange, price_vnd: int,
              kind: SecurityKind = SecurityKind.STOCK) -> int:
    """HOSE stocks: < 10,000 -> 10; 10,000-49,950 -> 50; >= 50,000 -> 100. HOSE ETF/CW: 10.
    HNX and UPCOM: 100."""
    if exchange is Exchange.HOSE:
        if kind is not SecurityKind.STOCK:
            return 10
        if price_vnd < 10_000:
            return 10
        if price_vnd < 50_000:
            return 50
        return 100
    return 100


def is_on_tick(exchange: Exchange, price_vnd: int,
               kind: SecurityKind = SecurityKind.STOCK) -> bool:
    return price_vnd > 0 and price_vnd % tick_size(exchange, price_vnd, kind) == 0


def nearest_ticks(exchange: Exchange, price_vnd: int,
                  kind: SecurityKind = SecurityKind.STOCK) -> tuple[int, int]:
    """The valid prices just below and just above ``price_vnd`` (equal when on tick)."""
    tick = tick_size(exchange, price_vnd, kind)
    down = price_vnd - price_vnd % tick
    up = down if down == price_vnd else down + tick
    return down, up


def step_price(exchange: Exchange, price_vnd: int, steps: int,
               kind: SecurityKind = SecurityKind.STOCK) -> int:
    """``price_vnd`` moved by ``steps`` ticks (negative = down), each step with the tick of
    the price it leaves in that direction (HOSE 50,000 - 1 tick = 49,950; 49,950 + 1 tick =
    50,000). An off-tick price first snaps to the nearest tick in the direction of travel,
    which counts as the first step. Never below one tick above zero."""
    price = price_vnd
    for _ in range(abs(steps)):
        down, up = nearest_ticks(exchange, price, kind)
        if steps > 0:
            price = up if up != price else price + tick_size(exchange, price, kind)
        elif down != price:
            price = down
        elif price > 1:
            below = tick_size(exchange, price - 1, kind)
            price = max(below, price - below)
    return price
