"""Quotes from the cache's newest daily bars: what the board shows with no live feed.

Each symbol's newest bar becomes a :class:`Quote` with ``source=QuoteSource.BARS`` and the
close of that day as its time, so every screen can say how old it is: last = the bar's
close, reference = the previous bar's close, ceiling / floor from the exchange's band on
that reference, open / high / low / total volume from the bar. No book, no foreign flows:
a daily bar does not have them (those cells stay blank). ``seed_quote_service`` pushes them
(and the bundled index days) into a :class:`QuoteService` with the feed state OLD.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, time

from ...domain.market.bands import price_band
from ...domain.market.calendar import VN_TZ
from ...domain.market.exchange import Exchange
from ...domain.market.quotes import FeedState, Quote, QuoteSource
from ...market.bundled_indices import index_quotes, read_index_days
from ...store.db import Database, Tx
from .quote_service import QuoteService

CLOSE = time(15, 0)


async def bar_quotes(db: Database) -> list[Quote]:
    """The newest bar of every symbol in the cache as a quote (one query, DB thread)."""

    def read(tx: Tx) -> list[Quote]:
        rows = tx.execute(
            "SELECT b.symbol, i.exchange, b.day, b.open, b.high, b.low, b.close, b.volume, "
            "b.prev FROM (SELECT symbol, day, open, high, low, close, volume, "
            "lag(close) OVER (PARTITION BY symbol ORDER BY day) AS prev, "
            "row_number() OVER (PARTITION BY symbol ORDER BY day DESC) AS n "
            "FROM daily_bars) b JOIN instruments i ON i.symbol = b.symbol "
            "WHERE b.n = 1 ORDER BY b.symbol", table="daily_bars")
        return [_quote(*r) for r in rows]

    return await db.transaction(read)


def _quote(symbol: str, exchange: str, day: object, open_: int, high: int, low: int,
           close: int, volume: int, prev: int | None) -> Quote:
    try:
        ex: Exchange | None = Exchange.parse(exchange)
    except ValueError:
        ex = None
    band = price_band(ex, int(prev)) if ex is not None and prev else None
    at = datetime.combine(day, CLOSE, tzinfo=VN_TZ)  # type: ignore[arg-type]
    return Quote(symbol, at, QuoteSource.BARS, exchange=ex,
                 reference=int(prev) if prev else None,
                 ceiling=band.ceiling if band else None, floor=band.floor if band else None,
                 open=int(open_), high=int(high), low=int(low), last=int(close),
                 total_volume=int(volume))


async def seed_quote_service(quotes: QuoteService, db: Database) -> int:
    """Fill ``quotes`` from the newest bars and the bundled index days; returns the number
    of symbols. Marks the feed OLD ("prices are the newest bars") so nobody takes them for
    live prices. The index file is read in an executor."""
    for q in await bar_quotes(db):
        quotes.on_quote(q)
    days = await asyncio.to_thread(read_index_days)
    for iq in index_quotes(days):
        quotes.on_index(iq)
    newest = max((q.at for q in quotes.quotes().values()), default=None)
    quotes.on_state("bars", FeedState.OLD, "no live feed: prices are the newest daily bars",
                    newest)
    return len(quotes.quotes())
