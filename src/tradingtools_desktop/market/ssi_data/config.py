"""Connection settings and the key pair of the FastConnect Data client.

The FastConnect **Data** key (consumerID / consumerSecret) is a different pair from the
FastConnect Trading one; it only reads market data. REST lives on ``fc-data.ssi.com.vn``,
the stream on ``fc-datahub.ssi.com.vn`` (SSI moved it there in 2023; python-fcdata 2.2).
A simulator serves both on one address: give it as ``base_url`` and leave ``stream_url``
empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["PRODUCTION_REST", "PRODUCTION_STREAM", "SsiDataConfig", "SsiDataCredentials"]

PRODUCTION_REST = "https://fc-data.ssi.com.vn"
PRODUCTION_STREAM = "https://fc-datahub.ssi.com.vn"


@dataclass(frozen=True, slots=True)
class SsiDataCredentials:
    consumer_id: str = field(repr=False)
    consumer_secret: str = field(repr=False)

    def __post_init__(self) -> None:
        if not self.consumer_id.strip() or not self.consumer_secret.strip():
            raise ValueError("the FastConnect Data consumerID and consumerSecret are needed")

    def __repr__(self) -> str:
        return "SsiDataCredentials(<redacted>)"


@dataclass(frozen=True, slots=True)
class SsiDataConfig:
    """No secrets. ``stream_url`` empty = the REST address (a simulator) unless that is
    SSI's production REST host, whose stream is on ``PRODUCTION_STREAM``."""

    base_url: str = PRODUCTION_REST
    stream_url: str = ""
    timeout: float = 10.0
    read_attempts: int = 3  # per request, for timeouts / dropped connections / 5xx / 429
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    token_refresh_margin: float = 300.0  # log in again this long before the JWT expires
    token_fallback_ttl: float = 3600.0  # a token that is not a JWT
    page_size: int = 1000  # the largest the spec allows; 10 pages at most (pageIndex 1-10)
    max_pages: int = 10
    requests_per_second: float = 5.0  # client-side pacing (SSI publishes 5 per 1 s)
    breaker_threshold: int = 5
    breaker_reset: float = 30.0

    def __post_init__(self) -> None:
        if self.timeout <= 0 or self.read_attempts < 1 or self.requests_per_second <= 0:
            raise ValueError("timeout > 0, read_attempts >= 1, requests_per_second > 0")
        if not 1 <= self.page_size <= 1000:
            raise ValueError("page_size must be 1 to 1000 (spec 4.2-4.9)")

    @property
    def stream_base(self) -> str:
        if self.stream_url:
            return self.stream_url.rstrip("/")
        if self.base_url.rstrip("/") == PRODUCTION_REST:
            return PRODUCTION_STREAM
        return self.base_url.rstrip("/")
