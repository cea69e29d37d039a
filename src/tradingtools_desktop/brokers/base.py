"""The Broker protocol: what the OMS needs from any broker (dry-run, SSI FastConnect).

Contract every adapter keeps:
- ``place(order)`` is called only after the OMS has persisted the order and its
  idempotency key (write first, then act). It sends the order ONCE and returns an
  ExecutionReport ACCEPTED or REJECTED. It never retries a placement by itself. When the
  transport fails and the broker may or may not have the order, it raises
  :class:`OutcomeUnknown` — the caller must then ask :meth:`find_order` before any re-send.
  When the broker is certainly not reached (connection refused, circuit open) it raises
  :class:`BrokerUnavailable`.
- ``cancel(order)`` returns CANCELLED or CANCEL_REJECTED (a cancel can lose a race with a
  fill; the fill still arrives as a report).
- Fills, cancels and expiries that happen later are pushed to the handler given to
  ``set_report_handler``; each fill carries a ``fill_id`` unique per broker, so the OMS can
  de-duplicate replays.
- ``find_order(order)`` answers "do you have this order?" by the order's idempotency key /
  requestID: the report of its current state, or None when the broker has no such order.
- No call blocks the event loop; every network call has a timeout.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from ..domain.orders import Order


class ReportKind(StrEnum):
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    FILL = "FILL"
    CANCELLED = "CANCELLED"
    CANCEL_REJECTED = "CANCEL_REJECTED"
    EXPIRED = "EXPIRED"


@dataclass(frozen=True, slots=True)
class ExecutionReport:
    order_id: str
    kind: ReportKind
    at: datetime
    broker_order_id: str | None = None
    fill_id: str | None = None
    quantity: int = 0
    price: int = 0
    reason: str = ""


ReportHandler = Callable[[ExecutionReport], Awaitable[None]]


class BrokerError(Exception):
    """Base of broker failures; messages never contain secrets."""


class BrokerUnavailable(BrokerError):
    """The broker was not reached: nothing was sent."""


class OutcomeUnknown(BrokerError):
    """The request may have reached the broker: ask ``find_order`` before any re-send."""


class Broker(Protocol):
    name: str

    def set_report_handler(self, handler: ReportHandler) -> None: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def place(self, order: Order) -> ExecutionReport: ...

    async def cancel(self, order: Order) -> ExecutionReport: ...

    async def find_order(self, order: Order) -> ExecutionReport | None: ...
