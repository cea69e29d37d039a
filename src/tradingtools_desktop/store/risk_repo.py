"""Risk counters and limits, persisted so a restart never resets them.

``risk_events`` holds one row per placement attempt (kind ``order``) and per denial or
broker rejection (kind ``reject``); COOLDOWN and RATE_LIMIT read their windows from here.
``risk_limits`` holds the profile's limits (absent keys mean the default).
"""

from __future__ import annotations

from datetime import datetime

from .db import Database, Tx


class RiskRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    @staticmethod
    def record_event_tx(tx: Tx, kind: str, at: datetime, code: str | None = None) -> None:
        tx.execute("INSERT INTO risk_events (happened_at, kind, code) VALUES (?, ?, ?)",
                   [at, kind, code])

    async def record_event(self, kind: str, at: datetime, code: str | None = None) -> None:
        await self._db.call(lambda tx: self.record_event_tx(tx, kind, at, code))

    async def events_since(self, kind: str, since: datetime) -> list[datetime]:
        rows = await self._db.execute(
            "SELECT happened_at FROM risk_events WHERE kind = ? AND happened_at >= ? "
            "ORDER BY happened_at", [kind, since])
        return [r[0] for r in rows]

    async def limits(self) -> dict[str, int]:
        rows = await self._db.execute("SELECT key, value FROM risk_limits")
        return {str(k): int(v) for k, v in rows}

    async def set_limit(self, key: str, value: int, at: datetime) -> None:
        await self._db.execute(
            "INSERT INTO risk_limits (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at", [key, value, at])
