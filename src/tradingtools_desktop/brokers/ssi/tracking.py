"""What the SSI broker knows of the app's open orders, to turn stream events into reports.

An :class:`OrderTracker` holds the orders ``place`` and every poll pass (by requestID, as
:func:`~.book_reports.request_key` compares them, and by SSI orderID once known), and the
requestIDs of our own cancel / modify requests with the report their refusal makes. An
order no pass has touched for ``ttl`` seconds (monotonic) is forgotten: every open order is
passed at least every safety poll, so a forgotten one is no longer open in the app. No I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ...domain.orders import Order
from ..base import ReportKind
from .book_reports import request_key

__all__ = ["TRACK_TTL_S", "OrderTracker"]

# an order no poll has passed for this long is no longer open in the app: it is forgotten
TRACK_TTL_S = 600.0


class OrderTracker:
    """The tracked orders and our pending cancel / modify requests (see the module doc)."""

    def __init__(self, monotonic: Callable[[], float], ttl: float = TRACK_TTL_S) -> None:
        self._monotonic = monotonic
        self._ttl = ttl
        self._tracked: dict[str, Order] = {}
        self._tracked_at: dict[str, float] = {}
        self._by_broker_id: dict[str, str] = {}
        self._requests: dict[str, tuple[str, ReportKind]] = {}  # our cancel/modify ids

    def track(self, orders: Sequence[Order]) -> None:
        """Remember ``orders`` (the newest view of each wins) and forget the stale ones."""
        now = self._monotonic()
        for order in orders:
            key = request_key(order.request_id)
            if key is None:
                continue
            self._tracked[key] = order
            self._tracked_at[key] = now
            if order.broker_order_id:
                self._by_broker_id[order.broker_order_id] = key
        for key in [k for k, at in self._tracked_at.items() if now - at > self._ttl]:
            self.untrack(key)  # every open order is passed at least every safety poll

    def untrack(self, key: str) -> None:
        """Forget the order of requestID key ``key`` and our requests about it."""
        self._tracked_at.pop(key, None)
        order = self._tracked.pop(key, None)
        if order is not None:
            self._requests = {rid: v for rid, v in self._requests.items() if v[0] != order.id}
        self._by_broker_id = {b: k for b, k in self._by_broker_id.items() if k != key}

    def find(self, request_id: str | None, broker_id: str | None) -> tuple[str, Order] | None:
        """The tracked order (with its key) of ``request_id``, else of SSI's ``broker_id``."""
        key = request_key(request_id)
        if key is not None and key in self._tracked:
            return key, self._tracked[key]
        if broker_id is not None and broker_id in self._by_broker_id:
            key = self._by_broker_id[broker_id]
            if key in self._tracked:
                return key, self._tracked[key]
        return None

    def link(self, broker_id: str, key: str) -> None:
        """SSI's orderID ``broker_id`` is the order of requestID key ``key``."""
        self._by_broker_id[broker_id] = key

    def expect(self, request_id: str, order_id: str, kind: ReportKind) -> None:
        """Our request ``request_id`` (a cancel or modify of order ``order_id``) is out;
        its refusal on the stream makes a ``kind`` report."""
        self._requests[request_key(request_id) or request_id] = (order_id, kind)

    def drop_request(self, request_id: str) -> None:
        """Our request ``request_id`` was answered synchronously: no stream refusal due."""
        self._requests.pop(request_key(request_id) or request_id, None)

    def refused(self, request_id: str | None) -> tuple[str, ReportKind] | None:
        """The (order id, report kind) of our request ``request_id``, taken out; None
        when it is not one of ours."""
        key = request_key(request_id)
        return self._requests.pop(key, None) if key is not None else None
