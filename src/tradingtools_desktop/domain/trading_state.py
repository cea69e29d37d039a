"""Trading state (kill switch) and trading mode: the two switches every order passes."""

from __future__ import annotations

from enum import StrEnum


class TradingState(StrEnum):
    """ACTIVE: all orders; REDUCING: only orders that shrink a position; HALTED: only cancels."""

    ACTIVE = "ACTIVE"
    REDUCING = "REDUCING"
    HALTED = "HALTED"


class TradingMode(StrEnum):
    """DRY_RUN is the default; LIVE sends orders to the real broker."""

    DRY_RUN = "DRY_RUN"
    LIVE = "LIVE"
