"""T+2: shares bought on T are sellable, and sale cash usable, two trading days later."""

from __future__ import annotations

from datetime import date

from .calendar import TradingCalendar

SETTLEMENT_DAYS = 2


def settlement_date(trade_date: date, calendar: TradingCalendar,
                    days: int = SETTLEMENT_DAYS) -> date:
    return calendar.add_trading_days(trade_date, days)
