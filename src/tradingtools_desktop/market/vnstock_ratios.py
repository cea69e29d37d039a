"""Fundamentals ratios from vnstock 4.x ``Fundamental().equity(SYM).ratio()`` (through the
sandboxed worker) into the ``fundamentals`` table the screener reads.

The shape (a real recorded snapshot: ../shared/data/api_samples/vnstock_schemas/
Fundamental_equity_*_ratio.json) is one record per measure, ``item`` (Vietnamese name),
``item_id`` (a slug) and one column per period, newest first: ``"2026-Q1"``, ``"2025-Q4"``,
... A period column pandas had to de-duplicate (``"2025-Q4_1"``: the source sent that
quarter twice, with different values) is ambiguous: the first one is kept, the others
are counted and dropped, never guessed between.

Measures mapped (units as the ``fundamentals`` table keeps them, market/bundled.py):

- ``trailing_eps`` (EPS of the last 4 quarters, VND) -> ``eps``, VND
- ``book_value_per_share_bvps`` (VND) -> ``bvps``, VND
- ``p_e`` -> ``pe``; ``p_b`` -> ``pb`` (plain ratios)

Other items (ROE, ROA, margins, ...) are not in the recorded sample, so their ``item_id``
and unit (fraction or percent) are unknown: they are left out rather than stored 100x
wrong. vnstock gives no publication day, so ``published_on`` stays NULL and the screener
counts a row from quarter end + 45 days (agents/point_in_time.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..store.db import Tx

SOURCE_PREFIX = "vnstock:"
MEASURES: dict[str, str] = {
    "trailing_eps": "eps",
    "book_value_per_share_bvps": "bvps",
    "p_e": "pe",
    "p_b": "pb",
}
COLUMNS = ("pe", "pb", "eps", "bvps")
_PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4]))?(?:_(\d+))?$")


class UnreadableRatios(ValueError):
    """The reply is not the item/item_id/period shape this module reads."""


@dataclass(frozen=True, slots=True)
class RatioRow:
    symbol: str
    period: str  # "2026Q1" (the bundled rows' form) or "2025" for a year
    values: dict[str, float]  # column -> value, only the measures the source gave

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period, **{c: self.values.get(c) for c in COLUMNS}}


@dataclass(frozen=True, slots=True)
class ParsedRatios:
    rows: list[RatioRow]
    duplicate_columns: list[str]  # e.g. ["2025-Q4_1"], dropped as ambiguous


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def parse(symbol: str, records: list[dict[str, Any]]) -> ParsedRatios:
    """Rows per period (newest first, as vnstock orders them); raises
    :class:`UnreadableRatios` when no record has an ``item_id`` or no column is a period."""
    if records and not any("item_id" in r for r in records):
        raise UnreadableRatios("no item_id column")
    periods: dict[str, str] = {}  # source column -> our period
    duplicates: list[str] = []
    for rec in records:
        for col in rec:
            m = _PERIOD.match(str(col))
            if not m or col in periods or col in duplicates:
                continue
            if m.group(3):
                duplicates.append(str(col))
                continue
            periods[str(col)] = f"{m.group(1)}Q{m.group(2)}" if m.group(2) else m.group(1)
    if records and not periods:
        raise UnreadableRatios("no period column")
    by_period: dict[str, dict[str, float]] = {p: {} for p in periods.values()}
    for rec in records:
        column = MEASURES.get(str(rec.get("item_id") or ""))
        if column is None:
            continue
        for col, period in periods.items():
            value = _number(rec.get(col))
            if value is not None:
                by_period[period][column] = value
    sym = symbol.upper()
    rows = [RatioRow(sym, p, v) for p, v in by_period.items() if v]
    return ParsedRatios(rows, duplicates)


def store(tx: Tx, rows: list[RatioRow], source: str, now: datetime) -> int:
    """Upsert by (symbol, period, source): a re-fetch updates the values it carries and
    keeps a stored value the new reply lacks; ``published_on`` is never set (unknown).
    Returns rows written."""
    for r in rows:
        vals = [r.values.get(c) for c in COLUMNS]
        tx.execute(
            "INSERT INTO fundamentals (symbol, period, source, pe, pb, eps, bvps, fetched_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (symbol, period, source) DO UPDATE "
            "SET pe = coalesce(excluded.pe, pe), pb = coalesce(excluded.pb, pb), "
            "eps = coalesce(excluded.eps, eps), bvps = coalesce(excluded.bvps, bvps), "
            "fetched_at = excluded.fetched_at",
            [r.symbol, r.period, source, *vals, now], table="fundamentals")
    return len(rows)


def newest_period(tx: Tx, symbol: str) -> str | None:
    """The newest period stored for ``symbol`` from any source (for the offline sentence)."""
    row = tx.one("SELECT max(period) FROM fundamentals WHERE symbol = ?", [symbol.upper()])
    return str(row[0]) if row and row[0] else None
