"""``tradingtools screen backtest|track|backtest-replay``: the screener's track record.

``backtest`` runs the point-in-time walk-forward over a universe and stores it like a run;
progress goes to stderr (stdout stays clean for ``--json``); Ctrl-C cancels between stages
and records the run as CANCELLED (exit 130). ``backtest-replay`` re-runs a stored record and
exits 0 only when the inputs and every figure are identical.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import uuid
from datetime import date
from typing import Any

from ..i18n import said, tr
from ..services.runtime import AppServices
from ..services.track_record.service import TrackRecordError
from .common import print_json, print_table, with_services

ORDER = ("supervisor", "supervisor_fitted", "technical", "fundamental", "news",
         "momentum_12_1", "reversal_1m", "random")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("{typed!r} is not a date (YYYY-MM-DD)").format(
            typed=text)) from None


def _progress(stage: str, done: int, total: int) -> None:
    stage = tr(stage)
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\x1b[K{stage} {done}/{total}")
    else:
        sys.stderr.write(f"{stage} {done}/{total}\n")
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    run_id = uuid.uuid4().hex[:16]

    async def act(svc: AppServices) -> Any:
        track = svc.track_record
        assert track is not None
        if args.action == "track":
            return await track.get(args.id)
        if args.action == "backtest-replay":
            return await track.replay(args.id)
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signal.SIGINT, lambda: track.cancel(run_id))
        try:
            return await track.run(args.universe, args.start, args.end,
                                frequencies=tuple(args.frequency), horizons=tuple(args.horizon),
                                top_n=args.top, seed=args.seed, run_id=run_id,
                                progress=_progress)
        finally:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signal.SIGINT)
            if sys.stderr.isatty():
                sys.stderr.write("\n")

    try:
        rec = with_services(args.profile, act)
    except TrackRecordError as exc:
        print(tr("error: {why}").format(why=said(exc)), file=sys.stderr)
        return 2
    if args.action == "backtest-replay":
        print_json(rec)
        return 0 if rec["identical"] else 1
    if rec["status"] == "CANCELLED":
        print(tr("track record {id} cancelled").format(id=rec["id"]), file=sys.stderr)
        return 130
    if args.json:
        print_json(rec)
        return 0
    _print(rec)
    return 0


def _print(rec: dict[str, Any]) -> None:
    res, p = rec["result"], rec["params"]
    print(tr("track record {id} — {universe} ({n} stocks) — {start}..{end} — inputs {inputs} "
            "— figures {figures}").format(
        id=rec["id"], universe=rec["universe"], n=res["symbols"], start=p["start"],
        end=p["end"], inputs=rec["inputs_hash"][:12], figures=rec["figures_hash"][:12]))
    for freq, block in res["frequencies"].items():
        for h, per in block["horizons"].items():
            print("\n" + tr("{freq} rebalance ({dates} dates), {h}-session net returns "
                           "(Newey-West lags {lags})").format(
                freq=tr(freq), dates=block["dates"], h=h, lags=per["newey_west_lags"]))
            rows: list[tuple[str, ...]] = []
            for name in ORDER:
                s = per.get(name)
                if not s:
                    continue
                eq = block["equity"].get(name, {})
                rows.append((tr(name), _n(s["mean_ic"], "+.3f"), _n(s["ic_t"], ".2f"),
                             _n(s["top_minus_bottom"], "+.2%"), _n(s["hit_rate"], ".1%"),
                             str(s["hit_obs"]), _n(s["turnover"], ".0%"),
                             _n(eq.get("final"), ".3f")))
            band = per.get("random_band") or {}
            if band.get("seeds"):
                rows.append((tr("random x{n} (5-95 %)").format(n=band["seeds"]),
                             f"{band['mean_ic_p05']:+.3f}..{band['mean_ic_p95']:+.3f}",
                             f"{band['ic_t_p05']:.2f}..{band['ic_t_p95']:.2f}", "", "", "",
                             "", ""))
            for b in ("VNINDEX", "VN30"):
                if b in block["equity"]:
                    rows.append((tr("{index} (index)").format(index=b), "", "", "", "", "", "",
                                 _n(block["equity"][b]["final"], ".3f")))
            print_table(rows, (*(tr(h) for h in ("score", "mean IC", "t", "top-bottom", "hit",
                                                "obs", "turnover")),
                               tr("top-{n} x").format(n=p["top_n"])))
    print()
    for name in ORDER:
        print(f"{tr(name)}: {_verdict(name, rec)}")
    if res.get("flagged_symbols"):
        print(tr("computed on flagged prices: {symbols}").format(symbols=", ".join(
            f"{s} ({', '.join(f)})" for s, f in res["flagged_symbols"].items())))
    if res.get("benchmarks_missing"):
        print(tr("not in the cache (no benchmark curve): {symbols}").format(
            symbols=", ".join(res["benchmarks_missing"])))


def _verdict(name: str, rec: dict[str, Any]) -> str:
    """The stored verdict, reworded in the current language from the record's own numbers
    (the stored English sentence when the record has no such score)."""
    from ..services.track_record.evaluate import PRIMARY, verdict

    res, p = rec["result"], rec["params"]
    stored = str(res["verdicts"].get(name, ""))
    prim = res["frequencies"].get(PRIMARY[0], {}).get("horizons", {}).get(str(PRIMARY[1]))
    if not stored or prim is None:
        return tr(stored)
    return verdict(name, prim.get(name, {}), date.fromisoformat(str(p["start"])),
                   date.fromisoformat(str(p["end"])), prim.get("random_band"), word=tr)


def _n(x: float | None, fmt: str) -> str:
    return "—" if x is None else format(x, fmt)


def register_actions(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    b = actions.add_parser("backtest", help=tr("point-in-time walk-forward track record of the "
                                               "screener and naive baselines"))
    b.add_argument("--universe", default="ALL")
    b.add_argument("--from", dest="start", type=_day, default=date(2021, 1, 1))
    b.add_argument("--to", dest="end", type=_day, default=date(2025, 12, 31))
    b.add_argument("--frequency", action="append", choices=("monthly", "weekly"))
    b.add_argument("--horizon", action="append", type=int)
    b.add_argument("--top", type=int, default=10, help=tr("stocks in the top-N portfolio"))
    b.add_argument("--seed", type=int, default=7, help=tr("seed of the random baseline"))
    b.add_argument("--json", action="store_true")
    b.set_defaults(frequency=None, horizon=None)
    t = actions.add_parser("track", help=tr("a stored track record"))
    t.add_argument("id")
    t.add_argument("--json", action="store_true")
    r = actions.add_parser("backtest-replay", help=tr("re-run a track record; exit 0 when "
                                                      "every figure is identical"))
    r.add_argument("id")
    r.add_argument("--json", action="store_true")


def fill_defaults(args: argparse.Namespace) -> None:
    if getattr(args, "frequency", "x") is None:
        args.frequency = ["monthly", "weekly"]
    if getattr(args, "horizon", "x") is None:
        args.horizon = [5, 20, 60]
