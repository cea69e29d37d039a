"""RiskService asks the owners of what it does not own, at every check: the live gate
(armed, guardrail problems — written only by the guardrails) and the live account book (the
live link's newest account read). Nothing writes into it."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from tradingtools_desktop.domain.market.calendar import TradingCalendar
from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.market.fees import FeeSchedule
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
from tradingtools_desktop.domain.risk import RiskCode
from tradingtools_desktop.domain.trading_state import TradingMode
from tradingtools_desktop.services.bus import EventBus
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.guardrails import LiveGate
from tradingtools_desktop.services.risk_service import AccountBook, RiskService
from tradingtools_desktop.services.trading_state import TradingStateService
from tradingtools_desktop.store import open_database
from tradingtools_desktop.store.app_state import AppStateRepository
from tradingtools_desktop.store.risk_repo import RiskRepository

VN = timezone(timedelta(hours=7))
WED_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=VN)
BUY = OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, 100, 95_000, "k")


def failed(decision) -> set[RiskCode]:
    return {c.code for c in decision.failed}


def test_live_checks_follow_the_gate_and_the_live_book_they_are_given() -> None:
    async def go() -> None:
        db, _ = await open_database(None, None)
        trading = TradingStateService(AppStateRepository(db), EventBus())
        await trading.load()
        await trading.set_mode(TradingMode.LIVE, reason="test")
        gate = LiveGate()
        book: list[AccountBook | None] = [None]
        risk = RiskService(db, RiskRepository(db), trading, ManualClock(WED_10AM),
                           TradingCalendar(), FeeSchedule(), gate=gate,
                           live_book=lambda: book[0])
        assert not hasattr(risk, "live_armed") and not hasattr(risk, "live_book")
        ref = 95_000
        decision, _ = await risk.check(BUY, reference_override=ref)
        assert {RiskCode.LIVE_NOT_ARMED, RiskCode.BUYING_POWER} <= failed(decision)
        gate.arm()  # the guardrails' decision, read at the next check
        book[0] = AccountBook(cash_available=50_000_000, cash_total=50_000_000)
        decision, _ = await risk.check(BUY, reference_override=ref)
        assert not failed(decision) & {RiskCode.LIVE_NOT_ARMED, RiskCode.BUYING_POWER,
                                       RiskCode.GUARDRAILS_UNHEALTHY}
        gate.found(("broker: circuit open",))
        decision, _ = await risk.check(BUY, reference_override=ref)
        assert RiskCode.GUARDRAILS_UNHEALTHY in failed(decision)
        gate.found(())
        # a placement is held against the broker's book until its next read
        risk.note_placed(TradingMode.LIVE, BUY, 49_990_000)
        decision, _ = await risk.check(BUY, reference_override=ref)
        assert RiskCode.BUYING_POWER in failed(decision)
        book[0] = AccountBook(cash_available=50_000_000, cash_total=50_000_000)  # a new read
        decision, _ = await risk.check(BUY, reference_override=ref)
        assert RiskCode.BUYING_POWER not in failed(decision)
        await db.close()

    asyncio.run(go())
