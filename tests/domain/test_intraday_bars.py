from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from tradingtools_desktop.domain.market.intraday import bars_from_trades, bucket_start
from tradingtools_desktop.domain.market.quotes import QuoteSource, Trade

VN = timezone(timedelta(hours=7))


def _t(hh: int, mm: int, ss: int, price: int, vol: int) -> Trade:
    return Trade("fpt", price, vol, datetime(2026, 11, 25, hh, mm, ss, tzinfo=VN),
                 QuoteSource.SSI_STREAM)


def test_one_minute_bars_take_first_high_low_last_and_the_volume():
    bars = bars_from_trades([_t(9, 15, 3, 99_600, 100), _t(9, 15, 40, 99_900, 200),
                             _t(9, 15, 59, 99_500, 300), _t(9, 17, 0, 99_700, 50)])
    assert [(b.start.strftime("%H:%M"), b.open, b.high, b.low, b.close, b.volume)
            for b in bars] == [("09:15", 99_600, 99_900, 99_500, 99_500, 600),
                               ("09:17", 99_700, 99_700, 99_700, 99_700, 50)]
    assert bars[0].symbol == "FPT"


def test_five_minute_bars_align_to_the_clock_in_vietnam_time_and_a_late_print_lands_home():
    utc = datetime(2026, 11, 25, 2, 17, tzinfo=UTC)  # 09:17 in Vietnam
    assert bucket_start(utc, 5).strftime("%H:%M") == "09:15"
    bars = bars_from_trades([_t(9, 16, 0, 100_000, 10), _t(9, 21, 0, 101_000, 10),
                             _t(9, 19, 59, 99_000, 10)], minutes=5)
    assert [(b.start.strftime("%H:%M"), b.low, b.close) for b in bars] == [
        ("09:15", 99_000, 99_000), ("09:20", 101_000, 101_000)]


def test_no_trades_no_bars_and_minutes_must_be_positive():
    assert bars_from_trades([]) == []
    with pytest.raises(ValueError):
        bars_from_trades([], minutes=0)
