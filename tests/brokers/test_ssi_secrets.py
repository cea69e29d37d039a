"""Secrets (consumerSecret, PIN/OTP, private key, token) never appear in exceptions,
reprs or logs, even when the server echoes them."""

from __future__ import annotations

import logging
import traceback

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from simulators.ssi_fastconnect import FaultKind, SsiSimulator
from ssi_helpers import ClientFactory, run

from tradingtools_desktop.brokers.ssi import (
    AuthError,
    BrokerRejected,
    MalformedResponse,
    NewOrderRequest,
    OrderOutcomeUnknown,
    SigningKey,
    SsiCredentials,
)
from tradingtools_desktop.brokers.ssi.auth import BearerToken
from tradingtools_desktop.brokers.ssi.signing import private_key_to_ssi_xml

SECRET = "11ab3fc6af954c59ba646fac016f30cb"
PIN = "123456"
JWT_PREFIX = "eyJ"  # base64 of '{"' — every JWT starts with it


def _assert_clean(text: str, key_text: str) -> None:
    for secret in (SECRET, PIN, key_text, key_text[:40], JWT_PREFIX):
        assert secret not in text, f"secret leaked: {secret[:6]}…"


def _everything(exc: BaseException) -> str:
    """str, repr and the whole formatted chain, as a log handler would print it."""
    return str(exc) + repr(exc) + "".join(traceback.format_exception(exc))


def test_reprs_when_holding_secrets_then_redacted(user_key: rsa.RSAPrivateKey) -> None:
    key_text = private_key_to_ssi_xml(user_key)
    creds = SsiCredentials("968d7b5940f5437583021aea2b038f35", SECRET, key_text, code=PIN)
    token = BearerToken("eyJhbGciOiJIUzI1NiJ9.e30.sig", 1.0, True)
    for text in (repr(creds), str(creds), repr(SigningKey(user_key)), repr(token), str(token)):
        _assert_clean(text, key_text)


def test_errors_when_auth_refused_then_no_secret_in_exception(
        sim: SsiSimulator, make_client: ClientFactory, user_key: rsa.RSAPrivateKey) -> None:
    key_text = private_key_to_ssi_xml(user_key)

    async def body() -> None:
        async with make_client(pin="654321") as client:
            with pytest.raises(AuthError) as info:
                await client.cash_account_balance()
            _assert_clean(_everything(info.value) + repr(client), key_text)
            assert "654321" not in _everything(info.value)
    run(body())


def test_errors_when_server_echoes_a_secret_then_it_is_scrubbed(
        sim: SsiSimulator, make_client: ClientFactory, user_key: rsa.RSAPrivateKey) -> None:
    key_text = private_key_to_ssi_xml(user_key)
    sim.scenario.reject_next(f"bad request {SECRET} code {PIN}")

    async def body() -> None:
        async with make_client() as client:
            with pytest.raises(BrokerRejected) as info:
                await client.new_order(NewOrderRequest("0901351", "60000001", "SSI", "B",
                                                       "LO", 21000, 100))
            _assert_clean(_everything(info.value), key_text)
            assert "***" in info.value.message
    run(body())


def test_errors_when_transport_faults_then_no_secret_or_body_in_exception(
        sim: SsiSimulator, make_client: ClientFactory, user_key: rsa.RSAPrivateKey) -> None:
    key_text = private_key_to_ssi_xml(user_key)
    sim.faults.inject(FaultKind.MALFORMED_JSON, "NewOrder")
    sim.faults.inject(FaultKind.MALFORMED_JSON, "stockPosition")

    async def body() -> None:
        async with make_client() as client:
            with pytest.raises(OrderOutcomeUnknown) as unknown:
                await client.new_order(NewOrderRequest("0901351", "60000002", "SSI", "B",
                                                       "LO", 21000, 100))
            with pytest.raises(MalformedResponse) as malformed:
                await client.stock_position()
            for exc in (unknown.value, malformed.value):
                text = _everything(exc)
                _assert_clean(text, key_text)
                assert "requestData" not in text and "onHand" not in text
    run(body())


def test_logs_when_full_session_at_debug_then_no_secret(
        sim: SsiSimulator, make_client: ClientFactory, user_key: rsa.RSAPrivateKey,
        caplog: pytest.LogCaptureFixture) -> None:
    key_text = private_key_to_ssi_xml(user_key)
    caplog.set_level(logging.DEBUG)

    async def body() -> None:
        async with make_client() as client:
            await client.new_order(NewOrderRequest("0901351", "60000003", "SSI", "B", "LO",
                                                   21000, 100))
            await client.order_book()
            sim.state.revoke_tokens()
            await client.cash_account_balance()
    run(body())
    ours = [r.getMessage() for r in caplog.records
            if r.name.startswith("tradingtools_desktop.brokers.ssi")]
    assert any("HTTP 200" in m for m in ours)  # the client does log its calls
    _assert_clean(caplog.text, key_text)  # every logger, httpx and httpcore included
    # our records carry no query strings (account numbers); httpx's own INFO line does
    assert not any("0901351" in m for m in ours)
