"""Orders, their audit trail and fills in DuckDB: one row is one domain :class:`Order`.

``insert_new`` is the "write first" step: the order (with its mode, broker request id and
reservation), its idempotency key, its first audit rows and what belongs with them are
written as ONE durable record before any broker call: appended and fsync'd to the order
journal of a file database (:mod:`.order_journal`; brought into DuckDB before any
statement reads it), or one transaction in memory. A key seen before (also under a race) returns the
stored order instead (DUPLICATE_KEY), never a second row.

``save_transition`` is compare-and-set: the UPDATE only matches the row while it is still
in the state the change was computed from (status, fills, price, quantity, reservation);
otherwise it raises :class:`OrderConflict` and nothing of the transaction is written.
``insert_fill_tx`` de-duplicates by fill id (:class:`FillReplayed` rolls the change back).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from ..domain.market.calendar import to_vn_time
from ..domain.market.exchange import Exchange
from ..domain.orders import (
    TERMINAL_STATUSES,
    Fill,
    Order,
    OrderRequest,
    OrderStatus,
    OrderType,
    Side,
)
from ..domain.trading_state import TradingMode
from .db import Database, Tx
from .errors import StoreError

_COLUMNS = ("id, idempotency_key, mode, account, symbol, exchange, side, order_type, quantity, "
            "price, status, filled_qty, filled_value, fees, taxes, reserved_cash, "
            "broker_order_id, request_id, reason, trade_date, created_at, updated_at")
# statuses an order can still change from, as SQL: "('NEW', 'PENDING_SUBMIT', ...)"
OPEN_STATUSES = tuple(s.value for s in OrderStatus if s not in TERMINAL_STATUSES)
OPEN_SQL = "(" + ", ".join(f"'{s}'" for s in OPEN_STATUSES) + ")"


# an audit row written with a new order: (from, to, reason) or (from, to, reason, source)
AuditRow = tuple[str | None, str, str] | tuple[str | None, str, str, str]


class OrderConflict(Exception):
    """The row is no longer in the state a change was computed from: re-read, re-apply."""


class FillReplayed(Exception):
    """The fill id is stored already: the report was a replay; nothing is written."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    order_id: str
    at: datetime
    from_status: str | None
    to_status: str
    reason: str
    source: str


def _row_to_order(r: Sequence[object]) -> Order:
    (oid, key, mode, account, symbol, exchange, side, otype, qty, price, status, fqty, fval,
     fees, taxes, reserved, broker_id, request_id, reason, trade_date, created, updated) = r
    request = OrderRequest(symbol=str(symbol), exchange=Exchange(str(exchange)),
                           side=Side(str(side)), order_type=OrderType(str(otype)),
                           quantity=int(qty),  # type: ignore[call-overload]
                           price=None if price is None else int(price),  # type: ignore[call-overload]
                           idempotency_key=str(key), account=str(account))
    return Order(id=str(oid), request=request, status=OrderStatus(str(status)),
                 filled_qty=int(fqty), filled_value=int(fval),  # type: ignore[call-overload]
                 broker_order_id=None if broker_id is None else str(broker_id),
                 reason=str(reason), created_at=created, updated_at=updated,  # type: ignore[arg-type]
                 mode=TradingMode(str(mode)),
                 request_id=None if request_id is None else str(request_id),
                 reserved_cash=int(reserved), fees=int(fees),  # type: ignore[call-overload]
                 taxes=int(taxes), trade_date=trade_date)  # type: ignore[call-overload, arg-type]


class OrderRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- write first ---------------------------------------------------------------------
    async def insert_new(self, order: Order, *, decision: dict[str, object],
                         audit: Sequence[AuditRow], source: str,
                         extra: Callable[[Tx], None] | None = None) -> tuple[Order, bool]:
        """Insert ``order`` with its audit trail; returns (order, created). ``created`` is
        False when the idempotency key already existed: the stored order is returned."""
        r = order.request
        trade_date = order.trade_date or to_vn_time(order.created_at).date()

        def write(tx: Tx) -> None:
            tx.execute(
                f"INSERT INTO orders ({_COLUMNS}, decision) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [order.id, r.idempotency_key, order.mode.value, r.account, r.symbol,
                 r.exchange.value, r.side.value, r.order_type.value, r.quantity, r.price,
                 order.status.value, order.filled_qty, order.filled_value, order.fees,
                 order.taxes, order.reserved_cash, order.broker_order_id, order.request_id,
                 order.reason, trade_date, order.created_at, order.updated_at,
                 json.dumps(decision, ensure_ascii=False)],
                table="orders")
            values = ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(audit))
            params: list[object] = []
            for entry in audit:  # (from, to, reason[, source]): the row's own source if given
                params += [order.id, order.created_at, entry[0], entry[1], entry[2],
                           entry[3] if len(entry) > 3 else source]
            tx.execute("INSERT INTO order_audit (order_id, changed_at, from_status, to_status, "
                       f"reason, source) VALUES {values}", params)
            if extra is not None:
                extra(tx)

        try:
            # the order journal (a file database): the key checked, the rows fsync'd and
            # brought into DuckDB before anything reads it; else one transaction, where
            # the UNIQUE key raises on a duplicate
            if await self._db.journal(order.id, r.idempotency_key, write):
                return order, True
        except duckdb.ConstraintException:
            pass
        existing = await self.by_key(r.idempotency_key)
        if existing is None:
            raise StoreError(f"order {order.id} was not written and its key is not stored")
        return existing, False

    @staticmethod
    def _audit_tx(tx: Tx, order_id: str, at: datetime, from_status: str | None, to_status: str,
                  reason: str, source: str) -> None:
        tx.execute(
            "INSERT INTO order_audit (order_id, changed_at, from_status, to_status, reason, "
            "source) VALUES (?, ?, ?, ?, ?, ?)",
            [order_id, at, from_status, to_status, reason, source])

    async def save_transition(self, before: Order, after: Order, *, source: str,
                              extra: Callable[[Tx], None] | None = None) -> None:
        """Persist ``before -> after`` (already through the state machine) and its audit
        row in one transaction, compare-and-set on ``before``; ``extra`` writes what belongs
        with it (a fill, ledger rows, a dead-letter record). Raises OrderConflict (nothing
        written) when the row is no longer ``before``; FillReplayed from ``extra``."""

        def write(tx: Tx) -> None:
            rows = tx.execute(
                "UPDATE orders SET status = ?, filled_qty = ?, filled_value = ?, "
                "quantity = ?, price = ?, fees = ?, taxes = ?, reserved_cash = ?, "
                "broker_order_id = ?, request_id = coalesce(request_id, ?), reason = ?, "
                "updated_at = ? WHERE id = ? AND status = ? AND filled_qty = ? AND "
                "filled_value = ? AND quantity = ? AND price IS NOT DISTINCT FROM ? AND "
                "reserved_cash = ?",
                [after.status.value, after.filled_qty, after.filled_value,
                 after.request.quantity, after.request.price, after.fees, after.taxes,
                 after.reserved_cash, after.broker_order_id, after.request_id, after.reason,
                 after.updated_at, after.id, before.status.value, before.filled_qty,
                 before.filled_value, before.request.quantity, before.request.price,
                 before.reserved_cash], table="orders")
            if not rows or int(rows[0][0]) != 1:
                raise OrderConflict(f"order {after.id} changed since it was read")
            if before.status is not after.status or after.reason != before.reason:
                self._audit_tx(tx, after.id, after.updated_at, before.status.value,
                               after.status.value, after.reason, source)
            if extra is not None:
                extra(tx)

        await self._db.transaction(write)

    async def note(self, order: Order, at: datetime, text: str, source: str) -> None:
        """An audit row about ``order`` that changes nothing of it (a refused modify)."""
        await self._db.transaction(lambda tx: self._audit_tx(
            tx, order.id, at, order.status.value, order.status.value, text, source))

    @staticmethod
    def insert_fill_tx(tx: Tx, fill: Fill, *, mode: TradingMode, symbol: str, exchange: str,
                       side: str, trade_date: date, settle_date: date) -> None:
        """Raises FillReplayed when the fill id is already stored. On a deferred (journaled)
        transaction — a brand-new order's own fill, whose id holds the new order's id and
        so cannot be stored yet — a plain INSERT."""
        if tx.deferred:
            tx.execute(
                "INSERT INTO fills (fill_id, order_id, mode, symbol, exchange, side, quantity, "
                "price, fee, tax, filled_at, trade_date, settle_date) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [fill.fill_id, fill.order_id, mode.value, symbol, exchange, side, fill.quantity,
                 fill.price, fill.fee, fill.tax, fill.at, trade_date, settle_date])
            return
        rows = tx.execute(
            "INSERT INTO fills (fill_id, order_id, mode, symbol, exchange, side, quantity, price, "
            "fee, tax, filled_at, trade_date, settle_date) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING fill_id",
            [fill.fill_id, fill.order_id, mode.value, symbol, exchange, side, fill.quantity,
             fill.price, fill.fee, fill.tax, fill.at, trade_date, settle_date], table="fills")
        if not rows:
            raise FillReplayed(fill.fill_id)

    # -- reads ---------------------------------------------------------------------------
    async def get(self, order_id: str) -> Order | None:
        row = await self._db.one(f"SELECT {_COLUMNS} FROM orders WHERE id = ?", [order_id])
        return _row_to_order(row) if row else None

    async def by_key(self, key: str) -> Order | None:
        row = await self._db.one(f"SELECT {_COLUMNS} FROM orders WHERE idempotency_key = ?",
                                 [key])
        return _row_to_order(row) if row else None

    async def open_orders(self, mode: TradingMode | None = None) -> list[Order]:
        sql = f"SELECT {_COLUMNS} FROM orders WHERE status IN {OPEN_SQL}"
        params: list[object] = []
        if mode is not None:
            sql += " AND mode = ?"
            params.append(mode.value)
        rows = await self._db.execute(sql + " ORDER BY created_at", params)
        return [_row_to_order(r) for r in rows]

    async def since(self, mode: TradingMode, since: datetime) -> list[Order]:
        """``mode``'s orders created at or after ``since`` and every open one (what a
        broker is given on ``restore``)."""
        rows = await self._db.execute(
            f"SELECT {_COLUMNS} FROM orders WHERE mode = ? AND (created_at >= ? OR status IN "
            f"{OPEN_SQL}) ORDER BY created_at", [mode.value, since])
        return [_row_to_order(r) for r in rows]

    async def history(self, limit: int = 200, symbol: str | None = None) -> list[Order]:
        sql = f"SELECT {_COLUMNS} FROM orders"
        params: list[object] = []
        if symbol:
            sql += " WHERE symbol = ?"
            params.append(symbol.upper())
        rows = await self._db.execute(sql + " ORDER BY created_at DESC LIMIT ?", [*params, limit])
        return [_row_to_order(r) for r in rows]

    async def audit(self, order_id: str | None = None, limit: int = 500) -> list[AuditEntry]:
        sql = ("SELECT order_id, changed_at, from_status, to_status, reason, source "
               "FROM order_audit")
        params: list[object] = []
        if order_id:
            sql += " WHERE order_id = ?"
            params.append(order_id)
        rows = await self._db.execute(sql + " ORDER BY id DESC LIMIT ?", [*params, limit])
        return [AuditEntry(*r) for r in rows]

    async def decision(self, order_id: str) -> dict[str, object] | None:
        row = await self._db.one("SELECT decision FROM orders WHERE id = ?", [order_id])
        if not row or row[0] is None:
            return None
        loaded: dict[str, object] = json.loads(str(row[0]))
        return loaded

    async def fill_ids(self, order_id: str) -> set[str]:
        rows = await self._db.execute("SELECT fill_id FROM fills WHERE order_id = ?", [order_id])
        return {str(r[0]) for r in rows}

    async def pending_without_dlq(self) -> list[Order]:
        """PENDING_SUBMIT orders with no dead-letter entry (left by a crash mid-placement)."""
        rows = await self._db.execute(
            f"SELECT {_COLUMNS} FROM orders o WHERE status = 'PENDING_SUBMIT' AND NOT EXISTS "
            "(SELECT 1 FROM failed_orders_dlq d WHERE d.order_id = o.id) ORDER BY created_at")
        return [_row_to_order(r) for r in rows]
