"""Session plumbing of the FastConnect client: config, tokens, signed/unsigned exchanges,
read retries and the write-outcome contract. The public calls live in :mod:`.client`.

Auth (spec 5.2-5.4): AccessToken with consumerID/consumerSecret, twoFactorType and code.
PIN users log in with the stored PIN (``isSave = config.save_code``), on every refresh too,
so their trading rights survive it. OTP users read with a read-only token; the first order
(and the first after their trading token expires) gets trading rights through
:class:`.rights.TradingRights`: GetOTP, the injected ``code_provider`` asks the user,
AccessToken with the OTP and ``isSave = true``. A token is reused until
``token_refresh_margin`` seconds before its JWT expiry (an OTP trading token until
``trading_slack`` seconds before); an HTTP 401 drops it, logs in again (a write: gets
trading rights again) and re-sends ONCE (a 401 was not processed).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta, timezone
from typing import Any, Self

import httpx

from ..trading_code import CodeKind, CodeProvider
from . import endpoints as ep
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
)
from .rights import TradingRights
from .signing import SIGNATURE_HEADER, SigningKey
from .transport import Exchange, Transport
from .wire import Envelope, ReadNotes, WireError, from_wire, rows_from_wire

__all__ = ["VN_TZ", "Session", "SsiConfig"]

log = logging.getLogger("tradingtools_desktop.brokers.ssi")
VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")  # no DST in Vietnam
WriteRequest = NewOrderRequest | ModifyOrderRequest | CancelOrderRequest
# a bearer for a call; given the token a 401 just refused, a newer one
TokenSource = Callable[[BearerToken | None], Awaitable[BearerToken]]


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
        self._t.add_secrets(credentials.secrets(), fixed=True)
        self._token: BearerToken | None = None
        self._auth_lock = asyncio.Lock()
        self._noted: set[tuple[str, str, str]] = set()
        kind = CodeKind.OTP if credentials.two_factor_type is TwoFactorType.OTP \
            else CodeKind.PIN
        self.rights = TradingRights(
            kind, clock, get_otp=self.get_otp, login=self._login_with_code,
            code_wait=config.code_wait, code_attempts=config.code_attempts,
            otp_resend_interval=config.otp_resend_interval,
            otp_max_per_hour=config.otp_max_per_hour,
            decline_cooldown=config.decline_cooldown)

    @property
    def code_provider(self) -> CodeProvider | None:
        """Who asks the user for an OTP / PIN when an order needs one (None: nobody, and
        such an order is refused before anything is sent)."""
        return self.rights.provider

    @code_provider.setter
    def code_provider(self, provider: CodeProvider | None) -> None:
        self.rights.provider = provider

    @property
    def trades_without_asking(self) -> bool:
        """Whether an order can go out now without asking the user for a code (a PIN is
        stored, or the token already has trading rights)."""
        token = self._token
        return self._pin() is not None or (
            token is not None and token.code_saved and self._usable(token))

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
        code, as SSI's own client does); their first order asks for an OTP (see
        :attr:`code_provider`). With an OTP, the token may trade (isSave = true).
        """
        async with self._auth_lock:
            await self._login(code)

    async def verify_code(self, code: str) -> None:
        """verifyCode (spec 5.3): save the PIN/OTP on the session so orders may be placed.
        The order path does not use it (see :mod:`.rights` for why)."""
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

    def _pin(self) -> str | None:
        if self._creds.two_factor_type is not TwoFactorType.PIN:
            return None
        return self._creds.code or self.rights.typed_pin

    async def _login(self, code: str | None) -> BearerToken:
        creds = self._creds
        otp = creds.two_factor_type is TwoFactorType.OTP
        if code is None:
            code = self._pin()
        if code is not None:
            self._t.add_secrets((code,))
        # an OTP is single use: it is only worth sending to get a token that may trade
        is_save = code is not None and (otp or self.config.save_code)
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
        if otp and is_save:
            self.rights.granted()
        return self._token

    async def _login_with_code(self, code: str) -> BearerToken:
        async with self._auth_lock:
            return await self._login(code)

    def _issue(self, value: str, *, code_saved: bool) -> BearerToken:
        self._t.add_secrets((value,))
        return BearerToken.issue(value, now=self._clock(),
                                 fallback_ttl=self.config.token_fallback_ttl,
                                 code_saved=code_saved)

    def _usable(self, token: BearerToken) -> bool:
        """Fresh, or an OTP trading token short of its last ``trading_slack`` seconds:
        renewing that one costs the user a new code, so it is used to the end."""
        now = self._clock()
        if token.fresh(now, self.config.token_refresh_margin):
            return True
        return token.code_saved and self.rights.kind is CodeKind.OTP and \
            token.fresh(now, self.config.trading_slack)

    async def _bearer(self, *, stale: BearerToken | None = None) -> BearerToken:
        """The session's token, logged in anew when there is none, it is no longer usable
        or it is ``stale`` (refused with a 401; a newer one another call got is kept)."""
        async with self._auth_lock:
            token = self._token
            if token is None or token is stale or not self._usable(token):
                if token is not None and token.code_saved and \
                        self.rights.kind is CodeKind.OTP:
                    log.info("SSI: the OTP trading session ended; reads go on, the next "
                             "order asks for a new OTP")
                self._token = None
                await self._login(None)
            assert self._token is not None
            return self._token

    async def _trading_token(self, *, stale: BearerToken | None = None) -> BearerToken:
        """A token that may place orders: PIN users' own (the PIN goes into each order
        when it was not saved on the token); OTP users' trading token, or new rights from
        a code the user gives (:class:`.rights.TradingRights`). ``stale``: the token a
        401 refused (dropped, unless another call has replaced it already)."""
        if stale is not None:
            async with self._auth_lock:
                if self._token is stale:
                    self._token = None
        token = await self._bearer()
        if token.code_saved or self._pin() is not None:
            return token

        def current() -> BearerToken | None:
            t = self._token
            return t if t is not None and t.code_saved and self._usable(t) else None

        return await self.rights.acquire(current)

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
        async def token_for(stale: BearerToken | None) -> BearerToken:
            # getting rights may log in or send an OTP: its failures say "not sent", never
            # "outcome unknown" (the order itself has not left)
            try:
                return await self._trading_token(stale=stale)
            except CircuitOpen:
                raise
            except (BrokerUnavailable, RequestTimeout, MalformedResponse) as exc:
                raise BrokerUnavailable(f"SSI {path}: login failed ({type(exc).__name__});"
                                        " request not sent") from exc

        token = await token_for(None)
        if code is None and not token.code_saved:
            code = self._pin()  # a token without a saved code: the PIN goes in the order
        if code is not None:
            self._t.add_secrets((code,))
        body = req.to_wire(device_id=self.config.device_id,
                           user_agent=self.config.user_agent, code=code)
        content = _dumps(body)
        try:
            env = await self._authorised("POST", path, content=content, signed=True,
                                         token_for=token_for)
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
