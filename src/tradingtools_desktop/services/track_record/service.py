"""Track-record runs: a walk-forward stored like a screener run, replayable to identical
figures.

A run stores its universe and symbols, parameters (dates, frequencies, horizons, top N,
fees, seed), ``data_until`` (the last cached day it read, so a later refresh cannot change
a replay), the inputs hash, the agent and evaluator versions, the figures and their hash.
The number crunching runs on the service's own worker thread; cancel stops it between
stages.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from ... import __version__
from ...store.db import Database, Tx
from ..bus import EventBus
from ..clock import Clock
from ..events import TrackRecordFinished, TrackRecordProgress


class TrackRecordError(Exception):
    """Bad request or unusable data: a sentence for the user."""


def figures_hash(result: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(result, sort_keys=True, ensure_ascii=False,
                                     default=str).encode()).hexdigest()


class TrackRecordService:
    def __init__(self, db: Database, bus: EventBus, clock: Clock) -> None:
        self._db, self._bus, self._clock = db, bus, clock
        self._cancel: dict[str, threading.Event] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="track-record")

    def close(self) -> None:
        for event in self._cancel.values():
            event.set()
        self._pool.shutdown(wait=True)

    def cancel(self, run_id: str) -> None:
        if (event := self._cancel.get(run_id)) is not None:
            event.set()

    async def run(self, universe: str, start: date, end: date, *,
                  frequencies: tuple[str, ...] = ("monthly", "weekly"),
                  horizons: tuple[int, ...] = (5, 20, 60), top_n: int = 10, seed: int = 7,
                  broker_fee_bps: int = 15, sell_tax_bps: int = 10,
                  data_until: date | None = None, run_id: str | None = None,
                  progress: Callable[[str, int, int], None] | None = None
                  ) -> dict[str, Any]:
        """Evaluate the screener's configuration on ``universe`` over [start, end]; returns
        the stored record (``status`` DONE or CANCELLED)."""
        from ...agents.pipeline import AGENT_VERSIONS
        from .evaluate import VERSION, Params, evaluate
        from .panel import load_panel, stock_universe
        from .scores import Cancelled

        if end < start:
            raise TrackRecordError(f"The end date {end} is before the start date {start}.")
        if any(h < 3 for h in horizons):
            raise TrackRecordError("Every horizon must be at least 3 sessions: a share bought "
                                   "on T can be sold from T+2.")
        params = Params(start, end, tuple(frequencies), tuple(horizons), top_n, seed,
                        broker_fee_bps, sell_tax_bps)
        run_id = run_id or uuid.uuid4().hex[:16]
        cancel = self._cancel.setdefault(run_id, threading.Event())
        loop = asyncio.get_running_loop()

        def report(stage: str, done: int, total: int) -> None:
            if progress is not None:
                progress(stage, done, total)
            loop.call_soon_threadsafe(self._bus.publish,
                                      TrackRecordProgress(run_id, stage, done, total))

        report("loading data", 0, 1)
        symbols = await self._db.call(lambda tx: stock_universe(tx, universe))
        if not symbols:
            raise TrackRecordError(f"Universe {universe!r} has no stocks with cached data.")
        if data_until is None:
            row = await self._db.call(lambda tx: tx.one("SELECT max(day) FROM daily_bars "
                                                        "WHERE symbol IN (SELECT unnest(?))",
                                                        [symbols]))
            data_until = row[0] if row and row[0] else end
        until = data_until
        panel = await self._db.call(lambda tx: load_panel(tx, symbols, until))
        stored = {**params.to_dict(), "data_until": until.isoformat()}
        inputs = panel.inputs_hash(stored)
        versions = {"agents": AGENT_VERSIONS, "track_record": VERSION, "app": __version__}
        started = self._clock.now()
        await self._db.execute(
            "INSERT INTO track_records (id, started_at, status, universe, params, inputs_hash, "
            "versions) VALUES (?, ?, 'RUNNING', ?, ?, ?, ?)",
            [run_id, started, universe, json.dumps(stored), inputs, json.dumps(versions)])
        try:
            result = await loop.run_in_executor(self._pool, lambda: evaluate(
                panel, params, progress=report, cancelled=cancel.is_set))
        except Cancelled:
            await self._finish(run_id, "CANCELLED", "cancelled by the user")
            return {"id": run_id, "status": "CANCELLED", "universe": universe,
                    "params": stored, "inputs_hash": inputs, "versions": versions}
        except Exception as exc:
            await self._finish(run_id, "FAILED", f"{type(exc).__name__}: {exc}")
            raise
        finally:
            self._cancel.pop(run_id, None)
        result["universe"], result["symbol_list"] = universe, panel.symbols
        digest = figures_hash(result)
        await self._db.execute("UPDATE track_records SET result = ?, figures_hash = ? "
                               "WHERE id = ?", [json.dumps(result, ensure_ascii=False),
                                                digest, run_id])
        await self._finish(run_id, "DONE", f"{len(panel.symbols)} symbols evaluated")
        return {"id": run_id, "status": "DONE", "universe": universe, "params": stored,
                "inputs_hash": inputs, "versions": versions, "figures_hash": digest,
                "result": result}

    async def _finish(self, run_id: str, status: str, message: str) -> None:
        await self._db.execute(
            "UPDATE track_records SET status = ?, finished_at = ?, error = ? WHERE id = ?",
            [status, self._clock.now(), None if status == "DONE" else message, run_id])
        self._bus.publish(TrackRecordFinished(run_id, status, message))

    async def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        rows = await self._db.execute(
            "SELECT id, started_at, status, universe, params, figures_hash FROM track_records "
            "ORDER BY started_at DESC LIMIT ?", [limit])
        return [{"id": r[0], "started_at": r[1], "status": r[2], "universe": r[3],
                 "params": json.loads(r[4]), "figures_hash": r[5]} for r in rows]

    async def get(self, run_id: str) -> dict[str, Any]:
        def read(tx: Tx) -> dict[str, Any]:
            row = tx.one("SELECT id, started_at, finished_at, status, universe, params, "
                         "inputs_hash, versions, result, figures_hash, error FROM "
                         "track_records WHERE id = ?", [run_id])
            if row is None:
                raise TrackRecordError(f"No track record with id {run_id!r}.")
            keys = ("id", "started_at", "finished_at", "status", "universe", "params",
                    "inputs_hash", "versions", "result", "figures_hash", "error")
            rec = dict(zip(keys, row, strict=True))
            for k in ("params", "versions", "result"):
                rec[k] = json.loads(rec[k]) if rec[k] else None
            return rec

        return await self._db.call(read)

    async def latest_for(self, universe: str) -> dict[str, Any] | None:
        """The newest finished track record of ``universe`` (the screener links to it)."""
        row = await self._db.execute(
            "SELECT id FROM track_records WHERE status = 'DONE' AND upper(universe) = "
            "upper(?) ORDER BY started_at DESC LIMIT 1", [universe])
        return await self.get(str(row[0][0])) if row else None

    async def replay(self, run_id: str) -> dict[str, Any]:
        """Re-run with the stored parameters on the cache cut at the stored day; identical
        when the inputs hash and the figures hash both match."""
        rec = await self.get(run_id)
        p = rec["params"]
        fresh = await self.run(
            rec["universe"], date.fromisoformat(p["start"]), date.fromisoformat(p["end"]),
            frequencies=tuple(p["frequencies"]), horizons=tuple(p["horizons"]),
            top_n=int(p["top_n"]), seed=int(p["seed"]),
            broker_fee_bps=int(p["broker_fee_bps"]), sell_tax_bps=int(p["sell_tax_bps"]),
            data_until=date.fromisoformat(p["data_until"]),
            run_id=f"replay-{run_id}-{uuid.uuid4().hex[:6]}")
        same_inputs = fresh["inputs_hash"] == rec["inputs_hash"]
        same_figures = fresh.get("figures_hash") == rec["figures_hash"]
        return {"id": run_id, "replay_id": fresh["id"], "identical": same_inputs and
                same_figures, "same_inputs": same_inputs, "same_figures": same_figures}


