"""Retry delays: capped exponential backoff with full jitter.

``delay(attempt)`` for attempt 1, 2, 3... is uniform in [0, min(cap, base * 2**(attempt-1))]
("full jitter", so many clients that lost the same server do not come back in step). The
random source is injectable so tests can pin it; callers sleep through their own injectable
sleep, so no test waits on a real clock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

__all__ = ["Backoff"]


@dataclass
class Backoff:
    base: float = 0.5
    cap: float = 30.0
    rng: random.Random = field(default_factory=random.Random)  # jitter, not security

    def __post_init__(self) -> None:
        if self.base <= 0 or self.cap < self.base:
            raise ValueError("backoff needs 0 < base <= cap")

    def ceiling(self, attempt: int) -> float:
        """The largest delay attempt ``attempt`` (1-based) may wait."""
        return min(self.cap, self.base * float(2 ** max(0, min(attempt - 1, 30))))

    def delay(self, attempt: int, *, at_least: float = 0.0) -> float:
        """A full-jitter delay for ``attempt``, never below ``at_least`` (a server's
        Retry-After), never above the cap."""
        return min(self.cap, max(at_least, self.rng.uniform(0.0, self.ceiling(attempt))))
