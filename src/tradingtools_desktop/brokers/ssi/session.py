"""The FastConnect client's session: tokens, trading rights and the write-outcome contract.
The HTTP side (exchanges, read retries, error mapping) is :mod:`.plumbing`; the public
calls live in :mod:`.client`.

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
import logging
import random
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta, timezone

import httpx

from ..trading_code import CodeKind, CodeProvider
from . import endpoints as ep
from .auth import BearerToken
from .circuit import CircuitBreaker
from .config import SsiConfig
from .errors import (
    AuthError,
    BrokerUnavailable,
    CircuitOpen,
    MalformedResponse,
    OrderOutcomeUnknown,
    RateLimited,
    RequestTimeout,
)
from .models import (
    CancelOrderRequest,
    ModifyOrderRequest,
    NewOrderRequest,
    OrderAck,
    SsiCredentials,
    TwoFactorType,
)
from .plumbing import Plumbing, dumps_body
from .rights import TradingRights
from .signing import SigningKey

__all__ = ["VN_TZ", "Session", "SsiConfig"]

log = logging.getLogger("tradingtools_desktop.brokers.ssi")
VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")  # no DST in Vietnam
WriteRequest = NewOrderRequest | ModifyOrderRequest | CancelOrderRequest


class Session(Plumbing):
    """Auth, tokens and the write-outcome contract shared by every FastConnect call (the
    HTTP side, retries and error mapping are :class:`~.plumbing.Plumbing`)."""

    def __init__(self, config: SsiConfig, credentials: SsiCredentials, *,
                 breaker: CircuitBreaker | None = None,
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 rng: random.Random | None = None,
                 http_transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._creds = credentials
        super().__init__(config, SigningKey.from_text(credentials.private_key),
                         credentials.secrets(), breaker=breaker, clock=clock, sleep=sleep,
                         rng=rng, http_transport=http_transport)
        self._token: BearerToken | None = None
        self._auth_lock = asyncio.Lock()
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
        env = await self._authorised("POST", ep.VERIFY_CODE, content=dumps_body({"code": code}))
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

    def _drop_token(self) -> None:
        self._token = None

    @property
    def token_expires_at(self) -> float | None:
        return self._token.expires_at if self._token else None

    # ---- writes ------------------------------------------------------------------------

    async def _write(self, path: str, req: WriteRequest, code: str | None) -> OrderAck:
        """One signed write, sent once (plus the single re-send after a 401, which was not
        processed). RateLimited / CircuitOpen and BrokerUnavailable without
        ``request_sent``: certainly not processed; OrderOutcomeUnknown: it left without a
        trustworthy answer (look it up before any re-send); BrokerRejected: refused."""
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
        content = dumps_body(body)
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
