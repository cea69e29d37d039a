"""Every LLM request and its reply (or error), keyed by the request's hash."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from .db import Database


class DuckDBCallStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, key: str) -> tuple[str | None, str | None] | None:
        row = await self._db.one("SELECT response, error FROM llm_calls WHERE hash = ?", [key])
        return (row[0], row[1]) if row else None

    async def put(self, key: str, provider: str, model: str, request: dict[str, Any],
                  response: str | None, error: str | None) -> None:
        await self._db.execute(
            "INSERT INTO llm_calls (hash, provider, model, request, response, error, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO UPDATE SET "
            "response = excluded.response, error = excluded.error",
            [key, provider, model, json.dumps(request, ensure_ascii=False), response, error,
             datetime.now(UTC)])
