"""Fundamentals ratios from vnstock 4.x ``Fundamental().equity(SYM).ratio()`` (through the
sandboxed worker) into the ``fundamentals`` table the screener reads.

The shape (a real recorded snapshot: ../shared/data/api_samples/vnstock_schemas/
Fundamental_equity_*_ratio.json) is one record per measure, ``item`` (Vietnamese name),
``item_id`` (a slug) and one column per period, newest first: ``"2026-Q1"``, ``"2025-Q4"``,
... A period column pandas had to de-duplicate (``"2025-Q4_1"``: the source sent that
quarter twice, with different values) is ambiguous: the first one is kept, the others
are counted and dropped, never guessed between. The worker asks for vnstock's
``display_mode="all"``, which adds the source's own ``unit`` label per record.

Measures mapped (units as the ``fundamentals`` table keeps them, market/bundled.py: ratios
plain, ROE / ROA / margins as FRACTIONS, 0.226 = 22.6 %):

- ``trailing_eps`` (EPS of the last 4 quarters, VND) -> ``eps``, VND (recorded sample)
- ``book_value_per_share_bvps`` (VND) -> ``bvps``, VND (recorded sample)
- ``p_e`` / ``pe_ratio`` -> ``pe``; ``p_b`` / ``pb_ratio`` -> ``pb`` (plain ratios; the
  recorded sample says ``p_e``, vnstock 4.0.8's KBS ``_FINANCIAL_RATIOS_MAP`` renames it
  ``pe_ratio``)
- ``roe``, ``roa``, ``gross_margin`` (KBS ``gross_profit_margin``) and ``debt_to_equity``
  (KBS ``debt_equity``): the ids are vnstock 4.0.8's own KBS map; the UNIT is not in
  vnstock's source (its KBS ratio parser passes values through unscaled) nor in any
  recorded sample. So these are stored only when the record's own ``unit`` says it:
  ``%`` -> divided by 100; for debt/equity also ``lần`` / ``times`` -> as is. A record
  without a unit we know is left out and named in ``ParsedRatios.left_out``.

Not mapped: net margin (no column in the table), dividend yield and growth (no item id
in vnstock's KBS map), ``earnings_per_share`` / ``book_value_per_share`` (not recorded:
trailing or quarterly, scaled or not, unknown). vnstock gives no publication day, so
``published_on`` stays NULL and the screener counts a row from quarter end + 45 days
(agents/point_in_time.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..store.db import Tx

SOURCE_PREFIX = "vnstock:"
# item_id -> column, for measures whose unit the recorded sample shows
MEASURES: dict[str, str] = {
    "trailing_eps": "eps",
    "book_value_per_share_bvps": "bvps",
    "p_e": "pe", "pe_ratio": "pe",
    "p_b": "pb", "pb_ratio": "pb",
}
# item_id -> column, for measures stored only when the record's unit label says which
PERCENT_MEASURES: dict[str, str] = {
    "roe": "roe", "roa": "roa",
    "gross_margin": "gross_margin", "gross_profit_margin": "gross_margin",
}
LEVERAGE_MEASURES: dict[str, str] = {"debt_to_equity": "debt_to_equity",
                                     "debt_equity": "debt_to_equity"}
COLUMNS = ("pe", "pb", "eps", "bvps", "roe", "roa", "gross_margin", "debt_to_equity")
PERCENT_UNITS = frozenset({"%", "(%)", "phần trăm", "percent"})
TIMES_UNITS = frozenset({"lần", "(lần)", "times", "x"})
UNIT_UNKNOWN = "unit not stated by the source"
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
    # column -> why a measure the source sent was not stored (its unit is not stated)
    left_out: dict[str, str] = field(default_factory=dict)


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _unit(rec: dict[str, Any]) -> str:
    return str(rec.get("unit") or "").strip().lower()


def _scale(item_id: str, rec: dict[str, Any]) -> tuple[str, float | None] | None:
    """(column, factor) for a measure of ours, factor None when its unit is not one we
    know; None when the record is not a measure of ours."""
    if item_id in MEASURES:
        return MEASURES[item_id], 1.0
    unit = _unit(rec)
    if item_id in PERCENT_MEASURES:
        return PERCENT_MEASURES[item_id], 0.01 if unit in PERCENT_UNITS else None
    if item_id in LEVERAGE_MEASURES:
        factor = 0.01 if unit in PERCENT_UNITS else 1.0 if unit in TIMES_UNITS else None
        return LEVERAGE_MEASURES[item_id], factor
    return None


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
    left_out: dict[str, str] = {}
    for rec in records:
        how = _scale(str(rec.get("item_id") or ""), rec)
        if how is None:
            continue
        column, factor = how
        if factor is None:
            if any(_number(rec.get(c)) is not None for c in periods):
                left_out[column] = UNIT_UNKNOWN
            continue
        for col, period in periods.items():
            value = _number(rec.get(col))
            if value is not None:
                by_period[period][column] = value * factor
    sym = symbol.upper()
    rows = [RatioRow(sym, p, v) for p, v in by_period.items() if v]
    return ParsedRatios(rows, duplicates, left_out)


def store(tx: Tx, rows: list[RatioRow], source: str, now: datetime) -> int:
    """Upsert by (symbol, period, source): a re-fetch updates the values it carries and
    keeps a stored value the new reply lacks; ``published_on`` is never set (unknown).
    Returns rows written."""
    cols = ", ".join(COLUMNS)
    marks = ", ".join("?" for _ in COLUMNS)
    keep = ", ".join(f"{c} = coalesce(excluded.{c}, {c})" for c in COLUMNS)
    for r in rows:
        tx.execute(
            f"INSERT INTO fundamentals (symbol, period, source, {cols}, fetched_at) "
            f"VALUES (?, ?, ?, {marks}, ?) ON CONFLICT (symbol, period, source) DO UPDATE "
            f"SET {keep}, fetched_at = excluded.fetched_at",
            [r.symbol, r.period, source, *[r.values.get(c) for c in COLUMNS], now],
            table="fundamentals")
    return len(rows)


def last_fetched(tx: Tx, symbols: list[str], source: str) -> dict[str, datetime]:
    """symbol -> the newest ``fetched_at`` of its rows from ``source``."""
    return {str(r[0]): r[1] for r in tx.execute(
        "SELECT symbol, max(fetched_at) FROM fundamentals WHERE source = ? "
        "AND symbol IN (SELECT unnest(?)) GROUP BY symbol", [source, symbols],
        table="fundamentals")}


def newest_period(tx: Tx, symbol: str) -> str | None:
    """The newest period stored for ``symbol`` from any source (for the offline sentence)."""
    row = tx.one("SELECT max(period) FROM fundamentals WHERE symbol = ?", [symbol.upper()])
    return str(row[0]) if row and row[0] else None
