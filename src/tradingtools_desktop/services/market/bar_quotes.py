"""The cache's newest daily bar of each symbol as a quote (source BARS), for a market with no
live source: the bar's close is ``last``, the close before it the reference, the band that
reference's, and the quote's time the bar day's close (15:00 Vietnam time), so every screen
can say how old it is."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, datetime, time

from ...domain.market.bands import price_band
from ...domain.market.calendar import VN_TZ
from ...domain.market.exchange import Exchange, SecurityKind
from ...domain.market.quotes import FeedState, Quote, QuoteSource
from ...market.bundled_indices import index_quotes, read_index_days
from ...store.db import Database, Tx
from .quote_service import QuoteService

CLOSE = time(15, 0)

_SQL = """
WITH r AS (
  SELECT symbol, day, open, high, low, close, volume,
         row_number() OVER (PARTITION BY symbol ORDER BY day DESC) AS n
  FROM daily_bars {where})
SELECT r.symbol, r.day, r.open, r.high, r.low, r.close, r.volume, p.close, i.exchange, i.kind
FROM r LEFT JOIN r AS p ON p.symbol = r.symbol AND p.n = 2
LEFT JOIN instruments AS i ON i.symbol = r.symbol
WHERE r.n = 1
"""


def close_of(day: date) -> datetime:
    return datetime.combine(day, CLOSE, tzinfo=VN_TZ)


def _quote(row: Sequence[object]) -> Quote:
    symbol, day, o, h, lo, c, vol, prev, ex, kind = row
    exchange: Exchange | None
    try:
        exchange = Exchange.parse(str(ex)) if ex else None
    except ValueError:
        exchange = None
    ref = int(str(prev)) if prev is not None else None
    band = None
    if ref and exchange is not None:
        try:
            band = price_band(exchange, ref, SecurityKind(str(kind)) if kind else
                              SecurityKind.STOCK)
        except ValueError:
            band = None
    assert isinstance(day, date)
    return Quote(symbol=str(symbol).upper(), at=close_of(day), source=QuoteSource.BARS,
                 exchange=exchange, reference=ref, ceiling=band.ceiling if band else None,
                 floor=band.floor if band else None, open=int(str(o)), high=int(str(h)),
                 low=int(str(lo)), last=int(str(c)), total_volume=int(str(vol)))


def newest_bar_quotes_tx(tx: Tx, symbols: Sequence[str] | None = None) -> list[Quote]:
    """One query (runs on the DB thread); ``None`` = every symbol in the cache."""
    if symbols is None:
        rows = tx.execute(_SQL.format(where=""), table="daily_bars")
    else:
        if not symbols:
            return []
        rows = tx.execute(_SQL.format(where="WHERE symbol IN (SELECT unnest(?))"),
                          [[s.upper() for s in symbols]], table="daily_bars")
    return [_quote(r) for r in rows]


async def newest_bar_quotes(db: Database, symbols: Sequence[str] | None = None) -> list[Quote]:
    return await db.call(lambda tx: newest_bar_quotes_tx(tx, symbols))


async def bar_quotes(db: Database) -> list[Quote]:
    """The newest bar of every symbol in the cache as a quote (one query, DB thread)."""
    return await newest_bar_quotes(db)


async def seed_quote_service(quotes: QuoteService, db: Database) -> int:
    """Fill ``quotes`` from the newest bars and the bundled index days, for symbols and
    indices it has no quote of yet; returns the number of symbols it then knows. While no
    live source has spoken (state OLD) the state keeps saying the prices are the newest
    bars, so nobody takes them for live prices; a live state is never overwritten. The
    index file is read in an executor."""
    for quote in await bar_quotes(db):
        if quotes.quote(quote.symbol) is None:
            quotes.on_quote(quote)
    days = await asyncio.to_thread(read_index_days)
    for index in index_quotes(days):
        if quotes.index(index.index_id) is None:
            quotes.on_index(index)
    if quotes.feed_status.state is FeedState.OLD:
        newest = max((q.at for q in quotes.quotes().values()), default=None)
        quotes.on_state(quotes.feed_status.feed, FeedState.OLD,
                        quotes.feed_status.detail, newest)
    return len(quotes.quotes())
