"""SSI FastConnect's order stream (spec v2.4 section 6.1) on our classic-SignalR client.

Where and how, as SSI's published client (python-fctrading ``fc_stream.py``) connects:
``{stream host}/v2.0/signalr``, hub ``BroadcastHubV2``, headers ``Authorization: Bearer
<the session's token>`` and ``NotifyID`` (-1: from now on; n: everything after
notification n — what we send on a reconnect, so nothing that happened while the socket
was down is missed); the hub pushes ``Broadcast`` (one argument: a JSON string
``{"type": ..., "data": {...}}``) and ``Error``; the client calls nothing.

Events (:class:`OrderEvent`, :class:`MatchEvent`, :class:`ErrorEvent`): ``orderEvent``
(an order's row as the order book shows it: running ``filledQty`` / ``avgPrice``,
``orderStatus``; ``origRequestID`` is the order's requestID, ``uniqueID`` the request that
moved it), ``orderMatchEvent`` (one match, no running totals), ``orderError`` (a request
refused after it was taken). ``clientPortfolioEvent`` (derivatives positions) is counted
and ignored. A notification whose ``notifyID`` is not above the last one handled (a replay
overlap) is skipped; one that cannot be read is counted and skipped, never raised.

:class:`SsiOrderStream` keeps one connection up: it reconnects with capped exponential
backoff and full jitter (:class:`~...transport.backoff.Backoff`) when the socket drops, the
keep-alive is lost or the server asks, and signs in again when the host refuses the token.
Events go to ``on_event`` one at a time, in order, on the loop. Its :attr:`state` is one of
``off / connecting / live / down`` with a fixed English sentence (:attr:`detail`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ...transport.backoff import Backoff
from ...transport.signalr_classic import (
    HubConnection,
    HubConnectionConfig,
    HubUnauthorized,
    SignalRError,
)
from .models import SsiOrder
from .wire import ReadNotes, WireError, from_wire

__all__ = ["HUB", "SIGNALR_PATH", "ErrorEvent", "MatchEvent", "OrderEvent", "SsiOrderStream",
           "StreamEvent", "StreamState", "StreamStats", "parse_notification"]

log = logging.getLogger(__name__)
SIGNALR_PATH = "/v2.0/signalr"
HUB = "BroadcastHubV2"


class StreamState(StrEnum):
    OFF = "off"
    CONNECTING = "connecting"
    LIVE = "live"
    DOWN = "down"


DETAILS = {
    StreamState.OFF: "Order stream off",
    StreamState.CONNECTING: "Order stream connecting",
    StreamState.LIVE: "Order stream live",
    StreamState.DOWN: "Order stream down: reconnecting; the order book is read every second",
}


@dataclass(frozen=True, slots=True)
class OrderEvent:
    notify_id: int
    order: SsiOrder  # ``unique_id`` is the order's own requestID (origRequestID)
    request_id: str | None  # the request that caused this event (uniqueID)


@dataclass(frozen=True, slots=True)
class MatchEvent:
    notify_id: int
    order_id: str
    request_id: str | None
    quantity: int
    price: Decimal


@dataclass(frozen=True, slots=True)
class ErrorEvent:
    notify_id: int
    request_id: str | None
    order_id: str | None
    code: str
    message: str


StreamEvent = OrderEvent | MatchEvent | ErrorEvent


@dataclass
class StreamStats:
    connects: int = 0
    drops: int = 0
    events: int = 0
    replays_skipped: int = 0
    ignored: int = 0  # kinds we do not use (portfolio), or events of no order
    unreadable: int = 0
    last_notify_id: int | None = None
    kinds: dict[str, int] = field(default_factory=dict)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _notify_id(data: dict[str, Any]) -> int | None:
    for key in ("notifyID", "notifyId", "notifyid"):
        if key in data:
            try:
                return int(str(data[key]).strip())
            except ValueError:
                return None
    return None


def parse_notification(arg: Any) -> tuple[str, StreamEvent | None]:
    """One ``Broadcast`` argument -> (its type, the event or None when it is of a kind we
    do not use). Raises ValueError / WireError when it cannot be read."""
    doc = json.loads(arg, parse_float=Decimal) if isinstance(arg, str | bytes) else arg
    if not isinstance(doc, dict):
        raise ValueError("not an object")
    kind = str(doc.get("type") or doc.get("Type") or "")
    data = doc.get("data") if "data" in doc else doc.get("Data")
    if not isinstance(data, dict):
        raise ValueError("no data")
    nid = _notify_id(data)
    if nid is None:
        raise ValueError("no notifyID")
    lowered = kind.lower()
    if lowered == "orderevent":
        order = from_wire(SsiOrder, data, ReadNotes())
        own = _text(data.get("origRequestID")) or order.unique_id
        return kind, OrderEvent(nid, replace(order, unique_id=own), order.unique_id)
    if lowered == "ordermatchevent":
        order_id = _text(data.get("orderID"))
        if order_id is None:
            raise ValueError("no orderID")
        qty = int(Decimal(str(data.get("matchQty"))))
        price = Decimal(str(data.get("matchPrice")))
        return kind, MatchEvent(nid, order_id, _text(data.get("uniqueID")), qty, price)
    if lowered == "ordererror":
        return kind, ErrorEvent(nid, _text(data.get("uniqueID")), _text(data.get("orderID")),
                                str(data.get("errorCode") or ""),
                                str(data.get("message") or "")[:300])
    return kind, None


EventHandler = Callable[[StreamEvent], Awaitable[None]]
TokenSource = Callable[[str | None], Awaitable[str]]  # (the refused token) -> a token


class SsiOrderStream:
    """Keeps the order stream connected and hands its events to ``on_event`` in order."""

    def __init__(self, base_url: str, token: TokenSource, on_event: EventHandler, *,
                 on_state: Callable[[StreamState], None] | None = None,
                 backoff: Backoff | None = None, open_timeout: float = 10.0,
                 keep_alive_timeout: float | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.url = base_url.rstrip("/") + SIGNALR_PATH
        self._token = token
        self._on_event = on_event
        self._on_state = on_state
        self._backoff = backoff or Backoff(0.5, 30.0, random.Random())  # noqa: S311
        self._open_timeout = open_timeout
        self._keep_alive_timeout = keep_alive_timeout
        self._monotonic = monotonic
        self.stats = StreamStats()
        self.state = StreamState.OFF
        self.since = monotonic()
        self.last_error = ""
        self._conn: HubConnection | None = None
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        self._refused: str | None = None

    @property
    def detail(self) -> str:
        return DETAILS[self.state]

    @property
    def live(self) -> bool:
        return self.state is StreamState.LIVE

    async def start(self) -> None:
        if self._tasks:
            return
        self._set(StreamState.CONNECTING)
        self._tasks = [asyncio.create_task(self._run(), name="ssi-order-stream"),
                       asyncio.create_task(self._consume(), name="ssi-order-events")]

    async def stop(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()
        self._set(StreamState.OFF)

    async def reconnect(self) -> None:
        """Drop the current connection (the supervisor connects again with the last
        NotifyID, so the server replays what was missed)."""
        conn = self._conn
        if conn is not None:
            await conn.close()

    # ---- the connection ----------------------------------------------------------------

    async def _run(self) -> None:
        attempt = 0
        while True:
            conn = await self._open()
            if conn is None:
                attempt += 1
                self._set(StreamState.DOWN)
                await asyncio.sleep(self._backoff.delay(attempt))
                continue
            attempt = 0
            reason = await conn.wait_closed()
            if self._conn is conn:
                self._conn = None
            await conn.close()
            self.stats.drops += 1
            self.last_error = str(reason)
            log.info("SSI order stream closed: %s", reason)
            self._set(StreamState.DOWN)
            await asyncio.sleep(self._backoff.delay(1))

    async def _open(self) -> HubConnection | None:
        try:
            token = await self._token(self._refused)
        except Exception as exc:  # sign-in failed: the REST side reports it too
            self.last_error = f"sign-in failed ({type(exc).__name__})"
            log.warning("SSI order stream: %s", self.last_error)
            return None
        self._refused = None
        last = self.stats.last_notify_id
        conn = HubConnection(HubConnectionConfig(
            self.url, HUB, headers={"Authorization": f"Bearer {token}",
                                    "NotifyID": str(last if last is not None else -1)},
            open_timeout=self._open_timeout, keep_alive_timeout=self._keep_alive_timeout),
            monotonic=self._monotonic)
        conn.on("Broadcast", self._on_broadcast)
        conn.on("Error", self._on_error)
        try:
            await conn.open()
        except HubUnauthorized as exc:
            self._refused = token
            self.last_error = str(exc)
            log.info("SSI order stream refused the token (%s); signing in again", exc)
            await conn.close()
            return None
        except SignalRError as exc:
            self.last_error = str(exc)
            log.warning("SSI order stream: %s", exc)
            await conn.close()
            return None
        self._conn = conn
        self.stats.connects += 1
        self.last_error = ""
        self._set(StreamState.LIVE)
        return conn

    def _set(self, state: StreamState) -> None:
        if state is self.state:
            return
        self.state, self.since = state, self._monotonic()
        if self._on_state is not None:
            try:
                self._on_state(state)
            except Exception:
                log.exception("order stream state listener failed")

    # ---- events ------------------------------------------------------------------------

    def _on_broadcast(self, args: list[Any]) -> None:
        for arg in args:
            self._queue.put_nowait(arg)

    def _on_error(self, args: list[Any]) -> None:
        text = str(args[0])[:200] if args else ""
        log.warning("SSI order stream: the hub sent an error: %s", text)

    async def _consume(self) -> None:
        while True:
            arg = await self._queue.get()
            try:
                kind, event = parse_notification(arg)
            except (ValueError, TypeError, WireError, ArithmeticError) as exc:
                self.stats.unreadable += 1
                log.warning("SSI order stream: unreadable notification skipped (%s)",
                            type(exc).__name__)
                continue
            self.stats.kinds[kind] = self.stats.kinds.get(kind, 0) + 1
            if event is None:
                self.stats.ignored += 1
                continue
            last = self.stats.last_notify_id
            if last is not None and 0 < event.notify_id <= last:
                self.stats.replays_skipped += 1
                continue
            if event.notify_id > 0:
                self.stats.last_notify_id = event.notify_id
            self.stats.events += 1
            try:
                await self._on_event(event)
            except Exception:
                log.exception("SSI order stream: handling notification %d failed",
                              event.notify_id)
