"""Bars of each kind -> a chart :class:`Series` in display units, with the title and the
sentence to show when there is nothing (English source; tr() here, at the edge)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from ...domain.market.calendar import VN_TZ
from ...domain.market.quotes import Bar, Quote, QuoteSource
from ...i18n import tr
from ...market.bundled_indices import IndexDay
from ...store.market_repo import BarRow
from .price_chart import DAY, Series

_NOT_LIVE = (QuoteSource.BARS,)  # the cache's own newest bar is no new day


def day_start(day: date) -> float:
    return datetime.combine(day, time(0, 0), tzinfo=VN_TZ).timestamp()


def live_day(rows: Sequence[BarRow], quote: Quote | None,
             session_began: datetime | None) -> BarRow | None:
    """Today's bar as it forms, from a live quote of the current session (at or after
    ``session_began``, the start of the session's day; None: no clock, no forming bar)
    whose day is after the newest stored bar: open / high / low as the feed gives them
    (else the last price), close = the last price, volume = matched so far. None when the
    quote is not live, is older than the session, has no last price, or its day is
    already stored."""
    if quote is None or quote.last is None or quote.source in _NOT_LIVE \
            or session_began is None or quote.at < session_began:
        return None
    day = quote.at.astimezone(VN_TZ).date()
    if rows and day <= rows[-1].day:
        return None
    prices = [p for p in (quote.open, quote.high, quote.low, quote.last) if p is not None]
    return BarRow(quote.symbol, day, quote.open or quote.last, max(prices), min(prices),
                  quote.last, quote.total_volume or 0, "live", quote.source.value)


def daily_series(symbol: str, rows: Sequence[BarRow],
                 overlays: dict[str, tuple[str, Sequence[float]]] | None = None, *,
                 forming: BarRow | None = None) -> Series:
    """The daily candles of ``rows``, with ``forming`` (today's bar from the live quote,
    see :func:`live_day`) after them when given."""
    if forming is not None:
        rows = [*rows, forming]
    if not rows:
        return _empty(tr("No daily bars for {symbol}. Import them with `tradingtools data "
                         "import` or fetch them with `tradingtools data fetch`.").format(
                             symbol=symbol))
    title = tr("{symbol} — daily, {n} bars to {day} (x1,000 VND)").format(
        symbol=symbol, n=len(rows), day=rows[-1].day.strftime("%d/%m/%Y"))
    if forming is not None:
        title += tr("; today's bar forms from the live quote")
    return Series(title, [day_start(r.day) for r in rows], [r.open / 1000 for r in rows],
                  [r.high / 1000 for r in rows], [r.low / 1000 for r in rows],
                  [r.close / 1000 for r in rows], [float(r.volume) for r in rows], DAY,
                  overlays or {})


def intraday_series(symbol: str, bars: Sequence[Bar], minutes: int) -> Series:
    if not bars:
        return _empty(tr("No trades for {symbol} yet: {n}-minute bars are built from the "
                         "live feed's trades. Connect a price feed (SSI FastConnect Data key "
                         "in Setup) during a session.").format(symbol=symbol, n=minutes))
    title = tr("{symbol} — {n}-minute bars from the feed's trades (x1,000 VND)").format(
        symbol=symbol, n=minutes)
    return Series(title, [b.start.timestamp() for b in bars], [b.open / 1000 for b in bars],
                  [b.high / 1000 for b in bars], [b.low / 1000 for b in bars],
                  [b.close / 1000 for b in bars], [float(b.volume) for b in bars],
                  minutes * 60)


def index_series(name: str, days: Sequence[IndexDay]) -> Series:
    if not days:
        return _empty(tr("No bars for {name}.").format(name=name))
    title = tr("{name} — daily, {n} sessions to {day} (points)").format(
        name=name, n=len(days), day=days[-1].day.strftime("%d/%m/%Y"))
    return Series(title, [day_start(d.day) for d in days], [d.open for d in days],
                  [d.high for d in days], [d.low for d in days], [d.close for d in days],
                  [float(d.volume) for d in days], DAY)


def _empty(text: str) -> Series:
    return Series(text, [], [], [], [], [], [], DAY)
