"""Trading rights against the simulator over HTTP: the OTP flow (GetOTP -> the injected
provider asks the user -> AccessToken with the code and isSave), wrong and expired codes,
resend limits, a declined ask, and token expiry mid-session for PIN and OTP users."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from simulators.ssi_fastconnect import SsiSimulator
from ssi_helpers import DEMO_CONSUMER_ID, ClientFactory, FakeClock, demo_buy, run

from tradingtools_desktop.brokers.ssi import (
    AuthError,
)
from tradingtools_desktop.brokers.trading_code import (
    CodeKind,
    CodeReason,
    CodeRequest,
    ResendResult,
)


class User:
    """A scripted user at the code dialog: ``answers`` are called in turn with the request
    and return what the user types (None = cancel)."""

    def __init__(self, sim: SsiSimulator,
                 *answers: Callable[[CodeRequest], object]) -> None:
        self.sim = sim
        self.answers = list(answers)
        self.asked: list[CodeRequest] = []
        self.resends: list[ResendResult] = []

    def otp(self) -> str:
        code = self.sim.state.last_otp(DEMO_CONSUMER_ID)
        assert code is not None
        return code

    async def __call__(self, request: CodeRequest) -> str | None:
        self.asked.append(request)
        answer = self.answers.pop(0)(request) if self.answers else self.otp()
        if asyncio.iscoroutine(answer):
            answer = await answer
        assert answer is None or isinstance(answer, str)
        return answer


def test_otp_when_an_order_needs_rights_then_asked_once_and_the_order_goes(
        otp_sim: SsiSimulator, make_otp_client: ClientFactory) -> None:
    user = User(otp_sim)

    async def body() -> None:
        async with make_otp_client() as client:
            client.code_provider = user
            await client.cash_account_balance()  # reads need no code
            assert user.asked == []
            await client.new_order(demo_buy("10000001"))
            await client.new_order(demo_buy("10000002"))  # the session keeps its rights
    run(body())
    [request] = user.asked
    assert (request.kind, request.reason, request.attempt, request.code_sent) == \
        (CodeKind.OTP, CodeReason.NEEDED, 1, True)
    assert request.error == "" and request.resend is not None
    assert otp_sim.calls["getotp"] == 1 and otp_sim.calls["accesstoken"] == 2
    assert [t.code_saved for t in otp_sim.state.tokens.values()] == [False, True]
    assert len(otp_sim.state.orders) == 2


def test_otp_when_the_code_is_wrong_then_asked_again_with_the_refusal(
        otp_sim: SsiSimulator, make_otp_client: ClientFactory) -> None:
    user = User(otp_sim, lambda r: "000000" if r.attempt == 1 else None)
    user.answers.insert(1, lambda r: user.otp())

    async def body() -> None:
        async with make_otp_client() as client:
            client.code_provider = user
            await client.new_order(demo_buy("10000001"))
    run(body())
    assert [r.attempt for r in user.asked] == [1, 2]
    assert "Invalid login ID or password" in user.asked[1].error
    assert not user.asked[1].code_sent  # no new SMS for a typo: the code sent still works
    assert len(otp_sim.state.orders) == 1 and otp_sim.calls["getotp"] == 1


def test_otp_when_the_code_expired_then_resend_gives_a_new_one_within_the_limit(
        otp_sim: SsiSimulator, make_otp_client: ClientFactory) -> None:
    clock = FakeClock(time.time())
    user = User(otp_sim)

    async def expired(request: CodeRequest) -> str:
        code = user.otp()
        otp_sim.state.expire_otps()  # the user took too long
        return code

    async def resend_then_type(request: CodeRequest) -> str:
        assert request.resend is not None and "Invalid login" in request.error
        too_soon = await request.resend()
        assert not too_soon.sent and 0 < too_soon.wait_s <= 60  # one SMS a minute at most
        clock.now += 61
        user.resends.append(await request.resend())
        return user.otp()

    user.answers = [expired, resend_then_type]

    async def body() -> None:
        async with make_otp_client(clock=clock) as client:
            client.code_provider = user
            await client.new_order(demo_buy("10000001"))
    run(body())
    assert user.resends == [ResendResult(True)]
    assert otp_sim.calls["getotp"] == 2 and len(otp_sim.state.orders) == 1


def test_otp_when_the_user_declines_then_nothing_sent_and_not_asked_again_at_once(
        otp_sim: SsiSimulator, make_otp_client: ClientFactory) -> None:
    clock = FakeClock(time.time())
    user = User(otp_sim, lambda r: None)

    async def body() -> None:
        async with make_otp_client(clock=clock, decline_cooldown=30) as client:
            client.code_provider = user
            with pytest.raises(AuthError, match="nothing was sent") as info:
                await client.new_order(demo_buy("10000001"))
            assert info.value.needs_code
            with pytest.raises(AuthError, match="declined"):  # a retry right away
                await client.new_order(demo_buy("10000001"))
            assert len(user.asked) == 1
            clock.now += 31
            await client.new_order(demo_buy("10000001"))  # asked again; this time typed
    run(body())
    assert len(user.asked) == 2 and len(otp_sim.state.orders) == 1
    assert otp_sim.calls.get("neworder") == 1


def test_otp_when_two_orders_need_rights_at_once_then_one_ask_serves_both(
        otp_sim: SsiSimulator, make_otp_client: ClientFactory) -> None:
    user = User(otp_sim)

    async def body() -> None:
        async with make_otp_client() as client:
            client.code_provider = user
            await asyncio.gather(client.new_order(demo_buy("10000001")),
                                 client.new_order(demo_buy("10000002")))
    run(body())
    assert len(user.asked) == 1 and len(otp_sim.state.orders) == 2


def test_otp_when_asked_too_often_then_get_otp_rate_limited(
        otp_sim: SsiSimulator, make_otp_client: ClientFactory) -> None:
    clock = FakeClock(time.time())

    async def body() -> None:
        async with make_otp_client(clock=clock, otp_max_per_hour=3) as client:
            results = []
            for _ in range(4):
                results.append(await client.rights.resend())
                clock.now += 61
            assert [r.sent for r in results] == [True, True, True, False]
            assert results[-1].wait_s > 3000  # the hour's budget is spent
    run(body())
    assert otp_sim.calls["getotp"] == 3


def test_pin_when_the_token_expires_mid_session_then_trading_goes_on_without_asking(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    clock = FakeClock(time.time())
    sim.state.clock = clock  # the server's tokens really expire

    async def never(request: CodeRequest) -> str | None:
        raise AssertionError("a PIN user with a stored PIN is never asked")

    async def body() -> None:
        async with make_client(clock=clock) as client:
            client.code_provider = never
            await client.new_order(demo_buy("10000001"))
            expires = client.token_expires_at
            assert expires is not None
            clock.now = expires + 1
            await client.new_order(demo_buy("10000002"))
    run(body())
    assert sim.calls["accesstoken"] == 2
    assert all(t.code_saved for t in sim.state.tokens.values())  # PIN re-sent, isSave
    assert len(sim.state.orders) == 2


def test_otp_when_the_token_nears_and_passes_expiry_then_kept_to_the_end_then_asked_again(
        otp_sim: SsiSimulator, make_otp_client: ClientFactory) -> None:
    clock = FakeClock(time.time())
    otp_sim.state.clock = clock
    user = User(otp_sim)

    async def body() -> None:
        async with make_otp_client(clock=clock) as client:
            client.code_provider = user
            await client.new_order(demo_buy("10000001"))
            expires = client.token_expires_at
            assert expires is not None
            clock.now = expires - 100  # inside the refresh margin, not the trading slack
            await client.cash_account_balance()
            await client.new_order(demo_buy("10000002"))
            assert len(user.asked) == 1 and otp_sim.calls["accesstoken"] == 2
            clock.now = expires + 1
            await client.order_book()  # reads go on with a read-only token, no ask
            assert len(user.asked) == 1
            await client.new_order(demo_buy("10000003"))
    run(body())
    assert [r.reason for r in user.asked] == [CodeReason.NEEDED, CodeReason.EXPIRED]
    assert otp_sim.calls["getotp"] == 2 and len(otp_sim.state.orders) == 3


def test_otp_when_the_server_drops_the_session_then_asked_again_and_sent_once(
        otp_sim: SsiSimulator, make_otp_client: ClientFactory) -> None:
    user = User(otp_sim)

    async def body() -> None:
        async with make_otp_client() as client:
            client.code_provider = user
            await client.new_order(demo_buy("10000001"))
            otp_sim.state.revoke_tokens()
            await client.new_order(demo_buy("10000002"))  # 401, new rights, one re-send
    run(body())
    assert [r.reason for r in user.asked] == [CodeReason.NEEDED, CodeReason.EXPIRED]
    assert otp_sim.calls["neworder"] == 3 and len(otp_sim.state.orders) == 2


def test_pin_when_not_stored_then_asked_once_and_kept_for_the_session(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    clock = FakeClock(time.time())
    sim.state.clock = clock
    user = User(sim, lambda r: "123456")

    async def body() -> None:
        async with make_client(pin=None, clock=clock) as client:
            client.code_provider = user
            await client.cash_account_balance()
            await client.new_order(demo_buy("10000001"))
            expires = client.token_expires_at
            assert expires is not None
            clock.now = expires + 1
            await client.new_order(demo_buy("10000002"))  # refreshed with the typed PIN
    run(body())
    [request] = user.asked
    assert request.kind is CodeKind.PIN and request.resend is None and not request.code_sent
    assert "getotp" not in sim.calls and len(sim.state.orders) == 2


def test_every_sentence_of_the_code_prompts_has_its_vietnamese() -> None:
    from tradingtools_desktop.brokers.trading_code import headline, sent_note
    from tradingtools_desktop.cli.trading_code import NO_TERMINAL
    from tradingtools_desktop.i18n.vi import VI

    texts = {NO_TERMINAL}
    for kind in CodeKind:
        for reason in CodeReason:
            for sent, wait in ((True, 0), (False, 40), (False, 0)):
                request = CodeRequest("SSI FastConnect", kind, reason, 1, "", sent, wait)
                texts.add(headline(request))
                texts.add(sent_note(request)[0])
    texts.discard("")
    assert len(texts) == 7
    missing = [t for t in texts if t not in VI]
    assert missing == []
    assert all("{s}" in VI[t] for t in texts if "{s}" in t)


def test_otp_when_two_orders_meet_a_dropped_session_then_one_new_ask_serves_both(
        otp_sim: SsiSimulator, make_otp_client: ClientFactory) -> None:
    user = User(otp_sim)

    async def body() -> None:
        async with make_otp_client() as client:
            client.code_provider = user
            await client.new_order(demo_buy("10000001"))
            otp_sim.state.revoke_tokens()
            await asyncio.gather(client.new_order(demo_buy("10000002")),
                                 client.new_order(demo_buy("10000003")))
    run(body())
    assert [r.reason for r in user.asked] == [CodeReason.NEEDED, CodeReason.EXPIRED]
    assert len(otp_sim.state.orders) == 3


def test_otp_when_the_prompt_itself_breaks_then_nothing_sent_and_a_clear_error(
        otp_sim: SsiSimulator, make_otp_client: ClientFactory) -> None:
    async def broken(request: CodeRequest) -> str | None:
        raise RuntimeError("the window is gone")

    async def body() -> None:
        async with make_otp_client() as client:
            client.code_provider = broken
            with pytest.raises(AuthError, match="nothing was sent"):
                await client.new_order(demo_buy("10000001"))
    run(body())
    assert "neworder" not in otp_sim.calls
