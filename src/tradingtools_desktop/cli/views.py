"""How the CLI shows things: JSON for scripts, sentences and tables for people.

JSON (``--json``): every amount of money or price is an exact integer of VND in a field
whose name ends in ``_vnd`` (``price_vnd``, ``cash_vnd``, ``avg_cost_vnd``); times are
ISO-8601 with their offset. Human output: prices in thousands of VND as the boards show
them (99.60 = 99,600 VND), money in VND with separators, times in Vietnam time and labelled
so, never a Python repr.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..domain.market.calendar import to_vn_time
from ..domain.orders import Order
from ..i18n import tr

# every field of the CLI's JSON that holds VND (money or a price)
VND_FIELDS = frozenset({
    "price", "avg_price", "reserved_cash", "fees", "taxes", "filled_value", "cash",
    "cash_available", "cash_total", "buying_power", "market_value", "equity",
    "unrealised_pnl", "realised_pnl", "today_pnl", "fees_paid", "taxes_paid", "avg_cost",
    "last_price", "ref_price", "change_today", "realised", "unrealised", "today",
    "value", "fee", "tax", "reference", "ceiling", "floor",
})
TIME_ZONE_LABEL = "Vietnam time"  # English source: tr(TIME_ZONE_LABEL) where it is shown


def json_ready(data: Any) -> Any:
    """``data`` with its VND fields renamed ``<name>_vnd`` and times as ISO-8601 text."""
    if isinstance(data, dict):
        return {(f"{k}_vnd" if k in VND_FIELDS and _vnd_value(v) else k): json_ready(v)
                for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [json_ready(v) for v in data]
    if isinstance(data, datetime | date):
        return data.isoformat()
    return data


def _vnd_value(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return value is None or isinstance(value, int)


def price_k(vnd: int | None) -> str:
    """A price in thousands of VND as a board shows it: 99600 -> '99.60'."""
    return "-" if vnd is None else f"{vnd / 1000:,.2f}"


def money(vnd: int | None, *, signed: bool = False) -> str:
    if vnd is None:
        return "-"
    return f"{vnd:+,} VND" if signed else f"{vnd:,} VND"


def vn_time(when: datetime | str | None) -> str:
    """'2026-11-25 10:00:00' in Vietnam time (the column or line says so)."""
    if when is None:
        return "-"
    if isinstance(when, str):
        text = when
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            return text
    if when.tzinfo is None:
        return when.strftime("%Y-%m-%d %H:%M:%S") + " (UTC)"
    return to_vn_time(when).strftime("%Y-%m-%d %H:%M:%S")


def order_line(o: Order) -> str:
    """'FPT BUY LO 100 @ 99.60 — Filled (filled 100) [id 1a2b3c4d5e6f]'."""
    r = o.request
    at = f" @ {price_k(r.price)}" if r.price else ""
    filled = tr(", filled {n}").format(n=f"{o.filled_qty:,}") if o.filled_qty else ""
    avg = tr(" at {price}").format(price=price_k(o.avg_price)) \
        if o.filled_qty and o.avg_price else ""
    reason = f" — {tr(o.reason)}" if o.reason else ""
    return (f"{r.symbol} {tr(r.side.value)} {r.order_type.value} {r.quantity:,}{at}: "
            f"{tr(o.status_text)}{filled}{avg}{reason} "
            + tr("[id {id}]").format(id=o.id[:12]))
