"""Typed prices: thousands of VND, and a sentence (in both languages) for each mistake."""

from __future__ import annotations

import pytest

from tradingtools_desktop.domain.market.bands import PriceBand
from tradingtools_desktop.i18n import set_language
from tradingtools_desktop.ui.orders.price_input import parse_price_input

BAND = PriceBand(reference=99_600, ceiling=106_500, floor=92_700)


@pytest.mark.parametrize(("text", "vnd"), [("99.6", 99_600), ("95.30", 95_300),
                                            ("9.99", 9_990), (" 100 ", 100_000)])
def test_prices_in_thousands_read_exactly(text, vnd) -> None:
    assert parse_price_input(text, BAND) == (vnd, "")


@pytest.mark.parametrize(("text", "words"), [
    ("99600", "99,600,000 VND a share"),
    ("99,600", "for 99,600 VND type 99.6"),
    ("95,3", "type 95.3"),
    ("-5", "above zero"),
    ("0", "above zero"),
    ("95.3001", "finer than 1 VND"),
    ("abc", "is not a price"),
])
def test_each_mistake_gets_a_sentence_that_says_what_to_type(text, words) -> None:
    price, why = parse_price_input(text, BAND)
    assert price is None and words in why


def test_the_sentences_are_vietnamese_in_vietnamese() -> None:
    set_language("vi")
    try:
        _, why = parse_price_input("99600", BAND)
        assert "nghìn đồng" in why
        _, why = parse_price_input("-1")
        assert why == "Giá phải lớn hơn 0."
    finally:
        set_language(None)
