"""Orders, their audit trail and fills in DuckDB.

``insert_new`` is the "write first" step: the order, its idempotency key, its first audit
rows and its risk events are written in ONE transaction before any broker call. A key seen
before (also under a race) returns the stored order instead (DUPLICATE_KEY), never a second
row. ``record_fill`` de-duplicates by fill id.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import duckdb

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
from .db import Database, Tx

_COLUMNS = ("id, idempotency_key, mode, account, symbol, exchange, side, order_type, quantity, "
            "price, status, filled_qty, filled_value, fees, taxes, reserved_cash, "
            "broker_order_id, request_id, reason, trade_date, created_at, updated_at")
# statuses an order can still change from, as SQL: "('NEW', 'PENDING_SUBMIT', ...)"
OPEN_STATUSES = tuple(s.value for s in OrderStatus if s not in TERMINAL_STATUSES)
OPEN_SQL = "(" + ", ".join(f"'{s}'" for s in OPEN_STATUSES) + ")"


@dataclass(frozen=True, slots=True)
class StoredOrder:
    """An order as stored: the domain order plus the bookkeeping the OMS keeps with it."""

    order: Order
    mode: str
    fees: int
    taxes: int
    reserved_cash: int
    request_id: str | None
    trade_date: date


@dataclass(frozen=True, slots=True)
class AuditEntry:
    order_id: str
    at: datetime
    from_status: str | None
    to_status: str
    reason: str
    source: str


def _row_to_stored(r: Sequence[object]) -> StoredOrder:
    (oid, key, mode, account, symbol, exchange, side, otype, qty, price, status, fqty, fval,
     fees, taxes, reserved, broker_id, request_id, reason, trade_date, created, updated) = r
    request = OrderRequest(symbol=str(symbol), exchange=Exchange(str(exchange)),
                           side=Side(str(side)), order_type=OrderType(str(otype)),
                           quantity=int(qty),  # type: ignore[call-overload]
                           price=None if price is None else int(price),  # type: ignore[call-overload]
                           idempotency_key=str(key), account=str(account))
    order = Order(id=str(oid), request=request, status=OrderStatus(str(status)),
                  filled_qty=int(fqty), filled_value=int(fval),  # type: ignore[call-overload]
                  broker_order_id=None if broker_id is None else str(broker_id),
                  reason=str(reason), created_at=created, updated_at=updated)  # type: ignore[arg-type]
    return StoredOrder(order, str(mode), int(fees), int(taxes),  # type: ignore[call-overload]
                       int(reserved), None if request_id is None else str(request_id),  # type: ignore[call-overload]
                       trade_date)  # type: ignore[arg-type]


class OrderRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- write first ---------------------------------------------------------------------
    async def insert_new(self, order: Order, *, mode: str, trade_date: date,
                         reserved_cash: int, decision: dict[str, object],
                         audit: Sequence[tuple[str | None, str, str]], source: str,
                         extra: Callable[[Tx], None] | None = None) -> tuple[StoredOrder, bool]:
        """Insert ``order`` with its audit trail; returns (stored, created). ``created`` is
        False when the idempotency key already existed: the stored order is returned."""
        r = order.request

        def write(tx: Tx) -> tuple[StoredOrder, bool]:
            # a plain INSERT: the UNIQUE key raises on a duplicate (rare), which is far
            # cheaper on the hot path than ON CONFLICT ... RETURNING (measured ~1.3 ms)
            tx.execute(
                f"INSERT INTO orders ({_COLUMNS}, decision) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, NULL, ?, ?, ?, ?, ?)",
                [order.id, r.idempotency_key, mode, r.account, r.symbol, r.exchange.value,
                 r.side.value, r.order_type.value, r.quantity, r.price, order.status.value,
                 order.filled_qty, order.filled_value, reserved_cash, order.broker_order_id,
                 order.reason, trade_date, order.created_at, order.updated_at,
                 json.dumps(decision, ensure_ascii=False)],
                table="orders")
            values = ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(audit))
            params: list[object] = []
            for from_status, to_status, reason in audit:
                params += [order.id, order.created_at, from_status, to_status, reason, source]
            tx.execute("INSERT INTO order_audit (order_id, changed_at, from_status, to_status, "
                       f"reason, source) VALUES {values}", params)
            if extra is not None:
                extra(tx)
            return StoredOrder(order, mode, 0, 0, reserved_cash, None, trade_date), True

        try:
            return await self._db.transaction(write)
        except duckdb.ConstraintException:
            existing = await self.by_key(r.idempotency_key)
            if existing is None:
                raise
            return existing, False

    @staticmethod
    def _audit_tx(tx: Tx, order_id: str, at: datetime, from_status: str | None, to_status: str,
                  reason: str, source: str) -> None:
        tx.execute(
            "INSERT INTO order_audit (order_id, changed_at, from_status, to_status, reason, "
            "source) VALUES (?, ?, ?, ?, ?, ?)",
            [order_id, at, from_status, to_status, reason, source])

    async def save_transition(self, before: Order, after: Order, *, source: str,
                              reserved_cash: int | None = None,
                              extra: Callable[[Tx], None] | None = None) -> None:
        """Persist a state-machine transition (already validated) and its audit row, in one
        transaction; ``extra`` writes what belongs with it (a fill, ledger rows)."""

        def write(tx: Tx) -> None:
            tx.execute(
                "UPDATE orders SET status = ?, filled_qty = ?, filled_value = ?, "
                "broker_order_id = ?, reason = ?, updated_at = ?, "
                "reserved_cash = coalesce(?, reserved_cash) WHERE id = ?",
                [after.status.value, after.filled_qty, after.filled_value,
                 after.broker_order_id, after.reason, after.updated_at, reserved_cash, after.id])
            if before.status is not after.status or after.reason != before.reason:
                self._audit_tx(tx, after.id, after.updated_at, before.status.value,
                               after.status.value, after.reason, source)
            if extra is not None:
                extra(tx)

        await self._db.transaction(write)

    @staticmethod
    def insert_fill_tx(tx: Tx, fill: Fill, *, mode: str, symbol: str, exchange: str, side: str,
                       trade_date: date, settle_date: date) -> bool:
        """False when the fill id is already stored (a replayed report)."""
        rows = tx.execute(
            "INSERT INTO fills (fill_id, order_id, mode, symbol, exchange, side, quantity, price, "
            "fee, tax, filled_at, trade_date, settle_date) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING fill_id",
            [fill.fill_id, fill.order_id, mode, symbol, exchange, side, fill.quantity,
             fill.price, fill.fee, fill.tax, fill.at, trade_date, settle_date], table="fills")
        if rows:
            tx.execute("UPDATE orders SET fees = fees + ?, taxes = taxes + ? WHERE id = ?",
                       [fill.fee, fill.tax, fill.order_id])
        return bool(rows)

    # -- reads ---------------------------------------------------------------------------
    async def get(self, order_id: str) -> StoredOrder | None:
        row = await self._db.one(f"SELECT {_COLUMNS} FROM orders WHERE id = ?", [order_id])
        return _row_to_stored(row) if row else None

    async def by_key(self, key: str) -> StoredOrder | None:
        row = await self._db.one(f"SELECT {_COLUMNS} FROM orders WHERE idempotency_key = ?",
                                 [key])
        return _row_to_stored(row) if row else None

    async def open_orders(self, mode: str | None = None) -> list[StoredOrder]:
        sql = f"SELECT {_COLUMNS} FROM orders WHERE status IN {OPEN_SQL}"
        params: list[object] = []
        if mode:
            sql += " AND mode = ?"
            params.append(mode)
        rows = await self._db.execute(sql + " ORDER BY created_at", params)
        return [_row_to_stored(r) for r in rows]

    async def history(self, limit: int = 200, symbol: str | None = None) -> list[StoredOrder]:
        sql = f"SELECT {_COLUMNS} FROM orders"
        params: list[object] = []
        if symbol:
            sql += " WHERE symbol = ?"
            params.append(symbol.upper())
        rows = await self._db.execute(sql + " ORDER BY created_at DESC LIMIT ?", [*params, limit])
        return [_row_to_stored(r) for r in rows]

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

    async def pending_without_dlq(self) -> list[StoredOrder]:
        """PENDING_SUBMIT orders with no dead-letter entry (left by a crash mid-placement)."""
        rows = await self._db.execute(
            f"SELECT {_COLUMNS} FROM orders o WHERE status = 'PENDING_SUBMIT' AND NOT EXISTS "
            "(SELECT 1 FROM failed_orders_dlq d WHERE d.order_id = o.id) ORDER BY created_at")
        return [_row_to_stored(r) for r in rows]
