"""The market as the app sees it: quotes, printed trades, index values, security status.

Prices are integer VND (the feeds send VND; the boards *show* thousands). Every quote says
where it came from (``source``) and when the exchange produced it (``at``, aware), so every
screen can say how old a price is. A feed message usually carries only part of a quote (an
``X-QUOTE`` push has the book, an ``X-TRADE`` push the last trade): fields a message does not
carry are ``None`` and :meth:`Quote.merge` lays a newer partial quote over an older one.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from enum import StrEnum

from .exchange import Exchange


class QuoteSource(StrEnum):
    """Where a price came from, best first."""

    SSI_STREAM = "ssi-stream"  # FastConnect Data streaming (X-QUOTE / X-TRADE / ...)
    SSI_REST = "ssi-rest"  # FastConnect Data REST, polled (stream down or silent)
    VNSTOCK = "vnstock"  # vnstock Trading.price_board, polled (no SSI Data keys)
    REPLAY = "replay"  # a past session played back (practice outside market hours)
    BARS = "bars"  # the newest daily bar in the cache (bundled, imported or refreshed)


class FeedState(StrEnum):
    """What the app's price feed is doing now; shown in the status bar and on the ticket."""

    LIVE = "live"  # a stream is open and talking
    CONNECTING = "connecting"  # trying to open (or re-open) a stream
    POLLING = "polling"  # prices polled over REST / vnstock (stream down or not configured)
    OLD = "old"  # no live source: prices are the cache's newest bars, shown with their age
    REPLAY = "replay"  # a replay clock drives the market


class TradingStatus(StrEnum):
    """A security's trading status (FastConnect ``TradingStatus``)."""

    NORMAL = "N"
    HALTED = "H"  # halted intraday
    SUSPENDED = "S"
    DELISTED = "D"
    NEW_LISTING = "NL"
    TO_BE_DELISTED = "ND"
    SPECIAL = "ST"  # special trading (warning / control)
    SUSPENDED_MATCHING = "SA"  # no order matching
    SUSPENDED_PUT_THROUGH = "SP"

    @classmethod
    def parse(cls, code: str | None) -> TradingStatus | None:
        """The status of a feed code; None for an empty or unknown one (never a guess)."""
        value = (code or "").strip().upper()
        if value == "NT":  # seen in SSI's own example for a normally trading symbol
            return cls.NORMAL
        try:
            return cls(value)
        except ValueError:
            return None

    @property
    def blocks_orders(self) -> bool:
        """New orders cannot match while the security is in this status."""
        return self in (TradingStatus.HALTED, TradingStatus.SUSPENDED, TradingStatus.DELISTED,
                        TradingStatus.SUSPENDED_MATCHING)


@dataclass(frozen=True, slots=True)
class BookLevel:
    price: int  # VND; 0 never appears (an empty level is left out)
    volume: int  # shares


@dataclass(frozen=True, slots=True)
class Quote:
    """One symbol's market. ``None`` = not known (or, in a partial update, not carried)."""

    symbol: str
    at: datetime  # exchange time of the newest data in it, aware
    source: QuoteSource
    exchange: Exchange | None = None
    reference: int | None = None  # TC
    ceiling: int | None = None  # Trần
    floor: int | None = None  # Sàn
    open: int | None = None
    high: int | None = None
    low: int | None = None
    last: int | None = None  # last matched price
    last_volume: int | None = None
    total_volume: int | None = None  # matched since the open
    total_value: int | None = None  # VND
    bids: tuple[BookLevel, ...] | None = None  # best first
    asks: tuple[BookLevel, ...] | None = None  # best first
    auction_price: int | None = None  # the exchange's estimated / final ATO-ATC price
    session: str | None = None  # the feed's session code: ATO, LO, BREAK, ATC, PT, C, HALT
    status: TradingStatus | None = None
    foreign_buy: int | None = None  # shares bought by foreigners today
    foreign_sell: int | None = None
    foreign_room: int | None = None  # shares foreigners may still buy

    def merge(self, newer: Quote) -> Quote:
        """``self`` with every field ``newer`` carries laid over it (same symbol)."""
        if newer.symbol != self.symbol:
            raise ValueError(f"cannot merge {newer.symbol} into {self.symbol}")
        # the feed's hot path (thousands a second, on the GUI thread): one positional
        # construction over the field names, without dataclasses.replace's per-call fields()
        values = [n if (n := getattr(newer, name)) is not None else getattr(self, name)
                  for name in _QUOTE_FIELDS]
        values[1] = max(self.at, newer.at)
        return Quote(*values)

    @property
    def change(self) -> int | None:
        if self.last is None or self.reference is None:
            return None
        return self.last - self.reference

    @property
    def change_bps(self) -> int | None:
        """Change against the reference in basis points (1 % = 100), rounded half away."""
        change = self.change
        if change is None or not self.reference:
            return None
        scaled = change * 10_000
        half = self.reference // 2
        return (scaled + half) // self.reference if scaled >= 0 else \
            -((-scaled + half) // self.reference)

    @property
    def best_bid(self) -> BookLevel | None:
        return self.bids[0] if self.bids else None

    @property
    def best_ask(self) -> BookLevel | None:
        return self.asks[0] if self.asks else None

    def age(self, now: datetime) -> timedelta:
        return max(timedelta(0), now - self.at)


_QUOTE_FIELDS = tuple(f.name for f in fields(Quote))  # in __init__ order ("at" second)


@dataclass(frozen=True, slots=True)
class Trade:
    """One printed trade (a match on the exchange's tape)."""

    symbol: str
    price: int  # VND
    volume: int  # shares in this print
    at: datetime
    source: QuoteSource
    total_volume: int | None = None  # cumulative after it (spots a missed print)
    session: str | None = None


@dataclass(frozen=True, slots=True)
class IndexQuote:
    """An index value (FastConnect ``MI``): VNINDEX, VN30, HNXIndex, HNX30, HNXUpcomIndex."""

    index_id: str
    value: float  # points (an index is not money)
    at: datetime
    source: QuoteSource
    change: float | None = None
    change_pct: float | None = None
    total_volume: int | None = None
    total_value: int | None = None  # VND
    advances: int | None = None
    declines: int | None = None
    unchanged: int | None = None
    session: str | None = None


@dataclass(frozen=True, slots=True)
class SecurityStatusUpdate:
    """A security status push (FastConnect ``F``) or a SecuritiesDetails row."""

    symbol: str
    at: datetime
    source: QuoteSource
    exchange: Exchange | None = None
    status: TradingStatus | None = None
    session: str | None = None


@dataclass(frozen=True, slots=True)
class Bar:
    """An OHLC bar (daily or intraday), prices in VND."""

    symbol: str
    start: datetime  # aware; a daily bar starts at 00:00 Vietnam time of its day
    open: int
    high: int
    low: int
    close: int
    volume: int
    source: QuoteSource
