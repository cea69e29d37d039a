"""The HTTP side of a FastConnect session: one exchange, read retries, the envelope's
meaning, and what a tolerant read repaired.

Contract of :class:`Plumbing` (the base of :class:`~.session.Session`):

- ``_authorised``: one exchange with a bearer (the subclass's :meth:`_bearer`, or a given
  ``token_for``); after an HTTP 401, a newer token and ONE re-send (a 401 was not
  processed); a second 401 drops the token (:meth:`_drop_token`) and raises AuthError.
- ``_read``: a GET, retried on timeouts, transport errors, 5xx and 429 with bounded
  exponential backoff and "equal jitter" (a 429's Retry-After is honoured up to
  ``backoff_max``); an open circuit is never retried.
- ``_expect_ok``: a non-200 envelope mapped to the error taxonomy of :mod:`.errors`.
- ``_parse`` / ``_parse_rows``: wire data into models; a repair is logged by key and kind
  (a warning the first time per endpoint, then debug), never with values.

Every message passes the transport's secret scrubber (``clean``); bodies are serialised
once (:func:`dumps_body`), so the bytes signed are the bytes sent.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, Self

import httpx

from .auth import BearerToken
from .circuit import CircuitBreaker, CircuitStatus
from .config import SsiConfig
from .errors import (
    AuthError,
    BrokerRejected,
    BrokerUnavailable,
    CircuitOpen,
    DuplicateRequestId,
    MalformedResponse,
    RateLimited,
    RequestTimeout,
    SsiError,
    error_code_for,
)
from .signing import SIGNATURE_HEADER, SigningKey
from .transport import Exchange, Transport
from .wire import Envelope, ReadNotes, WireError, from_wire, rows_from_wire

__all__ = ["Plumbing", "TokenSource", "dumps_body"]

log = logging.getLogger("tradingtools_desktop.brokers.ssi")
# a bearer for a call; given the token a 401 just refused, a newer one
TokenSource = Callable[[BearerToken | None], Awaitable[BearerToken]]


class Plumbing:
    """Transport, retries, error mapping and read reports of one FastConnect session; the
    subclass supplies the tokens (:meth:`_bearer`, :meth:`_drop_token`)."""

    def __init__(self, config: SsiConfig, key: SigningKey, secrets: Iterable[str], *,
                 breaker: CircuitBreaker | None, clock: Callable[[], float],
                 sleep: Callable[[float], Awaitable[None]], rng: random.Random | None,
                 http_transport: httpx.AsyncBaseTransport | None) -> None:
        self.config = config
        self._key = key
        self.breaker = breaker or CircuitBreaker()
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - backoff jitter, not security
        self._t = Transport(config.base_url, config.timeout, self.breaker,
                            transport=http_transport)
        self._t.add_secrets(secrets, fixed=True)
        self._noted: set[tuple[str, str, str]] = set()

    async def _bearer(self, *, stale: BearerToken | None = None) -> BearerToken:
        """The session's token (``stale``: the one a 401 refused, to be replaced)."""
        raise NotImplementedError

    def _drop_token(self) -> None:
        """Forget the session's token (the server refused it twice)."""
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._t.aclose()

    def circuit_status(self) -> CircuitStatus:
        return self.breaker.status()

    async def _post_unauthenticated(self, path: str, body: Mapping[str, Any]) -> Envelope:
        ex = await self._t.exchange("POST", path, content=dumps_body(body),
                                    headers={"Content-Type": "application/json"})
        if ex.envelope is None:
            raise AuthError(f"SSI {path}: HTTP {ex.http_status} without an envelope")
        return ex.envelope

    async def _authorised(self, method: str, path: str, *, params: Mapping[str, str] | None
                          = None, content: bytes | None = None, signed: bool = False,
                          token_for: TokenSource | None = None) -> Envelope:
        """One exchange with a bearer from ``token_for`` (default: the session's token);
        after an HTTP 401, a newer token (``token_for(refused)``) and ONE re-send."""
        headers = {"Content-Type": "application/json"} if content is not None else {}
        if signed and content is not None:
            headers[SIGNATURE_HEADER] = self._key.sign(content)
        ex: Exchange | None = None
        refused: BearerToken | None = None
        for _ in range(2):  # the second pass only after a 401: the server did nothing
            token = await (token_for(refused) if token_for else self._bearer(stale=refused))
            refused = token
            headers["Authorization"] = f"Bearer {token.value}"
            ex = await self._t.exchange(method, path, headers=headers, params=params,
                                        content=content)
            if not ex.unauthorized:
                break
        assert ex is not None
        if ex.unauthorized:
            self._drop_token()
            detail = self._t.clean(ex.envelope.message) if ex.envelope else "Unauthorized"
            raise AuthError(f"SSI {path}: 401 {detail}")
        assert ex.envelope is not None
        return ex.envelope

    async def _read(self, path: str, params: Mapping[str, str]) -> Envelope:
        for attempt in range(1, self.config.read_attempts + 1):
            try:
                env = await self._authorised("GET", path, params=params)
                self._expect_ok(path, env)
                return env
            except CircuitOpen:
                raise
            except (BrokerUnavailable, RequestTimeout) as exc:
                if attempt >= self.config.read_attempts:
                    raise
                await self._sleep(self._backoff(attempt, exc))
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int, exc: SsiError) -> float:
        cap = min(self.config.backoff_max, self.config.backoff_base * 2 ** (attempt - 1))
        delay = self._rng.uniform(cap / 2, cap)  # "equal jitter"
        if isinstance(exc, RateLimited) and exc.retry_after is not None:
            delay = max(delay, min(exc.retry_after, self.config.backoff_max))
        return delay

    def _expect_ok(self, path: str, env: Envelope) -> None:
        """Map a non-200 envelope: 401 auth, 429 quota, >= 500 server trouble, the
        duplicate-requestID refusal, else a rejection with its appendix code."""
        if env.ok:
            return
        message = self._t.clean(env.message)
        if env.status == 401:
            raise AuthError(f"SSI {path}: 401 {message}")
        if env.status == 429:
            raise RateLimited(f"SSI {path}: 429 {message}")
        if env.status >= 500:
            raise BrokerUnavailable(f"SSI {path}: status {env.status} {message}",
                                    request_sent=True)
        lowered = message.lower()
        if "duplicate" in lowered and "request" in lowered:
            raise DuplicateRequestId(error_code_for(env.status, message), message,
                                     status=env.status, path=path)
        raise BrokerRejected(error_code_for(env.status, message), message,
                             status=env.status, path=path)

    def _parse[T](self, path: str, cls: type[T], data: Any) -> T:
        notes = ReadNotes()
        try:
            return from_wire(cls, data, notes)
        except WireError as exc:
            raise MalformedResponse(path, 200, str(exc)) from None
        finally:
            self._report(path, notes)

    def _parse_rows[T](self, path: str, cls: type[T], rows: list[Any], key: str) -> list[T]:
        notes = ReadNotes()
        out = rows_from_wire(cls, rows, key, notes)
        self._report(path, notes)
        return out

    def _report(self, path: str, notes: ReadNotes) -> None:
        """Log what a tolerant read repaired: a warning the first time this session sees a
        kind of repair on an endpoint, then at debug level (the order book is read every
        second). Keys and repairs only, never values."""
        for key, problem, count in notes:
            seen = (path, key, problem)
            first = seen not in self._noted
            if first and len(self._noted) < 256:
                self._noted.add(seen)
            log.log(logging.WARNING if first else logging.DEBUG,
                    "SSI %s: %s: %s (%d in this read)", path, key, problem, count)

    def _account(self, account: str | None) -> str:
        acct = account or self.config.account
        if not acct:
            raise ValueError("no account given and SsiConfig.account is empty")
        return acct


def dumps_body(body: Mapping[str, Any]) -> bytes:
    # serialised once: these exact bytes are signed and sent
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
