"""The simulator's HTTP server: a real ThreadingHTTPServer on 127.0.0.1 (random port).

Per request: route (paths of spec v2.4, matched case-insensitively like ASP.NET) ->
fault lookup -> bearer token (HTTP 401 when missing, unknown, revoked or expired) ->
signature for NewOrder/ModifyOrder/CancelOrder (``X-Signature``, or the spec's own
spelling ``X-Singature``: lowercase/uppercase hex of RSASSA-PKCS1-v1_5 SHA-256 over the
raw body bytes, verified with the consumer's registered PUBLIC key; a missing or bad
signature is the spec's 401 "Unauthorized" in the envelope) -> handler -> answer; what
the request changed is then announced on the order stream (``/v2.0/signalr/...``, hub
``BroadcastHubV2``: :mod:`.order_stream`), served on the same port.

    sim = SsiSimulator(); sim.start(); ... sim.url ...; sim.stop()
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from .book import Reject
from .faults import Fault, FaultInjector, FaultKind
from .handlers import ROUTES, Call, Handler, Result, fail
from .scenario import Scenario
from .state import SimState

log = logging.getLogger("simulators.ssi_fastconnect")
Rewrite = Callable[[Any], Any]
SIGNATURE_HEADERS = ("X-Signature", "X-Singature")
SIGNALR = "/v2.0/signalr/"
QUOTA_MESSAGE = "API calls quota exceeded! maximum admitted 100 per 1s."


class AnyCaseKeys(dict[str, Any]):
    """A request body whose keys match in any case, as ASP.NET model binding matches them:
    SSI's .NET client sends ``ConsumerID`` / ``TwoFactorType`` / ``IsSave`` (Newtonsoft's
    default PascalCase) where the spec writes ``consumerID``."""

    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__(body)
        self._lower = {k.lower(): k for k in body}

    def __getitem__(self, key: str) -> Any:
        return super().__getitem__(self._lower.get(key.lower(), key))

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        real = self._lower.get(key.lower())
        return super().get(real, default) if real is not None else default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._lower


def _signature_ok(state: SimState, consumer_id: str, body: bytes, headers: Any) -> bool:
    sig_hex = next((headers.get(h) for h in SIGNATURE_HEADERS if headers.get(h)), None)
    if not sig_hex:
        return False
    try:
        signature = bytes.fromhex(sig_hex.strip())
    except ValueError:
        return False
    try:
        state.consumers[consumer_id].public_key.verify(
            signature, body, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out separately: no 40 ms stalls
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.conn_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.conn_lock:
            self.server.connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    # ---- plumbing ------------------------------------------------------------------------

    def _send(self, status: int, payload: bytes, content_type: str = "application/json",
              extra: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(payload)
            self.wfile.flush()
        except OSError:  # the client gave up (e.g. after its timeout)
            self.close_connection = True

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _json(self, status: int, doc: Any) -> None:
        if isinstance(doc, str):
            self._send(status, doc.encode(), "text/plain")
        else:
            self._send(status, json.dumps(doc, ensure_ascii=False).encode("utf-8"))


    # ---- SignalR (the order stream here, the market data stream in the Data simulator) --
    # -------------------------------------------------------------------------

    def _signalr(self, method: str, action: str, query: str) -> None:
        hub = self.server.sim.hub
        q = dict(parse_qsl(query, keep_blank_values=True))
        auth = self.headers.get("Authorization")
        if action == "negotiate" and method in ("GET", "POST"):
            self._json(*hub.negotiate(q, auth))
        elif action in ("connect", "reconnect") and method == "GET":
            if (self.headers.get("Upgrade") or "").lower() != "websocket":
                self._json(400, "Not a WebSocket request.")
                return
            status, text, neg = hub.check_connection(q, auth)
            if neg is None:
                self._json(status, text)
                return
            self.close_connection = True
            hub.serve(self.connection, self.path, list(self.headers.items()), neg)
        elif action == "start" and method == "GET":
            self._json(*hub.start(q, auth))
        elif action == "abort" and method == "POST":
            hub.abort(q)
            self._send(200, b"", "text/plain")
        elif action == "ping" and method == "GET":
            self._json(200, {"Response": "pong"})
        else:
            self._send(404, b"Not Found", "text/plain")

    def _dispatch(self, method: str) -> None:
        sim = self.server.sim
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if parts.path.lower().startswith(SIGNALR):
            with sim.state.lock:
                sim.calls["signalr"] = sim.calls.get("signalr", 0) + 1
            self._signalr(method, parts.path.lower()[len(SIGNALR):], parts.query)
            return
        route = ROUTES.get(parts.path.lower())
        if route is None or route[0] != method:
            self._send(404, b'{"message":"Not Found","status":404,"data":null}')
            return
        endpoint = parts.path.rsplit("/", 1)[-1]
        with sim.state.lock:
            sim.calls[endpoint.lower()] = sim.calls.get(endpoint.lower(), 0) + 1
        fault = sim.faults.take(endpoint)
        if fault is not None and self._pre_fault(fault):
            return
        status, envelope = self._process(route, raw, parts.query)
        if fault is not None and fault.kind is FaultKind.DUPLICATE_DELIVERY:
            status, envelope = self._process(route, raw, parts.query)
        envelope = sim.rewritten(endpoint, envelope)
        payload = json.dumps(envelope, ensure_ascii=False).encode("utf-8")
        if fault is not None and fault.kind is FaultKind.MALFORMED_JSON:
            self._send(200, payload[: max(1, len(payload) // 2)])
        elif fault is not None and fault.kind is FaultKind.DROP_AFTER_ACCEPT:
            self._drop()
        elif fault is not None and fault.kind is FaultKind.TIMEOUT:
            self.server.stopping.wait(fault.delay)
            self._send(status, payload)
        else:
            self._send(status, payload)

    def _pre_fault(self, fault: Fault) -> bool:
        """Faults that answer without processing; True when the call is done."""
        if fault.kind is FaultKind.HTTP_5XX:
            self._send(fault.status, b"Service Unavailable", "text/plain")
            return True
        if fault.kind is FaultKind.HTTP_429:
            body = json.dumps({"message": QUOTA_MESSAGE, "status": 429, "data": None})
            self._send(429, body.encode(), extra={"Retry-After": str(fault.retry_after)})
            return True
        if fault.kind is FaultKind.TIMEOUT and not fault.after_processing:
            self.server.stopping.wait(fault.delay)
            self._drop()
            return True
        return False

    def _process(self, route: tuple[str, bool, bool, Handler], raw: bytes,
                 query: str) -> Result:
        sim = self.server.sim
        _method, needs_token, signed, handler = route
        call = Call(sim.state, sim.scenario, query=dict(parse_qsl(query)))
        if raw:
            try:
                body = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                return fail("The request body is not valid JSON")
            if not isinstance(body, dict):
                return fail("The request body must be a JSON object")
            call.body = AnyCaseKeys(body)
        if needs_token:
            auth = self.headers.get("Authorization", "")
            token = sim.state.check_token(auth[7:]) if auth.startswith("Bearer ") else None
            if token is None:
                return 401, {"message": "Unauthorized", "status": 401, "data": None}
            call.token = token
            if signed and not _signature_ok(sim.state, token.consumer_id, raw, self.headers):
                return fail("Unauthorized: the request signature is invalid", 401)
        try:
            with sim.state.lock:
                try:
                    return handler(call)
                finally:  # whatever the request moved is announced on the order stream
                    sim.hub.sync()
        except Reject as rej:
            return fail(rej.message, rej.status)
        except Exception:
            log.exception("simulator handler failed")
            return 500, {"message": "Internal Server Error", "status": 500, "data": None}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], sim: SsiSimulator) -> None:
        self.sim = sim
        self.stopping = threading.Event()
        self.connections: set[socket.socket] = set()
        self.conn_lock = threading.Lock()
        super().__init__(address, _Handler)

    def close_connections(self) -> None:
        """Cut every open keep-alive connection (a stopped broker answers nobody)."""
        with self.conn_lock:
            live = list(self.connections)
        for conn in live:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class SsiSimulator:
    """The simulated FastConnect Trading API. Use :attr:`state` to register consumers,
    accounts and instruments, :attr:`scenario` to make things happen, :attr:`faults` to
    break things; :attr:`calls` counts requests per endpoint (lower-cased)."""

    def __init__(self, state: SimState | None = None, *, host: str = "127.0.0.1",
                 port: int = 0, fault_seed: int = 0) -> None:
        self.state = state or SimState()
        self.scenario = Scenario(self.state)
        self.faults = FaultInjector(fault_seed)
        self.calls: dict[str, int] = {}
        from .order_stream import order_stream  # here: the Data simulator imports this module

        self.hub = order_stream(self.state)
        self.state.on_change.append(self.hub.sync)
        self._rewrites: dict[str, Rewrite] = {}
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def rewrite(self, endpoint: str, fn: Rewrite | None) -> None:
        """Test control: pass the ``data`` of every successful answer of ``endpoint`` (last
        path segment, any case) through ``fn`` before it is sent: the odd values a real
        server sends now and then (fractional VND, null columns). ``None`` removes it."""
        with self.state.lock:
            if fn is None:
                self._rewrites.pop(endpoint.lower(), None)
            else:
                self._rewrites[endpoint.lower()] = fn

    def rewritten(self, endpoint: str, envelope: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            fn = self._rewrites.get(endpoint.lower())
        if fn is None or envelope.get("status") != 200:
            return envelope
        return {**envelope, "data": fn(envelope.get("data"))}

    def start(self) -> SsiSimulator:
        if self._server is not None:
            return self
        self._server = _Server(self._address, self)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name="ssi-simulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.stopping.set()
        self.hub.drop_all()
        self._server.shutdown()
        self._server.server_close()
        self._server.close_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    # ---- order stream faults -----------------------------------------------------------

    def drop_stream(self) -> int:
        """Cut every order-stream socket now (no close frame); returns how many."""
        return self.hub.drop_all()

    def stream_silent(self, *, keepalives: bool = True) -> None:
        """Stop order-stream pushes (events are still numbered and kept for a replay);
        keep-alives go on unless ``keepalives`` is False."""
        self.hub.faults.silent = True
        self.hub.faults.keepalives = keepalives

    def stream_speaks(self) -> None:
        self.hub.faults.silent = False
        self.hub.faults.keepalives = True

    def refuse_stream(self, refuse: bool = True) -> None:
        """Negotiate answers HTTP 503 (the stream host is down) while REST keeps working."""
        self.hub.faults.refuse = refuse

    def go_down(self) -> None:
        """A full outage: the port stops answering (connections are refused, open ones cut)
        while the exchange side (:attr:`state`, :attr:`scenario`) keeps working."""
        if self._server is None:
            return
        host, port = self._server.server_address[:2]
        self._address = (str(host), int(port))
        self.stop()

    def come_back(self) -> None:
        """The end of :meth:`go_down`: the same address answers again, state intact."""
        self.start()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the simulator is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> SsiSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
