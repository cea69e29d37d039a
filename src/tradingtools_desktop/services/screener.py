"""Screener runs: the agent pipeline over a universe, stored with what reproduces it.

A run stores its id, times, universe and symbols, parameters, the data snapshot hash and
per-symbol as-of dates, agent versions, indicator engine, LLM provider/model (none means
the lexicon / deterministic path), app version, what was missing, and every result.
``replay`` re-runs from the stored inputs (the cache cut at the stored as-of dates) and
reports whether the output is identical. Number crunching runs on a worker thread; the
loop (and the Qt thread) only wait for it. Cancel stops the run between stages.

Scores are computed on daily bars; suggested sizes are counted at the quote service's
current price (services/screener_prices.py), and the quotes used are stored with the run
(``prices``), so a replay counts at the same prices.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import json
import threading
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..agents.llm.client import (
    SENTIMENT,
    SENTIMENT_SYSTEM,
    SYNTHESIS,
    SYNTHESIS_SYSTEM,
    LLMClient,
    LLMError,
)
from ..domain.worded import worded
from ..store.db import Database, Tx
from ..store.llm_calls import DuckDBCallStore
from .bus import EventBus
from .clock import Clock
from .events import ScreenerFinished, ScreenerProgress
from .market.quote_service import QuoteService
from .screen_guard import coverage_note, unadjusted_gaps, unadjusted_note
from .screener_prices import basis, current_quotes, prices_of

if TYPE_CHECKING:  # numpy and the agents load on the first run, not at start-up
    from ..agents.pipeline import RunParams
    from ..agents.snapshot import Snapshot
    from ..agents.supervisor import Verdict

ENGINE = "builtin 2-D panel (agents.indicators; equals pandas-ta 0.4.71b0)"


class ScreenerError(Exception):
    pass


@dataclass(frozen=True)
class RunResult:
    run_id: str
    status: str
    meta: dict[str, Any]
    verdicts: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"run": self.meta, "results": self.verdicts}


def results_hash(verdicts: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(verdicts, sort_keys=True, ensure_ascii=False,
                                     default=str).encode()).hexdigest()


class ScreenerService:
    def __init__(self, db: Database, bus: EventBus, clock: Clock,
                 ai_loader: Callable[[], Awaitable[tuple[LLMClient | None, str]]] | None = None,
                 quotes: QuoteService | None = None) -> None:
        self.quotes = quotes  # the one quote service: the price sizes are counted at
        self.llm: LLMClient | None = None  # set when an AI provider is configured
        self._ai_loader = ai_loader
        self.ai_note = "no AI provider configured"
        # the newest finished track record of a universe (services/track_record), so that a
        # run's confidence is the measured hit rate of similar scores on history
        self.track_lookup: Callable[[str], Awaitable[dict[str, Any] | None]] | None = None
        self._db = db
        self._bus = bus
        self._clock = clock
        self._cancel: dict[str, threading.Event] = {}
        # our own worker thread: the analysis never runs on the loop's (Qt's) thread, and
        # it is shut down with the services rather than left to the host's executor
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="screener")

    def close(self) -> None:
        for event in self._cancel.values():
            event.set()
        self._pool.shutdown(wait=True)

    def cancel(self, run_id: str) -> None:
        event = self._cancel.get(run_id)
        if event is not None:
            event.set()

    async def run(self, universe: str, params: RunParams | None = None, *,
                  run_id: str | None = None, as_of: dict[str, date] | None = None,
                  at: datetime | None = None,
                  replay_of: dict[str, Any] | None = None) -> RunResult:
        """Score ``universe`` with what was known at ``at`` (default: the clock's now):
        every input is cut point-in-time (agents/point_in_time.py)."""
        from ..agents.pipeline import AGENT_VERSIONS, Cancelled, RunParams, analyse
        from ..agents.snapshot_loader import load_snapshot, resolve_universe

        params = params or RunParams()
        run_id = run_id or uuid.uuid4().hex[:16]
        cancel = self._cancel.setdefault(run_id, threading.Event())
        loop = asyncio.get_running_loop()
        started = self._clock.now()
        at_given = at is not None
        at = at or started

        def progress(stage: str, done: int, total: int) -> None:
            loop.call_soon_threadsafe(self._bus.publish,
                                      ScreenerProgress(run_id, stage, done, total))

        progress("loading data", 0, 6)
        symbols = await self._db.call(lambda tx: resolve_universe(tx, universe))
        coverage = await self._db.call(lambda tx: coverage_note(tx, universe, symbols))
        # never score across an unadjusted split / stock dividend (screen_guard.py)
        gaps = await self._db.call(lambda tx: unadjusted_gaps(tx, symbols, params.max_bars))
        symbols = [s for s in symbols if s not in {g["symbol"] for g in gaps}]
        if not symbols:
            raise ScreenerError(f"Universe {universe!r} has no symbols with cached data."
                                + (f" {unadjusted_note(gaps)}" if gaps else ""))
        snap = await self._db.call(
            lambda tx: load_snapshot(tx, symbols, at=at, max_bars=params.max_bars,
                                     as_of=as_of))
        missing = sorted(set(symbols) - set(snap.symbols))
        prices = await self._prices(snap.symbols, at if at_given else None, replay_of)
        if self.llm is None and self._ai_loader is not None and replay_of is None:
            self.llm, self.ai_note = await self._ai_loader()
        llm = self._llm_for(replay_of)
        progress("news sentiment", 0, 6)
        scores = await self._llm_sentiments(snap, llm) if llm is not None else None
        meta: dict[str, Any] = {
                "id": run_id, "started_at": started.isoformat(), "universe": universe,
                "symbols": snap.symbols, "params": params.to_dict(),
                "data_hash": snap.data_hash(params.to_dict()), "as_of": snap.as_of(),
                "as_of_time": at.isoformat(),
                "agent_versions": AGENT_VERSIONS,
                "provider": llm.provider if llm else None, "model": llm.model if llm else None,
                "news_sentiment": f"llm:{llm.model}" if llm else "lexicon",
                "indicator_backend": ENGINE,
                "app_version": __version__, "missing": self._missing(snap, missing),
                "prices": prices}
        if coverage is not None:  # what ALL / an exchange covers of the listed market
            meta["missing"]["listing"] = coverage
        if gaps:
            meta["missing"]["unadjusted"] = {"symbols": gaps, "text": unadjusted_note(gaps)}
        if llm is None and replay_of is None:
            meta["missing"]["llm"] = f"{self.ai_note}; lexicon sentiment was used" \
                if self.ai_note != "no AI provider configured" else meta["missing"]["llm"]
        elif llm is not None:
            meta["missing"]["llm"] = f"AI provider {llm.provider} ({llm.model}): pending"
        await self._db.execute(
            "INSERT INTO screener_runs (id, started_at, status, universe, symbols, params, "
            "data_hash, as_of, agent_versions, provider, model, indicator_backend, "
            "app_version, missing, as_of_time, prices) VALUES (?, ?, 'RUNNING', ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, started, universe, snap.symbols, json.dumps(meta["params"]),
             meta["data_hash"], json.dumps(meta["as_of"]), json.dumps(AGENT_VERSIONS),
             meta["provider"], meta["model"], ENGINE, __version__,
             json.dumps(meta["missing"]), at, json.dumps(prices)])
        try:
            scorer = _stored_scorer(scores) if scores is not None else None
            name = f"llm:{llm.model}" if llm else "lexicon"
            verdicts = await loop.run_in_executor(self._pool, lambda: analyse(
                snap, params, news_scorer=scorer, news_scorer_name=name,
                progress=lambda s, d, t: progress(s, d + 1, t + 1),
                cancelled=cancel.is_set, prices=prices_of(prices.get("quotes"))))
        except Cancelled:
            await self._finish(run_id, "CANCELLED", "cancelled by the user")
            return RunResult(run_id, "CANCELLED", meta, [])
        except Exception as exc:
            await self._finish(run_id, "FAILED", f"{type(exc).__name__}: {exc}")
            raise
        finally:
            self._cancel.pop(run_id, None)
        if llm is not None:
            progress("AI synthesis", 5, 6)
            verdicts = await self._synthesise(verdicts, llm)
            meta["missing"]["llm"] = _llm_usage(llm, scores or {}, verdicts)
            await self._db.execute("UPDATE screener_runs SET missing = ? WHERE id = ?",
                                   [json.dumps(meta["missing"]), run_id])
        rows = [v.to_dict() for v in verdicts]
        meta["measured"] = (replay_of or {}).get("measured") if replay_of is not None \
            else await self._measured(universe)
        await self._db.execute("UPDATE screener_runs SET measured = ? WHERE id = ?",
                               [json.dumps(meta["measured"]), run_id])
        await self._db.transaction(lambda tx: self._store(tx, run_id, verdicts))
        await self._finish(run_id, "DONE", f"{len(rows)} symbols scored")
        meta["status"] = "DONE"
        return RunResult(run_id, "DONE", meta, rows)

    async def _prices(self, symbols: list[str], at: datetime | None,
                      replay_of: dict[str, Any] | None) -> dict[str, Any]:
        """What the sizes are counted at: a replay's stored quotes; a run at a past
        instant, the as-of closes; else the quote service's current prices."""
        if replay_of is not None:
            stored = replay_of.get("prices") or {}
            return {**basis(stored.get("quotes"), at), "quotes": stored.get("quotes") or {}}
        used = {} if at is not None else await current_quotes(self.quotes, self._db, symbols)
        return {**basis(used, at), "quotes": used}

    async def _measured(self, universe: str) -> dict[str, Any]:
        """The calibration of the newest track record of ``universe``, or why none."""
        rec = await self.track_lookup(universe) if self.track_lookup is not None else None
        if not rec or not rec.get("result") or not rec["result"].get("calibration"):
            return {"none": "No track record of this universe yet: its confidence is not "
                            "measured."}
        res, p = rec["result"], rec["params"]
        cal = res["calibration"]
        return {"track_record_id": rec["id"], "period": [p["start"], p["end"]],
                "frequency": cal["frequency"], "horizon": cal["horizon"],
                "buckets": cal["buckets"],
                "verdict": res.get("verdicts", {}).get("supervisor", "")}

    def forget_ai(self) -> None:
        """An ``ai.*`` secret was revoked: stop using the client at once."""
        self.llm = None
        self.ai_note = "AI provider revoked"

    def _llm_for(self, replay_of: dict[str, Any] | None) -> LLMClient | None:
        """The configured client; for a replay, one that answers only from stored replies
        (same provider and model as the original run, no network)."""
        if replay_of is None:
            return self.llm
        if not replay_of.get("provider"):
            return None
        base = self.llm.base_url if self.llm else "http://replay.invalid/v1"
        return LLMClient(base, str(replay_of["model"]), provider=str(replay_of["provider"]),
                         store=DuckDBCallStore(self._db), replay_only=True)

    async def _llm_sentiments(self, snap: Snapshot, llm: LLMClient
                              ) -> dict[str, tuple[float, str] | str]:
        """Headline text -> (score, label), or the error text: computed here, on the loop,
        because the agents run on a worker thread and the client is async."""
        out: dict[str, tuple[float, str] | str] = {}
        for items in [*snap.news.values(), snap.market_news]:
            for h in items:
                text = f"{h.title}. {h.summary}"
                if text in out:
                    continue
                try:
                    reply = await llm.chat_json(SENTIMENT_SYSTEM, text, SENTIMENT)
                    out[text] = (float(reply["score"]), str(reply["sentiment"]))
                except LLMError as exc:
                    out[text] = f"{type(exc).__name__}: {exc}"
        return out

    @staticmethod
    async def _synthesise(verdicts: list[Verdict], llm: LLMClient) -> list[Verdict]:
        """The LLM rewrites the wording of each rationale from the agents' evidence; the
        scores, sizes and the deterministic explanation stay (appended). A failed call keeps
        the deterministic rationale and says why."""
        from dataclasses import replace

        out = []
        for v in verdicts:
            if v.abstained:
                out.append(v)
                continue
            evidence = {k: {"score": s.score, "confidence": s.confidence,
                            "rationale": s.rationale, "abstained": s.abstained}
                        for k, s in v.agents.items()}
            brief = json.dumps({"symbol": v.symbol, "score": v.score,
                                "confidence": v.confidence, "suggested_qty": v.suggested_qty,
                                "agents": evidence}, ensure_ascii=False, sort_keys=True)
            try:
                reply = await llm.chat_json(SYNTHESIS_SYSTEM, brief, SYNTHESIS)
                text = f"{reply['rationale'].strip()} [AI: {llm.model}] — {v.rationale}"
            except LLMError as exc:
                text = f"{v.rationale} [AI synthesis unavailable: {exc}]"
            out.append(replace(v, rationale=text))
        return out

    @staticmethod
    def _missing(snap: Snapshot, absent: list[str]) -> dict[str, Any]:
        return {"no_price_data": absent,
                "no_fundamentals": [s for s in snap.symbols if s not in snap.fundamentals],
                "no_headlines": len([s for s in snap.symbols if s not in snap.news]),
                "llm": "no AI provider: lexicon sentiment was used"}

    @staticmethod
    def _store(tx: Tx, run_id: str, verdicts: list[Verdict]) -> None:
        for v in verdicts:
            d = v.to_dict()
            tx.execute("INSERT INTO screener_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [run_id, v.symbol, v.score, v.confidence, v.suggested_qty,
                        v.suggested_value, v.rationale,
                        json.dumps(d["agents"], ensure_ascii=False, default=str),
                        json.dumps(v.risk_notes, ensure_ascii=False)])

    async def _finish(self, run_id: str, status: str, message: str) -> None:
        await self._db.execute(
            "UPDATE screener_runs SET status = ?, finished_at = ?, error = ? WHERE id = ?",
            [status, self._clock.now(), None if status == "DONE" else message, run_id])
        self._bus.publish(ScreenerFinished(run_id, status, message))

    # -- reading back --------------------------------------------------------------------
    async def runs(self, limit: int = 50) -> list[dict[str, Any]]:
        rows = await self._db.execute(
            "SELECT id, started_at, finished_at, status, universe, len(symbols), data_hash, "
            "error FROM screener_runs ORDER BY started_at DESC LIMIT ?", [limit])
        keys = ("id", "started_at", "finished_at", "status", "universe", "symbols",
                "data_hash", "error")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    async def result(self, run_id: str) -> RunResult:
        def read(tx: Tx) -> RunResult:
            run = tx.one(
                "SELECT id, started_at, finished_at, status, universe, symbols, params, "
                "data_hash, as_of, agent_versions, provider, model, indicator_backend, "
                "app_version, missing, error, as_of_time, measured, prices FROM screener_runs "
                "WHERE id = ?",
                [run_id])
            if run is None:
                raise worded(ScreenerError, "No screener run with id {id!r}.", id=run_id)
            keys = ("id", "started_at", "finished_at", "status", "universe", "symbols",
                    "params", "data_hash", "as_of", "agent_versions", "provider", "model",
                    "indicator_backend", "app_version", "missing", "error", "as_of_time",
                    "measured", "prices")
            meta = dict(zip(keys, run, strict=True))
            if meta["as_of_time"] is not None:
                meta["as_of_time"] = meta["as_of_time"].isoformat()
            for k in ("params", "as_of", "agent_versions", "missing", "measured", "prices"):
                meta[k] = json.loads(meta[k]) if meta[k] else None
            rows = tx.execute(
                "SELECT symbol, score, confidence, suggested_qty, suggested_value, rationale, "
                "risk_notes, agents FROM screener_results WHERE run_id = ? ORDER BY symbol",
                [run_id])
            verdicts = [{"symbol": s, "score": sc, "confidence": c, "suggested_qty": q,
                         "suggested_value": val, "rationale": rat,
                         "risk_notes": json.loads(notes), "abstained": sc is None,
                         "agents": json.loads(ag)}
                        for s, sc, c, q, val, rat, notes, ag in rows]
            return RunResult(run_id, str(meta["status"]), meta, verdicts)

        return await self._db.call(read)

    async def replay(self, run_id: str) -> dict[str, Any]:
        """Re-run from the stored inputs; identical when data hash and results match."""
        from ..agents.pipeline import RunParams
        from ..agents.risk_sizing import SizingParams

        stored = await self.result(run_id)
        meta = stored.meta
        p = meta["params"] or {}
        params = RunParams(SizingParams(**p.get("sizing", {})), int(p.get("max_bars", 400)))
        as_of = {s: date.fromisoformat(d) for s, d in (meta["as_of"] or {}).items()}
        universe = ",".join(meta["symbols"])
        at = datetime.fromisoformat(meta["as_of_time"]) if meta.get("as_of_time") else None
        fresh = await self.run(universe, params, run_id=f"replay-{run_id}-"
                               f"{uuid.uuid4().hex[:6]}", as_of=as_of, at=at, replay_of=meta)
        same_data = fresh.meta["data_hash"] == meta["data_hash"]
        ordered = sorted(fresh.verdicts, key=lambda v: v["symbol"])
        same_results = results_hash(_comparable(ordered)) == \
            results_hash(_comparable(stored.verdicts))
        return {"run_id": run_id, "replay_id": fresh.run_id, "identical": same_data and
                same_results, "same_data": same_data, "same_results": same_results}

    async def export_csv(self, run_id: str, path: Path) -> int:
        res = await self.result(run_id)
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["symbol", "score", "confidence", "suggested_qty", "suggested_value_vnd",
                        "rationale"])
            for v in sorted(res.verdicts, key=lambda v: -(v["score"] or -9)):
                w.writerow([v["symbol"], v["score"], v["confidence"], v["suggested_qty"],
                            v["suggested_value"], v["rationale"]])
        return len(res.verdicts)


def _llm_usage(llm: LLMClient, scores: dict[str, tuple[float, str] | str],
               verdicts: list[Verdict]) -> str:
    """What the AI provider really did in this run, in numbers."""
    scored = sum(1 for v in scores.values() if not isinstance(v, str))
    failed = [v for v in scores.values() if isinstance(v, str)]
    judged = [v for v in verdicts if not v.abstained]
    written = sum(1 for v in judged if f"[AI: {llm.model}]" in v.rationale)
    text = (f"AI provider {llm.provider} ({llm.model}): scored {scored} of {len(scores)} "
            f"headline(s)")
    if failed:
        text += (f"; {len(failed)} failed ({failed[0][:120]}), and the news agent abstained "
                 "for the stocks they name (no lexicon fallback)")
    text += f"; wrote {written} of {len(judged)} rationale(s)"
    if written < len(judged):
        text += "; the others keep the deterministic rationale"
    return text


def measured_hit(score: float | None, measured: dict[str, Any] | None
                 ) -> dict[str, Any] | None:
    """The track-record bucket a supervisor score falls in: its out-of-sample hit rate
    (beating that date's median return), observations, bucket bounds, horizon; None when
    there is no track record or no observation in that bucket."""
    if score is None or not measured or "buckets" not in measured:
        return None
    buckets = measured["buckets"]
    for i, b in enumerate(buckets):
        last = i == len(buckets) - 1
        if b["lo"] <= score < b["hi"] or (last and score == b["hi"]):
            if not b["n"]:
                return None
            return {"hit_rate": b["hit_rate"], "n": b["n"], "lo": b["lo"], "hi": b["hi"],
                    "horizon": measured["horizon"], "period": measured["period"]}
    return None


def _stored_scorer(scores: dict[str, tuple[float, str] | str]) -> Any:
    def score(text: str) -> tuple[float, str]:
        found = scores.get(text)
        if found is None:
            raise LLMError("no sentiment was computed for this headline")
        if isinstance(found, str):
            raise LLMError(found)
        return found

    return score


def _comparable(verdicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Results as stored (JSON round trip), so fresh and stored compare like for like."""
    return [json.loads(json.dumps({k: v[k] for k in ("symbol", "score", "confidence",
                                                     "suggested_qty", "suggested_value",
                                                     "rationale", "agents")},
                                  ensure_ascii=False, default=str)) for v in verdicts]


