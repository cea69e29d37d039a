"""Typed failures of the FastConnect Data client.

Messages are fixed text plus the endpoint, an HTTP or envelope status and server text that
went through :func:`clean` (registered secrets masked, length bounded): never a request or
response body, a header, the consumer secret or a token.
"""

from __future__ import annotations

from ...domain.redaction_hook import scrub

__all__ = ["DataAuthError", "DataCircuitOpen", "DataMalformed", "DataRateLimited",
           "DataRejected", "DataTimeout", "DataUnavailable", "SsiDataError", "clean"]

_MAX_TEXT = 200


def clean(text: str) -> str:
    """Server text made safe for an exception or a log line."""
    out = scrub(text)
    return "".join(ch if ch.isprintable() else " " for ch in out)[:_MAX_TEXT]


class SsiDataError(Exception):
    """Base of every FastConnect Data failure."""


class DataUnavailable(SsiDataError):
    """SSI did not answer usefully: unreachable, dropped connection, HTTP 5xx. A read may
    be tried again later."""


class DataCircuitOpen(DataUnavailable):
    """Refused locally: too many recent failures, nothing was sent."""


class DataRateLimited(DataUnavailable):
    """HTTP 429 (or an envelope 429): the request quota is used up for now."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DataTimeout(DataUnavailable):
    """No answer within the configured timeout."""


class DataMalformed(SsiDataError):
    """The answer was not the spec's JSON envelope (the body is never kept)."""


class DataAuthError(SsiDataError):
    """The FastConnect Data key (consumerID / consumerSecret) or the token was refused."""


class DataRejected(SsiDataError):
    """SSI processed the request and refused it (a bad parameter, no such symbol...)."""

    def __init__(self, path: str, status: object, message: str) -> None:
        super().__init__(f"SSI Data {path} refused (status {status}): {message}")
        self.path = path
        self.status = status
        self.message = message
