"""The SSI Trading client's circuit breaker: the generic one in :mod:`...transport.circuit`
(it moved down so the FastConnect Data client shares it)."""

from __future__ import annotations

from ...transport.circuit import CircuitBreaker, CircuitState, CircuitStatus

__all__ = ["CircuitBreaker", "CircuitState", "CircuitStatus"]
