"""The classic SignalR (protocol 1.5) handshake of one hub connection, step by step.

:class:`Handshake` does the HTTP and WebSocket exchanges that open a connection, for
:class:`~.signalr_classic.HubConnection`: ``negotiate`` (a :class:`Negotiation`, or
:class:`HubUnauthorized` on 401/403, else :class:`SignalRError`), ``connect`` (the WebSocket,
with the same headers), ``read_init`` (the server's first frame must be ``{"S":1,...}``) and
``start`` (a 404 is tolerated: SSI's own Python client skips it). Every error carries only
fixed text, a path and an HTTP status: never a header, a token or a frame.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx
from websockets.asyncio.client import ClientConnection
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from .signalr_types import HubConnectionConfig, HubUnauthorized, Negotiation, SignalRError

__all__ = ["Handshake"]

log = logging.getLogger("tradingtools_desktop.transport.signalr_classic")


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    return None


class Handshake:
    """The opening exchanges for ``config``'s hub (``http_transport``: for tests' local
    servers only; None is the real network stack)."""

    def __init__(self, config: HubConnectionConfig,
                 http_transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        self._http_transport = http_transport
        self.conn_data = json.dumps([{"name": config.hub}], separators=(",", ":"))

    def http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(trust_env=False, follow_redirects=False,
                                 timeout=httpx.Timeout(self.config.open_timeout),
                                 headers=dict(self.config.headers),
                                 transport=self._http_transport)

    @property
    def path(self) -> str:
        return urlsplit(self.config.url).path or "/"

    def http_url(self, action: str) -> str:
        return self.config.url.rstrip("/") + "/" + action

    def ws_url(self, action: str, query: Mapping[str, str]) -> str:
        parts = urlsplit(self.config.url.rstrip("/") + "/" + action)
        scheme = "wss" if parts.scheme in ("https", "wss") else "ws"
        return urlunsplit((scheme, parts.netloc, parts.path, urlencode(query), ""))

    def query(self, neg: Negotiation) -> dict[str, str]:
        return {"transport": "webSockets", "clientProtocol": neg.protocol_version,
                "connectionToken": neg.connection_token, "connectionData": self.conn_data}

    async def negotiate(self, http: httpx.AsyncClient) -> Negotiation:
        try:
            resp = await http.get(self.http_url("negotiate"), params={
                "clientProtocol": self.config.client_protocol,
                "connectionData": self.conn_data})
        except httpx.HTTPError as exc:
            raise SignalRError(f"SignalR {self.path}/negotiate: {type(exc).__name__}") \
                from None
        if resp.status_code in (401, 403):
            raise HubUnauthorized(f"SignalR {self.path}/negotiate: HTTP {resp.status_code}")
        if resp.status_code != 200:
            raise SignalRError(f"SignalR {self.path}/negotiate: HTTP {resp.status_code}")
        try:
            doc = resp.json()
        except ValueError:
            raise SignalRError(f"SignalR {self.path}/negotiate: not JSON") from None
        token = doc.get("ConnectionToken") if isinstance(doc, dict) else None
        if not isinstance(token, str) or not token:
            raise SignalRError(f"SignalR {self.path}/negotiate: no ConnectionToken")
        if doc.get("TryWebSockets") is False:
            raise SignalRError(f"SignalR {self.path}: the server does not offer WebSockets")
        version = doc.get("ProtocolVersion")
        return Negotiation(
            connection_token=token, connection_id=str(doc.get("ConnectionId") or ""),
            protocol_version=version if isinstance(version, str) and version
            else self.config.client_protocol,
            keep_alive_timeout=_number(doc.get("KeepAliveTimeout")),
            disconnect_timeout=_number(doc.get("DisconnectTimeout")),
            transport_connect_timeout=_number(doc.get("TransportConnectTimeout")),
            try_websockets=doc.get("TryWebSockets") is not False)

    async def connect(self, neg: Negotiation) -> ClientConnection:
        query = {**self.query(neg), "tid": str(random.randint(0, 10))}  # noqa: S311 - as JS
        try:
            return await ws_connect(
                self.ws_url("connect", query), additional_headers=dict(self.config.headers),
                open_timeout=self.config.open_timeout, ping_interval=None,
                compression=None, max_queue=self.config.max_queue,
                max_size=self.config.max_size, user_agent_header=None)
        except InvalidStatus as exc:
            status = exc.response.status_code
            cls = HubUnauthorized if status in (401, 403) else SignalRError
            raise cls(f"SignalR {self.path}/connect: HTTP {status}") from None
        except (InvalidHandshake, OSError) as exc:
            raise SignalRError(f"SignalR {self.path}/connect: {type(exc).__name__}") \
                from None

    async def read_init(self, ws: ClientConnection) -> dict[str, Any]:
        """The first frame, which must be the init message ``{"S":1,...}``."""
        try:
            raw = await ws.recv()
        except ConnectionClosed:
            raise SignalRError(f"SignalR {self.path}/connect: closed before init") from None
        try:
            doc = json.loads(raw)
        except (TypeError, ValueError):
            raise SignalRError(f"SignalR {self.path}/connect: bad init frame") from None
        if not isinstance(doc, dict) or doc.get("S") != 1:
            raise SignalRError(f"SignalR {self.path}/connect: no init frame")
        return doc

    async def start(self, http: httpx.AsyncClient, neg: Negotiation) -> None:
        try:
            resp = await http.get(self.http_url("start"), params=self.query(neg))
        except httpx.HTTPError as exc:
            raise SignalRError(f"SignalR {self.path}/start: {type(exc).__name__}") from None
        if resp.status_code in (401, 403):
            raise HubUnauthorized(f"SignalR {self.path}/start: HTTP {resp.status_code}")
        if resp.status_code == 404:  # a server without start (SSI's Python client skips it)
            log.debug("SignalR %s/start: 404, continuing without it", self.path)
            return
        if resp.status_code != 200:
            raise SignalRError(f"SignalR {self.path}/start: HTTP {resp.status_code}")
        with contextlib.suppress(ValueError):
            doc = resp.json()
            if isinstance(doc, dict) and doc.get("Response") not in (None, "started"):
                raise SignalRError(f"SignalR {self.path}/start: not started")
