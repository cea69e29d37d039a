"""The classic SignalR client on its own against the simulator's hub: results and errors of
invocations, a refused token, a lost keep-alive, and abort on close."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from simulators.ssi_fastconnect_data import DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET
from ssi_data_helpers import until

from tradingtools_desktop.transport.signalr_classic import (
    HubConnection,
    HubConnectionConfig,
    HubInvocationError,
    HubUnauthorized,
)


def bearer(sim) -> dict[str, str]:
    r = httpx.post(sim.url + "/api/v2/Market/AccessToken",
                   json={"consumerID": DEMO_CONSUMER_ID, "consumerSecret": DEMO_CONSUMER_SECRET})
    return {"Authorization": "Bearer " + r.json()["data"]["accessToken"]}


def config(sim, headers, **kw) -> HubConnectionConfig:
    return HubConnectionConfig(sim.url + "/v2.0/signalr", "FcMarketDataV2Hub",
                               headers=headers, **kw)


def test_invocations_pushes_and_abort(sim) -> None:
    async def go():
        conn = HubConnection(config(sim, bearer(sim)))
        got: list[list] = []
        conn.on("broadcast", got.append)  # method names match case-insensitively
        neg = await conn.open()
        assert neg.keep_alive_timeout == 5.0 and neg.protocol_version == "1.5"
        assert await conn.invoke("SwitchChannels", "X-TRADE:ALL") is None
        with pytest.raises(HubInvocationError, match="could not be resolved"):
            await conn.invoke("Subscribe", "X")
        sim.replay.step(20)
        await until(lambda: len(got) > 0, "a Broadcast")
        await until(lambda: conn.keep_alives > 0, "a keep-alive")
        await conn.close()
        return got, await conn.wait_closed()

    got, reason = asyncio.run(go())
    assert isinstance(got[0][0], str) and "Trade" in got[0][0]
    assert "closed by us" in str(reason)
    assert sim.hub.start_count == 1 and sim.hub.abort_count == 1


def test_a_refused_token_is_unauthorized(sim) -> None:
    async def go():
        await HubConnection(config(sim, {"Authorization": "Bearer nope"})).open()

    with pytest.raises(HubUnauthorized, match="401"):
        asyncio.run(go())


def test_no_frame_within_the_keep_alive_timeout_closes_the_connection(sim) -> None:
    async def go():
        conn = HubConnection(config(sim, bearer(sim), keep_alive_timeout=0.5))
        await conn.open()
        sim.go_silent(keepalives=False)
        reason = await asyncio.wait_for(conn.wait_closed(), 30)
        await conn.close()
        return reason

    assert "keep-alive" in str(asyncio.run(go()))
