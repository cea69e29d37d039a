"""Display helpers: one unit and one number convention in the whole window.

Prices a person reads or types are in thousands of VND with two decimals, as VN boards show
them (95.30 = 95,300 VND); money (value, fees, cash, P&L) is whole VND with its unit
("9,530,000 VND" / "9,530,000 đ"). Numbers follow the boards' convention in both languages
(comma groups thousands, dot marks the decimals), so a label never says "x1.000" beside a
"1,000,000"; labels name the unit in words ("thousand VND", "nghìn đ").
"""

from __future__ import annotations

from datetime import datetime

from ...domain.market.bands import PriceBand
from ...domain.market.calendar import to_vn_time
from ...domain.money import format_thousands, format_vnd
from ...domain.orders import Order, OrderRequest, OrderStatus, Side
from ...i18n import tr
from ..theme import BOARD_CEILING, BOARD_DOWN, BOARD_FLOOR, BOARD_REFERENCE, BOARD_UP


def thousands(price: int | None) -> str:
    """95,300 VND -> '95.30' as VN boards show it (exact; the domain's formatter)."""
    return "—" if price is None else format_thousands(price)


def thousands_exact(price: int | None) -> str:
    """Like ``thousands`` but never rounds: an average cost of 99,749 VND is '99.749'."""
    if price is None:
        return "—"
    return format_thousands(price) if price % 10 == 0 else f"{price / 1000:.3f}"


def vnd(amount: int | None) -> str:
    return "—" if amount is None else format_vnd(amount)


def money(amount: int | None) -> str:
    """9530000 -> '9,530,000 VND' (EN) / '9,530,000 đ' (VI); None -> '—'."""
    return "—" if amount is None else tr("{v} VND").format(v=format_vnd(amount))


def signed_money(amount: int) -> str:
    """+1,200 / -3,400 with the unit; 0 without a sign."""
    return tr("{v} VND").format(v=f"{amount:+,}" if amount else "0")


def side_text(side: Side) -> str:
    """Buy / Sell (Mua / Bán)."""
    return tr("Buy") if side is Side.BUY else tr("Sell")


def side_colour(side: Side) -> str:
    """Buy green, sell red, as the boards colour them."""
    return BOARD_UP if side is Side.BUY else BOARD_DOWN


STATUS_WORDS = {OrderStatus.NEW: "waiting to match", OrderStatus.DENIED: "refused by the checks",
                OrderStatus.SUBMITTED: "sent", OrderStatus.FILLED: "filled",
                OrderStatus.CANCELLED: "cancelled", OrderStatus.REJECTED: "rejected by the broker",
                OrderStatus.EXPIRED: "expired", OrderStatus.FAILED: "not sent (failed)"}


def status_text(order: Order) -> str:
    """The order's status as a trader reads it, in their language."""
    return tr(STATUS_WORDS.get(order.status, order.status_text))


def status_word(value: str) -> str:
    """A status value as stored ('FILLED') as a trader reads it ('filled' / 'đã khớp')."""
    try:
        status = OrderStatus(value)
    except ValueError:
        return value
    from ...domain.orders import STATUS_TEXT

    return tr(STATUS_WORDS.get(status) or STATUS_TEXT.get(status, value))


def order_summary(r: OrderRequest) -> str:
    """'Buy 100 FPT @ 95.30 (LO, HOSE)' — how feedback names an order."""
    at = f" @ {thousands(r.price)}" if r.price else ""
    return tr("{side} {qty} {sym}{at} ({type}, {exchange})").format(
        side=side_text(r.side), qty=f"{r.quantity:,}", sym=r.symbol, at=at,
        type=r.order_type.value, exchange=r.exchange.value)


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
