"""The plumbing under every FastConnect Data REST call: token, pacing, retries, paging.

- **Token** (spec 4.1): ``POST api/v2/Market/AccessToken`` with consumerID/consumerSecret;
  the answer SSI's clients read is ``{"status":200,"data":{"accessToken":...}}``. Reused
  until ``token_refresh_margin`` before its JWT ``exp``. A refusal (HTTP 401, or - as the v2
  host does - HTTP 200 with ``"status":401`` in the body) drops it, logs in again and sends
  the request once more.
- **Reads** are retried on timeouts, dropped connections, HTTP 5xx, 429 and unreadable
  bodies, ``read_attempts`` times in all, with capped exponential backoff and full jitter
  (a 429's Retry-After is honoured up to the cap). Every request passes the circuit breaker
  and the client-side pacing (``requests_per_second``).
- **Paging**: pageIndex from 1 with ``page_size`` rows until ``totalRecord`` rows came (or a
  short page); more than ``max_pages`` pages is refused with a clear error (the spec allows
  pageIndex 1-10).

Nothing here logs a body, a header or a token: only endpoint, status and duration.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Self

import httpx

from ...domain.redaction_hook import register_secret
from ...transport.backoff import Backoff
from ...transport.circuit import CircuitBreaker, CircuitStatus
from ...transport.jwt import jwt_expiry
from .config import SsiDataConfig, SsiDataCredentials
from .errors import (
    DataAuthError,
    DataCircuitOpen,
    DataMalformed,
    DataRateLimited,
    DataRejected,
    DataTimeout,
    DataUnavailable,
    SsiDataError,
    clean,
)
from .wire import WireStats, lower_keys

__all__ = ["ACCESS_TOKEN", "DataSession"]

log = logging.getLogger("tradingtools_desktop.market.ssi_data")
ACCESS_TOKEN = "/api/v2/Market/AccessToken"  # noqa: S105 - a path, not a secret
Rows = list[dict[str, Any]]


class _Envelope:
    __slots__ = ("data", "message", "status", "total")

    def __init__(self, doc: dict[str, Any]) -> None:
        d = lower_keys(doc)
        self.status = d.get("status")
        message = d.get("message")
        self.message = message if isinstance(message, str) else ""
        self.data = d["data"] if d.get("data") is not None else d.get("datalist")
        total = d.get("totalrecord")
        self.total = int(total) if isinstance(total, int | str) and str(total).isdigit() \
            else None

    @property
    def ok(self) -> bool:
        s = self.status
        return s == 200 or (isinstance(s, str) and s.strip().lower() in ("success", "200"))

    @property
    def unauthorized(self) -> bool:
        return self.status in (401, "401")

    @property
    def rate_limited(self) -> bool:
        return self.status in (429, "429")


class DataSession:
    """Auth, pacing, retries, the circuit breaker and paging for the Data REST API."""

    def __init__(self, config: SsiDataConfig, credentials: SsiDataCredentials, *,
                 breaker: CircuitBreaker | None = None,
                 clock: Callable[[], float] = time.time,
                 monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 rng: random.Random | None = None,
                 http_transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        self._creds = credentials
        register_secret(credentials.consumer_secret)
        register_secret(credentials.consumer_id)
        self.breaker = breaker or CircuitBreaker(config.breaker_threshold,
                                                 config.breaker_reset, name="SSI Data")
        self._clock, self._monotonic, self._sleep = clock, monotonic, sleep
        self._backoff = Backoff(config.backoff_base, max(config.backoff_max,
                                                         config.backoff_base),
                                rng or random.Random())  # noqa: S311 - jitter
        self._http = httpx.AsyncClient(
            base_url=config.base_url.rstrip("/"), trust_env=False, follow_redirects=False,
            timeout=httpx.Timeout(config.timeout), transport=http_transport,
            headers={"Accept": "application/json"})
        self._token: str | None = None
        self._token_expires = 0.0
        self._auth_lock = asyncio.Lock()
        self._next_slot = 0.0
        self.stats = WireStats()
        self.logins = 0
        self.skipped_rows = 0
        # the last good answer per request (see SsiDataClient.with_fallback)
        self._last_good: dict[tuple[Any, ...], tuple[Any, Any]] = {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.config.base_url!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    def circuit_status(self) -> CircuitStatus:
        return self.breaker.status()

    # ---- token -------------------------------------------------------------------------

    @property
    def token_expires_at(self) -> float | None:
        return self._token_expires if self._token else None

    def drop_token(self) -> None:
        """Forget the token (the stream was refused with it): the next call logs in."""
        self._token = None

    async def access_token(self, *, renew: bool = False) -> str:
        """A live bearer token, logging in when there is none, it is near expiry, or
        ``renew``. Raises :class:`DataAuthError` when SSI refuses the key."""
        async with self._auth_lock:
            now = self._clock()
            if renew or self._token is None \
                    or now >= self._token_expires - self.config.token_refresh_margin:
                self._token = None
                await self._login()
            assert self._token is not None
            return self._token

    async def _login(self) -> None:
        body = json.dumps({"consumerID": self._creds.consumer_id,
                           "consumerSecret": self._creds.consumer_secret}).encode()
        status, env = await self._send("POST", ACCESS_TOKEN, content=body,
                                       headers={"Content-Type": "application/json"})
        self.logins += 1
        if status == 401 or env is None or not (env.ok or env.status in (0, "0")):
            detail = clean(env.message) if env is not None and env.message else \
                f"HTTP {status}"
            raise DataAuthError(f"SSI Data AccessToken refused: {detail}")
        data = env.data if isinstance(env.data, dict) else {}
        token = lower_keys(data).get("accesstoken") if data else None
        if not isinstance(token, str) or not token:
            raise DataMalformed(f"SSI Data {ACCESS_TOKEN}: no accessToken in the answer")
        register_secret(token)
        self._token = token
        exp = jwt_expiry(token)
        self._token_expires = exp if exp is not None else \
            self._clock() + self.config.token_fallback_ttl

    # ---- one exchange ------------------------------------------------------------------

    async def _pace(self) -> None:
        """Space requests ``1 / requests_per_second`` apart (across concurrent callers)."""
        now = self._monotonic()
        slot = max(now, self._next_slot)
        self._next_slot = slot + 1.0 / self.config.requests_per_second
        if slot > now:
            await self._sleep(slot - now)

    async def _send(self, method: str, path: str, *, params: Mapping[str, str] | None = None,
                    content: bytes | None = None,
                    headers: Mapping[str, str] | None = None) -> tuple[int, _Envelope | None]:
        """Send once through the breaker; a typed error for availability failures."""
        if not self.breaker.allow():
            raise DataCircuitOpen(f"SSI Data {path}: circuit open, request not sent "
                                  f"({self.breaker.status().summary})")
        await self._pace()
        started = time.perf_counter()
        try:
            resp = await self._http.request(method, path, params=params, content=content,
                                            headers=dict(headers or {}))
        except httpx.TimeoutException:
            raise self._fail(DataTimeout(f"SSI Data {path}: no answer within "
                                         f"{self.config.timeout:g} s")) from None
        except httpx.TransportError as exc:
            raise self._fail(DataUnavailable(f"SSI Data {path}: connection failed "
                                             f"({type(exc).__name__})")) from None
        except BaseException:
            self.breaker.release()
            raise
        status = resp.status_code
        log.debug("SSI Data %s %s -> HTTP %d in %.0f ms", method, path, status,
                  (time.perf_counter() - started) * 1000)
        if status == 429:
            raise self._fail(DataRateLimited(f"SSI Data {path}: HTTP 429 quota exceeded",
                                             _retry_after(resp)))
        if status >= 500:
            raise self._fail(DataUnavailable(f"SSI Data {path}: HTTP {status}"))
        try:
            doc = json.loads(resp.content)
        except (ValueError, UnicodeDecodeError):
            if status == 401:
                self.breaker.record_success()
                return 401, None
            raise self._fail(DataMalformed(f"SSI Data {path}: the answer is not JSON "
                                           f"(HTTP {status})")) from None
        if not isinstance(doc, dict):
            raise self._fail(DataMalformed(f"SSI Data {path}: the answer is not an object"))
        self.breaker.record_success()
        return status, _Envelope(doc)

    def _fail(self, error: SsiDataError) -> SsiDataError:
        self.breaker.record_failure(error)
        log.warning("%s", error)
        return error

    async def _authorised(self, path: str, params: Mapping[str, str]) -> _Envelope:
        env: _Envelope | None = None
        for attempt in range(2):  # the second pass only after a refusal of the token
            token = await self.access_token(renew=attempt == 1)
            status, env = await self._send("GET", path, params=params,
                                           headers={"Authorization": f"Bearer {token}"})
            if status != 401 and (env is None or not env.unauthorized):
                break
            self._token = None
        else:
            raise DataAuthError(f"SSI Data {path}: the token was refused twice")
        assert env is not None
        if env.rate_limited:
            raise self._fail(DataRateLimited(f"SSI Data {path}: {clean(env.message)}"))
        if not env.ok:
            raise DataRejected(path, env.status, clean(env.message))
        return env

    async def _read(self, path: str, params: Mapping[str, str]) -> _Envelope:
        for attempt in range(1, self.config.read_attempts + 1):
            try:
                return await self._authorised(path, params)
            except DataCircuitOpen:
                raise
            except (DataUnavailable, DataMalformed) as exc:
                if attempt >= self.config.read_attempts:
                    raise
                retry_after = exc.retry_after if isinstance(exc, DataRateLimited) else None
                await self._sleep(self._backoff.delay(attempt, at_least=retry_after or 0.0))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _pages(self, path: str, params: Mapping[str, str], *,
                     nested: str | None = None) -> tuple[Rows, list[dict[str, Any]]]:
        """Every row of every page. With ``nested`` (SecuritiesDetails ``RepeatedInfo``,
        IndexComponents ``IndexComponent``) the rows are the items inside each data
        element; the elements themselves (lower-cased) are returned too."""
        size = self.config.page_size
        rows: Rows = []
        heads: list[dict[str, Any]] = []
        for index in range(1, self.config.max_pages + 1):
            env = await self._read(path, {**params, "pageIndex": str(index),
                                          "pageSize": str(size)})
            data = env.data if isinstance(env.data, list) else []
            got = 0
            for item in data:
                if not isinstance(item, dict):
                    self.skipped_rows += 1
                    continue
                low = lower_keys(item)
                if nested is None:
                    rows.append(low)
                    got += 1
                    continue
                heads.append(low)
                inner = low.get(nested) or low.get(nested + "list") or []
                for sub in inner if isinstance(inner, list) else []:
                    if isinstance(sub, dict):
                        rows.append(lower_keys(sub))
                        got += 1
            total = env.total
            if got < size or (total is not None and len(rows) >= total):
                return rows, heads
        raise DataRejected(path, "paging", f"more than {self.config.max_pages} pages of "
                           f"{size} rows; ask for less (one market, a shorter range)")


def _retry_after(resp: httpx.Response) -> float | None:
    try:
        return max(0.0, float(resp.headers.get("Retry-After", "")))
    except ValueError:
        return None
