"""Reading SSI's pushes and values: the spec's own examples (section 3, casing and number
forms as printed there), fractional VND rounded half-up, nulls as missing, odd fields
counted, each print once, derivatives skipped, malformed input never raising."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from tradingtools_desktop.domain.market.quotes import (
    IndexQuote,
    Quote,
    SecurityStatusUpdate,
    Trade,
    TradingStatus,
)
from tradingtools_desktop.market.ssi_data.stream_parse import StreamParser
from tradingtools_desktop.market.ssi_data.wire import VN_TZ, WireStats, parse_moment

NOW = datetime(2020, 5, 4, 14, 47, tzinfo=VN_TZ)
# spec 3.2, "Msg Trade data" (SSI, 04/05/2020), the fields as printed
SPEC_TRADE = {"RType": "Trade", "TradingDate": "04/05/2020", "Time": "14:46:51", "ISin": None,
              "Symbol": "SSI", "Ceiling": 13900, "Floor": 12100, "RefPrice": 13000,
              "Open": 12900, "Close": 12700, "High": 13000, "Low": 12700, "AvgPrice": 12816,
              "PriorVal": 13000, "LastPrice": 12700, "LastVol": 2180310,
              "TotalVal": 27943000000, "TotalVol": 2180310, "MarketId": "HOSE",
              "Exchange": "HOSE", "BidPrice1": 12650, "BidVol1": 37330, "BidPrice2": 12600,
              "BidVol2": 50770, "BidPrice3": 12550, "BidVol3": 2720, "BidPrice4": 0,
              "BidVol4": 0, "AskPrice1": 12700, "AskVol1": 51670, "AskPrice2": 12750,
              "AskVol2": 18260, "AskPrice3": 12800, "AskVol3": 47210, "AskPrice4": 0,
              "AskVol4": 0, "TradingSession": "ATC", "TradingStatus": "N", "Change": -300,
              "RatioChange": -2.31, "EstMatchedPrice": 0}


def push(content: dict, datatype: str, *, lower: bool = False) -> str:
    keys = ("datatype", "content") if lower else ("DataType", "Content")
    return json.dumps({keys[0]: datatype, keys[1]: json.dumps(content)})


def test_the_spec_trade_example_is_a_quote_and_one_print() -> None:
    p = StreamParser(lambda: NOW)
    quote, trade = p.parse(push(SPEC_TRADE, "Trade", lower=True))
    assert isinstance(quote, Quote) and isinstance(trade, Trade)
    assert (quote.reference, quote.ceiling, quote.floor, quote.last) == (13000, 13900, 12100,
                                                                        12700)
    assert [lvl.price for lvl in quote.bids] == [12650, 12600, 12550]  # 0 = empty level
    assert quote.session == "ATC" and quote.status is TradingStatus.NORMAL
    assert quote.auction_price is None and quote.at == datetime(2020, 5, 4, 14, 46, 51,
                                                                tzinfo=VN_TZ)
    assert (trade.price, trade.volume, trade.total_volume) == (12700, 2180310, 2180310)
    assert p.parse(push(SPEC_TRADE, "X-TRADE")) == [quote]  # the same print again: no trade


def test_the_spec_quote_example_with_floats_and_string_volumes() -> None:
    content = {"RType": "Quote", "TradingDate": "06/04/2021", "TradingTime": "08:54:52",
               "Exchange": "HOSE", "Symbol": "FPT", "AskPrice1": 0.0, "AskPrice2": 76500.0,
               "AskVol1": "140", "AskVol2": "1", "BidPrice1": 76400.0, "BidVol1": "150",
               "BidPrice2": 76300.0, "BidVol2": "18"}
    [quote] = StreamParser(lambda: NOW).parse(push(content, "Quote"))
    assert [(lvl.price, lvl.volume) for lvl in quote.asks] == [(76500, 1)]
    assert [(lvl.price, lvl.volume) for lvl in quote.bids] == [(76400, 150), (76300, 18)]
    assert quote.last is None and quote.reference is None  # a book update carries no print


def test_derivatives_in_the_spec_example_are_skipped_not_misread() -> None:
    p = StreamParser(lambda: NOW)
    assert p.parse(push({"RType": "Quote", "Exchange": "DERIVATIVES", "Symbol": "VN30F2104",
                         "AskPrice2": 1252.0}, "Quote")) == []
    assert p.skipped == 1 and p.malformed == 0


def test_index_room_status_and_bar_examples() -> None:
    p = StreamParser(lambda: NOW)
    [index] = p.parse({"DataType": "MI", "Content": json.dumps({
        "IndexId": "VN30", "IndexValEst": 1200.03, "IndexValue": 1238.76,
        "TradingDate": "02/04/2021", "Time": "11:28:13", "TotalQtty": 191838100.0,
        "TotalValue": 7289093000000.0, "Advances": 25, "NoChanges": 2, "Declines": 3,
        "Change": 12.6, "RatioChange": 1.03, "AllQty": 193902100.0,
        "AllValue": 7533344000000.0, "TradingSession": None, "RType": "MI"})})
    assert isinstance(index, IndexQuote) and index.total_volume == 193902100
    assert index.total_value == 7533344000000 and index.session is None
    [room] = p.parse(push({"RType": "R", "TradingDate": "04/05/2020", "Time": "15:02:45",
                           "Symbol": "YTC", "TotalRoom": 0.0, "CurrentRoom": 1475400.0,
                           "BuyVol": 0.0, "SellVol": 0.0, "MarketId": "UPCOM"}, "R"))
    assert room.foreign_room == 1475400 and room.foreign_buy == 0
    [status] = p.parse(push({"Rtype": "F", "MarketId": "HNX", "TradingDate": "04/05/2020",
                             "Time": "15:00:16", "Symbol": "DPS", "TradingSession": "C",
                             "TradingStatus": "NT", "Exchange": "HNX"}, "F"))
    assert isinstance(status, SecurityStatusUpdate) and status.status is TradingStatus.NORMAL
    [bar] = p.parse(push({"RType": "B", "Symbol": "X26", "TradingTime": "14:28:33",
                          "Open": 16000, "High": 16000, "Low": 16000, "Close": 16000,
                          "Volume": 5000, "Value": 0}, "B"))
    assert bar.start == datetime(2020, 5, 4, 14, 28, tzinfo=VN_TZ) and bar.volume == 5000


def test_the_first_x_snapshot_only_seeds_the_print_count() -> None:
    p = StreamParser(lambda: NOW)
    x = {**SPEC_TRADE, "RType": "X"}
    assert [type(e) for e in p.parse(push(x, "X"))] == [Quote]  # maybe minutes old
    later = {**x, "LastVol": 100, "TotalVol": 2180410, "Time": "14:46:55"}
    assert [type(e) for e in p.parse(push(later, "X"))] == [Quote, Trade]


@pytest.mark.parametrize("raw", [
    "{not json", json.dumps({"DataType": "X"}), json.dumps({"DataType": "X", "Content": "oops"}),
    push({"RType": "Trade", "LastPrice": 1}, "Trade"), 42, None, json.dumps([1, 2]),
    push({"RType": "MI", "IndexId": "VN30"}, "MI"),
])
def test_malformed_pushes_are_counted_and_never_raise(raw) -> None:
    p = StreamParser(lambda: NOW)
    assert p.parse(raw) == [] and p.malformed == 1
    assert len(p.parse(push(SPEC_TRADE, "Trade"))) == 2  # the next good one is read


def test_an_odd_field_leaves_the_rest_of_the_message() -> None:
    p = StreamParser(lambda: NOW)
    [quote, _trade] = p.parse(push({**SPEC_TRADE, "Ceiling": "abc", "High": [1]}, "Trade"))
    assert quote.ceiling is None and quote.high is None and quote.last == 12700
    assert p.wire.odd_fields == 2 and p.malformed == 0


@pytest.mark.parametrize(("value", "expected"), [
    (21000, 21000), (21000.0, 21000), ("21000", 21000), ("21000.0", 21000), (" 950 ", 950),
    (None, None), ("", None), ("76679.5", 76680), (76679.49, 76679), ("-300", -300),
    ("abc", None), (True, None), (float("nan"), None),
])
def test_vnd_values_in_every_form(value, expected) -> None:
    w = WireStats()
    assert w.vnd({"x": value}, "x") == expected


def test_fractional_vnd_is_counted_and_logged_once(caplog) -> None:
    w = WireStats()
    with caplog.at_level("WARNING"):
        for _ in range(5):
            assert w.vnd({"avg": "76679.65"}, "avg") == 76680
    assert w.fractional_vnd == 5
    assert len([r for r in caplog.records if "fractional" in r.getMessage()]) == 1


def test_moments_from_the_spec_date_and_time_forms() -> None:
    assert parse_moment("04/05/2020", "14:46:51", NOW) == datetime(2020, 5, 4, 14, 46, 51,
                                                                   tzinfo=VN_TZ)
    assert parse_moment("04052020", "144651", NOW).minute == 46
    assert parse_moment(None, "09:15:44", NOW).date() == NOW.date()
    assert parse_moment(None, None, NOW) == NOW
    assert parse_moment("31/02/2020", "x", NOW) == NOW
