"""Matching practice orders against the tape: examples, then the invariants as properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tradingtools_desktop.domain.market.tape_matching import (
    RestingOrder,
    TapeFill,
    match_auction,
    match_book,
    match_print,
)
from tradingtools_desktop.domain.orders import OrderType, Side

B, S_ = Side.BUY, Side.SELL
LO, MP, ATO, ATC = OrderType.LO, OrderType.MP, OrderType.ATO, OrderType.ATC


def test_lo_buy_fills_at_its_limit_when_a_print_reaches_it_partly_by_printed_volume() -> None:
    order = RestingOrder(B, LO, 99_600, 1_000)
    assert match_print(order, 99_700, 5_000) is None  # above the limit: keeps resting
    assert match_print(order, 99_600, 300) == TapeFill(99_600, 300)
    assert match_print(order, 99_500, 5_000) == TapeFill(99_600, 1_000)


def test_lo_sell_fills_when_a_print_is_at_or_above_its_limit() -> None:
    order = RestingOrder(S_, LO, 26_600, 500)
    assert match_print(order, 26_550, 1_000) is None
    assert match_print(order, 26_650, 200) == TapeFill(26_600, 200)


def test_lo_crossing_the_book_fills_at_the_best_opposite_price_up_to_its_volume() -> None:
    buy = RestingOrder(B, LO, 76_500, 1_000)
    assert match_book(buy, 76_300, 11_800, 76_400, 600) == TapeFill(76_400, 600)
    assert match_book(buy, 76_300, 11_800, 76_600, 600) is None
    sell = RestingOrder(S_, LO, 76_200, 1_000)
    assert match_book(sell, 76_300, 11_800, 76_400, 600) == TapeFill(76_300, 1_000)


def test_mp_takes_the_best_opposite_price_and_nothing_when_that_side_is_empty() -> None:
    buy = RestingOrder(B, MP, None, 2_000)
    assert match_book(buy, 26_550, 1_000, 26_600, 1_500) == TapeFill(26_600, 1_500)
    assert match_book(buy, 26_550, 1_000, None, None) is None
    assert match_print(buy, 26_600, 10_000) is None  # market orders take the book


def test_ato_and_atc_fill_at_the_auction_price_of_their_own_auction() -> None:
    ato = RestingOrder(B, ATO, None, 1_000)
    assert match_auction(ato, ATO, 26_500) == TapeFill(26_500, 1_000)
    assert match_auction(ato, ATO, 26_500, 400) == TapeFill(26_500, 400)
    assert match_auction(ato, ATC, 26_500) is None
    atc = RestingOrder(S_, ATC, None, 100)
    assert match_auction(atc, ATC, 77_000, 93_100) == TapeFill(77_000, 100)


def test_nothing_fills_an_order_with_nothing_left_or_an_empty_event() -> None:
    assert match_print(RestingOrder(B, LO, 10_000, 0), 9_000, 100) is None
    assert match_print(RestingOrder(B, LO, 10_000, 100), 9_000, 0) is None
    assert match_book(RestingOrder(B, MP, None, 100), None, None, 10_000, 0) is None


prices = st.integers(min_value=-1_000, max_value=200_000)
volumes = st.integers(min_value=-100, max_value=1_000_000)
sides = st.sampled_from([B, S_])
types = st.sampled_from(list(OrderType))
orders = st.builds(RestingOrder, sides, types,
                   st.one_of(st.none(), st.integers(min_value=-10, max_value=200_000)),
                   st.integers(min_value=-100, max_value=1_000_000))


def _not_worse_than_limit(order: RestingOrder, fill: TapeFill) -> bool:
    if order.order_type is not LO or order.price is None:
        return True
    return fill.price <= order.price if order.side is B else fill.price >= order.price


@given(orders, prices, volumes)
def test_a_print_never_fills_more_than_left_or_printed_nor_worse_than_the_limit(
        order: RestingOrder, price: int, volume: int) -> None:
    fill = match_print(order, price, volume)
    if fill is not None:
        assert 0 < fill.quantity <= min(order.remaining, volume)
        assert fill.price > 0 and _not_worse_than_limit(order, fill)


@given(orders, st.one_of(st.none(), prices), st.one_of(st.none(), volumes),
       st.one_of(st.none(), prices), st.one_of(st.none(), volumes))
def test_the_book_never_fills_more_than_left_or_shown_nor_worse_than_the_limit(
        order: RestingOrder, bid: int | None, bid_vol: int | None, ask: int | None,
        ask_vol: int | None) -> None:
    fill = match_book(order, bid, bid_vol, ask, ask_vol)
    if fill is not None:
        shown = ask_vol if order.side is B else bid_vol
        assert shown is not None and 0 < fill.quantity <= min(order.remaining, shown)
        assert fill.price == (ask if order.side is B else bid)
        assert fill.price > 0 and _not_worse_than_limit(order, fill)


@given(orders, st.sampled_from([ATO, ATC, OrderType.PLO]), prices,
       st.one_of(st.none(), volumes))
def test_an_auction_fills_only_its_own_type_within_remaining_and_matched_volume(
        order: RestingOrder, auction: OrderType, price: int, volume: int | None) -> None:
    fill = match_auction(order, auction, price, volume)
    if fill is not None:
        assert order.order_type is auction and fill.price == price > 0
        assert 0 < fill.quantity <= order.remaining
        assert volume is None or fill.quantity <= volume
