"""A small asyncio client for classic ASP.NET SignalR hubs (protocol 1.5) over WebSockets.

SSI serves its streams (FastConnect Data ``FcMarketDataV2Hub``, FastConnect Trading
``BroadcastHubV2``) with classic ASP.NET SignalR 2.x, not ASP.NET Core SignalR, whose
Python clients (signalrcore, pysignalr) speak another protocol. The classic clients on PyPI
(signalr-client, signalr-client-threads, signalr-async) are unmaintained, gevent- or
thread-based; so this is ours, on the ``websockets`` library. One connection:

1. ``GET {url}/negotiate?clientProtocol=1.5&connectionData=[{"name":"hub"}]`` -> JSON with
   ``ConnectionToken``, ``ConnectionId``, ``KeepAliveTimeout``, ``DisconnectTimeout``,
   ``TryWebSockets``, ``ProtocolVersion``.
2. WebSocket to ``{ws-url}/connect?transport=webSockets&clientProtocol=..&connectionToken=..
   &connectionData=..&tid=N``; the server's first frame is the init message ``{"S":1,...}``.
3. ``GET {url}/start?...`` -> ``{"Response":"started"}`` (SSI's own Python client skips it;
   a 404 is tolerated for that reason).
4. Frames: ``{}`` keep-alive; ``{"C":cursor,"M":[{"H":hub,"M":method,"A":[...]}]}`` server
   calls; ``{"I":"n","R":...}`` / ``{"I":"n","E":"..."}`` results of our invocations
   ``{"H":hub,"M":method,"A":[args],"I":n}``; ``"T":1`` asks the client to reconnect.
5. Closing: ``POST {url}/abort?...`` (best effort), then the WebSocket close.

The same headers (the bearer token in ``Authorization``) go with every HTTP request and the
WebSocket handshake. Nothing here logs a header, a token, a connection token or a frame;
errors carry only fixed text, a path and an HTTP status. The connection does not reconnect
itself: :meth:`wait_closed` tells the owner why it ended and the owner decides (backoff,
new token, re-subscribe). Hub and method names match case-insensitively, as on the server.
Steps 1-3 (the handshake) are :mod:`.signalr_handshake`; this module runs the connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx
import orjson
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from .signalr_handshake import Handshake
from .signalr_types import (
    HubClosed,
    HubConnectionConfig,
    HubInvocationError,
    HubUnauthorized,
    Negotiation,
    SignalRError,
)

__all__ = [
    "HubClosed",
    "HubConnection",
    "HubConnectionConfig",
    "HubInvocationError",
    "HubUnauthorized",
    "Negotiation",
    "SignalRError",
]

# frames handled before the reader lets the loop run (see _read): ~1 ms of a full-market
# burst's parsing (~60 us a frame), so the Qt thread answers between slices within a few ms
# even while a backlog drains (at 64 the slices were ~4 ms, and a slice plus a repaint plus
# another slice was one 15-20 ms stretch - tripled on a busy machine)
YIELD_EVERY = 16
log = logging.getLogger(__name__)
Handler = Callable[[list[Any]], None]


class HubConnection:
    """One classic SignalR connection to one hub. Use :meth:`on` before :meth:`open`."""

    def __init__(self, config: HubConnectionConfig, *,
                 monotonic: Callable[[], float] = time.monotonic,
                 http_transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        self._monotonic = monotonic
        self._hs = Handshake(config, http_transport)
        self._handlers: dict[str, list[Handler]] = {}
        self._hub_key = config.hub.lower()
        self._ws: ClientConnection | None = None
        self._negotiation: Negotiation | None = None
        self._pending: dict[str, asyncio.Future[Any]] = {}
        self._next_id = 0
        self._reader: asyncio.Task[None] | None = None
        self._watchdog: asyncio.Task[None] | None = None
        self._closed: asyncio.Future[HubClosed] | None = None
        self._closing = False
        self.last_frame_at: float | None = None  # any frame, keep-alives included
        self.cursor: str | None = None  # the server's message cursor ("C")
        self.frames = 0
        self.keep_alives = 0
        self.bad_frames = 0  # frames that were not SignalR JSON (counted, skipped)
        self.handler_errors = 0

    # ---- public ------------------------------------------------------------------------

    def on(self, method: str, handler: Handler) -> None:
        """Call ``handler(args)`` on the loop for every server call of ``method`` on our hub.
        A handler that raises is logged and counted; the next frame is still read."""
        self._handlers.setdefault(method.lower(), []).append(handler)

    @property
    def negotiation(self) -> Negotiation | None:
        return self._negotiation

    @property
    def is_open(self) -> bool:
        return self._closed is not None and not self._closed.done()

    async def open(self) -> Negotiation:
        """negotiate -> connect -> init frame -> start. Raises :class:`HubUnauthorized` or
        :class:`SignalRError`; nothing is left open when it raises."""
        loop = asyncio.get_running_loop()
        self._closed = loop.create_future()
        try:
            async with asyncio.timeout(self.config.open_timeout):
                async with self._hs.http() as http:
                    neg = await self._hs.negotiate(http)
                    self._negotiation = neg
                    ws = await self._hs.connect(neg)
                    self._ws = ws
                    self._frame(await self._hs.read_init(ws))
                    self.last_frame_at = self._monotonic()
                    self._reader = asyncio.create_task(self._read(ws), name="signalr-read")
                    await self._hs.start(http, neg)
        except TimeoutError:
            await self._abandon()
            raise SignalRError(f"SignalR {self._hs.path}: no connection within "
                               f"{self.config.open_timeout:g} s") from None
        except BaseException:
            await self._abandon()
            raise
        self._watchdog = asyncio.create_task(self._watch(), name="signalr-keepalive")
        return neg

    async def invoke(self, method: str, *args: Any) -> Any:
        """Call hub method ``method`` and return its result (``R``); raises
        :class:`HubInvocationError` for an ``E`` answer, :class:`HubClosed` when the
        connection ends first, :class:`SignalRError` after ``invoke_timeout``."""
        ws = self._ws
        if ws is None or not self.is_open:
            raise HubClosed("SignalR: not connected")
        ident = str(self._next_id)
        self._next_id += 1
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[ident] = fut
        payload = json.dumps({"H": self.config.hub, "M": method, "A": list(args),
                              "I": int(ident)}, ensure_ascii=False, separators=(",", ":"))
        try:
            await ws.send(payload)
            async with asyncio.timeout(self.config.invoke_timeout):
                return await fut
        except TimeoutError:
            raise SignalRError(f"SignalR {method}: no answer within "
                               f"{self.config.invoke_timeout:g} s") from None
        except ConnectionClosed:
            raise HubClosed(f"SignalR {method}: the connection closed") from None
        finally:
            self._pending.pop(ident, None)

    async def wait_closed(self) -> HubClosed:
        """Wait until the connection ends; returns why (never raises)."""
        if self._closed is None:
            return HubClosed("SignalR: never opened")
        return await asyncio.shield(self._closed)

    async def close(self) -> None:
        """Abort at the server (best effort) and close the socket; idempotent."""
        if self._closing:
            return
        self._closing = True
        neg, ws = self._negotiation, self._ws
        if neg is not None and ws is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2.0), self._hs.http() as http:
                    await http.post(self._hs.http_url("abort"), params=self._hs.query(neg))
        await self._abandon()
        self._finish(HubClosed("SignalR: closed by us"))

    # ---- running -----------------------------------------------------------------------

    async def _read(self, ws: ClientConnection) -> None:
        reason = HubClosed("SignalR: the server closed the connection")
        try:
            async for raw in ws:
                self.last_frame_at = self._monotonic()
                self.frames += 1
                if raw == "{}" or raw == b"{}":
                    self.keep_alives += 1
                    continue
                try:
                    doc = orjson.loads(raw)  # the hot path: stdlib json is ~3x slower
                except (TypeError, ValueError):
                    self.bad_frames += 1
                    continue
                if not isinstance(doc, dict):
                    self.bad_frames += 1
                    continue
                if self._frame(doc):
                    reason = HubClosed("SignalR: the server asked us to reconnect")
                    break
                if self.frames % YIELD_EVERY == 0:
                    # buffered frames are handed over without suspending: after a burst
                    # (a stall, a reconnect) let the loop - the Qt thread in the GUI -
                    # run between slices instead of after the whole backlog
                    await asyncio.sleep(0)
        except ConnectionClosed:
            reason = HubClosed("SignalR: closed by us" if self._closing
                               else "SignalR: the connection dropped")
        except asyncio.CancelledError:
            self._finish(HubClosed("SignalR: closed by us"))
            raise
        self._finish(reason)

    def _frame(self, doc: dict[str, Any]) -> bool:
        """Handle one parsed frame; True when the server asks us to reconnect."""
        cursor = doc.get("C")
        if isinstance(cursor, str):
            self.cursor = cursor
        calls = doc.get("M")
        if isinstance(calls, list):
            for call in calls:
                if isinstance(call, dict):
                    self._dispatch(call)
                else:
                    self.bad_frames += 1
        elif calls is not None:
            self.bad_frames += 1
        elif "I" in doc:
            self._result(doc)
        return doc.get("T") == 1 or doc.get("D") == 1

    def _dispatch(self, call: dict[str, Any]) -> None:
        hub, method = call.get("H"), call.get("M")
        if not isinstance(hub, str) or hub.lower() != self._hub_key or not isinstance(method, str):
            return
        handlers = self._handlers.get(method.lower())
        if not handlers:
            return
        args = call.get("A")
        args = args if isinstance(args, list) else []
        for handler in handlers:
            try:
                handler(args)
            except Exception:
                self.handler_errors += 1
                log.exception("SignalR handler for %s failed", method)

    def _result(self, doc: dict[str, Any]) -> None:
        ident = str(doc.get("I"))
        if ident.startswith("P|"):  # progress of a long call: not used by our hubs
            return
        fut = self._pending.get(ident)
        if fut is None or fut.done():
            return
        error = doc.get("E")
        if error is not None:
            text = error if isinstance(error, str) else "hub error"
            fut.set_exception(HubInvocationError(text[:200]))
        else:
            fut.set_result(doc.get("R"))

    async def _watch(self) -> None:
        """Close when no frame (not even a keep-alive) came within the keep-alive timeout."""
        neg = self._negotiation
        timeout = self.config.keep_alive_timeout or (neg.keep_alive_timeout if neg else None)
        if not timeout:
            return
        while self.is_open:
            await asyncio.sleep(min(1.0, timeout / 4))
            last = self.last_frame_at
            if last is not None and self._monotonic() - last > timeout:
                self._finish(HubClosed(f"SignalR: no frame for {timeout:g} s (keep-alive lost)"))
                await self._abandon()
                return

    def _finish(self, reason: HubClosed) -> None:
        if self._closed is not None and not self._closed.done():
            self._closed.set_result(reason)
        for fut in self._pending.values():
            if not fut.done():
                fut.set_exception(HubClosed(str(reason)))

    async def _abandon(self) -> None:
        """Stop the tasks and drop the socket without talking to the server."""
        current = asyncio.current_task()
        for task in (self._reader, self._watchdog):
            if task is not None and task is not current and not task.done():
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
        ws, self._ws = self._ws, None
        if ws is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2.0):
                    await ws.close()
        self._finish(HubClosed("SignalR: closed"))

