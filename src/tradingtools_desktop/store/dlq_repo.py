"""The dead-letter queue table ``failed_orders_dlq``: one row per order whose placement
failed at the broker or whose outcome is unknown.

``open_tx`` is called inside the transaction that records the order's failure, so the
order and its DLQ entry can never disagree. Errors are appended as scrubbed text; no
request body, header or secret is ever written here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from ..domain.dlq import DlqEntry, DlqError, DlqState
from ..domain.orders import Order
from ..domain.trading_state import TradingMode
from .db import Database, Tx

_COLUMNS = ("id, order_id, idempotency_key, request_id, mode, request_json, errors_json, "
            "attempts, state, created_at, updated_at, next_attempt_at, resolution, resolved_at")


def request_dict(order: Order) -> dict[str, object]:
    r = order.request
    return {"symbol": r.symbol, "exchange": r.exchange.value, "side": r.side.value,
            "order_type": r.order_type.value, "quantity": r.quantity, "price": r.price,
            "account": r.account, "placed_at": order.created_at.isoformat()}


def _errors(raw: object) -> tuple[DlqError, ...]:
    items = json.loads(str(raw or "[]"))
    return tuple(DlqError(datetime.fromisoformat(e["at"]), int(e["attempt"]), str(e["kind"]),
                          str(e["message"])) for e in items)


def _row(r: Sequence[object]) -> DlqEntry:
    (id_, order_id, key, rid, mode, request, errors, attempts, state, created, updated,
     next_at, resolution, resolved_at) = r
    return DlqEntry(id=int(id_),  # type: ignore[call-overload]
                    order_id=str(order_id), idempotency_key=str(key),
                    request_id=None if rid is None else str(rid), mode=TradingMode(str(mode)),
                    request=json.loads(str(request)), state=DlqState(str(state)),
                    attempts=int(attempts),  # type: ignore[call-overload]
                    created_at=created, updated_at=updated,  # type: ignore[arg-type]
                    next_attempt_at=next_at,  # type: ignore[arg-type]
                    errors=_errors(errors), resolution=str(resolution),
                    resolved_at=resolved_at)  # type: ignore[arg-type]


class DlqRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    @staticmethod
    def open_tx(tx: Tx, order: Order, *, error: DlqError, next_attempt_at: datetime | None,
                state: DlqState = DlqState.RETRYING) -> None:
        """Open (or re-open) the entry of ``order`` with ``error``, in ``tx`` (its mode and
        request id are the order's)."""
        row = tx.one("SELECT id FROM failed_orders_dlq WHERE order_id = ?", [order.id])
        if row is None:
            tx.execute(
                "INSERT INTO failed_orders_dlq (order_id, idempotency_key, request_id, mode, "
                "request_json, errors_json, attempts, state, created_at, updated_at, "
                "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
                [order.id, order.request.idempotency_key, order.request_id, order.mode.value,
                 json.dumps(request_dict(order)), json.dumps([error.to_dict()]), state.value,
                 error.at, error.at, next_attempt_at], table="failed_orders_dlq")
        else:
            if order.request_id is not None:
                tx.execute("UPDATE failed_orders_dlq SET request_id = coalesce(request_id, ?) "
                           "WHERE id = ?", [order.request_id, int(row[0])])
            DlqRepository._attempt_tx(tx, int(row[0]), error, state, next_attempt_at)

    @staticmethod
    def _attempt_tx(tx: Tx, entry_id: int, error: DlqError, state: DlqState,
                    next_attempt_at: datetime | None) -> None:
        row = tx.one("SELECT errors_json FROM failed_orders_dlq WHERE id = ?", [entry_id])
        errors = [*json.loads(str(row[0] if row else "[]")), error.to_dict()]
        tx.execute("UPDATE failed_orders_dlq SET errors_json = ?, attempts = attempts + 1, "
                   "state = ?, updated_at = ?, next_attempt_at = ? WHERE id = ?",
                   [json.dumps(errors), state.value, error.at, next_attempt_at, entry_id],
                   table="failed_orders_dlq")

    async def record_attempt(self, entry_id: int, error: DlqError, state: DlqState,
                             next_attempt_at: datetime | None) -> None:
        """One more failed attempt (attempts + 1, error appended)."""
        await self._db.transaction(
            lambda tx: self._attempt_tx(tx, entry_id, error, state, next_attempt_at))

    @staticmethod
    def close_for_order_tx(tx: Tx, order_id: str, note: str, at: datetime) -> None:
        """RESOLVED with ``note`` if ``order_id`` has an open entry (no-op otherwise)."""
        tx.execute("UPDATE failed_orders_dlq SET state = ?, resolution = ?, updated_at = ?, "
                   "resolved_at = ?, next_attempt_at = NULL WHERE order_id = ? AND state IN "
                   "(?, ?)", [DlqState.RESOLVED.value, note, at, at, order_id,
                              DlqState.RETRYING.value, DlqState.PERMANENT_FAILURE.value],
                   table="failed_orders_dlq")

    @staticmethod
    def set_state_tx(tx: Tx, entry_id: int, state: DlqState, at: datetime, resolution: str,
                     next_attempt_at: datetime | None = None) -> None:
        closed = state in (DlqState.RESOLVED, DlqState.MANUALLY_RESOLVED)
        tx.execute("UPDATE failed_orders_dlq SET state = ?, updated_at = ?, resolution = ?, "
                   "next_attempt_at = ?, resolved_at = ? WHERE id = ?",
                   [state.value, at, resolution, next_attempt_at, at if closed else None,
                    entry_id], table="failed_orders_dlq")

    async def set_state(self, entry_id: int, state: DlqState, at: datetime, resolution: str,
                        next_attempt_at: datetime | None = None) -> None:
        await self._db.transaction(
            lambda tx: self.set_state_tx(tx, entry_id, state, at, resolution, next_attempt_at))

    async def get(self, entry_id: int) -> DlqEntry | None:
        row = await self._db.one(f"SELECT {_COLUMNS} FROM failed_orders_dlq WHERE id = ?",
                                 [entry_id])
        return _row(row) if row else None

    async def for_order(self, order_id: str) -> DlqEntry | None:
        row = await self._db.one(f"SELECT {_COLUMNS} FROM failed_orders_dlq WHERE order_id = ?",
                                 [order_id])
        return _row(row) if row else None

    async def entries(self, states: Sequence[DlqState] | None = None,
                   limit: int = 200) -> list[DlqEntry]:
        sql = f"SELECT {_COLUMNS} FROM failed_orders_dlq"
        params: list[object] = []
        if states:
            sql += " WHERE state IN (" + ", ".join("?" * len(states)) + ")"
            params += [s.value for s in states]
        rows = await self._db.execute(sql + " ORDER BY id DESC LIMIT ?", [*params, limit])
        return [_row(r) for r in rows]

    async def wake_all(self, now: datetime) -> int:
        """Every RETRYING entry due now (at start: look every open doubt up at once)."""
        rows = await self._db.execute(
            "UPDATE failed_orders_dlq SET next_attempt_at = ? WHERE state = ?",
            [now, DlqState.RETRYING.value], table="failed_orders_dlq")
        return int(rows[0][0]) if rows else 0

    async def due(self, now: datetime) -> list[DlqEntry]:
        rows = await self._db.execute(
            f"SELECT {_COLUMNS} FROM failed_orders_dlq WHERE state = ? AND "
            "(next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id",
            [DlqState.RETRYING.value, now])
        return [_row(r) for r in rows]

    async def count_open(self) -> int:
        row = await self._db.one("SELECT count(*) FROM failed_orders_dlq WHERE state IN (?, ?)",
                                 [DlqState.RETRYING.value, DlqState.PERMANENT_FAILURE.value])
        return int(row[0]) if row else 0
