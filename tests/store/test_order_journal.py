"""The order journal: a placement is acknowledged once its record is fsync'd, everything
that reads the database sees it before DuckDB has it, and a SIGKILL at any point leaves
no acknowledged key missing and none doubled (a real child process, killed for real)."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import OrderRequest, OrderStatus, OrderType, Side
from tradingtools_desktop.paths import ProfilePaths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.store import order_journal as oj

HERE = Path(__file__).parent
START = datetime(2026, 11, 25, 9, 20, tzinfo=timezone(timedelta(hours=7)))
S = OrderStatus


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), str(HERE.parents[1] / "src"),
                                         env.get("PYTHONPATH", "")])
    return env


def _child(home: Path, first: int, count: int, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(HERE / "journal_child.py"), str(home),
                             str(first), str(count), mode], env=_env(),
                            stdout=subprocess.PIPE, text=True)


def _stored(home: Path) -> tuple[Counter[str], dict[str, str], dict[str, int], int]:
    """Per key: how many orders; per key: status; per order id: audit rows; fills."""
    async def read() -> tuple[Counter[str], dict[str, str], dict[str, int], int]:
        svc = await AppServices.open(ProfilePaths(home, "crash"), clock=ManualClock(START))
        try:
            assert not oj.pending_in(svc.db.path)  # brought in at the open, file emptied
            rows = await svc.db.execute("SELECT idempotency_key, status, id FROM orders")
            audit = dict(await svc.db.execute(
                "SELECT order_id, count(*) FROM order_audit GROUP BY order_id"))
            fills = await svc.db.execute("SELECT count(*) FROM fills")
            return (Counter(str(r[0]) for r in rows), {str(r[0]): str(r[1]) for r in rows},
                    {str(r[2]): int(audit.get(r[2], 0)) for r in rows}, int(fills[0][0]))
        finally:
            await svc.stop()

    return asyncio.run(read())


def test_records_round_trip_and_a_torn_tail_is_dropped() -> None:
    at = datetime(2026, 11, 25, 9, 20, tzinfo=UTC7)
    one = oj.encode("o1", "k1", [("INSERT INTO t VALUES (?, ?, ?)", [1, at, date(2026, 1, 2)])])
    two = oj.encode("o2", "k2", [("INSERT INTO t VALUES (?)", ["x'y"])])
    records, whole = oj.decode(one + two + two[:-3])
    assert whole == len(one + two)
    assert [r["o"] for r in records] == ["o1", "o2"]
    assert records[0]["s"][0][1] == [1, at, date(2026, 1, 2)]
    bad = bytearray(one + two)
    bad[-1] ^= 0xFF  # a flipped byte in the last record: its CRC no longer matches
    assert [r["o"] for r in oj.decode(bytes(bad))[0]] == ["o1"]


UTC7 = timezone(timedelta(hours=7))


def test_a_journaled_order_is_read_back_before_duckdb_has_it(tmp_path: Path) -> None:
    async def go() -> None:
        clock = ManualClock(START)
        svc = await AppServices.open(ProfilePaths(tmp_path, "p"), clock=clock)
        try:
            await svc.ledger.deposit(10_000_000_000, clock.now(), "cash")
            last = await svc.market.last_bar("FPT")
            assert last is not None
            req = OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, 100,
                               last.close - 200, "fresh")
            clock.advance(seconds=1)
            placed = await svc.orders.place(req)
            assert placed.order.status is S.SUBMITTED
            assert svc.db.journal_pending == 1  # durable in the journal, not yet in DuckDB
            assert oj.pending_in(svc.db.path)
            # any statement brings it in first: a raw read, the repository, the audit
            assert await svc.db.execute("SELECT status FROM orders WHERE idempotency_key = ?",
                                        ["fresh"]) == [("SUBMITTED",)]
            assert svc.db.journal_pending == 0 and not oj.pending_in(svc.db.path)
            assert [o.id for o in await svc.orders.open_orders()] == [placed.order.id]
            assert [a.to_status for a in await svc.orders.audit(placed.order.id)] == [
                "SUBMITTED", "PENDING_SUBMIT", "NEW"]
            again = await svc.orders.place(req)  # the key, once journaled, is taken
            assert again.duplicate and again.order.id == placed.order.id
            clock.advance(seconds=1)
            crossing = OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, 100,
                                    last.close, "crosses")
            filled = await svc.orders.place(crossing)
            assert filled.order.status is S.FILLED  # filled at once, in the same record
            dup = await svc.orders.place(crossing)  # a duplicate while still journaled
            assert dup.duplicate and dup.order.id == filled.order.id
            assert [a.to_status for a in await svc.orders.audit(filled.order.id)] == [
                "FILLED", "SUBMITTED", "PENDING_SUBMIT", "NEW"]
            assert await svc.orders.repo.fill_ids(filled.order.id) == {
                f"{filled.order.id}-F100"}
            # a statement that writes the keys (an import, a repair) is seen: the journal
            # reads the keys again, so a key moved there is taken and the freed one is not
            await svc.db.execute("UPDATE orders SET idempotency_key = 'moved' WHERE "
                                 "idempotency_key = 'fresh'")
            moved = await svc.orders.place(OrderRequest(
                "FPT", Exchange.HOSE, Side.BUY, OrderType.LO, 100, last.close - 200, "moved"))
            assert moved.duplicate and moved.order.id == placed.order.id
            clock.advance(seconds=1)
            freed = await svc.orders.place(req)
            assert not freed.duplicate and freed.order.id != placed.order.id
            if svc.db.journal_pending:  # left alone, an idle database brings it in soon
                for _ in range(100):
                    await asyncio.sleep(0.05)
                    if not svc.db.journal_pending:
                        break
            assert svc.db.journal_pending == 0 and not oj.pending_in(svc.db.path)
        finally:
            await svc.stop()

    asyncio.run(go())


def test_sigkill_right_after_the_ack_the_order_is_there_after_restart(
        tmp_path: Path) -> None:
    acked = []
    for first in (0, 1, 2, 3):  # a resting order, then a marketable one at i=4 is later
        child = _child(tmp_path, first, 1, "die-after-ack")
        assert child.stdout is not None
        out = child.stdout.read().split("\n")
        child.wait(timeout=60)
        assert child.returncode == -signal.SIGKILL
        assert "ready" in out
        acked += [line.split()[1] for line in out if line.startswith("acked")]
        if first:
            assert "dup True" in out  # the key acked just before the kill stays taken
        db = ProfilePaths(tmp_path, "crash").db
        assert oj.pending_in(db)  # killed with the order only in the journal
    keys, status, audit, _ = _stored(tmp_path)
    assert acked == ["k-0", "k-1", "k-2", "k-3"]
    assert all(keys[k] == 1 for k in acked) and set(keys) == set(acked)
    assert status["k-0"] == "FILLED" and status["k-1"] == "SUBMITTED"
    assert all(n >= 3 for n in audit.values())


def test_sigkill_at_random_moments_no_acked_key_missing_or_doubled(tmp_path: Path) -> None:
    rng = random.Random(13)
    acked: list[str] = []
    first = 0
    for _round in range(5):
        child = _child(tmp_path, first, 400, "loop")
        assert child.stdout is not None
        lines = []
        try:
            line = child.stdout.readline()
            while line.split()[:1] == ["dup"]:
                assert line.split()[1] == "True"  # the last acked key stays taken
                line = child.stdout.readline()
            assert line.strip() == "ready"
            deadline = time.monotonic() + rng.uniform(0.05, 0.6)
            os.set_blocking(child.stdout.fileno(), False)
            while time.monotonic() < deadline:
                time.sleep(0.005)
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
            os.set_blocking(child.stdout.fileno(), True)
            lines = child.stdout.read().split("\n")
        finally:
            if child.poll() is None:
                child.kill()
            child.stdout.close()
        new = [line.split()[1] for line in lines if line.startswith("acked")]
        acked += new
        if new:  # the next child re-places the last acked key (a duplicate) and then
            # the one that was in flight (written before the kill or not: once either way)
            first = int(new[-1].split("-")[1]) + 1
    keys, _status, audit, fills = _stored(tmp_path)
    assert len(set(acked)) > 10
    assert all(keys[k] == 1 for k in acked), "an acknowledged key is missing"
    assert all(n == 1 for n in keys.values()), "a key is stored twice"
    assert all(n >= 3 for n in audit.values())  # received, checks, the ack (and fill)
    assert fills >= 1


def test_a_read_only_open_refuses_while_a_crash_journal_holds_orders(
        tmp_path: Path) -> None:
    from tradingtools_desktop.store.db import Database, JournalPending

    child = _child(tmp_path, 0, 1, "die-after-ack")
    child.wait(timeout=60)
    db_path = ProfilePaths(tmp_path, "crash").db
    assert oj.pending_in(db_path)

    async def open_read_only() -> None:
        db = Database(db_path, read_only=True)
        await db.connect()

    try:
        asyncio.run(open_read_only())
        raise AssertionError("a read-only open showed a database behind its journal")
    except JournalPending as exc:
        assert "journal" in exc.user_message
    conn = duckdb.connect(str(db_path))  # what the ordinary open does first
    try:
        assert oj.recover(conn, db_path) == 1
        assert oj.recover(conn, db_path) == 0  # idempotent: nothing twice
        assert conn.execute("SELECT count(*) FROM orders").fetchall() == [(1,)]
    finally:
        conn.close()


def test_the_cli_after_a_crash_shows_the_order_the_journal_holds(tt_home, capsys) -> None:
    import json

    from tradingtools_desktop.cli import main

    child = _child(tt_home, 0, 1, "die-after-ack")
    assert child.stdout is not None
    out = child.stdout.read()
    child.wait(timeout=60)
    child.stdout.close()
    assert "acked k-0" in out
    assert oj.pending_in(ProfilePaths(tt_home, "crash").db)
    capsys.readouterr()
    assert main(["--profile", "crash", "order", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [o["idempotency_key"] for o in listed] == ["k-0"]
