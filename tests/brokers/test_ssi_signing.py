"""Request signatures as the simulator checks them (RS256 over the raw body bytes, hex in
X-Signature, verified with the consumer's registered public key)."""

from __future__ import annotations

import json

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from simulators.ssi_fastconnect import SsiSimulator
from ssi_helpers import DEMO_CONSUMER_ID, DEVICE, ClientFactory, demo_buy, run

from tradingtools_desktop.brokers.ssi import AuthError, NewOrderRequest, SigningKey

CONSUMER = DEMO_CONSUMER_ID
PATH = "/api/v2/Trading/NewOrder"


def _body(rid: str = "20000001", quantity: int = 100) -> bytes:
    req = demo_buy(rid, quantity)
    return json.dumps(req.to_wire(device_id=DEVICE, user_agent="t", code=None)).encode()


def _post(sim: SsiSimulator, content: bytes, headers: dict[str, str]) -> dict[str, object]:
    token = sim.state.issue_token(CONSUMER, code_saved=True)
    with httpx.Client(base_url=sim.url, trust_env=False, timeout=5) as http:
        resp = http.post(PATH, content=content, headers={
            "Authorization": f"Bearer {token}", "Content-Type": "application/json", **headers})
    assert resp.status_code == 200
    envelope: dict[str, object] = resp.json()
    return envelope


def test_sign_when_client_signs_its_body_then_order_accepted(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client() as client:
            ack = await client.new_order(NewOrderRequest("0901351", "20000001", "SSI", "B",
                                                         "LO", 21000, 100))
            assert ack.request_id == "20000001"
    run(body())
    assert len(sim.state.orders) == 1


def test_sign_when_body_tampered_after_signing_then_spec_401_and_no_order(
        sim: SsiSimulator, user_key: rsa.RSAPrivateKey) -> None:
    key = SigningKey(user_key)
    signature = key.sign(_body(quantity=100))
    envelope = _post(sim, _body(quantity=10_000), {"X-Signature": signature})
    assert envelope["status"] == 401 and "signature" in str(envelope["message"])
    assert not sim.state.orders


def test_sign_when_signed_with_another_key_then_client_gets_auth_error_and_no_order(
        sim: SsiSimulator, make_client: ClientFactory, other_key: rsa.RSAPrivateKey) -> None:
    async def body() -> None:
        async with make_client(key=other_key) as client:
            with pytest.raises(AuthError, match="signature"):
                await client.new_order(NewOrderRequest("0901351", "20000001", "SSI", "B",
                                                       "LO", 21000, 100))
    run(body())
    assert not sim.state.orders
    assert sim.calls["neworder"] == 1  # an app-level 401 is final: no re-send


def test_sign_when_signature_missing_then_spec_401(sim: SsiSimulator) -> None:
    envelope = _post(sim, _body(), {})
    assert envelope["status"] == 401 and not sim.state.orders


def test_sign_when_header_uses_the_spec_spelling_x_singature_then_accepted(
        sim: SsiSimulator, user_key: rsa.RSAPrivateKey) -> None:
    content = _body()
    envelope = _post(sim, content, {"X-Singature": SigningKey(user_key).sign(content)})
    assert envelope["status"] == 200 and len(sim.state.orders) == 1


def test_sign_when_uppercase_hex_then_accepted(
        sim: SsiSimulator, user_key: rsa.RSAPrivateKey) -> None:
    content = _body()
    envelope = _post(sim, content, {"X-Signature": SigningKey(user_key).sign(content).upper()})
    assert envelope["status"] == 200
