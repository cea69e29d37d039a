"""What the screener must say about its inputs before it computes: how much of the market
the universe covers, and which symbols carry an unadjusted corporate-action gap.

- :func:`coverage_note`: for HOSE / HNX / UPCOM / ALL, "the market lists N stocks; M have
  daily bars in the cache" (the listing is ~1,600 codes; the cache may hold 92).
- :func:`unadjusted_gaps`: the symbols whose last ``max_bars`` cached bars span a detected,
  unadjusted gap (``corporate_actions.adjusted = false``: a split or a stock dividend the
  raw prices still carry). The screener refuses to score them and lists them, with the day
  and the ratio, so nobody reads a mechanical drop as a crash.

Both run on the DB thread (``Tx``); neither writes.
"""

from __future__ import annotations

from typing import Any

from ..store.db import Tx
from ..store.listing_repo import listing_counts_tx

__all__ = ["EXCHANGE_UNIVERSES", "coverage_note", "unadjusted_gaps", "unadjusted_note"]

EXCHANGE_UNIVERSES = ("HOSE", "HNX", "UPCOM", "ALL")


def coverage_note(tx: Tx, universe: str, symbols: list[str]) -> dict[str, Any] | None:
    name = universe.strip().upper()
    if name not in EXCHANGE_UNIVERSES:
        return None
    counts = listing_counts_tx(tx, symbols)
    where = "the market" if name == "ALL" else name
    return {"universe": name, "listed": counts.listed, "with_bars": counts.with_bars,
            "text": f"{where} lists {counts.listed} stocks; {counts.with_bars} have daily bars "
                    "in the cache (the others are not scored)"}


def unadjusted_gaps(tx: Tx, symbols: list[str], max_bars: int) -> list[dict[str, Any]]:
    """One entry per symbol (its newest gap) whose scoring window holds an unadjusted gap."""
    if not symbols:
        return []
    rows = tx.execute(
        "WITH win AS (SELECT symbol, day, row_number() OVER (PARTITION BY symbol ORDER BY day "
        "DESC) AS n FROM daily_bars WHERE symbol IN (SELECT unnest(?))), "
        "first_day AS (SELECT symbol, min(day) AS since FROM win WHERE n <= ? GROUP BY symbol) "
        "SELECT c.symbol, max(c.day), arg_max(c.kind, c.day), arg_max(c.ratio, c.day) "
        "FROM corporate_actions c JOIN first_day f ON f.symbol = c.symbol "
        "WHERE NOT c.adjusted AND c.day > f.since GROUP BY c.symbol ORDER BY c.symbol",
        [symbols, max_bars], table="corporate_actions")
    return [{"symbol": str(r[0]), "day": r[1].isoformat(), "kind": str(r[2]),
             "ratio": float(r[3])} for r in rows]


def unadjusted_note(gaps: list[dict[str, Any]]) -> str:
    listed = ", ".join(f"{g['symbol']} ({g['kind'].replace('_', ' ')} {g['ratio']:g} on "
                       f"{g['day']})" for g in gaps)
    return (f"not scored: their cached prices are not adjusted for a corporate action: "
            f"{listed}")
