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

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

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
_BID = tuple((f"bidprice{i}", f"bidvol{i}") for i in range(1, 11))
_ASK = tuple((f"askprice{i}", f"askvol{i}") for i in range(1, 11))


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
            outer = json.loads(arg) if isinstance(arg, str) else arg
            if not isinstance(outer, dict):
                raise ValueError("not an object")
            content = outer.get("Content")
            if content is None:
                content = outer.get("content")
            kind = outer.get("DataType") or outer.get("datatype")
            if isinstance(content, str):
                content = json.loads(content)
            if not isinstance(content, dict):
                raise ValueError("no content")
            events = self._content({k.lower(): v for k, v in content.items()}, kind)
        except (ValueError, TypeError, AttributeError, KeyError):
            self.malformed += 1
            return []
        if events is None:
            self.malformed += 1
            return []
        self.messages += 1
        return events

    def _content(self, c: dict[str, Any], datatype: Any) -> list[Event] | None:
        rtype = c.get("rtype")
        name = (datatype if isinstance(datatype, str) and datatype else rtype)
        kind = _KIND.get(name.strip().upper()) if isinstance(name, str) else None
        if kind is None:
            self.skipped += 1
            return []
        if kind == "MI":
            return self._index(c)
        symbol = c.get("symbol")
        if not isinstance(symbol, str) or not symbol.strip():
            return None
        symbol = symbol.strip().upper()
        market = c.get("exchange") or c.get("marketid")
        if isinstance(market, str) and market.upper() in _NOT_STOCKS:
            self.skipped += 1
            return []
        exchange = _EXCHANGES.get(market.upper()) if isinstance(market, str) else None
        at = parse_moment(c.get("tradingdate"), c.get("time") or c.get("tradingtime"),
                          self._now())
        if kind == "B":
            return self._bar(c, symbol, at)
        if kind == "F":
            status = c.get("tradingstatus")
            session = c.get("tradingsession")
            return [SecurityStatusUpdate(
                symbol, at, self.source, exchange,
                TradingStatus.parse(status) if isinstance(status, str) else None,
                session.strip().upper() if isinstance(session, str) and session else None)]
        if kind == "R":
            w = self.wire
            buy = w.vnd(c, "buyvol") if "buyvol" in c else w.vnd(c, "fbuyvol")
            sell = w.vnd(c, "sellvol") if "sellvol" in c else w.vnd(c, "fsellvol")
            return [Quote(symbol, at, self.source, exchange, foreign_buy=buy,
                          foreign_sell=sell, foreign_room=w.vnd(c, "currentroom"))]
        return self._market(c, symbol, exchange, at, kind)

    def _market(self, c: dict[str, Any], symbol: str, exchange: Exchange | None,
                at: datetime, kind: str) -> list[Event]:
        w = self.wire
        bids = asks = None
        if "bidprice1" in c or "askprice1" in c or "askprice" in c:
            if "askprice1" not in c and "askprice" in c:  # the .NET model's spelling
                c["askprice1"] = c["askprice"]
            bids = self._levels(c, _BID)
            asks = self._levels(c, _ASK)
        status = c.get("tradingstatus")
        session = c.get("tradingsession")
        last = w.price(c, "lastprice")
        last_vol = w.vnd(c, "lastvol")
        total = w.vnd(c, "totalvol")
        quote = Quote(
            symbol, at, self.source, exchange,
            reference=w.price(c, "refprice"), ceiling=w.price(c, "ceiling"),
            floor=w.price(c, "floor"), open=w.price(c, "open"), high=w.price(c, "high"),
            low=w.price(c, "low"), last=last, last_volume=last_vol if last else None,
            total_volume=total, total_value=w.vnd(c, "totalval"), bids=bids, asks=asks,
            auction_price=w.price(c, "estmatchedprice"),
            session=session.strip().upper() if isinstance(session, str) and session else None,
            status=TradingStatus.parse(status) if isinstance(status, str) else None)
        out: list[Event] = [quote]
        if kind != "Q" and last and last_vol:
            day = at.date()
            kept = self._last_total.get(symbol)
            seen = kept[1] if kept is not None and kept[0] == day else None
            if total is None or (seen is None and kind == "T") or (
                    seen is not None and total > seen):
                out.append(Trade(symbol, last, last_vol, at, self.source, total,
                                 quote.session))
            if total is not None:
                self._last_total[symbol] = (day, max(total, seen or 0))
        return out

    def _levels(self, c: dict[str, Any], keys: tuple[tuple[str, str], ...],
                ) -> tuple[BookLevel, ...]:
        w = self.wire
        levels = []
        for pk, vk in keys:
            if pk not in c:
                continue
            price = w.price(c, pk)
            if price:
                levels.append(BookLevel(price, w.vnd(c, vk) or 0))
        return tuple(levels)

    def _index(self, c: dict[str, Any]) -> list[Event] | None:
        w = self.wire
        code = c.get("indexid") or c.get("indexcode")
        value = w.number(c, "indexvalue")
        if not isinstance(code, str) or not code or value is None:
            return None
        at = parse_moment(c.get("tradingdate"), c.get("time"), self._now())
        session = c.get("tradingsession")
        total = w.vnd(c, "allqty")
        value_vnd = w.vnd(c, "allvalue")
        return [IndexQuote(
            code.strip(), value, at, self.source, change=w.number(c, "change"),
            change_pct=w.number(c, "ratiochange"),
            total_volume=total if total is not None else w.vnd(c, "totalqtty"),
            total_value=value_vnd if value_vnd is not None else w.vnd(c, "totalvalue"),
            advances=w.vnd(c, "advances"), declines=w.vnd(c, "declines"),
            unchanged=w.vnd(c, "nochanges"),
            session=session.strip().upper() if isinstance(session, str) and session else None)]

    def _bar(self, c: dict[str, Any], symbol: str, at: datetime) -> list[Event] | None:
        w = self.wire
        o, h, lo, cl = (w.price(c, k) for k in ("open", "high", "low", "close"))
        if o is None or h is None or lo is None or cl is None:
            return None
        start = at.replace(second=0, microsecond=0)
        return [Bar(symbol, start, o, h, lo, cl, w.vnd(c, "volume") or 0, self.source)]
