from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tradingtools_desktop.store import open_database


def test_query_when_executed_then_one_span_with_attributes_and_no_values(
    tmp_path: Path, spans
) -> None:
    secret_like = "S3cr3t-VALUE-4242"

    async def go() -> None:
        db, _ = await open_database(tmp_path / "t.duckdb", None)
        spans.clear()
        await db.execute(
            "INSERT INTO app_state (key, value, updated_at) VALUES (?, ?, now())",
            ["k1", secret_like],
        )
        rows = await db.execute("SELECT key, value FROM app_state WHERE value = ?", [secret_like])
        assert rows == [("k1", secret_like)]
        await db.close()

    asyncio.run(go())
    finished = spans.get_finished_spans()
    insert = next(s for s in finished if s.attributes.get("db.operation") == "INSERT")
    select = next(s for s in finished if s.attributes.get("db.operation") == "SELECT"
                  and s.attributes.get("db.sql.table") == "app_state")
    for span in (insert, select):
        assert span.attributes["db.system"] == "duckdb"
        assert span.attributes["db.sql.table"] == "app_state"
        assert span.attributes["db.duration_ms"] >= 0
    assert insert.attributes["db.rows"] == 1
    assert select.attributes["db.rows"] == 1
    for span in finished:
        text = repr(dict(span.attributes)) + span.name + repr(span.events)
        assert secret_like not in text


def test_query_when_it_fails_then_span_has_error_type_but_no_values(tmp_path: Path, spans) -> None:
    value = "PRIVATE-42-VALUE"

    async def go() -> None:
        db, _ = await open_database(tmp_path / "t.duckdb", None)
        await db.execute("INSERT INTO app_state VALUES (?, 'a', now())", [value])
        spans.clear()
        with pytest.raises(Exception, match=r"onstraint|uplicate"):
            await db.execute("INSERT INTO app_state VALUES (?, 'b', now())", [value])
        await db.close()

    asyncio.run(go())
    failed = [s for s in spans.get_finished_spans() if "error.type" in s.attributes]
    assert len(failed) == 1
    assert failed[0].attributes["error.type"].endswith("Exception")
    assert failed[0].status.status_code.name == "ERROR"
    for span in spans.get_finished_spans():
        assert value not in repr(dict(span.attributes)) + repr(span.events)
        assert value not in (span.status.description or "")
