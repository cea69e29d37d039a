"""The dry-run broker on the live tape: the real OMS, store and quote service; the market
events are what a feed would push into the quote service."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.market.quotes import (
    BookLevel,
    FeedState,
    Quote,
    QuoteSource,
    Trade,
)
from tradingtools_desktop.domain.orders import OrderRequest, OrderStatus, OrderType, Side
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices

VN = timezone(timedelta(hours=7))
WED_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=VN)  # HOSE continuous session
S = OrderStatus
LIVE = QuoteSource.SSI_STREAM


def ticket(key: str, **kw: object) -> OrderRequest:
    base: dict[str, object] = dict(symbol="FPT", exchange=Exchange.HOSE, side=Side.BUY,
                                   order_type=OrderType.LO, quantity=1_000, price=99_000,
                                   idempotency_key=key)
    base.update(kw)
    return OrderRequest(**base)  # type: ignore[arg-type]


def book(at: datetime, bid: tuple[int, int] | None, ask: tuple[int, int] | None,
         **kw: object) -> Quote:
    return Quote("FPT", at, LIVE, exchange=Exchange.HOSE, reference=99_600,
                 bids=(BookLevel(*bid),) if bid else (),
                 asks=(BookLevel(*ask),) if ask else (), **kw)  # type: ignore[arg-type]


@pytest.fixture
def profile(tt_home):
    return profile_paths("tape", tt_home)


async def live_services(profile, when: datetime) -> tuple[AppServices, ManualClock]:
    clock = ManualClock(when)
    svc = await AppServices.open(profile, clock=clock)
    assert svc.quotes is not None
    svc.quotes.on_state("ssi-data", FeedState.LIVE, "streaming")
    svc.quotes.on_quote(book(when, (99_500, 20_000), (99_700, 15_000), last=99_600))
    return svc, clock


async def settle(svc: AppServices) -> None:
    await svc.orders.broker.drain()  # type: ignore[attr-defined]
    await svc.bus.drain()


def test_an_lo_below_the_market_rests_until_prints_reach_it_partly_by_printed_volume(
        profile) -> None:
    async def go() -> None:
        svc, clock = await live_services(profile, WED_10AM)
        quotes = svc.quotes
        assert quotes is not None
        order = (await svc.orders.place(ticket("lo-1"))).order
        assert order.status is S.SUBMITTED and "live tape" in order.reason
        clock.advance(seconds=5)
        quotes.on_trade(Trade("FPT", 99_100, 5_000, clock.now(), LIVE))  # above: rests
        await settle(svc)
        assert (await svc.orders.status(order.id)).status is S.SUBMITTED
        quotes.on_trade(Trade("FPT", 99_000, 300, clock.now(), LIVE))
        await settle(svc)
        part = await svc.orders.status(order.id)
        assert (part.status, part.filled_qty, part.avg_price) == (S.PARTIALLY_FILLED, 300,
                                                                  99_000)
        assert "dry-run fill of 300 at 99.00 on the live tape" in part.reason
        quotes.on_trade(Trade("FPT", 98_900, 2_000, clock.now(), LIVE))  # through it
        await settle(svc)
        done = await svc.orders.status(order.id)
        assert (done.status, done.filled_qty, done.avg_price) == (S.FILLED, 1_000, 99_000)
        # fees on each fill, the cash ledger and T+2 as for any fill
        assert done.fees == 300 * 99_000 * 15 // 10_000 + 700 * 99_000 * 15 // 10_000
        bal = await svc.ledger.balance(WED_10AM.date())
        assert bal.available == 1_000_000_000 - 99_000_000 - done.fees
        positions = (await svc.portfolio.refresh()).positions  # type: ignore[union-attr]
        assert [(p.symbol, p.total_qty, p.pending_qty) for p in positions] == [
            ("FPT", 1_000, 1_000)]
        await svc.stop()

    asyncio.run(go())


def test_one_print_is_shared_between_resting_orders_in_time_priority(profile) -> None:
    async def go() -> None:
        svc, clock = await live_services(profile, WED_10AM)
        assert svc.quotes is not None
        first = (await svc.orders.place(ticket("a", quantity=400))).order
        clock.advance(seconds=1)
        second = (await svc.orders.place(ticket("b", quantity=400))).order
        svc.quotes.on_trade(Trade("FPT", 99_000, 500, clock.now(), LIVE))
        await settle(svc)
        a, b = await svc.orders.status(first.id), await svc.orders.status(second.id)
        assert (a.filled_qty, b.filled_qty) == (400, 100)
        await svc.stop()

    asyncio.run(go())


def test_a_marketable_lo_takes_the_best_ask_up_to_its_volume_then_rests(profile) -> None:
    async def go() -> None:
        svc, clock = await live_services(profile, WED_10AM)
        assert svc.quotes is not None
        svc.quotes.on_quote(book(clock.now(), (99_500, 20_000), (99_700, 600)))
        order = (await svc.orders.place(ticket("x", price=99_800))).order
        assert (order.status, order.filled_qty, order.avg_price) == (S.PARTIALLY_FILLED, 600,
                                                                     99_700)
        svc.quotes.on_quote(book(clock.now(), (99_500, 20_000), (99_900, 5_000)))
        await settle(svc)  # the ask moved above the limit: the rest keeps resting
        assert (await svc.orders.status(order.id)).filled_qty == 600
        svc.quotes.on_quote(book(clock.now(), (99_500, 20_000), (99_800, 5_000)))
        await settle(svc)
        done = await svc.orders.status(order.id)
        assert (done.status, done.filled_value) == (S.FILLED, 600 * 99_700 + 400 * 99_800)
        await svc.stop()

    asyncio.run(go())


def test_mp_takes_the_best_opposite_price(profile) -> None:
    async def go() -> None:
        svc, _clock = await live_services(profile, WED_10AM)
        sell_side = (await svc.orders.place(ticket("mp", order_type=OrderType.MP, price=None,
                                                   quantity=500))).order
        assert (sell_side.status, sell_side.filled_qty, sell_side.avg_price) == (
            S.FILLED, 500, 99_700)
        assert "best ask" in sell_side.reason
        await svc.stop()

    asyncio.run(go())


def test_ato_fills_at_the_opening_auction_price_when_the_auction_ends(profile) -> None:
    async def go() -> None:
        at = WED_10AM.replace(hour=9, minute=5)
        svc, clock = await live_services(profile, at)
        assert svc.quotes is not None
        svc.quotes.on_quote(book(at, None, None, session="ATO", auction_price=99_300))
        order = (await svc.orders.place(ticket("ato", order_type=OrderType.ATO, price=None,
                                               quantity=200))).order
        assert order.status is S.SUBMITTED
        clock.set(at.replace(minute=15))
        svc.quotes.on_quote(book(clock.now(), (99_300, 1_000), (99_400, 1_000),
                                 session="LO", open=99_400, auction_price=99_400))
        await settle(svc)
        done = await svc.orders.status(order.id)
        assert (done.status, done.avg_price) == (S.FILLED, 99_400)
        assert "ATO auction" in done.reason
        await svc.stop()

    asyncio.run(go())


def test_atc_fills_at_the_closing_auction_price(profile) -> None:
    async def go() -> None:
        at = WED_10AM.replace(hour=14, minute=35)
        svc, clock = await live_services(profile, at)
        assert svc.quotes is not None
        svc.quotes.on_quote(book(at, (99_500, 1_000), (99_700, 1_000), session="ATC"))
        order = (await svc.orders.place(ticket("atc", order_type=OrderType.ATC, price=None,
                                               side=Side.BUY, quantity=300))).order
        assert order.status is S.SUBMITTED  # no continuous matching during the auction
        clock.set(at.replace(minute=45))
        svc.quotes.on_quote(book(clock.now(), None, None, session="C", last=99_800,
                                 auction_price=99_800))
        await settle(svc)
        done = await svc.orders.status(order.id)
        assert (done.status, done.avg_price) == (S.FILLED, 99_800)
        await svc.stop()

    asyncio.run(go())


def test_without_a_live_feed_it_fills_at_the_newest_bar_and_says_so(profile) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile, clock=ManualClock(WED_10AM))
        assert svc.quotes is not None and svc.quotes.feed_status.state is FeedState.OLD
        order = (await svc.orders.place(ticket("bar", price=99_600))).order
        assert order.status is S.FILLED
        assert order.reason == ("dry-run fill at 99.60 on the bar of 13/11/2025 — "
                                "no live feed")
        audit = [a.reason for a in await svc.orders.audit(order.id)]
        assert any("no live feed, fills at the newest bar" in r for r in audit)
        await svc.stop()

    asyncio.run(go())


def test_a_feed_that_goes_old_falls_back_to_the_bar(profile) -> None:
    async def go() -> None:
        svc, _clock = await live_services(profile, WED_10AM)
        assert svc.quotes is not None
        svc.quotes.on_state("ssi-data", FeedState.OLD, "no live feed")
        order = (await svc.orders.place(ticket("old", price=99_600))).order
        assert order.status is S.FILLED and "no live feed" in order.reason
        await svc.stop()

    asyncio.run(go())


def test_the_price_band_uses_todays_reference_from_the_feed(profile) -> None:
    async def go() -> None:
        svc, clock = await live_services(profile, WED_10AM)
        assert svc.quotes is not None
        low = await svc.orders.place(ticket("band-1", price=80_000))  # bar TC 99.6: refused
        assert not low.decision.allowed
        svc.quotes.on_quote(Quote("FPT", clock.now(), LIVE, reference=76_000))
        ok = await svc.orders.place(ticket("band-2", price=80_000))  # today's TC 76.0
        assert ok.decision.allowed, ok.decision.failed_codes()
        await svc.stop()

    asyncio.run(go())


def test_the_same_displayed_ask_is_never_taken_twice_by_polls(profile) -> None:
    async def go() -> None:
        svc, clock = await live_services(profile, WED_10AM)
        assert svc.quotes is not None
        svc.quotes.on_quote(book(clock.now(), (99_500, 20_000), (99_700, 600)))
        order = (await svc.orders.place(ticket("twice", price=99_800))).order
        assert order.filled_qty == 600
        for _ in range(3):  # the poller comes by; the market has not changed
            clock.advance(seconds=1)
            await svc.orders.poll()
        svc.quotes.on_quote(Quote("FPT", clock.now(), LIVE, last=99_700))  # no book in it
        await settle(svc)
        assert (await svc.orders.status(order.id)).filled_qty == 600
        svc.quotes.on_quote(book(clock.now(), (99_500, 20_000), (99_700, 300)))  # new book
        await settle(svc)
        assert (await svc.orders.status(order.id)).filled_qty == 900
        await svc.stop()

    asyncio.run(go())
