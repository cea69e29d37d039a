"""Trading rights of a FastConnect session: the code that lets a token place orders.

What SSI does (spec 5.4 and SSI's own clients): AccessToken with ``twoFactorType``, the
``code`` and ``isSave = true`` gives a token that may trade for its whole life (its JWT
``exp``); orders then carry no code. A token from ``isSave = false`` may only read, unless
each order carries the code (spec 5.5.1 ``code``). python-fctrading keeps exactly these two
tokens: a read token (``AccessToken(..., "1", False)``) refreshed by itself, and a writer
token from ``verifyCode(code)`` = ``AccessToken(..., code, True)``; when the writer token
expires it says "Please verify code again to get new one" — a verified OTP session lasts
as long as its token and cannot be renewed without a new code.

So:

- PIN users: the PIN comes from the vault, and every login (every token refresh too)
  sends it again, so trading rights survive refreshes. Without a stored PIN the user is
  asked once; the typed PIN stays in memory for this session only.
- OTP users: the session keeps its trading token until ``trading_slack`` seconds before it
  expires (not the usual refresh margin: renewing costs the user a code), reads then go on
  with a read-only token, and the next order asks for a new OTP through the same provider
  (``CodeReason.EXPIRED``), which says so plainly.

Why AccessToken and not the spec's verifyCode endpoint (5.3) for the code: neither
published client calls that endpoint (their "verifyCode" methods are the AccessToken call
above), and the spec's own example answers a wrong code there with "Internal Server
Error", which no client can tell from an outage. :meth:`Session.verify_code` still offers it.

Limits: GetOTP (an SMS each) at most once per ``otp_resend_interval`` seconds and
``otp_max_per_hour`` an hour; at most ``code_attempts`` codes per ask; the user's answer is
awaited ``code_wait`` seconds; after a decline nobody is asked again for
``decline_cooldown`` seconds, so a background retry does not reopen the dialog at once.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections import deque
from collections.abc import Awaitable, Callable

from ...domain.redaction_hook import register_secret
from ..trading_code import CodeKind, CodeProvider, CodeReason, CodeRequest, ResendResult
from .auth import BearerToken
from .errors import AuthError, SsiError

__all__ = ["OtpThrottle", "TradingRights"]

log = logging.getLogger("tradingtools_desktop.brokers.ssi")
BROKER = "SSI FastConnect"


class OtpThrottle:
    """At most one OTP per ``interval`` seconds (unless the last one was used up: a code
    is single use) and ``per_hour`` in any hour."""

    def __init__(self, interval: float, per_hour: int) -> None:
        self.interval = interval
        self.per_hour = per_hour
        self._sent: deque[float] = deque()
        self._used = False

    def wait_s(self, now: float) -> int:
        while self._sent and self._sent[0] <= now - 3600:
            self._sent.popleft()
        wait = 0.0
        if self._sent and not self._used:
            wait = self._sent[-1] + self.interval - now
        if len(self._sent) >= self.per_hour:
            wait = max(wait, self._sent[0] + 3600 - now)
        return math.ceil(wait) if wait > 0 else 0

    def note(self, now: float) -> None:
        self._sent.append(now)
        self._used = False

    def used(self) -> None:
        """The last code was accepted: it cannot serve again, so a new one may go out."""
        self._used = True


class TradingRights:
    """Gets the session a token that may trade, asking the user when a code is needed.

    ``get_otp`` sends a code (GetOTP); ``login(code)`` is the AccessToken call that saves
    the code (it raises :class:`AuthError` when SSI refuses the code). One ask at a time:
    orders that need rights meanwhile wait for it and reuse its token.
    """

    def __init__(self, kind: CodeKind, clock: Callable[[], float], *,
                 get_otp: Callable[[], Awaitable[None]],
                 login: Callable[[str], Awaitable[BearerToken]],
                 code_wait: float = 300.0, code_attempts: int = 3,
                 otp_resend_interval: float = 60.0, otp_max_per_hour: int = 5,
                 decline_cooldown: float = 30.0) -> None:
        self.kind = kind
        self.provider: CodeProvider | None = None
        self.typed_pin: str | None = None
        self.had_rights = False  # an OTP trading session existed before (reason EXPIRED)
        self._clock = clock
        self._get_otp = get_otp
        self._login = login
        self._code_wait = code_wait
        self._attempts = code_attempts
        self._cooldown = decline_cooldown
        self._declined_until = 0.0
        self._throttle = OtpThrottle(otp_resend_interval, otp_max_per_hour)
        self._lock = asyncio.Lock()

    def granted(self) -> None:
        """An OTP was accepted (a token that may trade was issued): a later ask is an
        expiry, and the next OTP may be sent at once (the code is used up)."""
        self.had_rights = True
        self._throttle.used()

    async def resend(self) -> ResendResult:
        """A new OTP, unless the rate limit says wait. Never raises."""
        wait = self._throttle.wait_s(self._clock())
        if wait:
            return ResendResult(False, wait_s=wait)
        try:
            await self._send()
        except SsiError as exc:
            return ResendResult(False, error=str(exc))
        log.info("SSI: a new OTP was requested")
        return ResendResult(True)

    async def _send(self) -> None:
        await self._get_otp()
        self._throttle.note(self._clock())  # counted once SSI says it sent one

    async def acquire(self, current: Callable[[], BearerToken | None]) -> BearerToken:
        """A token with trading rights: ``current()`` when it has them (another ask just
        got them), else one from a code the user gives. Raises AuthError (needs_code)
        when no code is given or every code is refused: nothing was sent."""
        async with self._lock:
            token = current()
            if token is not None:
                return token
            provider = self.provider
            what = "an OTP" if self.kind is CodeKind.OTP else "the trading PIN"
            if provider is None:
                raise AuthError(f"{BROKER}: this session cannot trade until {what} is "
                                "entered, and nothing here can ask for it; request not sent",
                                needs_code=True)
            now = self._clock()
            if now < self._declined_until:
                raise AuthError(f"{BROKER}: {what} was declined "
                                f"{math.ceil(self._cooldown)} s ago or less; request not "
                                "sent", needs_code=True)
            return await self._ask(provider, what)

    async def _ask(self, provider: CodeProvider, what: str) -> BearerToken:
        reason = CodeReason.EXPIRED if self.had_rights else CodeReason.NEEDED
        sent, wait = False, 0
        if self.kind is CodeKind.OTP:
            wait = self._throttle.wait_s(self._clock())
            if not wait:
                await self._send()  # a failure propagates: the order is not sent
                sent = True
        log.info("SSI: asking the user for %s (%s)", what, reason.value.lower())
        error = ""
        for attempt in range(1, self._attempts + 1):
            request = CodeRequest(BROKER, self.kind, reason, attempt, error, sent, wait,
                                  self.resend if self.kind is CodeKind.OTP else None)
            try:
                code = await asyncio.wait_for(provider(request), self._code_wait)
            except TimeoutError:
                code = None
            except Exception:  # a broken prompt must not leave the order half-sent
                log.exception("the trading-code prompt failed")
                code = None
            code = code.strip() if code else ""
            if not code:
                self._declined_until = self._clock() + self._cooldown
                noun = "OTP" if self.kind is CodeKind.OTP else "trading PIN"
                raise AuthError(f"{BROKER}: no {noun} was given, so nothing was sent",
                                needs_code=True)
            try:
                token = await self._login(code)
            except AuthError as exc:
                error, sent, wait = str(exc), False, 0
                log.warning("SSI refused %s (attempt %d)", what, attempt)
                continue
            if self.kind is CodeKind.PIN:
                self.typed_pin = code
                register_secret(code)  # like the vault's PIN: masked in every log line
            log.info("SSI: trading rights granted until the token expires")
            return token
        raise AuthError(f"{BROKER} refused {self._attempts} codes in a row; request not "
                        "sent", needs_code=True)
