"""``tradingtools dlq list|show|replay|resolve`` on entries made by the real OMS path: a
dry-run placement whose broker call failed (outcome unknown -> RETRYING; a broker error ->
the order FAILED and a PERMANENT_FAILURE entry)."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tradingtools_desktop.brokers.base import BrokerError, ExecutionReport, OutcomeUnknown
from tradingtools_desktop.cli import main
from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import Order, OrderRequest, OrderType, Side
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices

VN = timezone(timedelta(hours=7))
WED_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=VN)


class FaultyBroker:
    """The dry-run broker, except that ``place`` raises the queued errors first."""

    def __init__(self, inner: Any, faults: list[BrokerError]) -> None:
        self._inner = inner
        self._faults = faults

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def place(self, order: Order) -> ExecutionReport:
        if self._faults:
            raise self._faults.pop(0)
        report: ExecutionReport = await self._inner.place(order)
        return report


def _buy(symbol: str, qty: int, price: int) -> OrderRequest:
    return OrderRequest(symbol=symbol, exchange=Exchange.HOSE, side=Side.BUY,
                        order_type=OrderType.LO, quantity=qty, price=price,
                        idempotency_key=f"dlq-test-{uuid.uuid4().hex}")


async def seed_dlq(services: AppServices) -> tuple[str, str]:
    """Two dead letters through ``orders.place``: (RETRYING order id, PERMANENT_FAILURE order
    id). The broker works normally again afterwards."""
    real = services.orders.broker
    services.orders.broker = FaultyBroker(real, [
        OutcomeUnknown("connection dropped after the order was sent"),
        BrokerError("HTTP 500 from the broker: order service unavailable")])
    try:
        retrying = await services.orders.place(_buy("FPT", 100, 95_000), source="test")
        failed = await services.orders.place(_buy("VCB", 500, 60_000), source="test")
    finally:
        services.orders.broker = real
    return retrying.order.id, failed.order.id


def _seed(home: Path) -> tuple[str, str]:
    async def go() -> tuple[str, str]:
        services = await AppServices.open(profile_paths(None, home),
                                          clock=ManualClock(WED_10AM))
        try:
            return await seed_dlq(services)
        finally:
            await services.stop()

    return asyncio.run(go())


@pytest.fixture
def seeded(tt_home, monkeypatch) -> tuple[str, str]:
    monkeypatch.setenv("TRADINGTOOLS_FROZEN_TIME", WED_10AM.isoformat())
    return _seed(tt_home)


def _json(capsys) -> Any:
    return json.loads(capsys.readouterr().out)


def _ids(capsys, *argv: str) -> dict[str, dict[str, Any]]:
    assert main(["dlq", "list", *argv, "--json"]) == 0
    return {e["order_id"]: e for e in _json(capsys)}


def test_list_shows_the_open_entries_with_their_context(seeded, capsys) -> None:
    retrying, failed = seeded
    entries = _ids(capsys)
    assert set(entries) == {retrying, failed}
    assert entries[retrying]["state"] == "RETRYING"
    assert entries[failed]["state"] == "PERMANENT_FAILURE"
    assert entries[retrying]["errors"][0]["kind"] == "OutcomeUnknown"
    assert entries[failed]["request"]["symbol"] == "VCB"
    assert main(["dlq", "list"]) == 0
    table = capsys.readouterr().out
    assert "BUY 100 FPT @ 95,000" in table and "BUY 500 VCB @ 60,000" in table
    assert "OutcomeUnknown: connection dropped" in table and "PERMANENT_FAILURE" in table


def test_show_has_the_error_chain_and_the_orders_audit_trail(seeded, capsys) -> None:
    _, failed = seeded
    entry_id = _ids(capsys)[failed]["id"]
    assert main(["dlq", "show", str(entry_id), "--json"]) == 0
    d = _json(capsys)
    assert d["order"]["status"] == "FAILED" and d["idempotency_key"].startswith("dlq-test-")
    assert [e["kind"] for e in d["errors"]] == ["BrokerError"]
    assert [a["to"] for a in d["audit"]] == ["NEW", "PENDING_SUBMIT", "FAILED"]
    assert main(["dlq", "show", str(entry_id)]) == 0
    text = capsys.readouterr().out
    assert "HTTP 500 from the broker" in text and "Order audit trail:" in text


def test_replay_asks_the_broker_and_resends_only_what_it_lacks(seeded, capsys) -> None:
    retrying, _ = seeded
    entry_id = _ids(capsys)[retrying]["id"]
    assert main(["dlq", "replay", str(entry_id), "--json"]) == 0
    d = _json(capsys)
    # the dry-run broker had no such order: re-sent once, accepted, resting below the market
    assert d["state"] == "RESOLVED" and d["order"]["status"] == "SUBMITTED"
    assert "SUBMITTED" in d["resolution"]
    assert retrying not in _ids(capsys)
    assert _ids(capsys, "--all")[retrying]["state"] == "RESOLVED"
    # closed now: replaying again is refused
    assert main(["dlq", "replay", str(entry_id)]) == 1
    assert "nothing to replay" in capsys.readouterr().err


def test_replaying_a_permanent_failure_only_looks_the_order_up(seeded, capsys) -> None:
    _, failed = seeded
    entry_id = _ids(capsys)[failed]["id"]
    assert main(["dlq", "replay", str(entry_id)]) == 0
    assert "nothing was executed" in capsys.readouterr().out
    assert main(["dlq", "show", str(entry_id), "--json"]) == 0
    d = _json(capsys)
    assert d["state"] == "PERMANENT_FAILURE" and d["order"]["status"] == "FAILED"


def test_resolve_needs_a_note_and_closes_the_entry(seeded, capsys) -> None:
    retrying, failed = seeded
    entries = _ids(capsys)
    assert main(["dlq", "resolve", str(entries[failed]["id"]), "--note", "   "]) == 1
    assert "note is required" in capsys.readouterr().err
    assert main(["dlq", "resolve", str(entries[retrying]["id"]), "--note",
                 "not in the SSI order book; placing it again by hand"]) == 0
    assert "MANUALLY_RESOLVED" in capsys.readouterr().out
    assert main(["dlq", "show", str(entries[retrying]["id"]), "--json"]) == 0
    d = _json(capsys)
    assert d["state"] == "MANUALLY_RESOLVED" and d["resolved_at"]
    assert d["resolution"] == "not in the SSI order book; placing it again by hand"
    assert d["order"]["status"] == "FAILED"  # the pending order is closed, never re-sent
    assert set(_ids(capsys)) == {failed}
    assert main(["dlq", "resolve", str(entries[retrying]["id"]), "--note", "again"]) == 1
    assert "already MANUALLY_RESOLVED" in capsys.readouterr().err


def test_unknown_entry_is_a_clear_error(tt_home, capsys) -> None:
    assert main(["dlq", "list"]) == 0
    assert "No open dead-letter entries." in capsys.readouterr().out
    for argv in (["show", "999"], ["replay", "999"], ["resolve", "999", "--note", "x"]):
        assert main(["dlq", *argv]) == 2
        assert "No dead-letter entry 999" in capsys.readouterr().err
    assert main(["dlq", "show", "abc"]) == 2  # not a number: argparse refuses it
