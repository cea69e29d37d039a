"""The price a screener run counts its suggested sizes at, from the one quote service.

Scores are computed on daily bars (a daily score); the suggested size and the price the
screener shows are the quote service's current price of each symbol, with its source and
time: the last match, else the reference when the session has not matched yet. A symbol the
quote service has no quote of yet is filled into it from the cache's newest daily bar
(source ``bars``, as the board does with no feed), so the quote says plainly how old it is.

The quotes used are stored with the run (its inputs) as plain JSON, so a replay of the run
counts at the same prices and is identical. A run at a past instant (``--at``) is point in
time: it counts at each symbol's close on its as-of day, and says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from ..domain.market.calendar import TradingCalendar
from ..domain.market.quotes import Quote
from ..store.db import Database
from .market.ages import NOT_LIVE, age_at
from .market.bar_quotes import newest_bar_quotes
from .market.quote_service import QuoteService

QuoteUsed = dict[str, Any]  # {"price_vnd", "kind", "source", "at"}


def quote_used(q: Quote) -> QuoteUsed | None:
    """What a run keeps of ``q``: the price (last, else reference), its kind, source, time."""
    if q.last:
        price, kind = q.last, "last"
    elif q.reference:
        price, kind = q.reference, "reference"
    else:
        return None
    return {"price_vnd": int(price), "kind": kind, "source": q.source.value,
            "at": q.at.isoformat()}


async def current_quotes(quotes: QuoteService | None, db: Database,
                         symbols: Sequence[str]) -> dict[str, QuoteUsed]:
    """The quote service's current price of each of ``symbols`` (filled from the newest
    bars first for the symbols it has no quote of); symbols without any price are left
    out."""
    service = quotes if quotes is not None else QuoteService()
    absent = [s for s in symbols if service.quote(s) is None]
    if absent:
        for bar in await newest_bar_quotes(db, absent):
            if service.quote(bar.symbol) is None:
                service.on_quote(bar)
    out: dict[str, QuoteUsed] = {}
    for symbol in symbols:
        q = service.quote(symbol)
        used = quote_used(q) if q is not None else None
        if used is not None:
            out[symbol] = used
    return out


def prices_of(used: Mapping[str, QuoteUsed] | None) -> dict[str, int] | None:
    """The VND price per symbol the sizing counts at (None: the daily close)."""
    if not used:
        return None
    return {s: int(q["price_vnd"]) for s, q in used.items()}


def basis(used: Mapping[str, QuoteUsed] | None, at: datetime | None) -> dict[str, Any]:
    """The run metadata's ``prices``: what the sizes were counted at, and from where.
    ``quote``: the quote service's current price (``sources``); ``as_of_close``: a run at a
    past instant, each symbol's close on its as-of day; ``daily_close``: no quote."""
    if used:
        return {"basis": "quote", "sources": sorted({str(q["source"]) for q in used.values()})}
    return {"basis": "as_of_close" if at is not None else "daily_close", "sources": []}


def age_of(used: QuoteUsed, now: datetime, calendar: TradingCalendar) -> tuple[str, bool]:
    """A stored quote's age now, in the user's words: ("live", False), ("prices from
    13/11/2025, 1 year old", True)..."""
    live = used.get("source") not in {s.value for s in NOT_LIVE}
    return age_at(datetime.fromisoformat(str(used["at"])), now, calendar, live=live)
