"""The dry-run broker's book of resting orders counts them per symbol through every change,
so the tape listener drops a push for a symbol with nothing resting without looking at
the book."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, ValuesView
from dataclasses import replace
from datetime import UTC, datetime

from tradingtools_desktop.brokers.base import ExecutionReport
from tradingtools_desktop.brokers.resting_book import RestingBook
from tradingtools_desktop.brokers.tape_listener import TapeMatcher
from tradingtools_desktop.domain.market.calendar import TradingCalendar
from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.market.quotes import BookLevel, Quote, QuoteSource, Trade
from tradingtools_desktop.domain.orders import (
    Order,
    OrderRequest,
    OrderStatus,
    OrderType,
    Side,
)
from tradingtools_desktop.services.market.quote_service import QuoteService

T0 = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def order(oid: str, symbol: str, qty: int = 300) -> Order:
    r = OrderRequest(symbol, Exchange.HOSE, Side.BUY, OrderType.LO, qty, 95_300, oid)
    return Order(oid, r, OrderStatus.SUBMITTED, T0, T0)


def test_the_per_symbol_count_follows_every_change_of_the_book() -> None:
    book = RestingBook()
    assert not book.has("FPT")
    book["a"] = order("a", "FPT")
    book["b"] = order("b", "FPT")
    book["c"] = order("c", "VCB")
    assert (book.count("FPT"), book.count("VCB"), len(book)) == (2, 1, 3)
    book["a"] = replace(book["a"], filled_qty=100)  # a partial fill: still one order
    assert book.count("FPT") == 2 and book["a"].filled_qty == 100
    assert book.pop("a").id == "a" and book.pop("a", None) is None
    assert book.count("FPT") == 1
    del book["b"]
    assert not book.has("FPT") and book.has("VCB") and list(book) == ["c"]
    book.update({"d": order("d", "HPG")})
    assert book.setdefault("d", order("x", "SSI")).id == "d" and not book.has("SSI")
    book.popitem()
    book.popitem()
    assert len(book) == 0 and not book.has("VCB") and not book.has("HPG")
    book["e"] = order("e", "FPT")
    book.clear()
    assert len(book) == 0 and not book.has("FPT") and book.count("FPT") == 0


class UnscannableBook(RestingBook):
    """A book that fails a test the moment anything walks through its orders."""

    def values(self) -> ValuesView[Order]:
        raise AssertionError("the whole book was scanned")

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("the whole book was scanned")


def test_a_push_for_a_symbol_with_no_resting_order_does_no_work() -> None:
    async def go() -> None:
        book = UnscannableBook()
        for i in range(50):
            book[f"o{i}"] = order(f"o{i}", "FPT")
        reports: list[ExecutionReport] = []

        async def report(r: ExecutionReport) -> None:
            reports.append(r)

        tape = TapeMatcher(book, QuoteService(), TradingCalendar(), None, asyncio.Lock(),
                           report)
        src = QuoteSource.SSI_STREAM
        vcb = Quote("VCB", T0, src, bids=(BookLevel(90_000, 1_000),),
                    asks=(BookLevel(90_100, 1_000),), last=90_000)
        tape.hear("quote", vcb)
        tape.hear("trade", Trade("VCB", 90_000, 100, T0, src))
        assert tape.pending == 0 and reports == []  # nothing queued, the book not walked
        tape.hear("trade", Trade("FPT", 95_000, 100, T0, src))
        assert tape.pending == 1  # a symbol with resting orders is queued for matching
        await tape.stop()

    asyncio.run(go())
