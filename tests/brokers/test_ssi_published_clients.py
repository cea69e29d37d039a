"""The simulator accepts what SSI's servers accept from SSI's own published clients, and
still refuses what the real server refuses.

Each request is rebuilt byte for byte from the clients' source (field names, order, types,
JSON serialiser, headers), not from our client:

- python-fctrading 2.5.3 (``ssi_fctrading``): ``json.dumps(asdict(model))`` with the
  default separators; ``NewOrder.price: float`` (so ``21000.0``), ``stopPrice`` /
  ``stopStep`` ... ``0.0``, ``code=''``; the read token is ``AccessToken(..., '1', False)``,
  ``verifyCode(code)`` is ``AccessToken(..., code, True)``; ``get_deviceid()`` is ``""`` on
  Linux / macOS and ``"<nic>:<AA-BB-..>|..."`` on Windows; GET parameters from ``asdict``
  (``maxBuyQty`` price ``21000.0``).
- node ssi-fctrading 2.4.1 and its example app: ``JSON.stringify`` (compact), numbers from
  the query string stay strings (``"price": "21000"``), an undefined ``stopType`` is
  dropped, ``getDeviceId()`` is ``"<nic>:aa:bb:..|..."``; GetOTP goes through ``post``
  (with a bearer and a signature it does not need).
- dotnet-fctrading: Newtonsoft with PascalCase auth models (``ConsumerID``,
  ``TwoFactorType``, ``IsSave``), ``double`` prices (``21000.0``), ``stopType`` / ``code``
  / ``userAgent`` null, an extra ``modifiable: true``, ``deviceId`` ``AA-BB-CC-DD-EE-FF``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from simulators.ssi_fastconnect import OTP, DemoUser, SsiSimulator

P = "/api/v2/Trading/"
PY_AGENT = "Python/3.12.3(Linux-6.8.0-45-generic-x86_64-with-glibc2.39); ssi-fctrading/2.5.3"
NODE_AGENT = "NodeJS/v18.19.1 (#45-Ubuntu SMP 6.8.0-45-generic); ssi-fctrading/2.4.1"


def _py(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj).encode("utf-8")  # python-fctrading: json.dumps(asdict(model))


def _js(obj: dict[str, Any]) -> bytes:  # JSON.stringify: compact, undefined keys dropped
    return json.dumps({k: v for k, v in obj.items() if v is not ...},
                      separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _net(obj: dict[str, Any]) -> bytes:  # Newtonsoft JsonConvert.SerializeObject
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@dataclass
class Raw:
    """A bare HTTP client speaking to the simulator the way a published client does."""

    http: httpx.Client
    key: rsa.RSAPrivateKey

    def sign(self, body: bytes) -> str:
        return self.key.sign(body, padding.PKCS1v15(), hashes.SHA256()).hex()

    def post(self, path: str, body: bytes, *, token: str | None = None,
             signed: bool = False) -> dict[str, Any]:
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if signed:
            headers["X-Signature"] = self.sign(body)
        resp = self.http.post(P + path, content=body, headers=headers)
        assert resp.status_code == 200, resp.text
        doc: dict[str, Any] = resp.json()
        return doc

    def get(self, path: str, params: dict[str, str], token: str) -> dict[str, Any]:
        resp = self.http.get(P + path, params=params,
                             headers={"Authorization": f"Bearer {token}"})
        assert resp.status_code == 200, resp.text
        doc: dict[str, Any] = resp.json()
        return doc


@pytest.fixture
def raw(sim: SsiSimulator, user_key: rsa.RSAPrivateKey) -> Raw:
    with httpx.Client(base_url=sim.url, trust_env=False, timeout=5.0) as http:
        yield Raw(http, user_key)  # type: ignore[misc]


def _ok(doc: dict[str, Any]) -> Any:
    assert doc["status"] == 200, doc["message"]
    return doc.get("data")


# ---- python-fctrading ------------------------------------------------------------------

def _py_token(raw: Raw, demo: DemoUser, code: str, is_save: bool, tfa: int = 0) -> str:
    body = _py({"consumerID": demo.consumer_id, "consumerSecret": demo.consumer_secret,
                "twoFactorType": tfa, "code": code, "isSave": is_save})
    token: str = _ok(raw.post("AccessToken", body))["accessToken"]
    return token


def _py_new_order(demo: DemoUser, rid: str, device: str, price: float = 21000.0,
                  **over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "account": demo.account, "requestID": rid, "instrumentID": "SSI", "market": "VN",
        "buySell": "B", "orderType": "LO", "price": price, "quantity": 100,
        "stopOrder": False, "stopPrice": 0.0, "stopType": "", "stopStep": 0.0,
        "lossStep": 0.0, "profitStep": 0.0, "channelID": "TA", "code": "",
        "deviceId": device, "userAgent": PY_AGENT}
    body.update(over)
    return body


@pytest.mark.parametrize("device", ["", "Ethernet:8C-EC-4B-D3-0B-96",
                                    "Ethernet 2:8C-EC-4B-D3-0B-96|Wi-Fi:A4-C3-F0-85-AC-2D"])
def test_python_client_when_float_price_and_its_device_ids_then_accepted_and_readable(
        sim: SsiSimulator, raw: Raw, demo: DemoUser, device: str) -> None:
    read = _py_token(raw, demo, "1", False)
    assert _ok(raw.get("cashAcctBal", {"account": demo.account}, read))["cashBal"] > 0
    write = _py_token(raw, demo, demo.pin, True)  # FCTradingClient.verifyCode(pin)
    data = _ok(raw.post("NewOrder", _py(_py_new_order(demo, "71298546", device)),
                        token=write, signed=True))
    assert data["requestID"] == "71298546" and data["requestData"]["price"] == 21000.0
    [order] = sim.state.orders
    assert (order.price, order.quantity, order.status) == (21000, 100, "QU")
    # the python client reads with the read token and passes floats through GET params too
    assert _ok(raw.get("maxBuyQty", {"account": demo.account, "instrumentID": "SSI",
                                     "price": "21000.0"}, read))["maxBuyQty"] > 0
    book = _ok(raw.get("orderBook", {"account": demo.account}, read))["orders"]
    assert book[0]["uniqueID"] == "71298546"
    modify = _py({"account": demo.account, "requestID": "71298547",
                  "orderID": order.order_id, "marketID": "VN", "instrumentID": "SSI",
                  "price": 21500.0, "quantity": 200, "buySell": "B", "orderType": "LO",
                  "code": "", "deviceId": device, "userAgent": PY_AGENT})
    _ok(raw.post("ModifyOrder", modify, token=write, signed=True))
    assert (order.price, order.quantity) == (21500, 200)
    cancel = _py({"account": demo.account, "requestID": "71298548",
                  "orderID": order.order_id, "marketID": "VN", "instrumentID": "SSI",
                  "buySell": "B", "code": "", "deviceId": device, "userAgent": PY_AGENT})
    _ok(raw.post("CancelOrder", cancel, token=write, signed=True))
    assert order.status == "CL"


def test_python_client_when_otp_user_then_get_otp_and_verify_code_give_a_trading_token(
        sim: SsiSimulator, raw: Raw, demo: DemoUser) -> None:
    sim.state.consumers[demo.consumer_id].two_factor_type = OTP
    read = _py_token(raw, demo, "1", False, tfa=1)
    assert _ok(raw.get("stockPosition", {"account": demo.account}, read))
    doc = raw.post("GetOTP", _py({"consumerID": demo.consumer_id,
                                  "consumerSecret": demo.consumer_secret}))
    assert doc == {"message": "Success", "status": 200}  # the spec's example, no data
    otp = sim.state.last_otp(demo.consumer_id)
    assert otp is not None
    write = _py_token(raw, demo, otp, True, tfa=1)
    _ok(raw.post("NewOrder", _py(_py_new_order(demo, "1678195", "")), token=write,
                 signed=True))
    # the read token (isSave false) cannot trade without a code in the order
    refused = raw.post("NewOrder", _py(_py_new_order(demo, "1678196", "")), token=read,
                       signed=True)
    assert refused["status"] == 401 and len(sim.state.orders) == 1


# ---- node ssi-fctrading ----------------------------------------------------------------

def test_node_client_when_query_strings_and_its_device_ids_then_accepted(
        sim: SsiSimulator, raw: Raw, demo: DemoUser) -> None:
    auth = _js({"consumerID": demo.consumer_id, "consumerSecret": demo.consumer_secret,
                "twoFactorType": 0, "code": demo.pin, "isSave": True})
    token = _ok(raw.post("AccessToken", auth))["accessToken"]
    device = "eth0:02:42:ac:11:00:02|wlp2s0:a4:c3:f0:85:ac:2d"
    body = _js({"account": demo.account, "requestID": "4183", "instrumentID": "SSI",
                "market": "VN", "buySell": "B", "orderType": "LO", "price": "21000",
                "quantity": "300", "stopOrder": False, "stopPrice": 0, "stopType": ...,
                "stopStep": 0, "lossStep": 0, "profitStep": 0, "channelID": "IW",
                "code": demo.pin, "deviceId": device, "userAgent": NODE_AGENT})
    data = _ok(raw.post("NewOrder", body, token=token, signed=True))
    assert data["requestData"]["quantity"] == "300"
    [order] = sim.state.orders
    assert (order.price, order.quantity, order.unique_id) == (21000, 300, "4183")
    modify = _js({"account": demo.account, "requestID": "4184", "orderID": order.order_id,
                  "marketID": "VN", "instrumentID": "SSI", "price": 21500, "quantity": 300,
                  "buySell": "B", "orderType": "LO", "code": demo.pin, "deviceId": device,
                  "userAgent": NODE_AGENT})
    _ok(raw.post("ModifyOrder", modify, token=token, signed=True))
    assert order.price == 21500
    # getOtp goes through FCTradingClient.post: the bearer it holds and a signature, neither
    # of which GetOTP needs
    otp_body = _js({"consumerID": demo.consumer_id, "consumerSecret": demo.consumer_secret})
    assert raw.post("GetOTP", otp_body, token=token, signed=True)["status"] == 200


# ---- dotnet-fctrading ------------------------------------------------------------------

def test_dotnet_client_when_pascal_case_auth_and_doubles_then_accepted(
        sim: SsiSimulator, raw: Raw, demo: DemoUser) -> None:
    auth = _net({"ConsumerID": demo.consumer_id, "ConsumerSecret": demo.consumer_secret,
                 "TwoFactorType": 0, "Code": demo.pin, "IsSave": True})
    token = _ok(raw.post("AccessToken", auth))["accessToken"]
    body = _net({"instrumentID": "SSI", "market": "VN", "buySell": "B", "orderType": "LO",
                 "channelID": "TA", "price": 21000.0, "quantity": 100,
                 "account": demo.account, "requestID": "9235974", "stopOrder": False,
                 "stopPrice": 0.0, "stopType": None, "stopStep": 0.0, "lossStep": 0.0,
                 "profitStep": 0.0, "code": None, "modifiable": True,
                 "deviceId": "8C-EC-4B-D3-0B-96", "userAgent": None})
    _ok(raw.post("NewOrder", body, token=token, signed=True))
    assert sim.state.orders[0].price == 21000
    otp = _net({"ConsumerID": demo.consumer_id, "ConsumerSecret": demo.consumer_secret})
    assert raw.post("GetOTP", otp)["status"] == 200


# ---- what the real server refuses stays refused ----------------------------------------

@pytest.mark.parametrize(("change", "message"), [
    ({"price": 21050.5}, "Invalid Price Unit (Spread)"),  # a fraction is off the tick
    ({"price": 21010.0}, "Invalid Price Unit (Spread)"),  # 21,010 is not a 50 VND step
    ({"price": "21k"}, "'price' is invalid"),
    ({"quantity": 100.5}, "'quantity' is invalid"),
    ({"quantity": 150}, "Invalid trading lot/block"),
    ({"requestID": "123456789"}, "max length 8"),
    ({"requestID": "12a4"}, "max length 8"),
    ({"deviceId": "my laptop"}, "'deviceId' is invalid"),
    ({"deviceId": "eth0:8C-EC-4B"}, "'deviceId' is invalid"),
    ({"deviceId": None}, "'deviceId' is invalid"),
    ({"market": "VNFE"}, "'market' must be VN"),
    ({"orderType": "ATO"}, "Price is null or equal zero when order is market order"),
])
def test_published_shape_when_the_server_would_refuse_then_refused_and_nothing_queued(
        sim: SsiSimulator, raw: Raw, demo: DemoUser, change: dict[str, Any],
        message: str) -> None:
    write = _py_token(raw, demo, demo.pin, True)
    body = _py(_py_new_order(demo, "71298546", "", **change))
    doc = raw.post("NewOrder", body, token=write, signed=True)
    assert doc["status"] == 400 and message in doc["message"]
    assert sim.state.orders == []


def test_published_shape_when_signature_wrong_then_401_and_nothing_queued(
        sim: SsiSimulator, raw: Raw, demo: DemoUser, other_key: rsa.RSAPrivateKey) -> None:
    write = _py_token(raw, demo, demo.pin, True)
    body = _py(_py_new_order(demo, "71298546", ""))
    wrong = Raw(raw.http, other_key)
    assert wrong.post("NewOrder", body, token=write, signed=True)["status"] == 401
    # signed over compact JSON, sent as python's spaced JSON: the bytes differ
    compact = json.dumps(_py_new_order(demo, "71298546", ""), separators=(",", ":"))
    resp = raw.http.post(P + "NewOrder", content=body, headers={
        "Authorization": f"Bearer {write}", "Content-Type": "application/json",
        "X-Signature": raw.sign(compact.encode())})
    assert resp.json()["status"] == 401
    assert raw.post("NewOrder", body, token=write)["status"] == 401  # no signature at all
    assert sim.state.orders == []


def test_access_token_when_two_factor_type_as_text_then_accepted_as_the_spec_types_it(
        raw: Raw, demo: DemoUser) -> None:
    body = _py({"consumerID": demo.consumer_id, "consumerSecret": demo.consumer_secret,
                "twoFactorType": "0", "code": demo.pin, "isSave": True})
    assert _ok(raw.post("AccessToken", body))["accessToken"]
    wrong = _py({"consumerID": demo.consumer_id, "consumerSecret": demo.consumer_secret,
                 "twoFactorType": 1, "code": demo.pin, "isSave": True})
    assert raw.post("AccessToken", wrong)["status"] == 400  # a PIN user is not an OTP user


# ---- our client's wire forms against python-fctrading's models --------------------------

PY_FIELDS = {  # ssi_fctrading/models/Requests.py (2.5.3), dataclass fields
    "NewOrder": {"account", "requestID", "instrumentID", "market", "buySell", "orderType",
                 "price", "quantity", "stopOrder", "stopPrice", "stopType", "stopStep",
                 "lossStep", "profitStep", "channelID", "code", "deviceId", "userAgent"},
    "ModifyOrder": {"account", "requestID", "orderID", "marketID", "instrumentID", "price",
                    "quantity", "buySell", "orderType", "code", "deviceId", "userAgent"},
    "CancelOrder": {"account", "requestID", "orderID", "marketID", "instrumentID",
                    "buySell", "code", "deviceId", "userAgent"},
}


def test_our_write_bodies_when_compared_with_python_fctrading_then_same_fields() -> None:
    from tradingtools_desktop.brokers.ssi import (
        CancelOrderRequest,
        ModifyOrderRequest,
        NewOrderRequest,
    )

    ours = {
        "NewOrder": NewOrderRequest("0901351", "1678195", "SSI", "B", "LO", 21000, 300),
        "ModifyOrder": ModifyOrderRequest("0901351", "1678196", "T1", "SSI", "B", "LO",
                                          21500, 300),
        "CancelOrder": CancelOrderRequest("0901351", "1678197", "T1", "SSI", "B"),
    }
    for name, req in ours.items():
        saved = req.to_wire(device_id="8C-EC-4B-D3-0B-96", user_agent="x", code=None)
        with_code = req.to_wire(device_id="8C-EC-4B-D3-0B-96", user_agent="x", code="1")
        assert set(with_code) == PY_FIELDS[name], name
        assert set(saved) == PY_FIELDS[name] - {"code"}, name  # no code on a saved token
        assert isinstance(saved.get("price", 0), int)  # whole VND; the spec's "Number"
