"""The dry-run broker's book of resting orders, with a count of them per symbol.

Contract: a mapping of order id -> :class:`Order` (the broker's copy, with the fills it
made) that keeps, through every way it changes (set, replace, pop, delete, clear, and the
mapping methods built on them), how many orders rest per symbol, so
:meth:`RestingBook.has` answers "does anything rest on this symbol?" in O(1): the tape
listener asks it on every quote-service push. An order's symbol never changes while it
rests (a modify changes price and quantity only).
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping, ValuesView

from ..domain.orders import Order


class RestingBook(MutableMapping[str, Order]):
    def __init__(self) -> None:
        self._orders: dict[str, Order] = {}
        self._per_symbol: dict[str, int] = {}

    def has(self, symbol: str) -> bool:
        """Whether any order of ``symbol`` rests here."""
        return symbol in self._per_symbol

    def count(self, symbol: str) -> int:
        return self._per_symbol.get(symbol, 0)

    def __getitem__(self, order_id: str) -> Order:
        return self._orders[order_id]

    def __setitem__(self, order_id: str, order: Order) -> None:
        old = self._orders.get(order_id)
        if old is not None:
            self._forget(old.request.symbol)
        self._orders[order_id] = order
        symbol = order.request.symbol
        self._per_symbol[symbol] = self._per_symbol.get(symbol, 0) + 1

    def __delitem__(self, order_id: str) -> None:
        old = self._orders.pop(order_id)
        self._forget(old.request.symbol)

    def _forget(self, symbol: str) -> None:
        left = self._per_symbol[symbol] - 1
        if left:
            self._per_symbol[symbol] = left
        else:
            del self._per_symbol[symbol]

    def __contains__(self, order_id: object) -> bool:
        return order_id in self._orders

    def __iter__(self) -> Iterator[str]:
        return iter(self._orders)

    def __len__(self) -> int:
        return len(self._orders)

    def values(self) -> ValuesView[Order]:
        return self._orders.values()

    def clear(self) -> None:
        self._orders.clear()
        self._per_symbol.clear()
