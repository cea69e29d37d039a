"""The risk checks read today's band, price and status from the quote service: a live quote
of today's session moves the band and the buying-power valuation off the year-old bar, and
a symbol whose status blocks orders is refused with a clear sentence."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.market.quotes import (
    Quote,
    QuoteSource,
    SecurityStatusUpdate,
    TradingStatus,
)
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
from tradingtools_desktop.domain.risk import RiskCode
from tradingtools_desktop.i18n.risk_text import check_text
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices

VN = timezone(timedelta(hours=7))
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=VN)  # a Wednesday, HOSE continuous


def buy(price: int | None, otype: OrderType = OrderType.LO, key: str = "k1") -> OrderRequest:
    return OrderRequest("FPT", Exchange.HOSE, Side.BUY, otype, 100, price, key)


def failed(decision) -> set[RiskCode]:
    return {c.code for c in decision.failed}


def test_a_live_quote_of_today_sets_the_band_and_a_halt_refuses_the_order() -> None:
    async def go():
        services = await AppServices.open(None, clock=ManualClock(NOW))
        try:
            before = await services.orders.preview(buy(155_000))
            services.quotes.on_quote(Quote(
                "FPT", NOW - timedelta(seconds=2), QuoteSource.SSI_STREAM,
                exchange=Exchange.HOSE, reference=150_000, ceiling=160_500, floor=139_500,
                last=152_000))
            live = await services.orders.preview(buy(155_000))
            market = await services.orders.preview(buy(None, OrderType.MP, "k2"))
            services.quotes.on_status(SecurityStatusUpdate(
                "FPT", NOW, QuoteSource.SSI_STREAM, status=TradingStatus.HALTED))
            halted = await services.orders.place(buy(155_000, key="k3"))
            return before, live, market, halted
        finally:
            await services.stop()

    before, live, market, halted = asyncio.run(go())
    # the bundled bar of 13/11/2025 (FPT near 100k): 155k is far above that old band
    assert RiskCode.PRICE_BAND in failed(before.decision)
    assert before.market.quote is None  # no feed started here: the cache alone
    # today's live quote: the exchange's band, the live last price
    assert not failed(live.decision), live.decision.failed_codes()
    assert (live.band.reference, live.band.ceiling, live.band.floor) == (150_000, 160_500,
                                                                         139_500)
    assert live.market.last_price == 152_000
    # a priceless order is valued at today's ceiling for buying power
    bp = check_text(market.decision.check(RiskCode.BUYING_POWER))
    assert "16,050,000" in bp  # 100 x 160,500
    status = halted.decision.check(RiskCode.SECURITY_STATUS)
    assert not status.passed and halted.order.status.value == "DENIED"
    assert check_text(status) == ("FPT is halted on the exchange (status H): no order can match "
                              "now, so none is sent; try again when it trades.")


def test_unknown_status_passes_and_says_so() -> None:
    async def go():
        services = await AppServices.open(None, clock=ManualClock(NOW))
        try:
            return await services.orders.preview(buy(100_000))
        finally:
            await services.stop()

    preview = asyncio.run(go())
    check = preview.decision.check(RiskCode.SECURITY_STATUS)
    assert check.passed and "No trading status is known for FPT" in check_text(check)


def test_a_status_the_stored_listing_gives_refuses_the_order_without_a_feed() -> None:
    """A symbol the listing (SecuritiesDetails) marks suspended is refused even before any
    quote arrives; a status the feed pushes later wins over the stored one."""
    async def go():
        services = await AppServices.open(None, clock=ManualClock(NOW))
        try:
            await services.db.transaction(lambda tx: tx.execute(
                "INSERT INTO listing_status (symbol, status, source, updated_at) VALUES "
                "('FPT', 'suspended', 'test', now()) ON CONFLICT (symbol) DO UPDATE SET "
                "status = excluded.status"))
            suspended = await services.orders.preview(buy(99_600))
            services.quotes.on_status(SecurityStatusUpdate(
                "FPT", NOW, QuoteSource.SSI_STREAM, status=TradingStatus.NORMAL))
            services.risk.invalidate_market()
            normal = await services.orders.preview(buy(99_600, key="k2"))
            return suspended, normal
        finally:
            await services.stop()

    suspended, normal = asyncio.run(go())
    assert RiskCode.SECURITY_STATUS in failed(suspended.decision)
    assert RiskCode.SECURITY_STATUS not in failed(normal.decision)
