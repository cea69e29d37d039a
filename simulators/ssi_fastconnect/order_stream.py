"""The order stream of the simulated FastConnect Trading API: classic ASP.NET SignalR hub
``BroadcastHubV2`` at ``/v2.0/signalr`` (spec v2.4 section 6; on fc-tradehub.ssi.com.vn
in production, here on the simulator's one port).

Built from the spec and SSI's published client (python-fctrading ``fc_stream.py``): every
request, the WebSocket handshake included, carries ``Authorization: Bearer <token>`` and a
``NotifyID`` header (-1: only what happens from now on, 0: everything since the start of
the day, n: everything after notification n); negotiate by POST (python-fctrading) or GET;
the hub only pushes (``Broadcast`` with one argument, a JSON *string*
``{"type": ..., "data": {...}}``, and ``Error``); it has no method a client may call.

Events, per the spec's examples: ``orderEvent`` on every change of an order (accepted,
modified, filled, cancelled, expired, rejected) with its running totals (``filledQty``,
``avgPrice``, ``osQty``, ``cancelQty``, ``orderStatus``), ``uniqueID`` the requestID of the
request that caused it and ``origRequestID`` the order's own; ``orderMatchEvent`` for each
match (``matchQty``, ``matchPrice``), before the order's ``orderEvent``; ``orderError``
when the exchange refuses an accepted order. Every event has a ``notifyID``, one serial per
day, and goes only to connections of the consumer that owns the account.

Changes are found by comparing each order with what was last announced
(:meth:`OrderStream.sync`, called by the server after every request and by the
scenario after every scripted change), so nothing that moves an order goes unannounced.
Faults (:class:`~simulators.ssi_fastconnect_data.signalr.StreamFaults`): ``drop`` cuts
every socket, ``go_silent`` stops pushes (events are still numbered and kept, so a
reconnect with the last NotifyID gets them), ``refuse`` makes negotiate answer 503.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from simulators.ssi_fastconnect_data.signalr import Connection, StreamHub

from .state import SimOrder, SimState

HUB = "BroadcastHubV2"
PREFIX = "sim"


@dataclass(frozen=True)
class _Seen:
    status: str
    filled_qty: int
    filled_value: int
    price: int
    quantity: int
    cancel_qty: int


@dataclass(frozen=True)
class Event:
    notify_id: int
    consumer_id: str
    payload: str  # the Broadcast argument: a JSON string


class _Tokens:
    """The trading state's bearer check in the shape the SignalR hub asks for."""

    def __init__(self, state: SimState) -> None:
        self._state = state

    def check(self, authorization: str | None) -> Any:
        if not authorization or not authorization.startswith("Bearer "):
            return None
        return self._state.check_token(authorization[7:].strip())


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class OrderStream(StreamHub):
    orders: SimState | None = None
    log: list[Event] = field(default_factory=list)
    seen: dict[str, _Seen] = field(default_factory=dict)
    notify_id: int = 0
    replayed: int = 0

    # ---- connections -------------------------------------------------------------------

    def opened(self, conn: Connection, headers: list[tuple[str, str]]) -> None:
        """Replay what the client's NotifyID asks for (under the hub's lock, so no event
        is sent twice or skipped between the replay and the live pushes)."""
        raw = next((v for k, v in headers if k.lower() == "notifyid"), "-1")
        try:
            after = int(raw.strip())
        except ValueError:
            after = -1
        if after < 0:
            return
        for event in self.log:
            if event.notify_id > after and event.consumer_id == conn.neg.consumer_id:
                self._push(conn, "Broadcast", event.payload)
                self.replayed += 1

    def on_client_frame(self, conn: Connection, text: str) -> None:
        try:
            msg = json.loads(text)
        except ValueError:
            return
        if isinstance(msg, dict) and "I" in msg:
            conn.enqueue(json.dumps({"I": str(msg["I"]), "E": f"'{msg.get('M')}' method "
                                     "could not be resolved."}))

    # ---- events ------------------------------------------------------------------------

    def sync(self) -> int:
        """Announce every order change since the last call; returns how many events."""
        state = self.orders
        if state is None:
            return 0
        made = 0
        with state.lock, self.lock:
            for order in state.orders:
                now = _Seen(order.status, order.filled_qty, order.filled_value, order.price,
                            order.quantity, order.cancel_qty)
                before = self.seen.get(order.order_id)
                if before == now:
                    continue
                self.seen[order.order_id] = now
                if before is not None and now.filled_qty > before.filled_qty:
                    qty = now.filled_qty - before.filled_qty
                    self._emit(order, "orderMatchEvent", self._match(
                        order, qty, (now.filled_value - before.filled_value) // qty))
                    made += 1
                if order.status == "RJ" and order.last_error is not None:
                    self._emit(order, "orderError", self._error(order))
                    made += 1
                self._emit(order, "orderEvent", self._order(order))
                made += 1
        return made

    def _emit(self, order: SimOrder, kind: str, data: dict[str, Any]) -> None:
        self.notify_id += 1
        data["notifyID"] = self.notify_id
        payload = json.dumps({"type": kind, "data": data}, ensure_ascii=False)
        event = Event(self.notify_id, order.consumer_id, payload)
        self.log.append(event)
        if self.faults.silent:
            return
        for conn in self.connections.values():
            if conn.neg.consumer_id == order.consumer_id:
                self._push(conn, "Broadcast", payload)

    @staticmethod
    def _common(order: SimOrder) -> dict[str, Any]:
        return {"orderID": order.order_id, "instrumentID": order.instrument_id,
                "uniqueID": order.request_ids[-1] if order.request_ids else order.unique_id,
                "buySell": order.buy_sell, "ipAddress": "127.0.0.1", "prefix": PREFIX,
                "account": order.account}

    def _order(self, order: SimOrder) -> dict[str, Any]:
        avg = (Decimal(order.filled_value) / order.filled_qty if order.filled_qty
               else Decimal(0))
        return {**self._common(order), "orderType": order.order_type, "price": order.price,
                "quantity": order.quantity, "marketID": order.market_id, "origOrderId": "",
                "cancelQty": order.cancel_qty, "osQty": max(0, order.remaining),
                "filledQty": order.filled_qty, "avgPrice": _number(avg), "channel": "TA",
                "inputTime": str(order.input_ms), "modifiedTime": str(order.modified_ms),
                "isForceSell": "F", "isShortSell": "F", "orderStatus": order.status,
                "rejectReason": order.reject_reason if order.status == "RJ" else "",
                "origRequestID": order.unique_id, "stopOrder": False, "stopPrice": 0,
                "stopType": "", "stopStep": 0, "profitPrice": 0}

    def _match(self, order: SimOrder, qty: int, price: int) -> dict[str, Any]:
        return {**self._common(order), "matchPrice": price, "matchQty": qty,
                "matchTime": str(order.modified_ms)}

    def _error(self, order: SimOrder) -> dict[str, Any]:
        error = order.last_error or {}
        return {**self._common(order), "message": str(error.get("rejectReason", "")),
                "errorCode": "ERR500", "data": None, "connectionID": "",
                "orderType": order.order_type, "price": order.price,
                "quantity": order.quantity, "marketID": order.market_id,
                "origRequestID": order.unique_id, "modifiable": False, "note": ""}


def order_stream(state: SimState, *, keepalive_interval: float = 10.0,
                 keep_alive_timeout: float = 20.0) -> OrderStream:
    return OrderStream(_Tokens(state), keepalive_interval,  # type: ignore[arg-type]
                       keep_alive_timeout, hub_name=HUB, orders=state)
