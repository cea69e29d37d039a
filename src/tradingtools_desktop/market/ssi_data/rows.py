"""FastConnect Data REST rows as typed values (spec 4.2-4.9), prices in integer VND.

Each ``*_from_row`` takes one row whose keys were lower-cased (the spec's examples are
lower case, the real answers PascalCase) and returns the value, or None when the row lacks
what identifies it (a symbol, a date): such a row is skipped and counted by the client;
the other rows of the page are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from ...domain.market.exchange import Exchange
from ...domain.market.quotes import Bar, IndexQuote, Quote, QuoteSource, TradingStatus
from .wire import VN_TZ, WireStats, parse_day, parse_moment

__all__ = ["DailyPrice", "IndexInfo", "IndexMembers", "ListedSecurity", "SecurityDetails",
           "exchange_of"]


def exchange_of(text: Any) -> Exchange | None:
    """HOSE / HNX / UPCOM (HSX accepted); None for DER, BOND, HNXBOND and the unknown."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return Exchange.parse(text)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class ListedSecurity:
    """A Securities row: one listed code (``market`` as SSI wrote it: HOSE, HNX, UPCOM,
    DER...; ``exchange`` None outside the three stock exchanges)."""

    symbol: str
    market: str
    exchange: Exchange | None
    name: str
    name_en: str


@dataclass(frozen=True, slots=True)
class SecurityDetails:
    """A SecuritiesDetails entry (one ``RepeatedInfo`` item)."""

    symbol: str
    market: str
    exchange: Exchange | None
    name: str
    name_en: str
    sec_type: str  # ST stock, CW warrant, EF ETF, FU futures, BO bond, OF/MF funds
    lot_size: int | None
    listed_shares: int | None
    status: TradingStatus | None  # spec 4.3 has no status field: None unless SSI adds one
    report_date: date | None

    @property
    def is_stock(self) -> bool:
        return self.sec_type in ("ST", "EF", "") and self.exchange is not None


@dataclass(frozen=True, slots=True)
class IndexInfo:
    code: str
    name: str
    exchange: str


@dataclass(frozen=True, slots=True)
class IndexMembers:
    code: str
    name: str
    exchange: str
    symbols: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DailyPrice:
    """A DailyStockPrice row: one symbol's day (VND; None = not sent)."""

    symbol: str
    day: date
    reference: int | None
    ceiling: int | None
    floor: int | None
    open: int | None
    high: int | None
    low: int | None
    close: int | None
    close_adjusted: int | None
    average: int | None
    volume: int | None  # matched (normal orders)
    value: int | None
    foreign_buy: int | None
    foreign_sell: int | None
    foreign_room: int | None
    time: str | None

    def to_bar(self, source: QuoteSource = QuoteSource.SSI_REST) -> Bar | None:
        """The day as a daily bar (unadjusted prices), None when a price is missing."""
        if None in (self.open, self.high, self.low, self.close):
            return None
        assert self.open is not None and self.high is not None
        assert self.low is not None and self.close is not None
        return Bar(self.symbol, datetime.combine(self.day, time(0), VN_TZ), self.open,
                   self.high, self.low, self.close, self.volume or 0, source)

    def to_quote(self, at: datetime, source: QuoteSource = QuoteSource.SSI_REST) -> Quote:
        """The row as a quote observed at ``at`` (last = the close so far)."""
        return Quote(self.symbol, at, source, reference=self.reference,
                     ceiling=self.ceiling, floor=self.floor, open=self.open, high=self.high,
                     low=self.low, last=self.close, total_volume=self.volume,
                     total_value=self.value, foreign_buy=self.foreign_buy,
                     foreign_sell=self.foreign_sell, foreign_room=self.foreign_room)


def _symbol(w: WireStats, r: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        s = w.text(r, key)
        if s:
            return s.upper()
    return None


def listed_from_row(w: WireStats, r: dict[str, Any]) -> ListedSecurity | None:
    symbol = _symbol(w, r, "symbol")
    if symbol is None:
        return None
    market = (w.text(r, "market") or "").upper()
    return ListedSecurity(symbol, market, exchange_of(market), w.text(r, "stockname") or "",
                          w.text(r, "stockenname") or "")


def details_from_row(w: WireStats, r: dict[str, Any],
                     report_date: date | None) -> SecurityDetails | None:
    symbol = _symbol(w, r, "symbol")
    if symbol is None:
        return None
    market = (w.text(r, "marketid") or w.text(r, "exchange") or "").upper()
    status = w.text(r, "tradingstatus")
    return SecurityDetails(
        symbol, market, exchange_of(w.text(r, "exchange") or market),
        w.text(r, "symbolname") or "", w.text(r, "symbolengname") or "",
        (w.text(r, "sectype") or "").upper(), w.vnd(r, "lotsize") or None,
        w.vnd(r, "listedshare") or None, TradingStatus.parse(status) if status else None,
        report_date)


def index_info_from_row(w: WireStats, r: dict[str, Any]) -> IndexInfo | None:
    code = w.text(r, "indexcode")
    if not code:
        return None
    return IndexInfo(code, w.text(r, "indexname") or code, w.text(r, "exchange") or "")


def members_from_row(w: WireStats, r: dict[str, Any]) -> tuple[str, str, str, list[str]]:
    items = r.get("indexcomponent") or r.get("indexcomponentlist") or []
    symbols: list[str] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            s = _symbol(w, {k.lower(): v for k, v in item.items()}, "stocksymbol", "symbol")
            if s:
                symbols.append(s)
    code = w.text(r, "indexcode") or ""
    return code, w.text(r, "indexname") or code, w.text(r, "exchange") or "", symbols


def ohlc_bar_from_row(w: WireStats, r: dict[str, Any], *, intraday: bool,
                      source: QuoteSource = QuoteSource.SSI_REST) -> Bar | None:
    symbol = _symbol(w, r, "symbol")
    day = parse_day(r.get("tradingdate"))
    if symbol is None or day is None:
        return None
    prices = [w.price(r, k) for k in ("open", "high", "low", "close")]
    if any(p is None for p in prices):
        return None
    o, h, lo, c = (p for p in prices if p is not None)
    start = datetime.combine(day, time(0), VN_TZ)
    if intraday:
        start = parse_moment(r.get("tradingdate"), r.get("time"), start)
    return Bar(symbol, start, o, h, lo, c, w.vnd(r, "volume") or 0, source)


def daily_index_from_row(w: WireStats, r: dict[str, Any],
                         source: QuoteSource = QuoteSource.SSI_REST) -> IndexQuote | None:
    code = w.text(r, "indexid") or w.text(r, "indexcode")
    day = parse_day(r.get("tradingdate"))
    value = w.number(r, "indexvalue")
    if not code or day is None or value is None:
        return None
    at = parse_moment(r.get("tradingdate"), r.get("time"),
                      datetime.combine(day, time(15, 0), VN_TZ))
    return IndexQuote(code, value, at, source, change=w.number(r, "change"),
                      change_pct=w.number(r, "ratiochange"),
                      total_volume=w.vnd(r, "totalvol") or w.vnd(r, "totalmatchvol"),
                      total_value=w.vnd(r, "totalval") or w.vnd(r, "totalmatchval"),
                      advances=w.vnd(r, "advances"), declines=w.vnd(r, "declines"),
                      unchanged=w.vnd(r, "nochanges"), session=w.text(r, "tradingsession"))


def daily_price_from_row(w: WireStats, r: dict[str, Any]) -> DailyPrice | None:
    symbol = _symbol(w, r, "symbol")
    day = parse_day(r.get("tradingdate"))
    if symbol is None or day is None:
        return None
    p, v = w.price, w.vnd
    return DailyPrice(
        symbol, day, p(r, "refprice"), p(r, "ceilingprice"), p(r, "floorprice"),
        p(r, "openprice"), p(r, "highestprice"), p(r, "lowestprice"), p(r, "closeprice"),
        p(r, "closepriceadjusted"), p(r, "averageprice"), v(r, "totalmatchvol"),
        v(r, "totalmatchval"), v(r, "foreignbuyvoltotal"), v(r, "foreignsellvoltotal"),
        v(r, "foreigncurrentroom"), w.text(r, "time"))
