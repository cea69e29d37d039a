"""The simulator accepts what SSI's published clients send - python-fcdata (POST negotiate,
protocol 1.5, no tid, no start, ids from 0), the node client (GET negotiate, protocol 1.3,
lower-cased hub, tid, start, ids from 1), .NET (PascalCase query parameters) - and refuses
what the real server refuses. Driven with raw httpx / websockets, not our client."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import httpx
import pytest
from simulators.ssi_fastconnect_data import DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET
from websockets.sync.client import connect

HUB = "FcMarketDataV2Hub"


def token(sim) -> str:
    r = httpx.post(sim.url + "/api/v2/Market/AccessToken",
                   json={"consumerID": DEMO_CONSUMER_ID, "consumerSecret": DEMO_CONSUMER_SECRET})
    body = r.json()
    assert r.status_code == 200 and body["status"] == 200
    return body["data"]["accessToken"]


def ws_url(sim, action: str, query: dict[str, str]) -> str:
    return sim.url.replace("http://", "ws://") + f"/v2.0/signalr/{action}?" + urlencode(query)


def frames_until(ws, pred, limit=200):
    for _ in range(limit):
        doc = json.loads(ws.recv(timeout=10))
        if pred(doc):
            return doc
    raise AssertionError("frame not seen")


@pytest.mark.parametrize("style", ["python-fcdata", "node"])
def test_published_clients_handshakes_are_accepted(sim, style) -> None:
    auth = {"Authorization": "Bearer " + token(sim)}
    hub = HUB if style == "python-fcdata" else HUB.lower()
    conn_data = json.dumps([{"name": hub}])
    version = "1.5" if style == "python-fcdata" else "1.3"
    neg_q = {"connectionData": conn_data, "clientProtocol": version}
    url = sim.url + "/v2.0/signalr/negotiate"
    resp = httpx.post(url, params=neg_q, headers=auth) if style == "python-fcdata" \
        else httpx.get(url, params=neg_q, headers=auth)
    neg = resp.json()
    assert resp.status_code == 200 and neg["TryWebSockets"] and neg["ProtocolVersion"] == version
    query = {"transport": "webSockets", "connectionToken": neg["ConnectionToken"],
             "connectionData": conn_data, "clientProtocol": neg["ProtocolVersion"]}
    if style == "node":
        query["tid"] = "10"
    with connect(ws_url(sim, "connect", query), additional_headers=auth) as ws:
        init = json.loads(ws.recv(timeout=10))
        assert init["S"] == 1 and init["M"] == []
        first_id = 0
        if style == "node":
            start = httpx.get(sim.url + "/v2.0/signalr/start", headers=auth, params={
                k: v for k, v in query.items() if k != "tid"})
            assert start.json() == {"Response": "started"}
            first_id = 1
        ws.send(json.dumps({"H": hub, "M": "SwitchChannels", "A": ["X-QUOTE:MBB"],
                            "I": first_id}))
        assert frames_until(ws, lambda d: "I" in d) == {"I": str(first_id)}
        sim.replay.step(len(sim.replay.pushes))
        push = frames_until(ws, lambda d: d.get("M"))
        call = push["M"][0]
        assert call["H"] == HUB and call["M"] == "Broadcast"
        outer = json.loads(call["A"][0])  # a JSON string, as python-fcdata json.loads it
        content = json.loads(outer["Content"])  # Content: a JSON string again
        assert outer["DataType"] == "Quote" and content["Symbol"] == "MBB"
        assert content["BidPrice1"] > 0
    abort = httpx.post(sim.url + "/v2.0/signalr/abort", params=query, headers=auth)
    assert abort.status_code == 200


def test_the_stream_refuses_a_missing_token_a_foreign_connection_and_bad_transport(sim) -> None:
    conn_data = json.dumps([{"name": HUB}])
    url = sim.url + "/v2.0/signalr/negotiate"
    assert httpx.get(url, params={"connectionData": conn_data}).status_code == 401
    assert httpx.get(url, params={"connectionData": json.dumps([{"name": "OtherHub"}])},
                     headers={"Authorization": "Bearer " + token(sim)}).status_code == 500
    auth = {"Authorization": "Bearer " + token(sim)}
    neg = httpx.get(url, params={"connectionData": conn_data, "clientProtocol": "1.5"},
                    headers=auth).json()
    sim.state.add_consumer("another-consumer", "another-secret")
    other = httpx.post(sim.url + "/api/v2/Market/AccessToken",
                       json={"consumerID": "another-consumer",
                             "consumerSecret": "another-secret"}).json()["data"]["accessToken"]
    q = {"transport": "webSockets", "connectionToken": neg["ConnectionToken"],
         "connectionData": conn_data}
    start = sim.url + "/v2.0/signalr/start"
    assert httpx.get(start, params=q, headers={"Authorization": "Bearer " + other}
                     ).status_code == 403
    assert httpx.get(start, params={**q, "transport": "longPolling"},
                     headers=auth).status_code == 400
    with pytest.raises(Exception, match="401"):
        connect(ws_url(sim, "connect", q), open_timeout=5)


@pytest.mark.parametrize("form", [
    {"pageIndex": "1", "pageSize": "5", "market": "HNX"},  # python-fcdata
    {"PageIndex": "1", "PageSize": "5", "Market": "HNX"},  # .NET ToQueryString
    {"lookupRequest.market": "HNX", "lookupRequest.pageIndex": "1",
     "lookupRequest.pageSize": "5"},  # the node sample
])
def test_rest_parameters_bind_as_aspnet_binds_them(sim, form) -> None:
    r = httpx.get(sim.url + "/api/v2/Market/Securities", params=form,
                  headers={"Authorization": "Bearer " + token(sim)})
    body = r.json()
    assert body["status"] == "Success" and len(body["data"]) == 5
    assert body["totalRecord"] == sum(1 for i in sim.market.instruments.values()
                                      if i.exchange == "HNX")
    assert {row["Market"] for row in body["data"]} == {"HNX"}


def test_rest_refusals_look_like_the_v2_host(sim) -> None:
    r = httpx.get(sim.url + "/api/v2/Market/IndexList")
    assert r.status_code == 200 and r.json()["status"] == 401  # the measured v2 behaviour
    auth = {"Authorization": "Bearer " + token(sim)}
    long = httpx.get(sim.url + "/api/v2/Market/DailyOhlc", headers=auth, params={
        "symbol": "FPT", "fromDate": "01/01/2025", "toDate": "01/03/2025"}).json()
    assert long["status"] == 400 and "30 days" in long["message"]
    bad = httpx.get(sim.url + "/api/v2/Market/DailyStockPrice", headers=auth,
                    params={"fromDate": "2025-11-13", "toDate": "13/11/2025"}).json()
    assert bad["status"] == 400
    wrong = httpx.post(sim.url + "/api/v2/Market/AccessToken",
                       json={"consumerID": DEMO_CONSUMER_ID, "consumerSecret": "nope"}).json()
    assert wrong["status"] != 200 and wrong["data"] is None
