"""One HTTP exchange with FastConnect, classified: the only place httpx errors are mapped.

Every exchange passes the circuit breaker first (an open circuit raises CircuitOpen and
sends nothing) and reports to it afterwards: a transport error, timeout, HTTP 5xx, 429 or
an unreadable body is a failure; any well-formed answer, 401 included, is a success.
Bodies are never logged or put into errors; only method, path, status and duration.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import httpx

from .circuit import CircuitBreaker
from .errors import (
    BrokerUnavailable,
    CircuitOpen,
    MalformedResponse,
    RateLimited,
    RequestTimeout,
    SsiError,
    scrub,
)
from .wire import Envelope, WireError, parse_envelope

__all__ = ["Exchange", "Transport"]

log = logging.getLogger("tradingtools_desktop.brokers.ssi")


@dataclass(frozen=True, slots=True)
class Exchange:
    """A classified answer: the HTTP status and the envelope (None for a bare 401)."""

    http_status: int
    envelope: Envelope | None = field(default=None)

    @property
    def unauthorized(self) -> bool:
        """HTTP 401: the token was refused (an envelope status 401 is an app answer)."""
        return self.http_status == 401


def _retry_after(resp: httpx.Response) -> float | None:
    value = resp.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class Transport:
    def __init__(self, base_url: str, timeout: float, breaker: CircuitBreaker, *,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.timeout = timeout
        self.breaker = breaker
        self._fixed: tuple[str, ...] = ()
        self._secrets: tuple[str, ...] = ()
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"), trust_env=False, follow_redirects=False,
            timeout=httpx.Timeout(timeout), transport=transport)

    def add_secrets(self, secrets: Iterable[str | None], *, fixed: bool = False) -> None:
        """Values scrubbed out of any server text that reaches an exception: ``fixed``
        ones (the credentials) for good, the others (tokens, codes) the newest 32."""
        known = (*self._fixed, *self._secrets)
        fresh = [s for s in secrets if s and s not in known]
        if fixed:
            self._fixed = (*self._fixed, *fresh)
        else:
            self._secrets = (*self._secrets, *fresh)[-32:]

    def clean(self, text: str) -> str:
        return scrub(text, (*self._fixed, *self._secrets))

    async def aclose(self) -> None:
        await self._http.aclose()

    def _fail(self, error: SsiError) -> SsiError:
        self.breaker.record_failure(error)
        log.warning("%s", error)  # fixed text: path, status, error type; never a body
        return error

    async def exchange(self, method: str, path: str, *, headers: Mapping[str, str],
                       params: Mapping[str, str] | None = None,
                       content: bytes | None = None) -> Exchange:
        """Send once; raise a typed error or return the classified answer."""
        if not self.breaker.allow():
            raise CircuitOpen(f"SSI {path}: circuit open, request not sent "
                              f"({self.breaker.status().summary})")
        started = time.perf_counter()
        try:
            resp = await self._http.request(method, path, params=params, content=content,
                                            headers=dict(headers))
        except httpx.TransportError as exc:
            raise self._transport_error(path, exc) from None
        except BaseException:  # cancelled mid-call: no verdict, free a half-open trial
            self.breaker.release()
            raise
        return self._classify(method, path, resp, started)

    def _transport_error(self, path: str, exc: httpx.TransportError) -> SsiError:
        name = type(exc).__name__
        if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
            return self._fail(BrokerUnavailable(f"SSI {path}: cannot connect ({name})"))
        if isinstance(exc, httpx.TimeoutException):
            return self._fail(RequestTimeout(path, self.timeout))
        return self._fail(BrokerUnavailable(f"SSI {path}: connection failed ({name})",
                                            request_sent=True))

    def _classify(self, method: str, path: str, resp: httpx.Response,
                  started: float) -> Exchange:
        elapsed_ms = (time.perf_counter() - started) * 1000
        status = resp.status_code
        log.debug("SSI %s %s -> HTTP %d in %.0f ms", method, path, status, elapsed_ms)
        if status == 429:
            raise self._fail(RateLimited(
                f"SSI {path}: HTTP 429 API calls quota exceeded", _retry_after(resp)))
        if status >= 500:
            raise self._fail(BrokerUnavailable(f"SSI {path}: HTTP {status}", request_sent=True))
        if status == 401:
            self.breaker.record_success()
            try:
                return Exchange(401, parse_envelope(resp.content))
            except WireError:
                return Exchange(401)
        try:
            envelope = parse_envelope(resp.content)
        except WireError as exc:
            raise self._fail(MalformedResponse(path, status, str(exc))) from None
        self.breaker.record_success()
        return Exchange(status, envelope)
