"""Display helpers: VN board price convention (thousands of VND) and colours."""

from __future__ import annotations

from datetime import datetime

from ...domain.market.bands import PriceBand
from ...domain.market.calendar import to_vn_time
from ...domain.money import format_thousands, format_vnd
from ..theme import BOARD_CEILING, BOARD_DOWN, BOARD_FLOOR, BOARD_REFERENCE, BOARD_UP


def thousands(price: int | None) -> str:
    """95,300 VND -> '95.30' as VN boards show it (exact; the domain's formatter)."""
    return "—" if price is None else format_thousands(price)


def vnd(amount: int | None) -> str:
    return "—" if amount is None else format_vnd(amount)


def board_colour(price: int | None, band: PriceBand | None) -> str:
    """Ceiling purple, floor cyan, reference yellow, above green, below red."""
    if price is None or band is None:
        return ""
    if price >= band.ceiling:
        return BOARD_CEILING
    if price <= band.floor:
        return BOARD_FLOOR
    if price == band.reference:
        return BOARD_REFERENCE
    return BOARD_UP if price > band.reference else BOARD_DOWN


def vn_time(when: datetime | None, pattern: str = "%d/%m %H:%M:%S") -> str:
    """A time as the market keeps it: Vietnam time, whatever the machine's zone."""
    return to_vn_time(when).strftime(pattern) if when is not None else "—"
