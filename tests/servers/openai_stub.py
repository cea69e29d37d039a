"""A local OpenAI-compatible endpoint for tests (127.0.0.1, random port).

Scriptable per test: ``mode`` is "ok" (a valid JSON sentiment), "malformed" (not JSON),
"bad_schema" (JSON without the required fields), "slow" (sleeps past the client timeout),
"error" (HTTP 500). Records every request body it received. ``responder`` (user message ->
reply text) scripts the "ok" replies prompt by prompt.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class OpenAIStub:
    def __init__(self) -> None:
        self.mode = "ok"
        self.reply: dict[str, Any] = {"sentiment": "positive", "score": 0.8}
        self.requests: list[dict[str, Any]] = []
        self.models = ["qwen2.5:1.5b", "llama3.1:8b"]
        # optional: (user message) -> reply content as text, scripted per prompt
        self.responder: Callable[[str], str] | None = None
        self.auth: list[str] = []  # Authorization headers received
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def _send(self, code: int, body: str) -> None:
                data = body.encode()
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout tests do that on purpose)

            def do_GET(self) -> None:
                if self.path.endswith("/models"):
                    self._send(200, json.dumps({"object": "list", "data": [
                        {"id": m, "object": "model"} for m in stub.models]}))
                else:
                    self._send(404, "{}")

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append(body)
                stub.auth.append(self.headers.get("Authorization", ""))
                if stub.mode == "slow":
                    time.sleep(1.5)
                if stub.mode == "error":
                    self._send(500, '{"error": "boom"}')
                    return
                system = body["messages"][0]["content"]
                reply = ({"rationale": "Trend and quality both point up."}
                         if "rationale" in system else stub.reply)
                content = {"ok": json.dumps(reply), "slow": json.dumps(reply),
                           "malformed": "Sure! The sentiment is positive.",
                           "bad_schema": json.dumps({"mood": "happy"})}[stub.mode]
                if stub.responder is not None and stub.mode == "ok":
                    content = stub.responder(body["messages"][1]["content"])
                self._send(200, json.dumps({"id": "x", "object": "chat.completion",
                                            "choices": [{"index": 0, "message": {
                                                "role": "assistant", "content": content}}]}))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> OpenAIStub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
