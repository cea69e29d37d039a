"""The quote service: the one place every consumer reads the market from.

A feed (SSI Data stream or poll, vnstock poll, a replay, or the cache's newest bars) pushes
into it through the :class:`~tradingtools_desktop.market.feed.QuoteSink` methods, on the
asyncio loop, in order. It keeps, per symbol, the merged :class:`Quote`, the last printed
trades (newest last, bounded), the newest status; per index the newest value; and the feed's
state. Readers either ask (``quote``, ``trades``, ``index``, ``status_of``, ``feed_state``) or
listen (``listen``): a listener is called synchronously with each change, after the change
is stored, and must not block (the Qt bridge coalesces; the dry-run broker matches). A
listener that raises is logged and kept; it never stops the feed or other listeners.

Qt-free and I/O-free, so the GUI, the CLI, the risk engine and the dry-run broker share it.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from ...domain.market.calendar import to_vn_time
from ...domain.market.quotes import (
    FeedState,
    IndexQuote,
    Quote,
    QuoteSource,
    SecurityStatusUpdate,
    Trade,
    TradingStatus,
)

log = logging.getLogger(__name__)

# one print on a tape: price, volume, at, source value, total volume, session
_Print = tuple[int, int, datetime, str, int | None, str | None]

TRADES_KEPT = 200  # per symbol: enough for the ticket's tape and partial-fill matching


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """What the price feed is doing, for the status bar and the ticket."""

    feed: str  # which feed ("ssi-data", "vnstock", "replay", "bars")
    state: FeedState
    detail: str  # a short plain reason, no secret (English source text; tr() at the edge)
    since: datetime | None = None


class QuoteEvent:
    """Kinds of change a listener hears about (``kind`` strings, stable)."""

    QUOTE = "quote"
    TRADE = "trade"
    INDEX = "index"
    STATUS = "status"
    FEED = "feed"


Listener = Callable[[str, object], None]
"""``listener(kind, payload)``: kind from :class:`QuoteEvent`; payload the merged Quote,
the Trade, the IndexQuote, the SecurityStatusUpdate or the FeedStatus."""


def _session_day(at: datetime) -> date:
    return to_vn_time(at).date()


class QuoteService:
    """Implements ``QuoteSink``; see the module docstring for the contract."""

    def __init__(self, *, trades_kept: int = TRADES_KEPT) -> None:
        self._quotes: dict[str, Quote] = {}
        # the tapes as plain tuples of atomic values, not Trade objects: 1,600 symbols x 200
        # prints is 320,000 entries, which as objects the cyclic GC would scan on every full
        # collection (~150 ms on the Qt thread); such tuples it stops tracking
        self._trades: dict[str, deque[_Print]] = {}
        self._indices: dict[str, IndexQuote] = {}
        self._status: dict[str, SecurityStatusUpdate] = {}
        self._feed = FeedStatus(feed="bars", state=FeedState.OLD, detail="no live feed")
        self._listeners: list[Listener] = []
        self._trades_kept = trades_kept

    # --- QuoteSink -------------------------------------------------------------------
    def on_quote(self, quote: Quote) -> None:
        """Merged over the symbol's quote of the same session day; a quote of a newer day
        replaces it; one of an older day is dropped (it never overwrites a newer price)."""
        symbol = quote.symbol.upper()
        if quote.symbol != symbol:
            quote = replace(quote, symbol=symbol)
        old = self._quotes.get(symbol)
        if old is None:
            merged = quote
        else:
            # a quote of a newer session replaces an older session's (yesterday's band, book
            # or volume must never show through fields today's first push does not carry);
            # one of an older session than the one held is stale and dropped
            new_day, old_day = _session_day(quote.at), _session_day(old.at)
            if new_day < old_day:
                return
            merged = quote if new_day > old_day else old.merge(quote)
        self._quotes[symbol] = merged
        self._emit(QuoteEvent.QUOTE, merged)

    def on_trade(self, trade: Trade) -> None:
        symbol = trade.symbol.upper()
        tape = self._trades.get(symbol)
        if tape is None:
            tape = self._trades[symbol] = deque(maxlen=self._trades_kept)
        tape.append((trade.price, trade.volume, trade.at, trade.source.value,
                     trade.total_volume, trade.session))
        self._emit(QuoteEvent.TRADE, trade)

    def on_index(self, index: IndexQuote) -> None:
        self._indices[index.index_id.upper()] = index
        self._emit(QuoteEvent.INDEX, index)

    def on_status(self, status: SecurityStatusUpdate) -> None:
        self._status[status.symbol.upper()] = status
        self._emit(QuoteEvent.STATUS, status)

    def on_state(self, feed: str, state: FeedState, detail: str,
                 at: datetime | None = None) -> None:
        self._feed = FeedStatus(feed=feed, state=state, detail=detail, since=at)
        self._emit(QuoteEvent.FEED, self._feed)

    # --- readers ---------------------------------------------------------------------
    def quote(self, symbol: str) -> Quote | None:
        return self._quotes.get(symbol.upper())

    def quotes(self, symbols: Iterable[str] | None = None) -> dict[str, Quote]:
        if symbols is None:
            return dict(self._quotes)
        found = {}
        for symbol in symbols:
            quote = self._quotes.get(symbol.upper())
            if quote is not None:
                found[quote.symbol.upper()] = quote
        return found

    def trades(self, symbol: str, last: int | None = None) -> list[Trade]:
        """The symbol's printed trades, oldest first (the ``last`` newest when given)."""
        key = symbol.upper()
        tape = list(self._trades.get(key, ()))
        if last is not None:
            tape = tape[-last:] if last > 0 else []
        return [Trade(key, price, volume, at, QuoteSource(source), total, session)
                for price, volume, at, source, total, session in tape]

    def index(self, index_id: str) -> IndexQuote | None:
        return self._indices.get(index_id.upper())

    def status_of(self, symbol: str) -> TradingStatus | None:
        """The newest known trading status: a status push or SecuritiesDetails row first,
        else the status a quote carried; None when nothing said."""
        update = self._status.get(symbol.upper())
        if update is not None and update.status is not None:
            return update.status
        quote = self._quotes.get(symbol.upper())
        return quote.status if quote is not None else None

    @property
    def feed_status(self) -> FeedStatus:
        return self._feed

    # --- listeners -------------------------------------------------------------------
    def listen(self, listener: Listener) -> Callable[[], None]:
        """Hear every change; returns the call that stops listening."""
        self._listeners.append(listener)

        def stop() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return stop

    def _emit(self, kind: str, payload: object) -> None:
        for listener in tuple(self._listeners):
            try:
                listener(kind, payload)
            except Exception:  # a consumer's bug must not stop the market for the others
                log.exception("quote listener failed on %s", kind)
