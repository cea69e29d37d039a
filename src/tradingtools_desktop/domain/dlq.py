"""The dead-letter queue's vocabulary: an order the broker could not be shown to have.

An entry is opened when a placement's outcome is unknown (the request may have reached the
broker) or the broker could not be reached. It never holds a secret: the order request,
the idempotency key and requestID, and the error chain (type names and scrubbed messages).

States::

    RETRYING ──(broker has it / re-send accepted or rejected)──> RESOLVED
        │  └──(attempts or age exhausted)──> PERMANENT_FAILURE  (order FAILED, alert sent)
        └──(user: "I checked, mark it")────> MANUALLY_RESOLVED
    PERMANENT_FAILURE ──(user: replay)──> RETRYING;  ──(user: resolve)──> MANUALLY_RESOLVED
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


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
    mode: str
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
            "request_id": self.request_id, "mode": self.mode, "request": self.request,
            "state": self.state.value, "attempts": self.attempts,
            "created_at": self.created_at.isoformat(), "updated_at": self.updated_at.isoformat(),
            "next_attempt_at": self.next_attempt_at.isoformat() if self.next_attempt_at else None,
            "errors": [e.to_dict() for e in self.errors], "resolution": self.resolution,
            "resolved_at": self.resolved_at.isoformat() if self.resolved_at else None}


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounded exponential backoff with full jitter, and when to give up.

    ``max_attempts`` broker conversations (each: ask whether the order exists, re-send only
    if it does not); ``max_age`` since the order was placed: an order the user typed minutes
    ago at another price is not sent on their behalf any later than that.
    """

    base: timedelta = timedelta(seconds=2)
    cap: timedelta = timedelta(seconds=60)
    max_attempts: int = 8
    max_age: timedelta = timedelta(minutes=5)
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def delay(self, attempt: int) -> timedelta:
        """The wait after ``attempt`` (1-based) failed: uniform in [base/2, min(cap, base*2^n)]."""
        ceiling: timedelta = min(self.cap, self.base * (2 ** max(0, attempt - 1)))
        low: timedelta = min(self.base / 2, ceiling)
        span = (ceiling - low).total_seconds()
        return low + timedelta(seconds=self.rng.uniform(0, span))

    def give_up(self, attempts: int, placed_at: datetime, now: datetime) -> str | None:
        """Why retrying must stop now, or None to keep going."""
        if attempts >= self.max_attempts:
            return f"gave up after {attempts} attempts"
        if now - placed_at >= self.max_age:
            minutes = self.max_age.total_seconds() / 60
            return f"not confirmed within {minutes:g} min of placement"
        return None
