"""A local Telegram Bot API endpoint for tests: getMe and sendMessage for one bot token."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class TelegramStub:
    def __init__(self, token: str, username: str = "tt_test_bot") -> None:
        self.token = token
        self.sent: list[dict[str, Any]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def _reply(self, code: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _route(self, payload: dict[str, Any] | None) -> None:
                prefix = f"/bot{stub.token}/"
                if not self.path.startswith(prefix):
                    self._reply(401, {"ok": False, "error_code": 401,
                                      "description": "Unauthorized"})
                    return
                method = self.path[len(prefix):]
                if method == "getMe":
                    self._reply(200, {"ok": True, "result": {"id": 42, "is_bot": True,
                                                             "username": username}})
                elif method == "sendMessage" and payload is not None:
                    stub.sent.append(payload)
                    self._reply(200, {"ok": True, "result": {"message_id": len(stub.sent)}})
                else:
                    self._reply(404, {"ok": False, "description": "Not Found"})

            def do_GET(self) -> None:
                self._route(None)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                self._route(json.loads(self.rfile.read(length) or b"{}"))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> TelegramStub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
