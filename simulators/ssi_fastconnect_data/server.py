"""The simulator's server: one ThreadingHTTPServer on 127.0.0.1 (random port) serving the
REST API (``/api/v2/Market/...``, as on fc-data.ssi.com.vn) and the SignalR stream
(``/v2.0/signalr/...``, as on fc-datahub.ssi.com.vn). Paths match case-insensitively like
ASP.NET routes. REST faults come from the trading simulator's :class:`FaultInjector`
(timeouts, 5xx, 429, malformed JSON, dropped connections); stream faults from
:class:`StreamFaults` via the ``drop`` / ``go_silent`` / ``malformed`` /
``unauthorized_mid_stream`` / ``slow_consumer`` methods.

    sim = SsiDataSimulator(); sim.start(); ... sim.url ...; sim.stop()
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from datetime import date, datetime
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from simulators.ssi_fastconnect.faults import FaultInjector, FaultKind
from simulators.ssi_fastconnect.server import _Handler as TradingHandler

from . import rest
from .market_data import MarketData
from .session import VN, Push, Replay
from .signalr import StreamHub
from .state import DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET, SimState

log = logging.getLogger("simulators.ssi_fastconnect_data")
SIGNALR = "/v2.0/signalr/"


class _Handler(TradingHandler):
    """The trading simulator's handler plumbing (connection tracking, ``_send``) with this
    service's routes."""

    server: _Server  # type: ignore[assignment]

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = parts.path.lower()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if path.startswith(SIGNALR):
            self._signalr(method, path[len(SIGNALR):], parts.query)
        else:
            self._rest(method, path, parts.query, raw)

    # ---- REST ----------------------------------------------------------------------------

    def _rest(self, method: str, path: str, query: str, raw: bytes) -> None:
        sim = self.server.sim
        route = rest.ROUTES.get(path)
        if route is None or route[0] != method:
            self._send(404, b'{"message":"Not Found","status":404,"data":null}')
            return
        endpoint = path.rsplit("/", 1)[-1]
        sim.state.count(endpoint)
        fault = sim.faults.take(endpoint)
        if fault is not None:
            if fault.kind is FaultKind.HTTP_5XX:
                self._send(fault.status, b"Service Unavailable", "text/plain")
                return
            if fault.kind is FaultKind.HTTP_429:
                self._json(429, {"message": "API calls quota exceeded!", "status": 429})
                return
            if fault.kind is FaultKind.TIMEOUT:
                self.server.stopping.wait(fault.delay)
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
        body: dict[str, Any] = {}
        if raw:
            try:
                loaded = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                self._json(*rest.fail("The request body is not valid JSON"))
                return
            body = loaded if isinstance(loaded, dict) else {}
        _method, needs_token, handler = route
        if needs_token and sim.state.check(self.headers.get("Authorization")) is None:
            self._json(*rest.unauthorized(sim.http_401, self.headers.get("Authorization")))
            return
        call = rest.Call(sim.state, sim.market,
                         rest.normalise_query(parse_qsl(query, keep_blank_values=True)),
                         body, sim.today(), sim.rest_numbers)
        status, doc = rest.dispatch(handler, call)
        payload = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        if fault is not None and fault.kind is FaultKind.MALFORMED_JSON:
            self._send(200, payload[: max(1, len(payload) // 2)])
        elif fault is not None and fault.kind is FaultKind.DROP_AFTER_ACCEPT:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
        else:
            self._send(status, payload)

class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], sim: SsiDataSimulator) -> None:
        self.sim = sim
        self.stopping = threading.Event()
        self.connections: set[socket.socket] = set()
        self.conn_lock = threading.Lock()
        super().__init__(address, _Handler)

    def close_connections(self) -> None:
        with self.conn_lock:
            live = list(self.connections)
        for conn in live:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class SsiDataSimulator:
    """The simulated FastConnect Data service. :attr:`state` holds consumers and tokens,
    :attr:`market` the data, :attr:`hub` the stream (subscriptions, pushes, stream faults),
    :attr:`faults` REST faults, :attr:`replay` the recorded session (when given)."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, state: SimState | None = None,
                 market: MarketData | None = None, shared: Path | None = None,
                 recording: list[Push] | None = None, today: date | None = None,
                 keepalive_interval: float = 10.0, keep_alive_timeout: float = 20.0,
                 rebase_to: datetime | None = None) -> None:
        self.state = state or SimState()
        self.state.add_consumer(DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET)
        self.market = market or MarketData.load(shared)
        self.hub = StreamHub(self.state, keepalive_interval, keep_alive_timeout)
        self.faults = FaultInjector()
        self.http_401 = False  # REST refusals as HTTP 401 instead of 200 + status 401
        self.rest_numbers = "string"
        self._today = today
        self.replay = Replay(recording or [], self.market, self.hub.publish,
                             rebase_to=rebase_to)
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def today(self) -> date:
        if self._today is not None:
            return self._today
        if self.replay.pushes:
            return (self.replay.pushes[0].at + self.replay.shift).date()
        return datetime.fromtimestamp(self.state.clock(), tz=VN).date()

    # ---- faults ----------------------------------------------------------------------

    def drop(self) -> int:
        """Cut every stream socket now (no close frame); returns how many."""
        return self.hub.drop_all()

    def go_silent(self, *, keepalives: bool = True) -> None:
        """Stop data pushes; keep-alives go on unless ``keepalives`` is False."""
        self.hub.faults.silent = True
        self.hub.faults.keepalives = keepalives

    def speak(self) -> None:
        self.hub.faults.silent = False
        self.hub.faults.keepalives = True

    def malformed(self, n: int) -> None:
        """Replace the next ``n`` pushes with malformed frames (six kinds, in turn)."""
        self.hub.faults.malformed_next += n

    def unauthorized_mid_stream(self) -> None:
        """Every token is revoked and every stream dropped: reconnecting with the old token
        gets HTTP 401 until the client signs in again."""
        self.state.revoke_all()
        self.hub.drop_all()

    def slow_consumer(self, buffer: int = 16, sndbuf: int = 4096) -> None:
        """Connections opened from now on keep only ``buffer`` frames for a consumer that
        does not read (the oldest are dropped) over a small socket buffer."""
        self.hub.faults.buffer = buffer
        self.hub.faults.sndbuf = sndbuf

    # ---- lifecycle -------------------------------------------------------------------

    def start(self) -> SsiDataSimulator:
        if self._server is None:
            self._server = _Server(self._address, self)
            self._thread = threading.Thread(target=self._server.serve_forever,
                                            kwargs={"poll_interval": 0.05},
                                            name="ssi-data-simulator", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self.replay.stop()
        self._server.stopping.set()
        self.hub.drop_all()
        self._server.shutdown()
        self._server.server_close()
        self._server.close_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the simulator is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> SsiDataSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
