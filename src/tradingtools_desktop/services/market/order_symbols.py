"""The symbols of the open orders, wanted live: a resting order's market must keep moving
(the dry-run broker matches it on the tape; the user watches it), whether or not the
ticket or the portfolio shows that symbol."""

from __future__ import annotations

from collections.abc import Iterable

from ...domain.orders import Order
from .feed_manager import FeedManager

CONSUMER = "open-orders"


class OpenOrderSymbols:
    def __init__(self, feed: FeedManager) -> None:
        self._feed = feed
        self._open: dict[str, str] = {}  # order id -> symbol

    def load(self, orders: Iterable[Order]) -> None:
        """The open orders as read at start."""
        self._open = {o.id: o.request.symbol.upper() for o in orders if o.is_open}
        self._tell()

    def on_order(self, order: Order) -> None:
        """An order changed (``OrderUpdated``)."""
        before = set(self._open.values())
        if order.is_open:
            self._open[order.id] = order.request.symbol.upper()
        else:
            self._open.pop(order.id, None)
        if set(self._open.values()) != before:
            self._tell()

    @property
    def symbols(self) -> frozenset[str]:
        return frozenset(self._open.values())

    def _tell(self) -> None:
        self._feed.want(CONSUMER, self._open.values())
