"""The classic ASP.NET SignalR 2.x server side of ``FcMarketDataV2Hub`` at ``/v2.0/signalr``.

Accepted as SSI's published clients send it (python-fcdata, node ssi-fcdata, .NET
Microsoft.AspNet.SignalR.Client): negotiate by GET (node, .NET) or POST (python-fcdata 2.2);
``clientProtocol`` 1.2-1.5 (node says 1.3, python 1.5; the answer echoes it, capped at
1.5); hub names in ``connectionData`` case-insensitive (node lower-cases them); ``connect``
with or without ``tid``; ``start`` optional (python-fcdata never calls it); invocation ids
as numbers (python from 0, node from 1) or strings; ``abort`` by POST. Every request, the
WebSocket handshake included, needs ``Authorization: Bearer <token>`` (HTTP 401 without a
live one); the connection token is bound to the consumer that negotiated it (HTTP 403
otherwise, as the real server says "Unrecognized user identity").

Frames: the init ``{"C":"s-0,..","S":1,"M":[]}``, keep-alive ``{}`` every
``keepalive_interval`` s, pushes ``{"C":..,"M":[{"H":"FcMarketDataV2Hub","M":"Broadcast",
"A":["{\"DataType\":..,\"Content\":\"{...}\"}"]}]}`` (Content a JSON string inside a JSON
string, as the clients parse it), results ``{"I":"n"}`` / errors ``{"I":"n","E":..}``.
``SwitchChannels("X:SSI-FPT")`` replaces that channel type's symbols (types X-QUOTE, X-TRADE,
X, B, R, MI, F; ``ALL`` or ``A-B-C``); a bad channel also gets an ``Error`` push. Each
connection has a bounded outbox like the real server's message buffer (1,000): when a
consumer reads too slowly the oldest frames are dropped and counted.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import select
import socket
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from websockets.exceptions import InvalidState
from websockets.frames import Opcode
from websockets.http11 import Request
from websockets.protocol import State
from websockets.server import ServerProtocol

from .state import SimState

log = logging.getLogger("simulators.ssi_fastconnect_data")
HUB = "FcMarketDataV2Hub"
KINDS = ("X-QUOTE", "X-TRADE", "X", "B", "R", "MI", "F")
DATATYPE = {"X-QUOTE": "Quote", "X-TRADE": "Trade", "X": "X", "B": "B", "R": "R", "MI": "MI",
            "F": "F"}
DEFAULT_BUFFER = 1000
MALFORMED = (
    lambda f: "{not json",
    lambda f: json.dumps({"C": "d-x", "M": [{"H": HUB, "M": "Broadcast", "A": ["{trunc"]}]}),
    lambda f: json.dumps({"C": "d-x", "M": [{"H": HUB, "M": "Broadcast", "A": [json.dumps(
        {"DataType": "X", "Content": "not json either"})]}]}),
    lambda f: json.dumps({"C": "d-x", "M": [{"H": HUB, "M": "Broadcast", "A": [json.dumps(
        {"DataType": "X-QUOTE", "Content": json.dumps({"RType": "Quote", "AskPrice1": 1})})]}]}),
    lambda f: json.dumps({"C": "d-x", "M": [{"H": HUB, "M": "Broadcast", "A": [json.dumps(
        {"DataType": "X-TRADE", "Content": json.dumps({"RType": "Trade", "Symbol": ["FPT"],
                                                        "LastPrice": "abc"})})]}]}),
    lambda f: json.dumps({"C": "d-x", "M": "oops"}),
)


def encode_numbers(content: dict[str, Any], style: str) -> dict[str, Any]:
    """Numbers as the spec's examples mix them: "number" (3.2's Trade example), "float"
    (21000.0), "string" ("21000"), "mixed" (3.2's Quote example: prices float, volumes
    strings)."""
    if style == "number":
        return content
    out: dict[str, Any] = {}
    for key, value in content.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            out[key] = value
        elif style == "float":
            out[key] = float(value)
        elif style == "string":
            out[key] = str(value)
        else:  # mixed
            out[key] = str(int(value)) if "Vol" in key else float(value)
    return out


@dataclass
class StreamFaults:
    silent: bool = False  # no data pushes (keep-alives continue when keepalives is True)
    keepalives: bool = True
    malformed_next: int = 0  # replace the next N pushes by malformed frames
    malformed_sent: int = 0
    refuse: bool = False  # negotiate answers HTTP 503 (the stream host is down)
    buffer: int = DEFAULT_BUFFER  # outbox size of connections opened from now on
    sndbuf: int | None = None  # socket send buffer of new connections (slow-consumer tests)


@dataclass
class Negotiated:
    connection_id: str
    consumer_id: str
    hubs: tuple[str, ...]


class Connection:
    """One open WebSocket: a reader (the HTTP handler's thread) and a writer thread."""

    def __init__(self, hub: StreamHub, sock: socket.socket, proto: ServerProtocol,
                 neg: Negotiated) -> None:
        self.hub, self.sock, self.proto, self.neg = hub, sock, proto, neg
        self.subscriptions: dict[str, set[str] | None] = {}  # kind -> symbols, None = ALL
        self.outbox: deque[str] = deque()
        self.limit = hub.faults.buffer
        self.dropped = 0
        self.sent = 0
        self.invocations: list[dict[str, Any]] = []
        self.cond = threading.Condition()
        self.lock = threading.Lock()  # the protocol object and socket writes
        self.closed = threading.Event()
        self.cursor = 0

    def wants(self, kind: str, symbol: str) -> bool:
        subs = self.subscriptions.get(kind, set())
        return subs is None or symbol.upper() in subs

    def enqueue(self, frame: str) -> None:
        with self.cond:
            self.outbox.append(frame)
            while len(self.outbox) > self.limit:
                self.outbox.popleft()
                self.dropped += 1
            self.cond.notify()

    def _flush(self) -> None:
        data = b"".join(self.proto.data_to_send())
        if data:
            self.sock.sendall(data)

    def send_now(self, frame: str) -> None:
        with self.lock:
            self.proto.send_text(frame.encode("utf-8"))
            self._flush()

    def writer(self) -> None:
        interval = self.hub.keepalive_interval
        try:
            while not self.closed.is_set():
                with self.cond:
                    if not self.outbox:
                        self.cond.wait(interval)
                    frame = self.outbox.popleft() if self.outbox else None
                if self.closed.is_set():
                    return
                if frame is None:
                    if self.hub.faults.keepalives:
                        self.send_now("{}")
                    continue
                self.send_now(frame)
                self.sent += 1
        except (OSError, InvalidState):  # the client went away, or is closing
            self.close()

    def reader(self) -> None:
        try:
            while not self.closed.is_set():
                ready, _, _ = select.select([self.sock], [], [], 0.1)
                if not ready:
                    continue
                data = self.sock.recv(65536)
                with self.lock:
                    if data:
                        self.proto.receive_data(data)
                    else:
                        self.proto.receive_eof()
                    events = self.proto.events_received()
                    self._flush()
                for frame in events:
                    if frame.opcode is Opcode.TEXT:
                        self.hub.on_client_frame(self, frame.data.decode("utf-8", "replace"))
                    elif frame.opcode is Opcode.CLOSE:
                        return
                if not data or self.proto.state is State.CLOSED:
                    return
        except OSError:
            return
        finally:
            self.close()

    def close(self) -> None:
        if self.closed.is_set():
            return
        self.closed.set()
        with self.cond:
            self.cond.notify_all()
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)


@dataclass
class StreamHub:
    state: SimState
    keepalive_interval: float = 10.0
    keep_alive_timeout: float = 20.0
    numbers: str = "number"  # see encode_numbers
    lower_keys: bool = False  # {"datatype","content"} as in some spec examples
    faults: StreamFaults = field(default_factory=StreamFaults)
    negotiations: dict[str, Negotiated] = field(default_factory=dict)
    connections: dict[str, Connection] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    negotiate_count: int = 0
    start_count: int = 0
    abort_count: int = 0
    hub_name: str = HUB  # the hub's name (the trading simulator serves BroadcastHubV2)

    # ---- HTTP side ---------------------------------------------------------------------

    def _hubs(self, query: dict[str, str]) -> tuple[str, ...] | None:
        try:
            data = json.loads(query.get("connectionData") or "[]")
            names = tuple(str(h["name"]) for h in data)
        except (ValueError, TypeError, KeyError):
            return None
        return names if names and all(n.lower() == self.hub_name.lower() for n in names) else None

    def negotiate(self, query: dict[str, str], auth: str | None) -> tuple[int, Any]:
        if self.faults.refuse:
            return 503, "Service Unavailable"
        token = self.state.check(auth)
        if token is None:
            return 401, "Unauthorized"
        hubs = self._hubs(query)
        if hubs is None:
            return 500, "Hub could not be resolved."
        version = query.get("clientProtocol") or "1.2"
        try:
            answer = min(float(version), 1.5)
        except ValueError:
            return 400, "Protocol error: invalid clientProtocol."
        conn_id = str(uuid.uuid4())
        conn_token = secrets.token_urlsafe(48)
        with self.lock:
            self.negotiations[conn_token] = Negotiated(conn_id, token.consumer_id, hubs)
            self.negotiate_count += 1
        return 200, {"Url": "/v2.0/signalr", "ConnectionToken": conn_token,
                     "ConnectionId": conn_id, "KeepAliveTimeout": self.keep_alive_timeout,
                     "DisconnectTimeout": 30.0, "ConnectionTimeout": 110.0,
                     "TryWebSockets": True, "ProtocolVersion": f"{answer:.1f}",
                     "TransportConnectTimeout": 5.0, "LongPollDelay": 0.0}

    def check_connection(self, query: dict[str, str], auth: str | None,
                         ) -> tuple[int, str, Negotiated | None]:
        token = self.state.check(auth)
        if token is None:
            return 401, "Unauthorized", None
        if (query.get("transport") or "").lower() != "websockets":
            return 400, "Protocol error: Unknown transport.", None
        conn_token = query.get("connectionToken")
        if not conn_token:
            return 400, "Protocol error: Missing connection token.", None
        with self.lock:
            neg = self.negotiations.get(conn_token)
        if neg is None:
            return 400, "The connection id is in the incorrect format.", None
        if neg.consumer_id != token.consumer_id:
            return 403, "Unrecognized user identity.", None
        if self._hubs(query) is None:
            return 500, "Hub could not be resolved.", None
        return 200, "", neg

    def start(self, query: dict[str, str], auth: str | None) -> tuple[int, Any]:
        status, text, _neg = self.check_connection(query, auth)
        if status != 200:
            return status, text
        with self.lock:
            self.start_count += 1
        return 200, {"Response": "started"}

    def abort(self, query: dict[str, str]) -> None:
        with self.lock:
            neg = self.negotiations.pop(query.get("connectionToken") or "", None)
            conn = self.connections.get(neg.connection_id) if neg else None
            self.abort_count += 1
        if conn is not None:
            conn.close()

    # ---- the WebSocket -----------------------------------------------------------------

    def serve(self, sock: socket.socket, path: str, headers: list[tuple[str, str]],
              neg: Negotiated) -> None:
        """Run the upgraded connection on the calling (HTTP handler) thread."""
        proto = ServerProtocol(max_size=2**20)
        # the HTTP server already read the request; replay it into the protocol so the
        # library validates the upgrade (and its parser moves on to frames)
        head = f"GET {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
        proto.receive_data((head + "\r\n").encode("latin-1"))
        request = next((e for e in proto.events_received() if isinstance(e, Request)), None)
        if request is None:
            sock.sendall(b"".join(proto.data_to_send()))
            return
        response = proto.accept(request)
        proto.send_response(response)
        sock.sendall(b"".join(proto.data_to_send()))
        if response.status_code != 101:
            return
        if self.faults.sndbuf:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, self.faults.sndbuf)
        conn = Connection(self, sock, proto, neg)
        with self.lock:
            old = self.connections.pop(neg.connection_id, None)
            self.connections[neg.connection_id] = conn
            self.opened(conn, headers)
        if old is not None:
            old.close()
        conn.send_now(json.dumps({"C": f"s-0,{secrets.token_hex(4).upper()}", "S": 1,
                                  "M": []}))
        writer = threading.Thread(target=conn.writer, name="sim-ws-writer", daemon=True)
        writer.start()
        conn.reader()
        writer.join(timeout=5)
        with self.lock:
            if self.connections.get(neg.connection_id) is conn:
                del self.connections[neg.connection_id]

    def opened(self, conn: Connection, headers: list[tuple[str, str]]) -> None:
        """A connection was just registered (under the hub's lock, before its init frame):
        frames enqueued here go out right after the init. Nothing to do for market data."""

    def on_client_frame(self, conn: Connection, text: str) -> None:
        try:
            msg = json.loads(text)
        except ValueError:
            return
        if not isinstance(msg, dict) or "I" not in msg:
            return
        ident = str(msg["I"])
        conn.invocations.append(msg)
        hub, method, args = msg.get("H"), msg.get("M"), msg.get("A")
        if not isinstance(hub, str) or hub.lower() != self.hub_name.lower():
            conn.enqueue(json.dumps({"I": ident, "E": f"'{hub}' Hub could not be resolved."}))
            return
        if not isinstance(method, str) or method.lower() != "switchchannels":
            conn.enqueue(json.dumps({"I": ident, "E": f"'{method}' method could not be "
                                     "resolved. Potential candidates are: SwitchChannels"}))
            return
        if not isinstance(args, list) or len(args) != 1 or not isinstance(args[0], str):
            conn.enqueue(json.dumps({"I": ident, "E": "SwitchChannels takes one channel"}))
            return
        problem = self._switch(conn, args[0])
        if problem:
            self._push(conn, "Error", problem)
        conn.enqueue(json.dumps({"I": ident}))

    def _switch(self, conn: Connection, channel: str) -> str | None:
        kind, sep, syms = channel.partition(":")
        kind, syms = kind.strip().upper(), syms.strip()
        if not sep or kind not in KINDS or not syms:
            return f"Invalid channel: {channel[:40]}"
        names = {s.strip().upper() for s in syms.split("-") if s.strip()}
        conn.subscriptions[kind] = None if names == {"ALL"} else names
        return None

    def _push(self, conn: Connection, method: str, arg: str) -> None:
        conn.cursor += 1
        conn.enqueue(json.dumps({"C": f"d-{conn.neg.connection_id[:8]}-B,{conn.cursor}",
                                 "M": [{"H": self.hub_name, "M": method, "A": [arg]}]}))

    def publish(self, kind: str, symbol: str, content: dict[str, Any]) -> int:
        """Push one message to every connection subscribed to it; returns how many."""
        with self.lock:
            targets = [c for c in self.connections.values() if c.wants(kind, symbol)]
        if not targets or self.faults.silent:
            return 0
        inner = json.dumps(encode_numbers(content, self.numbers), ensure_ascii=False)
        keys = ("datatype", "content") if self.lower_keys else ("DataType", "Content")
        arg = json.dumps({keys[0]: DATATYPE[kind], keys[1]: inner}, ensure_ascii=False)
        for conn in targets:
            if self.faults.malformed_next > 0:
                self.faults.malformed_next -= 1
                conn.enqueue(MALFORMED[self.faults.malformed_sent % len(MALFORMED)](conn))
                self.faults.malformed_sent += 1
                continue
            self._push(conn, "Broadcast", arg)
        return len(targets)

    def drop_all(self) -> int:
        with self.lock:
            live = list(self.connections.values())
        for conn in live:
            conn.close()
        return len(live)


def parse_query(query: str) -> dict[str, str]:
    return dict(parse_qsl(query, keep_blank_values=True))
