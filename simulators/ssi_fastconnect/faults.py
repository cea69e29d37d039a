"""Fault injection, per endpoint, for the next K calls or with a seeded probability.

Kinds and what the client sees:

- ``TIMEOUT``: the answer is held for ``delay`` seconds (choose more than the client's
  timeout). ``after_processing=True`` (default) processes the request first: an order IS
  accepted and the client times out. With False the request is dropped unprocessed.
- ``HTTP_5XX``: HTTP ``status`` (default 503) and a short text body; not processed.
- ``HTTP_429``: the spec's "API calls quota exceeded!" (appendix 7.1 #38) with
  Retry-After; not processed.
- ``MALFORMED_JSON``: processed, then HTTP 200 with a truncated JSON body.
- ``DROP_AFTER_ACCEPT``: processed (the order exists server-side), then the connection is
  closed without any answer.
- ``DUPLICATE_DELIVERY``: the request is delivered twice (as a retrying proxy would): the
  first copy is processed, the client receives the answer to the second, which for a write
  is the duplicate-requestID refusal; only one order exists.

A full outage (connections refused, the exchange still trading) is not a per-call fault:
``SsiSimulator.go_down()`` / ``come_back()``.

Endpoints are named by the last path segment, case-insensitive ("NewOrder",
"orderbook"...), or "*" for all. Rules are checked in the order they were added; the first
that fires wins. Thread-safe.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from enum import StrEnum


class FaultKind(StrEnum):
    TIMEOUT = "TIMEOUT"
    HTTP_5XX = "HTTP_5XX"
    HTTP_429 = "HTTP_429"
    MALFORMED_JSON = "MALFORMED_JSON"
    DROP_AFTER_ACCEPT = "DROP_AFTER_ACCEPT"
    DUPLICATE_DELIVERY = "DUPLICATE_DELIVERY"


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    status: int = 503
    delay: float = 5.0
    after_processing: bool = True
    retry_after: int = 1


@dataclass
class _Rule:
    endpoint: str
    fault: Fault
    remaining: int | None  # None: until cleared (probability rules)
    probability: float


class FaultInjector:
    def __init__(self, seed: int = 0) -> None:
        self._rng = random.Random(seed)
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self.fired: list[tuple[str, FaultKind]] = []

    def inject(self, kind: FaultKind | str, endpoint: str = "*", *, times: int | None = 1,
               probability: float = 1.0, status: int = 503, delay: float = 5.0,
               after_processing: bool = True, retry_after: int = 1) -> None:
        """Add a rule: fire on the next ``times`` calls (each with ``probability``);
        ``times=None`` keeps it until :meth:`clear`."""
        if not 0.0 <= probability <= 1.0:
            raise ValueError("probability must be within [0, 1]")
        fault = Fault(FaultKind(kind), status, delay, after_processing, retry_after)
        with self._lock:
            self._rules.append(_Rule(endpoint.lower(), fault, times, probability))

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def take(self, endpoint: str) -> Fault | None:
        """The fault to apply to this call of ``endpoint``, if any (consumes a use)."""
        name = endpoint.lower()
        with self._lock:
            for rule in list(self._rules):
                if rule.endpoint not in ("*", name):
                    continue
                if rule.probability < 1.0 and self._rng.random() >= rule.probability:
                    continue
                if rule.remaining is not None:
                    rule.remaining -= 1
                    if rule.remaining <= 0:
                        self._rules.remove(rule)
                self.fired.append((endpoint, rule.fault.kind))
                return rule.fault
        return None
