"""Auth against the simulator: AccessToken, token reuse until expiry, one re-auth on 401,
PIN and OTP two-factor (GetOTP, verifyCode), bad credentials."""

from __future__ import annotations

import time

import pytest
from simulators.ssi_fastconnect import SsiSimulator
from ssi_helpers import DEMO_CONSUMER_ID, ClientFactory, FakeClock, demo_buy, run

from tradingtools_desktop.brokers.ssi import AuthError


def test_token_when_reads_repeat_then_access_token_called_once(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client() as client:
            await client.cash_account_balance()
            await client.stock_position()
            await client.order_book()
            assert client.token_expires_at is not None
    run(body())
    assert sim.calls["accesstoken"] == 1


def test_token_when_server_revokes_then_one_reauth_and_the_call_succeeds(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client() as client:
            await client.cash_account_balance()
            assert sim.state.revoke_tokens() == 1
            balance = await client.cash_account_balance()
            assert balance.cash_bal == 1_000_000_000
    run(body())
    assert sim.calls["accesstoken"] == 2
    assert sim.calls["cashacctbal"] == 3  # ok, 401, ok after re-auth


def test_token_when_near_expiry_then_renewed_before_use(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    clock = FakeClock(time.time())

    async def body() -> None:
        async with make_client(clock=clock, token_refresh_margin=300) as client:
            await client.max_sell_qty("SSI")
            expires = client.token_expires_at
            assert expires is not None
            clock.now = expires - 301
            await client.max_sell_qty("SSI")
            assert sim.calls["accesstoken"] == 1
            clock.now = expires - 299  # inside the refresh margin
            await client.max_sell_qty("SSI")
    run(body())
    assert sim.calls["accesstoken"] == 2


def test_token_when_every_token_refused_then_auth_error_after_exactly_one_retry(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.state.token_ttl = -1  # the server issues tokens that are already expired

    async def body() -> None:
        async with make_client() as client:
            with pytest.raises(AuthError, match="401"):
                await client.cash_account_balance()
    run(body())
    assert sim.calls["accesstoken"] == 2 and sim.calls["cashacctbal"] == 2


def test_access_token_when_wrong_secret_then_auth_error(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client(secret="0" * 32) as client:
            with pytest.raises(AuthError, match="Key does not exist"):
                await client.authenticate()
    run(body())


def test_access_token_when_wrong_pin_then_auth_error_and_no_token(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client(pin="999999") as client:
            with pytest.raises(AuthError, match="Invalid login ID or password"):
                await client.cash_account_balance()
            assert client.token_expires_at is None
    run(body())


def test_pin_when_save_code_false_then_each_order_carries_the_pin(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client(save_code=False) as client:
            await client.new_order(demo_buy("10000001"))
    run(body())
    assert len(sim.state.orders) == 1


def test_otp_when_no_code_then_reads_work_and_orders_refused_before_sending(
        otp_sim: SsiSimulator, make_otp_client: ClientFactory, demo: object) -> None:
    async def body() -> None:
        async with make_otp_client() as client:
            await client.cash_account_balance()  # read-only token
            with pytest.raises(AuthError) as info:
                await client.new_order(demo_buy("10000001"))
            assert info.value.needs_code
    run(body())
    assert "neworder" not in otp_sim.calls and not otp_sim.state.orders


def test_otp_when_get_otp_then_verify_code_then_orders_accepted(
        otp_sim: SsiSimulator, make_otp_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_otp_client() as client:
            await client.get_otp()
            otp = otp_sim.state.last_otp(DEMO_CONSUMER_ID)
            assert otp is not None
            await client.verify_code(otp)
            await client.new_order(demo_buy("10000001"))
            with pytest.raises(AuthError):  # an OTP is single-use
                await client.verify_code(otp)
    run(body())
    assert otp_sim.calls["getotp"] == 1 and otp_sim.calls["verifycode"] == 2
    assert len(otp_sim.state.orders) == 1


def test_otp_when_authenticate_with_otp_then_orders_accepted(
        otp_sim: SsiSimulator, make_otp_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_otp_client() as client:
            await client.get_otp()
            await client.authenticate(otp_sim.state.last_otp(DEMO_CONSUMER_ID))
            await client.new_order(demo_buy("10000001"))
    run(body())
    assert otp_sim.calls["accesstoken"] == 1 and len(otp_sim.state.orders) == 1


def test_get_otp_when_wrong_consumer_then_auth_error_from_spec_message(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client(secret="f" * 32) as client:
            with pytest.raises(AuthError, match="ConsumerID is invalid"):
                await client.get_otp()
    run(body())
