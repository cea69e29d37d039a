"""A circuit breaker for a remote service: CLOSED -> OPEN -> HALF_OPEN -> CLOSED.

Shared by the SSI FastConnect Trading client (brokers/ssi) and the FastConnect Data
client (market/ssi_data); ``name`` says whose circuit a log line is about.

- CLOSED: calls pass; ``failure_threshold`` consecutive failures open the circuit.
- OPEN: calls are refused locally (nothing is sent) until ``reset_timeout`` has passed.
- HALF_OPEN: one trial call at a time passes; success closes the circuit, failure opens it
  again for another ``reset_timeout``.

Only availability failures count (timeouts, transport errors, 5xx, 429, malformed
answers). A rejection or an auth error means the service is up and is a success here.
``status()`` is what guardrails read ("broker unavailable" while not CLOSED); listeners are
told every state change. The clock is injectable (monotonic seconds) so tests never sleep.
Single event loop: no locking.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CircuitBreaker", "CircuitState", "CircuitStatus"]

log = logging.getLogger(__name__)


class CircuitState(StrEnum):
    CLOSED = "CLOSED"
    OPEN = "OPEN"
    HALF_OPEN = "HALF_OPEN"


@dataclass(frozen=True, slots=True)
class CircuitStatus:
    state: CircuitState
    consecutive_failures: int
    opened_at: float | None  # monotonic seconds, None while CLOSED
    retry_at: float | None  # when a trial call will be allowed, None unless OPEN
    last_error: str  # the type name of the last failure, "" when none

    @property
    def broker_available(self) -> bool:
        return self.state is CircuitState.CLOSED

    @property
    def summary(self) -> str:
        if self.state is CircuitState.CLOSED:
            return "broker available"
        return (f"broker unavailable ({self.state.value.lower()}, "
                f"{self.consecutive_failures} consecutive failures, last {self.last_error})")


Listener = Callable[[CircuitStatus], None]


class CircuitBreaker:
    def __init__(self, failure_threshold: int = 5, reset_timeout: float = 30.0, *,
                 clock: Callable[[], float] = time.monotonic, name: str = "SSI") -> None:
        if failure_threshold < 1 or reset_timeout <= 0:
            raise ValueError("failure_threshold >= 1 and reset_timeout > 0 required")
        self.failure_threshold = failure_threshold
        self.reset_timeout = reset_timeout
        self._clock = clock
        self.name = name
        self._state = CircuitState.CLOSED
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_in_flight = False
        self._last_error = ""
        self._listeners: list[Listener] = []

    @property
    def state(self) -> CircuitState:
        if self._state is CircuitState.OPEN and self._clock() >= self._retry_at():
            self._set(CircuitState.HALF_OPEN)
        return self._state

    @property
    def is_open(self) -> bool:
        """True while calls are refused (OPEN and the reset timeout not yet over)."""
        return self.state is CircuitState.OPEN

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def status(self) -> CircuitStatus:
        state = self.state
        return CircuitStatus(
            state=state, consecutive_failures=self._failures,
            opened_at=self._opened_at,
            retry_at=self._retry_at() if state is CircuitState.OPEN else None,
            last_error=self._last_error)

    def allow(self) -> bool:
        """Whether a call may go out now; in HALF_OPEN this claims the single trial slot."""
        state = self.state
        if state is CircuitState.CLOSED:
            return True
        if state is CircuitState.HALF_OPEN and not self._trial_in_flight:
            self._trial_in_flight = True
            return True
        return False

    def record_success(self) -> None:
        self._trial_in_flight = False
        self._failures = 0
        if self._state is not CircuitState.CLOSED:
            self._opened_at = None
            self._set(CircuitState.CLOSED)

    def record_failure(self, error: BaseException | str) -> None:
        self._trial_in_flight = False
        self._failures += 1
        self._last_error = error if isinstance(error, str) else type(error).__name__
        was = self._state
        if was is CircuitState.HALF_OPEN or (
                was is CircuitState.CLOSED and self._failures >= self.failure_threshold):
            self._opened_at = self._clock()
            self._set(CircuitState.OPEN, force=was is CircuitState.HALF_OPEN)

    def release(self) -> None:
        """Give back a claimed trial slot without a verdict (the call was cancelled)."""
        self._trial_in_flight = False

    def reset(self) -> None:
        """Back to CLOSED by hand (e.g. the user pressed "retry now")."""
        self.record_success()

    def _retry_at(self) -> float:
        return (self._opened_at or 0.0) + self.reset_timeout

    def _set(self, state: CircuitState, *, force: bool = False) -> None:
        if state is self._state and not force:
            return
        self._state = state
        log.info("%s circuit %s after %d consecutive failures", self.name, state.value,
                 self._failures)
        status = CircuitStatus(state, self._failures, self._opened_at,
                               self._retry_at() if state is CircuitState.OPEN else None,
                               self._last_error)
        for listener in list(self._listeners):
            try:
                listener(status)
            except Exception:  # a listener must not break the broker path
                log.exception("circuit listener failed")
