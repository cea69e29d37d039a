"""The async FastConnect Data v2.2 REST client: the eight reads of spec 4.2-4.9, typed.

Every method follows the pages to the end, sends dates as ``dd/mm/yyyy``, splits a date
range into windows of at most 30 days (DailyOhlc's limit, spec 4.6; applied to every
ranged read), parses into domain values (integer VND) and raises a typed
:class:`~.errors.SsiDataError` when it cannot. A row missing what identifies it is skipped
and counted (``skipped_rows``); an odd field in a row is ``None`` (``stats``).

:meth:`SsiDataClient.with_fallback` keeps the last good answer of each call and hands it
back, labelled with its time and the reason, when a later call of the same request fails.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ...domain.market.quotes import Bar, IndexQuote
from .errors import SsiDataError
from .rows import (
    DailyPrice,
    IndexInfo,
    IndexMembers,
    ListedSecurity,
    SecurityDetails,
    daily_index_from_row,
    daily_price_from_row,
    details_from_row,
    index_info_from_row,
    listed_from_row,
    members_from_row,
    ohlc_bar_from_row,
)
from .session import DataSession
from .wire import VN_TZ, parse_day

__all__ = ["Answer", "SsiDataClient"]

SECURITIES = "/api/v2/Market/Securities"
SECURITIES_DETAILS = "/api/v2/Market/SecuritiesDetails"
INDEX_COMPONENTS = "/api/v2/Market/IndexComponents"
INDEX_LIST = "/api/v2/Market/IndexList"
DAILY_OHLC = "/api/v2/Market/DailyOhlc"
INTRADAY_OHLC = "/api/v2/Market/IntradayOhlc"
DAILY_INDEX = "/api/v2/Market/DailyIndex"
DAILY_STOCK_PRICE = "/api/v2/Market/DailyStockPrice"
MAX_RANGE_DAYS = 30


@dataclass(frozen=True, slots=True)
class Answer[T]:
    """A read's value with its time. ``fresh`` False: the last good value, kept because the
    newest call failed (``problem`` says why, in plain words, no secret)."""

    value: T
    fetched_at: datetime  # aware UTC
    fresh: bool
    problem: str | None = None

    def age(self, now: datetime) -> timedelta:
        return max(timedelta(0), now - self.fetched_at)


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _windows(start: date, end: date) -> list[tuple[date, date]]:
    if end < start:
        raise ValueError("the start date is after the end date")
    out, cur = [], start
    while cur <= end:
        last = min(end, cur + timedelta(days=MAX_RANGE_DAYS - 1))
        out.append((cur, last))
        cur = last + timedelta(days=1)
    return out


class SsiDataClient(DataSession):
    """FastConnect Data REST. Build with :class:`~.config.SsiDataConfig` and
    :class:`~.config.SsiDataCredentials`; use as ``async with``."""

    # ---- listing -----------------------------------------------------------------------

    async def securities(self, market: str | None = None) -> list[ListedSecurity]:
        """Securities (spec 4.2): every code listed on ``market`` (HOSE, HNX, UPCOM, DER;
        None = all markets)."""
        rows, _ = await self._pages(SECURITIES, {"market": market or ""})
        return self._keep(listed_from_row(self.stats, r) for r in rows)

    async def securities_details(self, market: str | None = None,
                                 symbol: str | None = None) -> list[SecurityDetails]:
        """SecuritiesDetails (spec 4.3): name, type, lot, listed shares (and a trading
        status when SSI includes one) for ``symbol`` or every code of ``market``."""
        rows, heads = await self._pages(SECURITIES_DETAILS,
                                        {"market": market or "", "symbol": symbol or ""},
                                        nested="repeatedinfo")
        report = next((parse_day(h.get("reportdate")) for h in heads), None)
        return self._keep(details_from_row(self.stats, r, report) for r in rows)

    async def index_list(self, exchange: str | None = None) -> list[IndexInfo]:
        """IndexList (spec 4.5): the indices of ``exchange`` (HOSE, HNX; None = all)."""
        rows, _ = await self._pages(INDEX_LIST, {"exchange": exchange or ""})
        return self._keep(index_info_from_row(self.stats, r) for r in rows)

    async def index_components(self, index_code: str) -> IndexMembers:
        """IndexComponents (spec 4.4): the stocks in ``index_code`` (e.g. VN30)."""
        rows, heads = await self._pages(INDEX_COMPONENTS, {"indexCode": index_code},
                                        nested="indexcomponent")
        code, name, exchange, _ = members_from_row(self.stats, heads[0]) if heads \
            else (index_code, index_code, "", [])
        symbols = [s for r in rows if (s := self.stats.text(r, "stocksymbol")
                                       or self.stats.text(r, "symbol"))]
        return IndexMembers(code or index_code, name, exchange,
                            tuple(dict.fromkeys(s.upper() for s in symbols)))

    # ---- prices ------------------------------------------------------------------------

    async def daily_ohlc(self, symbol: str, start: date, end: date) -> list[Bar]:
        """DailyOhlc (spec 4.6): daily bars of ``symbol`` (a stock or an index id; index
        values are points, not VND - use :meth:`daily_index` for indices), oldest first."""
        out: list[Bar] = []
        for a, b in _windows(start, end):
            rows, _ = await self._pages(DAILY_OHLC, {"symbol": symbol, "fromDate": _dmy(a),
                                                     "toDate": _dmy(b), "ascending": "true"})
            out += self._keep(ohlc_bar_from_row(self.stats, r, intraday=False) for r in rows)
        return sorted(out, key=lambda bar: bar.start)

    async def intraday_ohlc(self, symbol: str, start: date, end: date, *,
                            resolution: int = 1) -> list[Bar]:
        """IntradayOhlc (spec 4.7): ``resolution``-minute bars of ``symbol``, oldest first."""
        out: list[Bar] = []
        for a, b in _windows(start, end):
            rows, _ = await self._pages(INTRADAY_OHLC, {
                "symbol": symbol, "fromDate": _dmy(a), "toDate": _dmy(b),
                "ascending": "true", "resolution": str(resolution)})
            out += self._keep(ohlc_bar_from_row(self.stats, r, intraday=True) for r in rows)
        return sorted(out, key=lambda bar: bar.start)

    async def daily_index(self, index_id: str, start: date, end: date) -> list[IndexQuote]:
        """DailyIndex (spec 4.8): one close per day of ``index_id``, oldest first."""
        out: list[IndexQuote] = []
        for a, b in _windows(start, end):
            rows, _ = await self._pages(DAILY_INDEX, {"indexId": index_id,
                                                      "fromDate": _dmy(a), "toDate": _dmy(b)})
            out += self._keep(daily_index_from_row(self.stats, r) for r in rows)
        return sorted(out, key=lambda q: q.at)

    async def daily_stock_price(self, start: date, end: date, *, symbol: str | None = None,
                                market: str | None = None) -> list[DailyPrice]:
        """DailyStockPrice (spec 4.9): one row per symbol and day - a whole market per day
        when ``symbol`` is None - with reference, ceiling, floor, OHLC, adjusted close,
        volumes and foreign flows (VND). Sorted by day, then symbol."""
        out: list[DailyPrice] = []
        for a, b in _windows(start, end):
            rows, _ = await self._pages(DAILY_STOCK_PRICE, {
                "symbol": symbol or "", "fromDate": _dmy(a), "toDate": _dmy(b),
                "market": market or ""})
            out += self._keep(daily_price_from_row(self.stats, r) for r in rows)
        if symbol:
            out = [p for p in out if p.symbol == symbol.upper()]
        return sorted(out, key=lambda p: (p.day, p.symbol))

    # ---- the last good answer ----------------------------------------------------------

    async def with_fallback[**P, T](self, call: Callable[P, Awaitable[T]], *args: P.args,
                                    **kwargs: P.kwargs) -> Answer[T]:
        """``await call(*args, **kwargs)`` as a fresh :class:`Answer`; when it fails with an
        :class:`SsiDataError` and the same request succeeded before, that last good value,
        labelled stale with its time and the reason. With no earlier value it raises."""
        key = (getattr(call, "__name__", repr(call)), args, tuple(sorted(kwargs.items())))
        try:
            value = await call(*args, **kwargs)
        except SsiDataError as exc:
            kept = self._last_good.get(key)
            if kept is None:
                raise
            return Answer(kept[0], kept[1], False, str(exc))
        now = datetime.fromtimestamp(self._clock(), tz=UTC)
        self._last_good[key] = (value, now)
        return Answer(value, now, True)

    def vn_today(self) -> date:
        return datetime.fromtimestamp(self._clock(), tz=UTC).astimezone(VN_TZ).date()

    def _keep[T](self, items: Any) -> list[T]:
        out: list[T] = []
        for item in items:
            if item is None:
                self.skipped_rows += 1
            else:
                out.append(item)
        return out

