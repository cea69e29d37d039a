"""FastConnect Data stream pushes (spec section 3) as domain values, fast and never raising.

A ``Broadcast`` call's argument is a JSON string ``{"DataType":..,"Content":"<JSON>"}``
(Content itself a JSON string; the spec's examples also write ``datatype``/``content``, and
some servers hand an object instead of a string: both accepted). The kind comes from
``DataType`` or the content's ``RType``:

- ``X-QUOTE`` / ``Quote``: the book -> a partial :class:`Quote` (bids, asks);
- ``X-TRADE`` / ``Trade``: a print -> a :class:`Quote` (last, OHLC, totals, band...) and a
  :class:`Trade`;
- ``X``: both in one message;
- ``R``: foreign room -> a partial Quote (foreign buy / sell / room);
- ``MI``: an :class:`IndexQuote`; ``F``: a :class:`SecurityStatusUpdate`; ``B``: a
  one-minute :class:`Bar`.

A print is reported once: a trade whose cumulative volume (that day) did not grow since
the last one seen for that symbol (a repeat, or the book-only update of an ``X`` message) is
not a new trade; and the first ``X`` snapshot of a symbol only seeds that count (its last
price may be a print from minutes ago, which must not fill a dry-run order placed since).
Derivatives and bonds (exchange DER / BOND) are skipped: prices there are not VND.
Anything unreadable is counted in :attr:`StreamParser.malformed` and dropped; the next
message is read as if nothing happened.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import orjson

from ...domain.market.exchange import Exchange
from ...domain.market.quotes import (
    Bar,
    BookLevel,
    IndexQuote,
    Quote,
    QuoteSource,
    SecurityStatusUpdate,
    Trade,
    TradingStatus,
)
from .wire import WireStats, parse_moment

__all__ = ["Event", "StreamParser"]

Event = Quote | Trade | IndexQuote | SecurityStatusUpdate | Bar
_KIND = {"X-QUOTE": "Q", "QUOTE": "Q", "X-TRADE": "T", "TRADE": "T", "X": "X", "R": "R",
         "MI": "MI", "F": "F", "B": "B"}
_EXCHANGES = {"HOSE": Exchange.HOSE, "HSX": Exchange.HOSE, "HNX": Exchange.HNX,
              "UPCOM": Exchange.UPCOM}
_NOT_STOCKS = frozenset({"DER", "DERIVATIVES", "FU", "BOND", "HNXBOND", "HCMBOND"})


class _Keys:
    """The content's field names in one casing: the spec's PascalCase (read as sent, the
    fast path) or all lower case (any other casing, after one lower-casing pass)."""

    def __init__(self, lower: bool) -> None:
        def k(name: str) -> str:
            return name.lower() if lower else name

        self.rtype = (k("RType"), k("Rtype"))
        self.symbol, self.exchange = k("Symbol"), k("Exchange")
        self.market = (k("MarketId"), k("MarketID"))
        self.date, self.time, self.ttime = k("TradingDate"), k("Time"), k("TradingTime")
        self.ref, self.ceiling, self.floor = k("RefPrice"), k("Ceiling"), k("Floor")
        self.open, self.high, self.low, self.close = k("Open"), k("High"), k("Low"), k("Close")
        self.last, self.last_vol = k("LastPrice"), k("LastVol")
        self.total_vol, self.total_val = k("TotalVol"), k("TotalVal")
        self.est, self.session, self.status = (k("EstMatchedPrice"), k("TradingSession"),
                                               k("TradingStatus"))
        self.bid = tuple((k(f"BidPrice{i}"), k(f"BidVol{i}")) for i in range(1, 11))
        self.ask = tuple((k(f"AskPrice{i}"), k(f"AskVol{i}")) for i in range(1, 11))
        self.ask_net = k("AskPrice")  # the .NET model's name for AskPrice1
        self.buy, self.fbuy, self.sell, self.fsell = (k("BuyVol"), k("FBuyVol"), k("SellVol"),
                                                      k("FSellVol"))
        self.room, self.volume = k("CurrentRoom"), k("Volume")
        self.index_id = (k("IndexId"), k("IndexID"), k("IndexCode"))
        self.index_value, self.change, self.ratio = (k("IndexValue"), k("Change"),
                                                     k("RatioChange"))
        self.all_qty, self.qty = k("AllQty"), k("TotalQtty")
        self.all_value, self.value = k("AllValue"), k("TotalValue")
        self.adv, self.dec, self.unch = k("Advances"), k("Declines"), k("NoChanges")
        self.unch_alt = k("Nochanges")


_PASCAL, _LOWER = _Keys(lower=False), _Keys(lower=True)


def _first(c: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        v = c.get(name)
        if v is not None:
            return v
    return None


def _code(v: Any) -> str | None:
    return v.strip().upper() if isinstance(v, str) and v.strip() else None


class StreamParser:
    """Stateful only for trade de-duplication (the last cumulative volume per symbol)."""

    def __init__(self, now: Callable[[], datetime],
                 source: QuoteSource = QuoteSource.SSI_STREAM) -> None:
        self._now = now
        self.source = source
        self.wire = WireStats()
        self.messages = 0
        self.malformed = 0
        self.skipped = 0  # well-formed but not for us (derivatives, unknown kinds)
        self._last_total: dict[str, tuple[date, int]] = {}  # symbol -> (day, volume)

    def parse(self, arg: Any) -> list[Event]:
        """One Broadcast argument -> its events (empty when malformed or skipped)."""
        try:
            outer = orjson.loads(arg) if isinstance(arg, str) else arg
            if not isinstance(outer, dict):
                raise ValueError("not an object")
            content = outer.get("Content")
            if content is None:
                content = outer.get("content")
            kind = outer.get("DataType") or outer.get("datatype")
            if isinstance(content, str):
                content = orjson.loads(content)
            if not isinstance(content, dict):
                raise ValueError("no content")
            if "Symbol" in content or "IndexId" in content or "IndexID" in content:
                events = self._content(content, _PASCAL, kind)
            else:
                events = self._content({k.lower(): v for k, v in content.items()}, _LOWER,
                                       kind)
        except (ValueError, TypeError, AttributeError, KeyError):
            self.malformed += 1
            return []
        if events is None:
            self.malformed += 1
            return []
        self.messages += 1
        return events

    def _content(self, c: dict[str, Any], k: _Keys, datatype: Any) -> list[Event] | None:
        name = datatype if isinstance(datatype, str) and datatype else _first(c, k.rtype)
        kind = _KIND.get(name.strip().upper()) if isinstance(name, str) else None
        if kind is None:
            self.skipped += 1
            return []
        if kind == "MI":
            return self._index(c, k)
        symbol = c.get(k.symbol)
        if not isinstance(symbol, str) or not symbol.strip():
            return None
        symbol = symbol.strip().upper()
        market = c.get(k.exchange) or _first(c, k.market)
        if isinstance(market, str) and market.upper() in _NOT_STOCKS:
            self.skipped += 1
            return []
        exchange = _EXCHANGES.get(market.upper()) if isinstance(market, str) else None
        at = parse_moment(c.get(k.date), c.get(k.time) or c.get(k.ttime), self._now())
        if kind == "B":
            return self._bar(c, k, symbol, at)
        if kind == "F":
            status = c.get(k.status)
            return [SecurityStatusUpdate(
                symbol, at, self.source, exchange,
                TradingStatus.parse(status) if isinstance(status, str) else None,
                _code(c.get(k.session)))]
        w = self.wire
        if kind == "R":
            buy = w.vnd(c, k.buy) if k.buy in c else w.vnd(c, k.fbuy)
            sell = w.vnd(c, k.sell) if k.sell in c else w.vnd(c, k.fsell)
            return [Quote(symbol, at, self.source, exchange, foreign_buy=buy,
                          foreign_sell=sell, foreign_room=w.vnd(c, k.room))]
        return self._market(c, k, symbol, exchange, at, kind)

    def _market(self, c: dict[str, Any], k: _Keys, symbol: str, exchange: Exchange | None,
                at: datetime, kind: str) -> list[Event]:
        w = self.wire
        bids = asks = None
        first_ask = k.ask[0][0]
        if k.bid[0][0] in c or first_ask in c or k.ask_net in c:
            if first_ask not in c and k.ask_net in c:
                c[first_ask] = c[k.ask_net]
            bids = self._levels(c, k.bid)
            asks = self._levels(c, k.ask)
        status = c.get(k.status)
        last = w.price(c, k.last)
        last_vol = w.vnd(c, k.last_vol)
        total = w.vnd(c, k.total_vol)
        session = _code(c.get(k.session))
        quote = Quote(
            symbol, at, self.source, exchange, reference=w.price(c, k.ref),
            ceiling=w.price(c, k.ceiling), floor=w.price(c, k.floor), open=w.price(c, k.open),
            high=w.price(c, k.high), low=w.price(c, k.low), last=last,
            last_volume=last_vol if last else None, total_volume=total,
            total_value=w.vnd(c, k.total_val), bids=bids, asks=asks,
            auction_price=w.price(c, k.est), session=session,
            status=TradingStatus.parse(status) if isinstance(status, str) else None)
        out: list[Event] = [quote]
        if kind != "Q" and last and last_vol:
            day = at.date()
            kept = self._last_total.get(symbol)
            seen = kept[1] if kept is not None and kept[0] == day else None
            if total is None or (seen is None and kind == "T") or (
                    seen is not None and total > seen):
                out.append(Trade(symbol, last, last_vol, at, self.source, total, session))
            if total is not None:
                self._last_total[symbol] = (day, max(total, seen or 0))
        return out

    def _levels(self, c: dict[str, Any], keys: tuple[tuple[str, str], ...],
                ) -> tuple[BookLevel, ...]:
        vnd = self.wire.vnd
        levels = []
        for pk, vk in keys:
            p = c.get(pk)
            if p is None or p == 0:  # absent, or an empty level
                continue
            price = p if type(p) is int else vnd(c, pk)
            if not price:
                continue
            v = c.get(vk)
            levels.append(BookLevel(price, v if type(v) is int else (vnd(c, vk) or 0)))
        return tuple(levels)

    def _index(self, c: dict[str, Any], k: _Keys) -> list[Event] | None:
        w = self.wire
        code = _first(c, k.index_id)
        value = w.number(c, k.index_value)
        if not isinstance(code, str) or not code or value is None:
            return None
        at = parse_moment(c.get(k.date), c.get(k.time), self._now())
        total = w.vnd(c, k.all_qty)
        value_vnd = w.vnd(c, k.all_value)
        unchanged = w.vnd(c, k.unch) if k.unch in c else w.vnd(c, k.unch_alt)
        return [IndexQuote(
            code.strip(), value, at, self.source, change=w.number(c, k.change),
            change_pct=w.number(c, k.ratio),
            total_volume=total if total is not None else w.vnd(c, k.qty),
            total_value=value_vnd if value_vnd is not None else w.vnd(c, k.value),
            advances=w.vnd(c, k.adv), declines=w.vnd(c, k.dec), unchanged=unchanged,
            session=_code(c.get(k.session)))]

    def _bar(self, c: dict[str, Any], k: _Keys, symbol: str, at: datetime,
             ) -> list[Event] | None:
        w = self.wire
        o, h, lo, cl = (w.price(c, key) for key in (k.open, k.high, k.low, k.close))
        if o is None or h is None or lo is None or cl is None:
            return None
        start = at.replace(second=0, microsecond=0)
        return [Bar(symbol, start, o, h, lo, cl, w.vnd(c, k.volume) or 0, self.source)]
