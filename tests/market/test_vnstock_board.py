"""vnstock's price board (KBS) rows -> quotes, on the real vnstock schema sample: prices in
VND whatever their form (int, float, text like "27650.0"), the auction words and empty
cells as unknown, never a guess."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.market.quotes import BookLevel, QuoteSource
from tradingtools_desktop.market.vnstock_board import BoardStats, quotes_from_board

FIXTURES = Path(__file__).parents[1] / "fixtures"

POLLED = datetime(2026, 12, 3, 3, 30, tzinfo=UTC)  # 10:30 in Vietnam


def sample() -> dict:
    return json.loads((FIXTURES / "vnstock" / "price_board_kbs.json").read_text("utf-8"))


def test_the_recorded_board_row_becomes_a_full_quote_in_vnd() -> None:
    doc = sample()
    assert doc["dtypes"]["bid_price_1"] == "object"  # KBS sends the best levels as text
    (q,) = quotes_from_board(doc["sample"], POLLED)
    assert q.symbol == "SSI" and q.exchange is Exchange.HOSE
    assert q.source is QuoteSource.VNSTOCK and q.at == POLLED  # no time column: the poll's
    assert (q.reference, q.ceiling, q.floor) == (27_650, 29_550, 25_750)
    assert (q.open, q.high, q.low, q.last) == (27_700, 27_900, 27_650, 27_650)
    assert q.total_volume == 12_241_100 and q.total_value == 339_364_725_000
    assert q.bids == (BookLevel(27_650, 788_400), BookLevel(27_600, 342_700),
                      BookLevel(27_550, 236_600))
    assert q.asks[0] == BookLevel(27_700, 4_500)
    assert (q.foreign_buy, q.foreign_sell, q.foreign_room) == (1_016_300, 1_149_827,
                                                               1_693_626_494)
    assert all(type(v) is int for v in (q.reference, q.last, q.bids[0].price))


def test_auction_words_numbers_as_text_and_bad_rows() -> None:
    row = dict(sample()["sample"][0])
    row.update({"bid_price_1": "ATO", "ask_price_1": "ATC", "close_price": "27700.0",
                "time": 1_764_732_600_000, "exchange": "HSX", "volume_accumulated": "0"})
    stats = BoardStats()
    quotes = quotes_from_board([row, {"symbol": ""}, "junk", {"exchange": "HOSE"}], POLLED,
                               stats)
    assert stats.skipped_rows == 3 and len(quotes) == 1
    q = quotes[0]
    assert q.last == 27_700 and q.exchange is Exchange.HOSE and q.total_volume == 0
    assert q.bids[0].price == 27_600 and q.asks[0].price == 27_750  # ATO/ATC left out
    assert q.at == datetime(2025, 12, 3, 3, 30, tzinfo=UTC)  # epoch milliseconds


def test_kbs_time_text_is_vietnam_time_and_never_after_the_poll() -> None:
    row = {"symbol": "FPT", "time": "2026-12-03 10:15:29:84", "close_price": 95300}
    (q,) = quotes_from_board([row], POLLED)
    assert q.at == datetime(2026, 12, 3, 3, 15, 29, tzinfo=UTC)
    (later,) = quotes_from_board([{**row, "time": "2026-12-03 11:00:00"}], POLLED)
    assert later.at == POLLED
    assert quotes_from_board({"not": "a list"}, POLLED) == []
