"""The Broker contract: what the OMS needs from any broker (dry-run, SSI FastConnect).

Every broker subclasses :class:`Broker`; the OMS calls these methods and nothing else (no
probing for optional ones: where a broker has nothing to do, the base class's do-nothing
default says so). A broker never reads or writes the app's store: what it needs travels on
the :class:`~..domain.orders.Order` it is given (mode, request id, confirmed price and
quantity, fills so far), and what it learns goes back as :class:`ExecutionReport`s.

- ``prepare(order)`` runs before the first send and returns the order with what the
  broker needs on it (SSI: its requestID). The OMS writes the returned order BEFORE it
  calls ``place`` (write first, then act); an order that already has its request id comes
  back unchanged, so every re-send carries the same one.
- ``place(order)`` sends the order ONCE and returns ACCEPTED or REJECTED. It never retries
  a placement by itself. When the transport fails and the broker may or may not have the
  order it raises :class:`OutcomeUnknown` — the caller must then ask :meth:`find_order`
  before any re-send. When the broker is certainly not reached (connection refused, circuit
  open) it raises :class:`BrokerUnavailable`.
- ``cancel(order)`` returns CANCELLED, CANCEL_REJECTED, or ACCEPTED when the broker took
  the request and its final word comes later (a report). A cancel can lose a race with a
  fill; the fill still arrives as a report.
- ``modify(order, price=, quantity=)`` asks for a new limit price and/or total quantity of
  a working order: MODIFIED (with the new values in ``price``/``quantity``),
  MODIFY_REJECTED, or ACCEPTED when the broker's confirmation comes later (a report).
- ``find_order(order)`` answers "do you have this order?" by its request id: None when the
  broker answered and has no such order, else the reports that bring the order to the
  broker's state (ACCEPTED or REJECTED first, then fills, then a cancel or expiry).
  ``acceptance_window`` is how long after a send a "no such order" can still be wrong
  (the request may be queued); past it, the answer is final.
- ``poll(orders, now)`` looks at the given open orders (the OMS passes what it tracks of
  this broker's mode) and pushes what changed to the handler given to
  ``set_report_handler``: fills, cancels, expiries, confirmed modifies. Fills carry a
  ``fill_id`` unique per broker, and — where the broker reports running totals (SSI's
  order book) — ``cum_qty``/``cum_value``, so a report computed from an older view of the
  order is still applied right and a replay is recognised.
- ``poll_interval()``: how long the OMS's background loop may leave this broker unpolled
  (0, the default: every pass, about once a second). A broker whose stream pushes reports
  answers a longer interval while the stream is up (the poll is then a safety net) and 0
  again the moment it drops. Explicit reads (after an ack, a reconciliation, the CLI) poll
  whatever this says.
- ``acknowledges_synchronously``: True when ``place`` answers at once, in memory, without
  I/O (the dry-run broker). The OMS may then write the order, its key, the ack and the
  audit as ONE durable record instead of two, since nothing can land between the write and
  the ack. A broker that talks to anything keeps the default False: its order is written
  before the call (write first, then act). Such a broker may also answer ``at_once``:
  what it does to a just-accepted order right away (a marketable dry-run order fills),
  returned instead of reported, so the OMS writes it with the placement.
- ``restore(orders)`` after a start or (re)connect: the app's recent orders of this
  broker's mode (open and closed), so it re-tracks the open ones and knows which request
  ids are taken.
- No call blocks the event loop; every network call has a timeout.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ..domain.orders import Order


class ReportKind(StrEnum):
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    FILL = "FILL"
    CANCELLED = "CANCELLED"
    CANCEL_REJECTED = "CANCEL_REJECTED"
    EXPIRED = "EXPIRED"
    MODIFIED = "MODIFIED"  # price / quantity: the order's new limit price and total quantity
    MODIFY_REJECTED = "MODIFY_REJECTED"


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
    # running totals at the broker after this fill (filled shares, their value in VND):
    # when given, the fill is what they add to the order as it is when the report lands
    cum_qty: int | None = None
    cum_value: int | None = None


ReportHandler = Callable[[ExecutionReport], Awaitable[None]]


class BrokerError(Exception):
    """Base of broker failures; messages never contain secrets."""


class BrokerUnavailable(BrokerError):
    """The broker was not reached: nothing was sent."""


class OutcomeUnknown(BrokerError):
    """The request may have reached the broker: ask ``find_order`` before any re-send."""


class Broker(ABC):
    """The contract (see the module doc). Subclasses implement place, cancel, modify and
    find_order; the rest default to doing nothing."""

    name: str = "broker"
    acceptance_window: timedelta = timedelta(0)
    acknowledges_synchronously: bool = False

    def __init__(self) -> None:
        self._handler: ReportHandler | None = None

    def set_report_handler(self, handler: ReportHandler) -> None:
        self._handler = handler

    async def start(self) -> None:
        """Nothing to start by default."""
        return None

    async def stop(self) -> None:
        """Nothing to stop by default."""
        return None

    async def prepare(self, order: Order) -> Order:
        """No request id to allocate by default: the order as it is."""
        return order

    @abstractmethod
    async def place(self, order: Order) -> ExecutionReport: ...

    @abstractmethod
    async def cancel(self, order: Order) -> ExecutionReport: ...

    @abstractmethod
    async def modify(self, order: Order, *, price: int, quantity: int) -> ExecutionReport: ...

    @abstractmethod
    async def find_order(self, order: Order) -> list[ExecutionReport] | None: ...

    async def poll(self, orders: Sequence[Order], now: datetime) -> None:
        """Nothing is pushed by default (a broker whose answers are final at once)."""
        return None

    async def at_once(self, order: Order, now: datetime) -> list[ExecutionReport]:
        """For a synchronously acknowledging broker: the reports of what happens to the
        just-accepted ``order`` at once (returned, never also pushed). None by default."""
        return []

    def poll_interval(self) -> float:
        """Seconds the background loop may leave this broker unpolled (0: every pass)."""
        return 0.0

    async def restore(self, orders: Sequence[Order]) -> None:
        """Nothing to re-track by default."""
        return None

    async def _report(self, report: ExecutionReport) -> None:
        if self._handler is not None:
            await self._handler(report)
