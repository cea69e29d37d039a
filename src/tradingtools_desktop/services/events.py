"""Typed events the services publish; ``ui/bridge`` turns them into Qt signals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain.orders import Fill, Order
from ..domain.trading_state import TradingMode, TradingState


@dataclass(frozen=True, slots=True)
class TradingStateChanged:
    old: TradingState | None
    new: TradingState
    reason: str
    source: str
    at: datetime


@dataclass(frozen=True, slots=True)
class ModeChanged:
    old: TradingMode | None
    new: TradingMode
    reason: str
    at: datetime


@dataclass(frozen=True, slots=True)
class GuardrailTripped:
    guardrail: str
    reason: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Alert:
    """Something the user must see (window banner, tray message, Telegram when enabled)."""

    level: str  # "info" | "warning" | "critical"
    title: str
    text: str
    at: datetime


@dataclass(frozen=True, slots=True)
class OrderUpdated:
    order: Order


@dataclass(frozen=True, slots=True)
class FillReceived:
    order: Order
    fill: Fill


@dataclass(frozen=True, slots=True)
class ScreenerProgress:
    run_id: str
    stage: str
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class ScreenerFinished:
    run_id: str
    status: str  # DONE | CANCELLED | FAILED
    message: str


@dataclass(frozen=True, slots=True)
class SecretRevoked:
    """A vault secret was revoked: whoever uses it must stop at once (drop clients, tokens)."""

    name: str
    at: datetime


@dataclass(frozen=True, slots=True)
class PortfolioSynced:
    summary: object  # services.portfolio.PortfolioSummary


@dataclass(frozen=True, slots=True)
class ReconciliationMismatch:
    """A reconciliation run found new differences with the broker; live orders are blocked
    until each is accepted or resolved. ``mismatches``: store.reconciliation_repo.MismatchRow
    (the new ones); ``open_count``: every mismatch still open."""

    run_id: int
    mismatches: tuple[object, ...]
    open_count: int
    at: datetime


@dataclass(frozen=True, slots=True)
class TrackRecordProgress:
    run_id: str
    stage: str
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class TrackRecordFinished:
    run_id: str
    status: str  # DONE | CANCELLED | FAILED
    message: str
