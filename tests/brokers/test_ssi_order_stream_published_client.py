"""The simulator's order stream answers SSI's own published client (python-fctrading
2.5.3, ``fc_stream.py`` over its ``signalr`` package), rebuilt from its source rather than
from our client: negotiate by POST with ``clientProtocol=1.3`` and ``connectionData`` from
``json.dumps([{'name': 'BroadcastHubV2'}])`` (default separators) quoted with
``quote_via=quote``; the WebSocket ``connect`` with the negotiated token and no ``tid``;
``Authorization: Bearer`` and ``NotifyID`` headers on both; no ``start`` call. The hub
pushes ``Broadcast`` with one JSON-string argument, only to the owner's connections, and a
connection with ``NotifyID: 0`` gets the day's events again."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote, urlencode

import httpx
from simulators.ssi_fastconnect import DemoUser, SsiSimulator
from simulators.ssi_fastconnect.book import place
from websockets.sync.client import ClientConnection, connect

HUB = "BroadcastHubV2"


def _conn_data() -> str:
    return json.dumps([{"name": HUB}])  # python-fctrading: dumps([{'name': hub}])


@contextmanager
def _open(sim: SsiSimulator, token: str, notify_id: str) -> Iterator[ClientConnection]:
    headers = {"Authorization": "Bearer " + token, "NotifyID": notify_id}
    query = urlencode({"connectionData": _conn_data(), "clientProtocol": "1.3"},
                      quote_via=quote)
    resp = httpx.post(f"{sim.url}/v2.0/signalr/negotiate?{query}", headers=headers)
    assert resp.status_code == 200, resp.text
    neg = resp.json()
    ws_query = urlencode({"transport": "webSockets", "connectionToken": neg["ConnectionToken"],
                          "connectionData": _conn_data(),
                          "clientProtocol": neg["ProtocolVersion"]}, quote_via=quote)
    with connect(sim.url.replace("http://", "ws://") + f"/v2.0/signalr/connect?{ws_query}",
                 additional_headers=headers, open_timeout=5) as ws:
        init = json.loads(ws.recv(timeout=5))
        assert init.get("S") == 1
        yield ws


def _events(ws: ClientConnection, n: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    while len(out) < n:
        frame = json.loads(ws.recv(timeout=5))
        for call in frame.get("M", []):
            assert call["H"] == HUB and call["M"] == "Broadcast"
            (arg,) = call["A"]
            assert isinstance(arg, str)  # the client prints "fc_received: " + message
            out.append(json.loads(arg))
    return out


def test_published_python_client_when_orders_change_then_it_receives_the_spec_events(
        sim: SsiSimulator, demo: DemoUser) -> None:
    token = sim.state.issue_token(demo.consumer_id, code_saved=False)
    with _open(sim, token, "-1") as ws:
        with sim.state.lock:
            order = place(sim.state, demo.consumer_id, {
                "account": demo.account, "instrumentID": "FPT", "buySell": "B",
                "orderType": "LO", "requestID": "30304045", "market": "VN"}, 120_000, 300)
            sim.state.changed()
        (accepted,) = _events(ws, 1)
        assert accepted["type"] == "orderEvent"
        data = accepted["data"]
        assert data["orderID"] == order.order_id and data["origRequestID"] == "30304045"
        assert data["orderStatus"] == "QU" and data["osQty"] == 300
        assert data["filledQty"] == 0 and isinstance(data["notifyID"], int)
        sim.scenario.fill("30304045", 100, 119_900)
        match, event = _events(ws, 2)
        assert match["type"] == "orderMatchEvent"
        assert (match["data"]["matchQty"], match["data"]["matchPrice"]) == (100, 119_900)
        assert event["type"] == "orderEvent" and event["data"]["orderStatus"] == "PF"
        assert event["data"]["filledQty"] == 100 and event["data"]["avgPrice"] == 119_900
        assert event["data"]["notifyID"] > match["data"]["notifyID"] > data["notifyID"]
    with _open(sim, token, "0") as again:  # from the start of the day
        replay = _events(again, 3)
        assert [e["type"] for e in replay] == ["orderEvent", "orderMatchEvent", "orderEvent"]


def test_stream_when_no_or_a_revoked_token_then_refused(sim: SsiSimulator,
                                                       demo: DemoUser) -> None:
    query = urlencode({"connectionData": _conn_data(), "clientProtocol": "1.3"},
                      quote_via=quote)
    url = f"{sim.url}/v2.0/signalr/negotiate?{query}"
    assert httpx.post(url, headers={"NotifyID": "-1"}).status_code == 401
    token = sim.state.issue_token(demo.consumer_id, code_saved=False)
    assert httpx.post(url, headers={"Authorization": "Bearer " + token}).status_code == 200
    sim.state.revoke_tokens(demo.consumer_id)
    assert httpx.post(url, headers={"Authorization": "Bearer " + token}).status_code == 401
    wrong = urlencode({"connectionData": json.dumps([{"name": "FcMarketDataV2Hub"}]),
                       "clientProtocol": "1.3"}, quote_via=quote)
    fresh = sim.state.issue_token(demo.consumer_id, code_saved=False)
    assert httpx.post(f"{sim.url}/v2.0/signalr/negotiate?{wrong}",
                      headers={"Authorization": "Bearer " + fresh}).status_code == 500
