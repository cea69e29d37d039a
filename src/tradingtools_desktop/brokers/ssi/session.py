"""Session plumbing of the FastConnect client: config, tokens, signed/unsigned exchanges,
read retries and the write-outcome contract. The public calls live in :mod:`.client`.

Auth (spec 5.2-5.4): AccessToken with consumerID/consumerSecret, twoFactorType and code.
PIN users log in automatically (``isSave = config.save_code``); OTP users call
``get_otp`` then ``authenticate``/``verify_code`` with the OTP, and otherwise get a
read-only token. A token is reused until ``token_refresh_margin`` seconds before its JWT
expiry; an HTTP 401 drops it, logs in again and re-sends ONCE (a 401 was not processed).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta, timezone
from typing import Any, Self

import httpx

from . import endpoints as ep
from .auth import BearerToken
from .circuit import CircuitBreaker, CircuitStatus
from .errors import (
    AuthError,
    BrokerRejected,
    BrokerUnavailable,
    CircuitOpen,
    DuplicateRequestId,
    MalformedResponse,
    OrderOutcomeUnknown,
    RateLimited,
    RequestTimeout,
    SsiError,
    error_code_for,
)
from .models import (
    CancelOrderRequest,
    ModifyOrderRequest,
    NewOrderRequest,
    OrderAck,
    SsiCredentials,
    TwoFactorType,
    valid_device_id,
)
from .signing import SIGNATURE_HEADER, SigningKey
from .transport import Exchange, Transport
from .wire import Envelope, ReadNotes, WireError, from_wire, rows_from_wire

__all__ = ["VN_TZ", "Session", "SsiConfig"]

log = logging.getLogger("tradingtools_desktop.brokers.ssi")
VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")  # no DST in Vietnam
WriteRequest = NewOrderRequest | ModifyOrderRequest | CancelOrderRequest


@dataclass(frozen=True, slots=True)
class SsiConfig:
    """Connection settings (no secrets). ``device_id`` must match spec 5.5.1's formats."""

    base_url: str = "https://fc-tradeapi.ssi.com.vn"
    account: str = ""
    device_id: str = "00-00-00-00-00-00"
    user_agent: str = "TradingToolsDesktop"
    timeout: float = 10.0
    read_attempts: int = 3
    backoff_base: float = 0.25
    backoff_max: float = 4.0
    token_refresh_margin: float = 300.0
    token_fallback_ttl: float = 3600.0
    save_code: bool = True

    def __post_init__(self) -> None:
        if not valid_device_id(self.device_id):
            raise ValueError("device_id must be XX:XX:XX:XX:XX:XX, XX-XX-XX-XX-XX-XX "
                             "or XXXXXXXXXXXX (spec 5.5.1)")
        if self.timeout <= 0 or self.read_attempts < 1:
            raise ValueError("timeout > 0 and read_attempts >= 1 required")


class Session:
    """Auth, transport, retries and error mapping shared by every FastConnect call."""

    def __init__(self, config: SsiConfig, credentials: SsiCredentials, *,
                 breaker: CircuitBreaker | None = None,
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 rng: random.Random | None = None,
                 http_transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        self._creds = credentials
        self._key = SigningKey.from_text(credentials.private_key)
        self.breaker = breaker or CircuitBreaker()
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - backoff jitter, not security
        self._t = Transport(config.base_url, config.timeout, self.breaker,
                            transport=http_transport)
        self._t.add_secrets(credentials.secrets())
        self._token: BearerToken | None = None
        self._auth_lock = asyncio.Lock()
        self._noted: set[tuple[str, str, str]] = set()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.config.base_url!r}, {self._creds!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._t.aclose()

    def circuit_status(self) -> CircuitStatus:
        return self.breaker.status()

    # ---- auth --------------------------------------------------------------------------

    async def get_otp(self) -> None:
        """GetOTP (spec 5.2): ask SSI to send an OTP by SMS/email/SmartOTP."""
        body = {"consumerID": self._creds.consumer_id,
                "consumerSecret": self._creds.consumer_secret}
        env = await self._post_unauthenticated(ep.GET_OTP, body)
        if not env.ok:
            raise AuthError(f"SSI GetOTP refused: {self._t.clean(env.message)}")

    async def authenticate(self, code: str | None = None) -> None:
        """AccessToken (spec 5.4). ``code``: the OTP (OTP users) or PIN; None = stored PIN.

        OTP users without a code get a read-only token (isSave = false and a placeholder
        code, as SSI's own client does); orders then need :meth:`verify_code` first.
        """
        async with self._auth_lock:
            await self._login(code)

    async def verify_code(self, code: str) -> None:
        """verifyCode (spec 5.3): save the PIN/OTP on the session so orders may be placed."""
        self._t.add_secrets((code,))
        env = await self._authorised("POST", ep.VERIFY_CODE, content=_dumps({"code": code}))
        if not env.ok:
            raise AuthError(f"SSI verifyCode refused: {self._t.clean(env.message)}",
                            needs_code=True)
        token = env.data if isinstance(env.data, str) else (
            env.data.get("accessToken") if isinstance(env.data, dict) else None)
        current = self._token
        if isinstance(token, str) and token:
            self._token = self._issue(token, code_saved=True)
        elif current is not None:
            self._token = BearerToken(current.value, current.expires_at, True)

    async def _login(self, code: str | None) -> None:
        creds = self._creds
        if code is None:
            code = creds.code if creds.two_factor_type is TwoFactorType.PIN else None
        if code is not None:
            self._t.add_secrets((code,))
        is_save = self.config.save_code and code is not None
        body = {"consumerID": creds.consumer_id, "consumerSecret": creds.consumer_secret,
                "twoFactorType": int(creds.two_factor_type),
                "code": code if code is not None else "1", "isSave": is_save}
        env = await self._post_unauthenticated(ep.ACCESS_TOKEN, body)
        if not env.ok:
            self._token = None
            raise AuthError(f"SSI AccessToken refused: {self._t.clean(env.message)}")
        token = env.data.get("accessToken") if isinstance(env.data, dict) else None
        if not isinstance(token, str) or not token:
            raise MalformedResponse(ep.ACCESS_TOKEN, 200, "no accessToken in data")
        self._token = self._issue(token, code_saved=is_save)

    def _issue(self, value: str, *, code_saved: bool) -> BearerToken:
        self._t.add_secrets((value,))
        return BearerToken.issue(value, now=self._clock(),
                                 fallback_ttl=self.config.token_fallback_ttl,
                                 code_saved=code_saved)

    async def _bearer(self, *, renew: bool = False) -> BearerToken:
        async with self._auth_lock:
            token = self._token
            if renew or token is None or not token.fresh(self._clock(),
                                                         self.config.token_refresh_margin):
                self._token = None
                await self._login(None)
            assert self._token is not None
            return self._token

    @property
    def token_expires_at(self) -> float | None:
        return self._token.expires_at if self._token else None

    # ---- HTTP plumbing -----------------------------------------------------------------

    async def _post_unauthenticated(self, path: str, body: Mapping[str, Any]) -> Envelope:
        ex = await self._t.exchange("POST", path, content=_dumps(body),
                                    headers={"Content-Type": "application/json"})
        if ex.envelope is None:
            raise AuthError(f"SSI {path}: HTTP {ex.http_status} without an envelope")
        return ex.envelope

    async def _authorised(self, method: str, path: str, *, params: Mapping[str, str] | None
                          = None, content: bytes | None = None, signed: bool = False,
                          ) -> Envelope:
        headers = {"Content-Type": "application/json"} if content is not None else {}
        if signed and content is not None:
            headers[SIGNATURE_HEADER] = self._key.sign(content)
        ex: Exchange | None = None
        for attempt in range(2):  # the second pass only after a 401: the server did nothing
            token = await self._bearer(renew=attempt == 1)
            headers["Authorization"] = f"Bearer {token.value}"
            ex = await self._t.exchange(method, path, headers=headers, params=params,
                                        content=content)
            if not ex.unauthorized:
                break
        assert ex is not None
        if ex.unauthorized:
            self._token = None
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

    async def _write(self, path: str, req: WriteRequest, code: str | None) -> OrderAck:
        try:
            token = await self._bearer()
        except CircuitOpen:
            raise
        except (BrokerUnavailable, RequestTimeout, MalformedResponse) as exc:
            raise BrokerUnavailable(f"SSI {path}: login failed ({type(exc).__name__}); "
                                    "request not sent") from exc
        if code is None and not token.code_saved:
            code = self._creds.code if self._creds.two_factor_type is TwoFactorType.PIN \
                else None
            if code is None:
                raise AuthError(f"SSI {path}: this session cannot trade; verify an OTP "
                                "first (request not sent)", needs_code=True)
        if code is not None:
            self._t.add_secrets((code,))
        body = req.to_wire(device_id=self.config.device_id,
                           user_agent=self.config.user_agent, code=code)
        content = _dumps(body)
        try:
            env = await self._authorised("POST", path, content=content, signed=True)
            self._expect_ok(path, env)
        except (RateLimited, CircuitOpen):
            raise  # certainly not processed
        except BrokerUnavailable as exc:
            if not exc.request_sent:
                raise
            raise OrderOutcomeUnknown(path, req.request_id, exc) from exc
        except (RequestTimeout, MalformedResponse) as exc:
            raise OrderOutcomeUnknown(path, req.request_id, exc) from exc
        data = env.data if isinstance(env.data, dict) else {}
        request_data = data.get("requestData")
        return OrderAck(request_id=str(data.get("requestID") or req.request_id),
                        request_data=request_data if isinstance(request_data, dict) else None)

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


def _dumps(body: Mapping[str, Any]) -> bytes:
    # serialised once: these exact bytes are signed and sent
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
