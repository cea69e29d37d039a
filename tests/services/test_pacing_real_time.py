"""The rate limit and the reject cooldown count real elapsed time, whatever the market clock
says: under a frozen practice clock (TRADINGTOOLS_FROZEN_TIME) or a replay clock, five
orders do not make "5 orders in the last second" true for ever."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
from tradingtools_desktop.domain.risk import RiskCode, RiskLimits
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices

VN = timezone(timedelta(hours=7))
FROZEN = datetime(2026, 11, 25, 10, 0, tzinfo=VN)


def ticket(key: str, price: int = 95_000) -> OrderRequest:
    return OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, 100, price, key)


@pytest.fixture
def profile(tt_home):
    return profile_paths("pacing", tt_home)


def test_rate_limit_under_a_frozen_clock_clears_once_a_real_second_has_passed(
        profile) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile, clock=ManualClock(FROZEN))
        for i in range(5):
            assert (await svc.orders.place(ticket(f"r{i}"))).decision.allowed
        sixth = await svc.orders.place(ticket("r5"))
        assert RiskCode.RATE_LIMIT in {c.code for c in sixth.decision.failed}
        await asyncio.sleep(1.1)  # real time passes; the practice clock does not
        seventh = await svc.orders.place(ticket("r6"))
        assert seventh.decision.allowed, seventh.decision.failed_codes()
        await svc.stop()

    asyncio.run(go())


def test_reject_cooldown_under_a_frozen_clock_ends_after_its_real_duration(profile) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile, clock=ManualClock(FROZEN))
        await svc.risk.set_limits(RiskLimits(cooldown_rejects=3, cooldown_window_s=600,
                                             cooldown_s=1))
        for i in range(3):  # off the 100 VND tick: denied
            assert not (await svc.orders.place(ticket(f"bad{i}", 95_050))).decision.allowed
        paused = await svc.orders.place(ticket("good-1"))
        assert RiskCode.COOLDOWN in {c.code for c in paused.decision.failed}
        await asyncio.sleep(1.1)
        after = await svc.orders.place(ticket("good-2"))
        assert after.decision.allowed, after.decision.failed_codes()
        await svc.stop()

    asyncio.run(go())


def test_a_restart_under_a_frozen_clock_keeps_the_cooldown_then_it_ends(profile) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile, clock=ManualClock(FROZEN))
        await svc.risk.set_limits(RiskLimits(cooldown_rejects=3, cooldown_window_s=600,
                                             cooldown_s=1))
        for i in range(3):
            await svc.orders.place(ticket(f"bad{i}", 95_050))
        await svc.stop()
        again = await AppServices.open(profile, clock=ManualClock(FROZEN))
        paused = await again.orders.place(ticket("good-1"))
        assert RiskCode.COOLDOWN in {c.code for c in paused.decision.failed}  # not reset
        await asyncio.sleep(1.1)
        assert (await again.orders.place(ticket("good-2"))).decision.allowed
        await again.stop()

    asyncio.run(go())


def test_a_replay_clock_running_ahead_does_not_shorten_the_rate_limit(profile) -> None:
    from tradingtools_desktop.services.market.replay_clock import ReplayClock

    async def go() -> None:
        clock = ReplayClock(FROZEN, speed=60)
        clock.play()
        svc = await AppServices.open(profile, clock=clock)
        for i in range(5):
            assert (await svc.orders.place(ticket(f"x{i}"))).decision.allowed
        clock.jump_to(clock.now() + timedelta(seconds=10))  # the replay moved on 10 s
        sixth = await svc.orders.place(ticket("x5"))  # ... real time did not
        assert RiskCode.RATE_LIMIT in {c.code for c in sixth.decision.failed}
        await svc.stop()

    asyncio.run(go())


def test_a_practice_clock_moved_forward_by_hand_counts_as_time_passed(profile) -> None:
    async def go() -> None:
        clock = ManualClock(FROZEN)
        svc = await AppServices.open(profile, clock=clock)
        for i in range(5):
            assert (await svc.orders.place(ticket(f"m{i}"))).decision.allowed
        clock.advance(seconds=2)
        assert (await svc.orders.place(ticket("m5"))).decision.allowed
        await svc.stop()

    asyncio.run(go())
