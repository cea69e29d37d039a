"""Consumers and access tokens of the simulated FastConnect Data server.

Tokens are JWT-shaped (``header.payload.signature``, base64url) with an ``exp`` claim, as
SSI's are: SSI's own clients read ``exp`` to know when to ask again. Expiry is judged on
``clock`` (injectable, Unix seconds), so tests expire a token by moving the clock, never by
waiting. A revoked or expired token is refused on every REST call (the spec's 401) and on
negotiate / connect / start of the stream (HTTP 401).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

DEMO_CONSUMER_ID = "3f1b6e2a9c4d4e7f8a0b1c2d3e4f5a6b"
DEMO_CONSUMER_SECRET = "9d8c7b6a5f4e4d3c2b1a0f9e8d7c6b5a"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass
class Token:
    value: str
    consumer_id: str
    expires_at: float
    revoked: bool = False


class SimState:
    """Thread-safe: the HTTP threads, the WebSocket threads and the test share it."""

    def __init__(self, *, clock: Callable[[], float] = time.time,
                 token_ttl: float = 8 * 3600) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.token_ttl = token_ttl
        self.consumers: dict[str, str] = {}
        self.tokens: dict[str, Token] = {}
        self.calls: Counter[str] = Counter()  # per endpoint, lower-cased
        self._key = secrets.token_bytes(32)

    def add_consumer(self, consumer_id: str, consumer_secret: str) -> None:
        with self.lock:
            self.consumers[consumer_id] = consumer_secret

    def login(self, consumer_id: str, consumer_secret: str) -> str | None:
        """A new token for a known consumer with the right secret, else None."""
        with self.lock:
            known = self.consumers.get(consumer_id)
            if known is None or not hmac.compare_digest(known, consumer_secret):
                return None
            now = self.clock()
            header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
            payload = _b64(json.dumps({"sub": consumer_id, "iat": int(now),
                                       "exp": int(now + self.token_ttl),
                                       "jti": secrets.token_hex(8)}).encode())
            sig = _b64(hmac.new(self._key, f"{header}.{payload}".encode(),
                                hashlib.sha256).digest())
            value = f"{header}.{payload}.{sig}"
            self.tokens[value] = Token(value, consumer_id, now + self.token_ttl)
            return value

    def check(self, authorization: str | None) -> Token | None:
        """The live token an ``Authorization: Bearer ...`` header carries, else None."""
        if not authorization or not authorization.startswith("Bearer "):
            return None
        with self.lock:
            token = self.tokens.get(authorization[7:].strip())
            if token is None or token.revoked or self.clock() >= token.expires_at:
                return None
            return token

    def revoke_all(self) -> None:
        with self.lock:
            for token in self.tokens.values():
                token.revoked = True

    def count(self, endpoint: str) -> None:
        with self.lock:
            self.calls[endpoint.lower()] += 1
