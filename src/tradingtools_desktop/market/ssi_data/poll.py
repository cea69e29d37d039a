"""One REST poll of the feed's symbols (when the stream is down or silent in session, and
once outside the session for the last session's close: :func:`last_session_day`).

Stocks: DailyStockPrice for today, one call per symbol up to ``symbol_limit`` symbols,
else whole markets (HOSE, HNX, UPCOM: a few pages of 1,000 rows each), filtered here.
Indices: DailyIndex for today. Only today's rows become quotes (yesterday's close is not a
live price); a quote's time is the row's time when SSI gives one, else the poll's.
The client paces the requests; errors propagate (the feed decides what they mean).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime, time

from ...domain.market.calendar import TradingCalendar
from ...domain.market.quotes import IndexQuote, Quote, QuoteSource
from .client import SsiDataClient
from .feed_config import INDEX_IDS
from .wire import VN_TZ, parse_moment

__all__ = ["last_session_day", "poll_rest"]
SESSION_OPENS = time(9, 0)  # Vietnam time: before it, the last session is the previous day's


def last_session_day(now: datetime, calendar: TradingCalendar) -> date:
    """The day of the newest session that has begun by ``now``: today from 09:00 Vietnam
    time on a trading day, else the trading day before."""
    local = now.astimezone(VN_TZ)
    today = local.date()
    if calendar.is_trading_day(today) and local.time() >= SESSION_OPENS:
        return today
    return calendar.previous_trading_day(today)


async def poll_rest(client: SsiDataClient, stocks: Collection[str],
                    indices: Mapping[str, str], now: datetime,
                    symbol_limit: int, *, day: date | None = None,
                    ) -> tuple[list[Quote], list[IndexQuote]]:
    """The quotes of ``stocks`` and values of ``indices`` (SSI ids upper-cased) of ``day``
    (default: today); rows of any other day are left out."""
    today = day or now.astimezone(VN_TZ).date()
    rows = []
    if len(stocks) <= symbol_limit:
        for symbol in sorted(stocks):
            rows += await client.daily_stock_price(today, today, symbol=symbol)
    else:
        for market in ("HOSE", "HNX", "UPCOM"):
            rows += await client.daily_stock_price(today, today, market=market)
    values: list[IndexQuote] = []
    for ssi_id in indices:
        values += await client.daily_index(INDEX_IDS.get(ssi_id, ssi_id), today, today)
    quotes = []
    for row in rows:
        if row.day == today and row.symbol in stocks:
            at = parse_moment(row.day.strftime("%d/%m/%Y"), row.time, now)
            quotes.append(row.to_quote(min(at, now), QuoteSource.SSI_REST))
    return quotes, [v for v in values if v.at.astimezone(VN_TZ).date() == today]
