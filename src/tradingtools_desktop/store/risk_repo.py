"""Risk limits and counters, persisted so a restart never resets them.

The COOLDOWN and RATE_LIMIT windows are read back from ``orders`` (every placement is a
row; denials and broker rejections are its DENIED / REJECTED rows). ``risk_limits`` holds
the profile's limits (absent keys mean the default).
"""

from __future__ import annotations

from datetime import datetime

from .db import Database


class RiskRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def placements_since(self, since: datetime) -> list[datetime]:
        rows = await self._db.execute(
            "SELECT created_at FROM orders WHERE created_at >= ? ORDER BY created_at", [since])
        return [r[0] for r in rows]

    async def rejects_since(self, since: datetime) -> list[datetime]:
        rows = await self._db.execute(
            "SELECT updated_at FROM orders WHERE status IN ('DENIED', 'REJECTED') "
            "AND updated_at >= ? ORDER BY updated_at", [since])
        return [r[0] for r in rows]

    async def limits(self) -> dict[str, int]:
        rows = await self._db.execute("SELECT key, value FROM risk_limits")
        return {str(k): int(v) for k, v in rows}

    async def set_limit(self, key: str, value: int, at: datetime) -> None:
        await self._db.execute(
            "INSERT INTO risk_limits (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at", [key, value, at])
