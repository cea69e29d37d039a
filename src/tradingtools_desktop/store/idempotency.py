"""Idempotency keys: one key, one order, forever.

The key lives on the order row (``orders.idempotency_key`` is UNIQUE), so the order and its
key are written in the same transaction and can never disagree. This store answers "was
this key used, and by which order?". A broker's own request id (SSI's requestID) is part
of the order record (``Order.request_id``), written with it before the first send.

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
