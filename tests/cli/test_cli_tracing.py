"""The CLI honours the OTEL_* variables as the desktop app does: with
OTEL_EXPORTER_OTLP_ENDPOINT set, `tradingtools order place` exports its spans over
OTLP/HTTP before the process exits. The collector is a local receiver on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

SRC = Path(__file__).resolve().parents[2] / "src"


class _Collector(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[ExportTraceServiceRequest] = []


class _Handler(BaseHTTPRequestHandler):
    server: _Collector

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/v1/traces":
            req = ExportTraceServiceRequest()
            req.ParseFromString(body)
            self.server.requests.append(req)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def collector() -> Iterator[_Collector]:
    server = _Collector()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _run(home: Path, collector: _Collector, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env.update({"TRADINGTOOLS_HOME": str(home), "PYTHONPATH": str(SRC),
                "TRADINGTOOLS_FROZEN_TIME": "2026-11-25T10:00:00+07:00",
                "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{collector.server_port}",
                "OTEL_BSP_SCHEDULE_DELAY": "60000"})  # only the flush at exit can send them
    return subprocess.run(
        [sys.executable, "-m", "tradingtools_desktop.cli", *argv], env=env,
        capture_output=True, text=True, timeout=120, check=False)


def test_order_place_exports_its_spans_over_otlp_before_exit(tmp_path, collector) -> None:
    done = _run(tmp_path / "home", collector, "order", "place", "--exchange", "HOSE",
                "--symbol", "FPT", "--side", "buy", "--qty", "100", "--price", "99.6",
                "--key", "otel-1", "--json")
    assert done.returncode == 0, done.stderr
    spans = [(rs.resource, s) for req in collector.requests for rs in req.resource_spans
             for ss in rs.scope_spans for s in ss.spans]
    names = {s.name for _, s in spans}
    assert "INSERT orders" in names and "CONNECT" in names, names
    services = {a.value.string_value for res, _ in spans for a in res.attributes
                if a.key == "service.name"}
    assert services == {"tradingtools-cli"}
    # the parameters never travel: the idempotency key is nowhere in the exported spans
    assert not any("otel-1" in str(s) for _, s in spans)
