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
