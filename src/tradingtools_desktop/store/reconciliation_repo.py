"""Reconciliation runs, their mismatches and the baseline, in DuckDB (migration 006).

A run and its new mismatches are written in ONE transaction. A mismatch already OPEN for
the same kind and key is not inserted again: its sides are updated to the latest run, so
the user sees one row per problem and is alerted once per new problem. Accepting writes
the new baseline and closes every OPEN mismatch in the same transaction.

Also the live books the local snapshot is built from: LIVE fills since a time and the
requestIDs of open LIVE orders.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain.orders import Side
from ..domain.pnl import FillRecord
from ..domain.reconciliation import BrokerSnapshot, LocalSnapshot, Mismatch, MismatchKind
from ..domain.trading_state import TradingMode
from .db import Database, Tx
from .orders_repo import OPEN_STATUSES

# open, and acknowledged by the broker: NEW / PENDING_SUBMIT orders may not have reached it
# yet (a send that failed is in the DLQ, not at the broker)
BROKER_OPEN_SQL = "(" + ", ".join(
    f"'{s}'" for s in OPEN_STATUSES if s not in ("NEW", "PENDING_SUBMIT")) + ")"


@dataclass(frozen=True, slots=True)
class MismatchRow:
    id: int
    run_id: int
    kind: MismatchKind
    key: str
    local_value: str
    broker_value: str
    detail: str
    state: str  # OPEN | ACCEPTED | RESOLVED
    resolved_at: datetime | None
    note: str
    at: datetime  # when its run happened


@dataclass(frozen=True, slots=True)
class RunRow:
    id: int
    at: datetime
    mode: TradingMode
    ok: bool
    mismatches: int
    error: str | None
    note: str
    broker: BrokerSnapshot | None
    local: LocalSnapshot | None


@dataclass(frozen=True, slots=True)
class Baseline:
    id: int
    at: datetime
    reason: str
    snapshot: BrokerSnapshot
    acknowledged_request_ids: frozenset[str]


@dataclass(frozen=True, slots=True)
class OpenLiveOrder:
    request_id: str
    symbol: str
    side: str
    remaining: int


_MISMATCH_COLS = ("m.id, m.run_id, m.kind, m.key, m.local_value, m.broker_value, m.detail, "
                  "m.state, m.resolved_at, m.note, r.run_at")


def _mismatch(r: tuple[Any, ...]) -> MismatchRow:
    return MismatchRow(int(r[0]), int(r[1]), MismatchKind(str(r[2])), str(r[3]), str(r[4]),
                       str(r[5]), str(r[6]), str(r[7]), r[8], str(r[9]), r[10])


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


class ReconciliationRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # ---- runs ----------------------------------------------------------------------------

    async def record_run(self, *, at: datetime, mode: TradingMode, broker: BrokerSnapshot | None,
                         local: LocalSnapshot | None, mismatches: list[Mismatch],
                         error: str | None = None, note: str = "",
                         new_baseline: str | None = None) -> tuple[int, list[MismatchRow]]:
        """Write the run; returns its id and the mismatches that were not already open.
        ``new_baseline`` (a reason): also store ``broker`` as the baseline."""

        def write(tx: Tx) -> tuple[int, list[int]]:
            row = tx.one(
                "INSERT INTO reconciliation_runs (run_at, mode, ok, mismatches, broker_snapshot, "
                "local_snapshot, error, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [at, mode.value, error is None and not mismatches, len(mismatches),
                 json.dumps(broker.to_dict()) if broker else None,
                 json.dumps(local.to_dict()) if local else None, error, note])
            assert row is not None
            run_id = int(row[0])
            new: list[int] = []
            for m in mismatches:
                existing = tx.one(
                    "SELECT id FROM reconciliation_mismatches WHERE state = 'OPEN' AND kind = ? "
                    "AND key = ?", [m.kind.value, m.key])
                if existing:
                    tx.execute("UPDATE reconciliation_mismatches SET local_value = ?, "
                               "broker_value = ?, detail = ? WHERE id = ?",
                               [m.local, m.broker, m.detail, int(existing[0])])
                    continue
                ins = tx.one(
                    "INSERT INTO reconciliation_mismatches (run_id, kind, key, local_value, "
                    "broker_value, detail) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    [run_id, m.kind.value, m.key, m.local, m.broker, m.detail])
                assert ins is not None
                new.append(int(ins[0]))
            if new_baseline is not None and broker is not None:
                self._baseline_tx(tx, at, new_baseline, run_id, broker, frozenset())
            return run_id, new

        run_id, new_ids = await self._db.transaction(write)
        rows = await self.mismatches(ids=new_ids) if new_ids else []
        return run_id, rows

    @staticmethod
    def _baseline_tx(tx: Tx, at: datetime, reason: str, run_id: int | None,
                     snapshot: BrokerSnapshot, acknowledged: frozenset[str]) -> None:
        tx.execute("INSERT INTO reconciliation_baselines (taken_at, reason, run_id, "
                   "broker_snapshot, acknowledged_request_ids) VALUES (?, ?, ?, ?, ?)",
                   [at, reason, run_id, json.dumps(snapshot.to_dict()),
                    json.dumps(sorted(acknowledged))])

    async def runs(self, limit: int = 50) -> list[RunRow]:
        rows = await self._db.execute(
            "SELECT id, run_at, mode, ok, mismatches, error, note, broker_snapshot, local_snapshot "
            "FROM reconciliation_runs ORDER BY id DESC LIMIT ?", [limit])
        return [RunRow(int(r[0]), r[1], TradingMode(str(r[2])), bool(r[3]), int(r[4]),
                       None if r[5] is None else str(r[5]), str(r[6]),
                       BrokerSnapshot.from_dict(_json(r[7])) if r[7] else None,
                       LocalSnapshot.from_dict(_json(r[8])) if r[8] else None) for r in rows]

    async def last_run(self) -> RunRow | None:
        runs = await self.runs(1)
        return runs[0] if runs else None

    async def last_broker_snapshot(self) -> tuple[int, BrokerSnapshot] | None:
        row = await self._db.one(
            "SELECT id, broker_snapshot FROM reconciliation_runs WHERE broker_snapshot IS NOT "
            "NULL ORDER BY id DESC LIMIT 1")
        return (int(row[0]), BrokerSnapshot.from_dict(_json(row[1]))) if row else None

    # ---- mismatches ----------------------------------------------------------------------

    async def mismatches(self, *, state: str | None = None, ids: list[int] | None = None,
                         limit: int = 500) -> list[MismatchRow]:
        where: list[str] = []
        params: list[Any] = []
        if state is not None:
            where.append("m.state = ?")
            params.append(state)
        if ids is not None:
            where.append("list_contains(?, m.id)")
            params.append(ids)
        sql = (f"SELECT {_MISMATCH_COLS} FROM reconciliation_mismatches m JOIN "
               f"reconciliation_runs r ON r.id = m.run_id "
               f"{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY m.id DESC LIMIT ?")
        rows = await self._db.execute(sql, [*params, limit])
        return [_mismatch(r) for r in rows]

    async def open_count(self) -> int:
        row = await self._db.one(
            "SELECT count(*) FROM reconciliation_mismatches WHERE state = 'OPEN'")
        return int(row[0]) if row else 0

    async def close(self, mismatch_id: int, state: str, at: datetime, note: str) -> MismatchRow:
        """Mark one OPEN mismatch RESOLVED (or ACCEPTED); KeyError when it is not open."""

        def write(tx: Tx) -> None:
            row = tx.one("SELECT state FROM reconciliation_mismatches WHERE id = ?",
                         [mismatch_id])
            if row is None or row[0] != "OPEN":
                raise KeyError(f"no open mismatch #{mismatch_id}")
            tx.execute("UPDATE reconciliation_mismatches SET state = ?, resolved_at = ?, "
                       "note = ? WHERE id = ?", [state, at, note, mismatch_id])

        await self._db.transaction(write)
        return (await self.mismatches(ids=[mismatch_id]))[0]

    async def accept(self, mismatch_id: int, at: datetime, note: str, snapshot: BrokerSnapshot,
                     snapshot_run: int, acknowledged: frozenset[str]) -> list[MismatchRow]:
        """The broker's ``snapshot`` becomes the baseline; every OPEN mismatch is ACCEPTED
        (the one the user chose with ``note``, the others noting it). Returns them."""

        def write(tx: Tx) -> list[int]:
            row = tx.one("SELECT state FROM reconciliation_mismatches WHERE id = ?",
                         [mismatch_id])
            if row is None or row[0] != "OPEN":
                raise KeyError(f"no open mismatch #{mismatch_id}")
            ids = [int(r[0]) for r in tx.execute(
                "SELECT id FROM reconciliation_mismatches WHERE state = 'OPEN'")]
            for mid in ids:
                tx.execute("UPDATE reconciliation_mismatches SET state = 'ACCEPTED', "
                           "resolved_at = ?, note = ? WHERE id = ?",
                           [at, note if mid == mismatch_id else
                            f"accepted with #{mismatch_id}: {note}", mid])
            self._baseline_tx(tx, at, f"accepted with mismatch #{mismatch_id}", snapshot_run,
                              snapshot, acknowledged)
            return ids

        ids = await self._db.transaction(write)
        return await self.mismatches(ids=ids)

    # ---- baseline and live books ---------------------------------------------------------

    async def baseline(self) -> Baseline | None:
        row = await self._db.one(
            "SELECT id, taken_at, reason, broker_snapshot, acknowledged_request_ids FROM "
            "reconciliation_baselines ORDER BY id DESC LIMIT 1")
        if row is None:
            return None
        return Baseline(int(row[0]), row[1], str(row[2]), BrokerSnapshot.from_dict(_json(row[3])),
                        frozenset(str(r) for r in _json(row[4])))

    async def live_books(self, since: datetime) -> tuple[list[FillRecord], list[OpenLiveOrder]]:
        """LIVE fills after ``since`` (oldest first) and the open, broker-acknowledged LIVE
        orders with a requestID."""

        def read(tx: Tx) -> tuple[list[FillRecord], list[OpenLiveOrder]]:
            fills = tx.execute(
                "SELECT symbol, side, quantity, price, fee, tax, trade_date, settle_date "
                "FROM fills WHERE mode = 'LIVE' AND filled_at > ? ORDER BY filled_at, fill_id",
                [since], table="fills")
            orders = tx.execute(
                f"SELECT request_id, symbol, side, quantity - filled_qty FROM orders "
                f"WHERE mode = 'LIVE' AND request_id IS NOT NULL AND status IN "
                f"{BROKER_OPEN_SQL} ORDER BY created_at", table="orders")
            return ([FillRecord(str(r[0]), Side(str(r[1])), int(r[2]), int(r[3]), int(r[4]),
                                int(r[5]), r[6], r[7]) for r in fills],
                    [OpenLiveOrder(str(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in orders])

        return await self._db.call(read)
