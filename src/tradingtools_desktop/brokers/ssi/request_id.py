"""requestID allocation: our idempotency key -> the spec's requestID.

Spec v2.4 (lines 422-423, 597-598, 720-721): requestID is a "Unique string of number in a
day with max length is 8", for NewOrder, ModifyOrder and CancelOrder alike.

Contract (the allocator is pure; persistence is the caller's job):

1. Allocate ONCE per (idempotency key, trading day) and persist the mapping key ->
   requestID in the same transaction as the order row, BEFORE the first send.
2. Every retry, replay or post-restart re-send reads the persisted requestID; it never
   allocates again. The broker refuses a second use of a requestID the same day, so a
   re-send cannot create a second order.
3. ``used`` is the set of requestIDs already persisted for that day (all endpoints). A
   candidate in ``used`` is skipped (deterministic probing), so two keys never share an ID.
4. The day is the Vietnam calendar date of the first send. A request never confirmed by
   the end of its day must be reconciled (orderHistory for that day) before anything is
   sent again, and a new day needs a new allocation.

IDs are always 8 digits in 10000000..99999999: no leading zeros, so the string and its
numeric value identify the same request (servers may compare either).
``for_key`` is deterministic: the same key, day and ``used`` give the same ID, so a crash
between allocation and persistence allocates the same ID again.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Set
from datetime import date

__all__ = ["REQUEST_ID_PATTERN", "RequestIdAllocator", "RequestIdExhausted", "is_valid"]

REQUEST_ID_PATTERN = re.compile(r"^[0-9]{1,8}$")
_LOW = 10_000_000
_SPAN = 90_000_000


class RequestIdExhausted(RuntimeError):
    """No free requestID found within the probe budget (the day's set is absurdly full)."""


def is_valid(request_id: str) -> bool:
    """True for a numeric string of 1-8 digits (the spec's format)."""
    return bool(REQUEST_ID_PATTERN.match(request_id))


def _numbers(used: Set[str]) -> set[int]:
    return {int(u) for u in used if is_valid(u)}


def _candidate(key: str, day: date, attempt: int) -> int:
    digest = hashlib.sha256(f"{day.isoformat()}|{attempt}|{key}".encode()).digest()
    return _LOW + int.from_bytes(digest[:8], "big") % _SPAN


class RequestIdAllocator:
    """Pure allocator; see the module contract. ``max_probes`` bounds collision handling."""

    def __init__(self, *, max_probes: int = 1000, rng: random.Random | None = None) -> None:
        self._max_probes = max_probes
        self._rng = rng or random.SystemRandom()

    def for_key(self, idempotency_key: str, day: date, used: Set[str]) -> str:
        """The deterministic requestID of ``idempotency_key`` on ``day`` avoiding ``used``."""
        if not idempotency_key:
            raise ValueError("idempotency key must not be empty")
        taken = _numbers(used)
        for attempt in range(self._max_probes):
            n = _candidate(idempotency_key, day, attempt)
            if n not in taken:
                return str(n)
        raise RequestIdExhausted(f"no free requestID for {day.isoformat()}")

    def next(self, day: date, used: Set[str], key: str | None = None) -> str:
        """A free requestID for ``day``: deterministic for ``key``, else random."""
        if key is not None:
            return self.for_key(key, day, used)
        taken = _numbers(used)
        for _ in range(self._max_probes):
            n = _LOW + self._rng.randrange(_SPAN)
            if n not in taken:
                return str(n)
        raise RequestIdExhausted(f"no free requestID for {day.isoformat()}")
