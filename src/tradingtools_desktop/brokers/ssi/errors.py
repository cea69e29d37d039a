"""Typed failures of the SSI FastConnect client.

Every class subclasses the broker-wide bases of :mod:`..base`, so the OMS can handle SSI
without knowing it: ``BrokerUnavailable`` = nothing was processed (safe to send again with
the same requestID), ``OutcomeUnknown`` = the broker may have the order (ask
``find_order_by_request_id`` before any re-send).

Messages are built from fixed text plus scrubbed server messages: never a request or
response body, a header, a token, the consumer secret, the PIN/OTP or key material.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..base import BrokerError
from ..base import BrokerUnavailable as _BaseUnavailable
from ..base import OutcomeUnknown as _BaseOutcomeUnknown

__all__ = [
    "APPENDIX_ERROR_CODES",
    "AuthError",
    "BrokerRejected",
    "BrokerUnavailable",
    "CircuitOpen",
    "DuplicateRequestId",
    "MalformedResponse",
    "OrderOutcomeUnknown",
    "RateLimited",
    "RequestTimeout",
    "SsiError",
    "error_code_for",
    "scrub",
]

_MAX_SERVER_TEXT = 200

# Spec v2.4 appendix 7.1 (lines 2894-3024): English message -> error code. The REST envelope
# carries only status/message/data, so a code is recovered from a known message text.
APPENDIX_ERROR_CODES: dict[str, str] = {
    "invalid login id or password": "ERR001",
    "duplicate login session error": "ERR002",
    "security ticker does not exist.": "ORD001",
    "price is under floor level": "ORD002",
    "price exceeds ceiling level.": "ORD003",
    "invalid price unit (spread)": "ORD004",
    "invalid trading lot/block": "ORD005",
    "invalid parameters": "ORD006",
    "quantity exceeds the allowance": "ORD007",
    "total quantity exceeds limit": "ORD008",
    "not enough purchasing power": "ORD008",
    "already exist b/s order of same stock": "ORD009",
    "invalid order type": "ORD010",
    "cannot be amended in this session": "ORD011",
    "this order cannot be modified": "ORD012",
    "order is null error!": "ORD013",
    "price and quantity have no changes": "ORD014",
    "this channel has been blocked; disallow to place order": "ORD015",
    "this stock is suspended or terminated": "ORD017",
    "odd lot is not allowed": "ORD018",
    "system receive duplicated price": "ORD023",
    "the trading account not opened yet": "ORD025",
    "client status not allowed to trade": "ORD026",
    "client cannot execute this order": "ORD027",
    "reduce qty more than outstanding qty": "ORD031",
    "exceed foreign room": "ORD034",
    "not enough current room": "ORD036",
    "exceed stock room": "ORD037",
    "stock out of margin room": "ORD038",
    "not enough bal": "ORD040",
    "no such client information": "204",
}
_CODE_PREFIX = re.compile(r"^\s*((?:ORD|ERR)\d{3})\b")


def error_code_for(status: int, message: str) -> str:
    """The appendix code a server message stands for, else the envelope status as text."""
    m = _CODE_PREFIX.match(message)
    if m:
        return m.group(1)
    text = message.strip().lower()
    if text in APPENDIX_ERROR_CODES:
        return APPENDIX_ERROR_CODES[text]
    if text.endswith("is not allowed in this session"):  # "<orderType> is not allowed ..."
        return "ORD016"
    return str(status)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """Server text made safe for an exception: known secrets masked, length bounded."""
    out = text
    for secret in secrets:
        if secret and len(secret) >= 4:
            out = out.replace(secret, "***")
    out = "".join(ch if ch.isprintable() else " " for ch in out)
    return out[:_MAX_SERVER_TEXT]


class SsiError(BrokerError):
    """Base of every SSI FastConnect failure."""


class BrokerUnavailable(SsiError, _BaseUnavailable):
    """The broker did not answer usefully (unreachable, dropped connection, HTTP 5xx).

    ``request_sent`` is False when the request certainly never left (connect failure,
    circuit open): only then is a write known to be unprocessed.
    """

    def __init__(self, message: str, *, request_sent: bool = False) -> None:
        super().__init__(message)
        self.request_sent = request_sent


class CircuitOpen(BrokerUnavailable):
    """Refused locally: the circuit breaker is open, nothing was sent."""


class RateLimited(BrokerUnavailable):
    """HTTP 429 "API calls quota exceeded" (spec appendix 7.1 #38): not processed."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message, request_sent=True)
        self.retry_after = retry_after


class RequestTimeout(SsiError):
    """No answer within the configured timeout."""

    def __init__(self, path: str, timeout: float) -> None:
        super().__init__(f"SSI {path}: no response within {timeout:g} s")
        self.path = path
        self.timeout = timeout


class MalformedResponse(SsiError):
    """The answer was not the spec's JSON envelope; the body is never kept."""

    def __init__(self, path: str, status_code: int, detail: str = "not valid JSON") -> None:
        super().__init__(f"SSI {path}: malformed response (HTTP {status_code}): {detail}")
        self.path = path
        self.status_code = status_code


class AuthError(SsiError):
    """Credentials, token, 2FA code or request signature refused (spec 401 / ERR001)."""

    def __init__(self, message: str, *, needs_code: bool = False) -> None:
        super().__init__(message)
        self.needs_code = needs_code


class BrokerRejected(SsiError):
    """The broker processed and refused the request (envelope status != 200)."""

    def __init__(self, code: str, message: str, *, status: int = 400, path: str = "") -> None:
        super().__init__(f"SSI {path} rejected [{code}]: {message}" if path
                         else f"SSI rejected [{code}]: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.path = path


class DuplicateRequestId(BrokerRejected):
    """The requestID was already used today: the ORIGINAL request exists at the broker.

    The spec has no code for this case; the simulator answers status 400 with a message
    containing "duplicate" and "requestID". Look the order up, never allocate a new ID.
    """


class OrderOutcomeUnknown(SsiError, _BaseOutcomeUnknown):
    """A write (NewOrder/ModifyOrder/CancelOrder) may or may not have been processed.

    Raised when the request left this process but no trustworthy answer came back
    (timeout, dropped connection, 5xx, malformed body). ``cause`` is the underlying error.
    """

    def __init__(self, path: str, request_id: str, cause: SsiError) -> None:
        super().__init__(
            f"SSI {path} requestID {request_id}: outcome UNKNOWN ({type(cause).__name__}); "
            "query orderBook/auditOrderBook before any re-send")
        self.path = path
        self.request_id = request_id
        self.cause = cause
