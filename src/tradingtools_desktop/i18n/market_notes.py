"""The screener's notes on its inputs, in the user's language, from the run metadata's
structured fields (``missing.listing``, ``missing.unadjusted``; services/screen_guard.py)."""

from __future__ import annotations

from typing import Any

from . import tr

KINDS = {"split": "split", "stock_dividend": "stock dividend",
         "unexplained": "unexplained gap"}


def screener_notes(missing: dict[str, Any]) -> list[str]:
    out: list[str] = []
    listing = missing.get("listing")
    if listing:
        where = tr("the market") if listing["universe"] == "ALL" else listing["universe"]
        out.append(tr("{where} lists {listed} stocks; {with_bars} have daily bars in the "
                      "cache (the others are not scored)").format(
            where=where, listed=listing["listed"], with_bars=listing["with_bars"]))
    gaps = (missing.get("unadjusted") or {}).get("symbols") or []
    if gaps:
        items = ", ".join(f"{g['symbol']} ({tr(KINDS.get(g['kind'], g['kind']))} "
                          f"{g['ratio']:g}, {g['day']})" for g in gaps)
        out.append(tr("Not scored: prices not adjusted for a corporate action: {items}")
                   .format(items=items))
    return out


SOURCES = {"ssi-stream": "SSI stream", "ssi-rest": "SSI REST", "vnstock": "vnstock",
           "replay": "replay", "bars": "newest daily bars"}


def price_basis_note(prices: dict[str, Any] | None) -> str:
    """The run's ``prices`` metadata (services/screener_prices.py) in one sentence: scores
    on daily bars, sizes at which price; "" for a run from before it was recorded."""
    if not prices:
        return ""
    if prices.get("basis") == "quote":
        sources = ", ".join(tr(SOURCES.get(s, s)) for s in prices.get("sources") or [])
        return tr("Scores on daily bars; the suggested sizes and the Last column use the "
                  "quote service's current price ({sources}), kept with the run.").format(
            sources=sources)
    if prices.get("basis") == "as_of_close":
        return tr("A run at a past instant: suggested sizes at each symbol's close on its "
                  "as-of day, not today's price.")
    return tr("Suggested sizes at each symbol's last daily close (no current quote).")
