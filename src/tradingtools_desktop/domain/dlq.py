"""The dead-letter queue's vocabulary: an order the broker could not be shown to have.

An entry is opened when a placement's outcome is unknown (the request may have reached the
broker) or the broker could not be reached. It never holds a secret: the order request,
the idempotency key and requestID, and the error chain (type names and scrubbed messages).

States::

    RETRYING ──(broker has it / re-send accepted or rejected)──> RESOLVED
        │  └──(broker: no such order, after its acceptance window; or never sent and
        │      too old to send)──> PERMANENT_FAILURE  (order FAILED with the evidence)
        └──(user: "I checked, mark it")────> MANUALLY_RESOLVED
    PERMANENT_FAILURE ──(user: replay)──> RETRYING;  ──(user: resolve)──> MANUALLY_RESOLVED

An entry never gives up while the broker cannot be asked: an order the broker may have
stays open (UNKNOWN, its cash reserved) and is looked up again, backing off to once a
minute, for as long as the app runs and again at every start.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from .trading_state import TradingMode


class DlqState(StrEnum):
    RETRYING = "RETRYING"
    RESOLVED = "RESOLVED"
    PERMANENT_FAILURE = "PERMANENT_FAILURE"
    MANUALLY_RESOLVED = "MANUALLY_RESOLVED"


OPEN_DLQ_STATES = frozenset({DlqState.RETRYING, DlqState.PERMANENT_FAILURE})


@dataclass(frozen=True, slots=True)
class DlqError:
    """One failed attempt: when, the error's type name and its (already scrubbed) text."""

    at: datetime
    attempt: int
    kind: str
    message: str

    def to_dict(self) -> dict[str, object]:
        return {"at": self.at.isoformat(), "attempt": self.attempt, "kind": self.kind,
                "message": self.message}


@dataclass(frozen=True, slots=True)
class DlqEntry:
    id: int
    order_id: str
    idempotency_key: str
    request_id: str | None
    mode: TradingMode
    request: dict[str, object]
    state: DlqState
    attempts: int
    created_at: datetime
    updated_at: datetime
    next_attempt_at: datetime | None
    errors: tuple[DlqError, ...] = ()
    resolution: str = ""
    resolved_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_DLQ_STATES

    @property
    def last_error(self) -> str:
        return f"{self.errors[-1].kind}: {self.errors[-1].message}" if self.errors else ""

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id, "order_id": self.order_id, "idempotency_key": self.idempotency_key,
            "request_id": self.request_id, "mode": self.mode.value, "request": self.request,
            "state": self.state.value, "attempts": self.attempts,
            "created_at": self.created_at.isoformat(), "updated_at": self.updated_at.isoformat(),
            "next_attempt_at": self.next_attempt_at.isoformat() if self.next_attempt_at else None,
            "errors": [e.to_dict() for e in self.errors], "resolution": self.resolution,
            "resolved_at": self.resolved_at.isoformat() if self.resolved_at else None}


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff with full jitter for looking an order up, without end, and how
    long after placement an order may still be re-sent.

    ``resend_window`` since the order was placed: an order the user typed minutes ago at
    another price is not sent on their behalf any later than that. Lookups go on after it;
    only the broker's answer (it has the order, or never had it) closes an entry.
    """

    base: timedelta = timedelta(seconds=2)
    cap: timedelta = timedelta(seconds=60)
    resend_window: timedelta = timedelta(minutes=5)
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def delay(self, attempt: int) -> timedelta:
        """The wait after ``attempt`` (1-based) failed: uniform in [base/2, min(cap, base*2^n)]."""
        ceiling: timedelta = min(self.cap, self.base * (2 ** min(max(0, attempt - 1), 30)))
        low: timedelta = min(self.base / 2, ceiling)
        span = (ceiling - low).total_seconds()
        return low + timedelta(seconds=self.rng.uniform(0, span))

    def too_old_to_send(self, placed_at: datetime, now: datetime) -> str | None:
        """Why the order must not be sent again now, or None."""
        if now - placed_at >= self.resend_window:
            minutes = self.resend_window.total_seconds() / 60
            return f"it was placed more than {minutes:g} min ago"
        return None

    def last_possible_send(self, placed_at: datetime, now: datetime) -> datetime:
        """The latest time the order may have been sent (conservative: re-sends happen only
        inside the re-send window)."""
        return min(now, placed_at + self.resend_window)
