"""Idempotency keys: one key, one order, forever.

The key lives on the order row (``orders.idempotency_key`` is UNIQUE), so the order and its
key are written in the same transaction and can never disagree. This store answers "was
this key used, and by which order?" and, for brokers that need it (SSI's numeric
requestID), keeps the key -> broker request id mapping, persisted before the first send.

Create it with ``await DuckDBIdempotencyStore.create(db)``: the factory checks the schema
on the DB thread. The old synchronous constructor still works but warns.
"""

from __future__ import annotations

import warnings

from .db import Database, Tx
from .errors import StoreError

_SENTINEL = object()


class DuckDBIdempotencyStore:
    def __init__(self, db: Database, _token: object = None) -> None:
        if _token is not _SENTINEL:
            warnings.warn(
                "DuckDBIdempotencyStore(db) is deprecated; use "
                "`await DuckDBIdempotencyStore.create(db)`, which verifies the schema",
                DeprecationWarning, stacklevel=2)
        self._db = db

    @classmethod
    async def create(cls, db: Database) -> DuckDBIdempotencyStore:
        def verify(tx: Tx) -> bool:
            row = tx.one(
                "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'orders' "
                "AND constraint_type = 'UNIQUE' AND list_contains(constraint_column_names, "
                "'idempotency_key')")
            return bool(row and row[0])

        if not await db.call(verify):
            raise StoreError("The orders table has no unique idempotency key: the profile "
                             "database is damaged or from an unknown version.")
        return cls(db, _SENTINEL)

    async def lookup(self, key: str) -> str | None:
        """The id of the order that used ``key``, or None."""
        row = await self._db.one("SELECT id FROM orders WHERE idempotency_key = ?", [key])
        return str(row[0]) if row else None

    async def request_id(self, key: str) -> str | None:
        row = await self._db.one("SELECT request_id FROM orders WHERE idempotency_key = ?",
                                 [key])
        return str(row[0]) if row and row[0] is not None else None

    async def bind_request_id(self, key: str, request_id: str) -> None:
        """Persist the broker request id for ``key`` (before the first send). A key keeps
        its first request id: binding another one is refused."""

        def write(tx: Tx) -> None:
            row = tx.one("SELECT request_id FROM orders WHERE idempotency_key = ?", [key])
            if row is None:
                raise StoreError(f"No order uses idempotency key {key!r}.")
            if row[0] is not None and row[0] != request_id:
                raise StoreError(f"Idempotency key {key!r} already has request id {row[0]}.")
            tx.execute("UPDATE orders SET request_id = ? WHERE idempotency_key = ?",
                       [request_id, key])

        await self._db.transaction(write)

    async def recent_request_ids(self, since: object) -> set[str]:
        """Every broker request id bound to an order created at or after ``since`` (the
        broker's uniqueness window is a day; callers pass a window that covers it)."""
        rows = await self._db.execute(
            "SELECT request_id FROM orders WHERE request_id IS NOT NULL AND created_at >= ?",
            [since])
        return {str(r[0]) for r in rows}
