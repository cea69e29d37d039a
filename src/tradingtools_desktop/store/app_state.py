"""Repository for small persisted app switches (trading state, mode, armed) and their audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from .db import Database, Tx


@dataclass(frozen=True, slots=True)
class StateChange:
    at: datetime
    key: str
    old_value: str | None
    new_value: str
    reason: str
    source: str


class AppStateRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, key: str) -> str | None:
        row = await self._db.one("SELECT value FROM app_state WHERE key = ?", [key])
        return str(row[0]) if row else None

    async def set(self, key: str, value: str, *, reason: str, source: str) -> StateChange:
        """Store ``value`` and append the change to ``state_changes`` in one transaction."""

        def write(tx: Tx) -> StateChange:
            now = datetime.now(UTC)
            row = tx.one("SELECT value FROM app_state WHERE key = ?", [key])
            old = str(row[0]) if row else None
            tx.execute(
                "INSERT INTO app_state (key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                [key, value, now],
            )
            tx.execute(
                "INSERT INTO state_changes (changed_at, key, old_value, new_value, reason, source) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [now, key, old, value, reason, source],
            )
            return StateChange(now, key, old, value, reason, source)

        return await self._db.transaction(write)

    async def history(self, key: str, limit: int = 50) -> list[StateChange]:
        rows = await self._db.execute(
            "SELECT changed_at, key, old_value, new_value, reason, source FROM state_changes "
            "WHERE key = ? ORDER BY id DESC LIMIT ?",
            [key, limit],
        )
        return [StateChange(*r) for r in rows]
