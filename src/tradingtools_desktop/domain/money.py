"""Money is VND in integers. VN boards show prices in thousands of VND: 95.3 = 95,300 VND."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def format_vnd(amount: int) -> str:
    return f"{amount:,}"


def format_thousands(price_vnd: int) -> str:
    """95,300 -> '95.30' as a VN board shows it (two decimals)."""
    return f"{Decimal(price_vnd) / 1000:.2f}"


def parse_price_thousands(text: str) -> int:
    """'95.3' -> 95300 exactly; refuses sub-VND precision and non-numbers."""
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a price") from None
    vnd = value * 1000
    if vnd != vnd.to_integral_value():
        raise ValueError(f"{text!r} has more precision than 1 VND")
    return int(vnd)
