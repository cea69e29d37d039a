"""The market side of a risk pre-check: what the stored data says of one symbol today.

Contract: :func:`load_market` reads (in the caller's transaction) the instrument, its
listing status and its two newest daily bars into a :class:`MarketSnapshot` (the
reference is the newest bar of an earlier day; a delisted code is not known).
:func:`with_quote` lays the quote service's newest quote over a snapshot (a pure function).
A stored listing status counts only when it blocks orders. No caching here: the risk
service caches snapshots per symbol and day.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from ..domain.market.bands import PriceBand
from ..domain.market.calendar import to_vn_time
from ..domain.market.exchange import Exchange, SecurityKind
from ..domain.market.quotes import Quote, TradingStatus
from ..store.db import Tx
from ..store.listing_repo import status_of_name


@dataclass(frozen=True, slots=True)
class MarketSnapshot:
    known: bool
    exchange: Exchange | None
    kind: SecurityKind
    reference_price: int | None
    reference_day: date | None
    last_price: int | None
    last_day: date | None
    band: PriceBand | None = None  # today's band as the exchange published it, when known
    quote: Quote | None = None  # the quote service's quote the snapshot was laid over
    listing_status: TradingStatus | None = None  # the status the stored listing gives


class QuoteReader(Protocol):
    """What the checks read from the quote service (see ``services.market``)."""

    def quote(self, symbol: str) -> Quote | None: ...

    def status_of(self, symbol: str) -> TradingStatus | None: ...


def with_quote(market: MarketSnapshot, quote: Quote | None, today: date) -> MarketSnapshot:
    """``market`` (the cache's bars) with the quote service's newest quote laid over it:
    a quote of today's session gives today's reference, band and last price as the exchange
    published them; a quote of an earlier session newer than the cache's bars gives that
    session's close as today's reference. Without a usable quote, ``market`` as it is."""
    if quote is None:
        return market
    day = to_vn_time(quote.at).date()
    exchange = market.exchange or quote.exchange
    if day == today and quote.reference:
        band = PriceBand(quote.reference, quote.ceiling, quote.floor) \
            if quote.ceiling and quote.floor else None
        return replace(market, exchange=exchange, reference_price=quote.reference,
                       reference_day=today, last_price=quote.last or market.last_price,
                       last_day=today if quote.last else market.last_day, band=band,
                       quote=quote)
    if day < today and quote.last and (market.last_day is None or day >= market.last_day):
        return replace(market, exchange=exchange, reference_price=quote.last,
                       reference_day=day, last_price=quote.last, last_day=day, quote=quote)
    return replace(market, quote=quote)


def load_market(tx: Tx, symbol: str, today: date) -> MarketSnapshot:
    # a code the listing marks delisted is not tradable: not known to the rules
    inst = tx.one("SELECT i.exchange, i.kind, s.status FROM instruments i "
                  "LEFT JOIN listing_status s "
                  "ON s.symbol = i.symbol WHERE i.symbol = ? AND "
                  "coalesce(s.status, 'normal') <> 'delisted'", [symbol])
    bars = tx.execute("SELECT close, day FROM daily_bars WHERE symbol = ? "
                      "ORDER BY day DESC LIMIT 2", [symbol])
    ref = next((b for b in bars if b[1] < today), None)
    last = bars[0] if bars else None
    return MarketSnapshot(
        known=inst is not None,
        exchange=Exchange.parse(str(inst[0])) if inst else None,
        kind=SecurityKind(str(inst[1])) if inst else SecurityKind.STOCK,
        reference_price=int(ref[0]) if ref else None, reference_day=ref[1] if ref else None,
        last_price=int(last[0]) if last else None, last_day=last[1] if last else None,
        listing_status=_blocking(status_of_name(str(inst[2]))) if inst and inst[2] else None)


def _blocking(status: TradingStatus) -> TradingStatus | None:
    """A stored listing status counts only when it blocks orders: its "normal" is of the
    day the listing was read, not a live status, so it never claims a symbol trades now."""
    return status if status.blocks_orders else None
