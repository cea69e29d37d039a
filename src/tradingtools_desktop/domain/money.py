"""Money is VND in integers. VN boards show prices in thousands of VND: 95.3 = 95,300 VND.

Parsing is exact (Decimal, never float) and refuses anything that is not a whole VND.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def format_vnd(amount: int) -> str:
    """95300 -> '95,300'; -1234567 -> '-1,234,567'."""
    return f"{amount:,}"


def format_thousands(price_vnd: int) -> str:
    """95,300 -> '95.30' as a VN board shows it (two decimals; 9,990 -> '9.99')."""
    return f"{Decimal(price_vnd) / 1000:.2f}"


def _decimal(text: str, what: str) -> Decimal:
    cleaned = text.strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not {what}") from None
    if not value.is_finite():
        raise ValueError(f"{text!r} is not {what}")
    return value


def _whole(value: Decimal, text: str) -> int:
    if value != value.to_integral_value():
        raise ValueError(f"{text!r} has more precision than 1 VND")
    return int(value)


def parse_price_thousands(text: str) -> int:
    """'95.3' -> 95300 exactly. Refuses sub-VND precision ('95.3001'), non-numbers, and any
    comma: '95,3' is ambiguous (a VN decimal comma, or 953?), so the trader must type 95.3."""
    if "," in text:
        raise ValueError(f"{text!r}: use a dot for decimals in thousands of VND "
                         "(95.3 means 95,300 VND)")
    return _whole(_decimal(text, "a price") * 1000, text)


def parse_vnd(text: str) -> int:
    """'95,300' or '95300' -> 95300: whole VND, with optional thousands commas (commas must
    group by three, so '9,53' is refused)."""
    cleaned = text.strip()
    if "," in cleaned:
        head, *groups = cleaned.lstrip("-+").split(",")
        if not head or len(head) > 3 or any(len(g) != 3 for g in groups[:-1]) or \
                len(groups[-1].split(".")[0]) != 3:
            raise ValueError(f"{text!r} has misplaced thousands separators")
        cleaned = cleaned.replace(",", "")
    return _whole(_decimal(cleaned, "an amount of VND"), text)


def bps_of(value: int, bps: int) -> int:
    """``value * bps / 10,000`` rounded half-up (half away from zero for negatives) to the
    whole VND, in integers only."""
    if value < 0:
        return -bps_of(-value, bps)
    return (value * bps + 5_000) // 10_000


def format_bps(bps: int) -> str:
    """15 -> '0.15 %'; 500 -> '5 %'."""
    pct = Decimal(bps) / 100
    return f"{pct.normalize():f} %"


def round_vnd(value: Decimal) -> int:
    """A broker's decimal amount (an average price, a value) as whole VND, half up."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
