"""``tradingtools data import DIR``, ``fetch``, ``refresh``, ``ratios`` (cli/data_ratios.py)
and ``data status``: the market-data cache."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..domain.market.exchange import Exchange
from ..i18n import tr
from ..market.csv_import import (
    check_corporate_actions,
    corporate_action_line,
    parse_file,
    read_manifest,
    write_file,
)
from ..services.history_refresh import RefreshProgress, RefreshResult
from ..services.runtime import AppServices
from ..store.db import Tx
from . import inputs
from .common import print_json, print_table, with_services
from .reader import Reader, with_reader

INDICES = {"VNINDEX", "VN30", "HNXINDEX", "UPCOMINDEX"}


def run(args: argparse.Namespace) -> int:
    if args.action == "refresh":
        return refresh(args)
    if args.action == "ratios":
        from . import data_ratios

        return data_ratios.run(args)

    async def act(svc: AppServices) -> Any:
        if args.action == "fetch":
            return await _fetch(svc, args)
        if args.action == "status":
            coverage = await svc.market.coverage()
            return [{"symbol": s, "first": str(a), "last": str(b), "bars": n}
                    for s, a, b, n in coverage]
        folder = Path(args.dir)
        manifest = read_manifest(folder)
        default: Exchange | None = args.exchange
        reports = []
        report_gaps: dict[str, list[dict[str, Any]]] = {}
        now = datetime.now(UTC)
        for path in sorted(folder.glob("*.csv")):
            if path.name.startswith("_") or path.stem.upper() in INDICES:
                continue
            report, rows = parse_file(path)
            known = await svc.market.instrument(report.symbol)
            exchange = manifest.get(report.symbol) or default
            if report.ok and known is None and exchange is None:
                report.errors.append(tr("{file}: unknown symbol {symbol}: give --exchange "
                                        "or a _MANIFEST.csv").format(file=path.name,
                                                                     symbol=report.symbol))
            gaps: list[dict[str, Any]] = []
            if report.ok and rows:
                def write(tx: Tx, rows: list[tuple[object, ...]] = rows,
                          ex: Exchange | None = exchange) -> list[dict[str, Any]]:
                    write_file(tx, rows, ex, "csv:" + folder.name, now)
                    # raw (unadjusted) prices are flagged, or back-adjusted on --adjust
                    return check_corporate_actions(tx, str(rows[0][0]), "csv:" + folder.name,
                                                   now, adjust=args.adjust)

                gaps = await svc.db.transaction(write)
                report.imported = len(rows)
                if any(not g["adjusted"] for g in gaps):
                    report.flags["unadjusted_gap"] = sum(not g["adjusted"] for g in gaps)
                if any(g["adjusted"] for g in gaps):
                    report.flags["adjusted_for_corporate_action"] = sum(
                        bool(g["adjusted"]) for g in gaps)
            report_gaps[report.symbol] = gaps
            reports.append(report)
        svc.risk.invalidate_market()
        return [{"file": r.file, "symbol": r.symbol, "imported": r.imported,
                 "flags": r.flags, "errors": r.errors,
                 "corporate_actions": report_gaps.get(r.symbol, [])} for r in reports]

    async def status(r: Reader) -> Any:
        return [{"symbol": s, "first": str(a), "last": str(b), "bars": n}
                for s, a, b, n in await r.market.coverage()]

    result = with_reader(args.profile, status) if args.action == "status" \
        else with_services(args.profile, act)
    if args.json:
        print_json(result)
    elif args.action == "fetch":
        for r in result:
            print(tr("{symbol}: {n} bars").format(symbol=r["symbol"], n=r["fetched"])
                  if not r["error"] else f"{r['symbol']}: {r['error']}")
    elif args.action == "status":
        print_table([(r["symbol"], r["first"], r["last"], str(r["bars"])) for r in result],
                    tuple(tr(h) for h in ("symbol", "first", "last (data as of)", "bars")))
    else:
        for r in result:
            state = tr("{n} bars").format(n=r["imported"]) if not r["errors"] \
                else tr("NOT imported")
            flags = ", ".join(f"{k}={v}" for k, v in r["flags"].items())
            print(f"{r['file']}: {state}"
                  + (tr(" (flagged: {flags})").format(flags=flags) if flags else ""))
            for g in r["corporate_actions"]:
                print("  " + corporate_action_line(g))
            for e in r["errors"][:10]:
                print(f"  {tr(e)}")
            if len(r["errors"]) > 10:
                print("  " + tr("... {n} more").format(n=len(r["errors"]) - 10))
    if args.action == "import":
        return 1 if any(r["errors"] for r in result) else 0
    if args.action == "fetch":
        return 1 if any(r["error"] for r in result) else 0
    return 0


async def _fetch(svc: AppServices, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Daily bars from vnstock (worker process) into the cache; offline says so in one
    sentence and stops (the other symbols would only time out too)."""
    from ..services.history_refresh import FetchError, Problem
    from ..services.history_sources import vnstock_api_key, vnstock_history
    from ..store.market_repo import BarRow

    assert svc.paths is not None
    fetcher = vnstock_history(svc.paths.cache, timeout_s=args.timeout, source=args.source,
                              api_key=await vnstock_api_key(svc.vault))
    start, end = args.start, args.end  # parsed by cli.inputs.day
    out: list[dict[str, Any]] = []
    for symbol in (s.upper() for s in args.symbols):
        last = await svc.market.last_bar(symbol)
        as_of = last.day if last else None
        try:
            rows = await fetcher.history(symbol, start, end)
        except FetchError as exc:
            out.append({"symbol": symbol, "fetched": 0, "problem": exc.problem.value,
                        "error": _sentence(exc.problem, as_of), "detail": str(exc),
                        "data_as_of": str(as_of) if as_of else None})
            if exc.problem is not Problem.FAILED:
                break
            continue
        bars = [BarRow(r.symbol, r.day, r.open, r.high, r.low, r.close, r.volume, r.flags,
                       fetcher.name) for r in rows]
        await svc.market.upsert_bars(bars, datetime.now(UTC))
        out.append({"symbol": symbol, "fetched": len(bars), "error": None,
                    "data_as_of": str(bars[-1].day) if bars else None})
    svc.risk.invalidate_market()
    return out


def _sentence(problem: Any, as_of: date | None) -> str:
    from ..services.history_refresh import PROBLEM_TEXT, as_of_text

    return tr(PROBLEM_TEXT[problem]).format(as_of=as_of_text(as_of))


def refresh(args: argparse.Namespace) -> int:
    """``data refresh``: the cache up to the last closed session (see services/
    history_refresh.py); progress on a terminal, one sentence when offline."""
    tty = sys.stderr.isatty() and not args.json

    def show(p: RefreshProgress) -> None:
        if tty:
            print(f"\r{tr('Updating market data')}: {p.done}/{p.total} ({p.label})   ",
                  end="", file=sys.stderr, flush=True)

    async def act(svc: AppServices) -> RefreshResult:
        assert svc.updater is not None
        return await svc.updater.update(args.universe, progress=show)

    result = with_services(args.profile, act)
    if tty and result.batches_done:
        print(file=sys.stderr)
    if args.json:
        doc = result.to_dict()
        if result.problem is not None:
            doc["message"] = _sentence(result.problem, result.data_as_of)
        print_json(doc)
    elif result.problem is not None:
        print(_sentence(result.problem, result.data_as_of))
    elif result.cancelled:
        print(tr("Cancelled: prices are from {as_of}.").format(
            as_of=result.data_as_of or "-"))
    else:
        print(tr("Market data updated to {as_of}: {bars} bars written ({source}).").format(
            as_of=result.data_as_of or "-", bars=result.bars_written, source=result.source))
        for symbol, why in sorted(result.symbol_errors.items()):
            print(f"  {symbol}: {tr(why)}", file=sys.stderr)
    for gap in result.gaps:
        print(tr("Corporate action: {what}").format(what=gap.describe()), file=sys.stderr)
    return 1 if result.problem is not None else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("data", help=tr("import daily bars from CSV, show cache coverage"))
    actions = p.add_subparsers(dest="action", required=True)
    imp = actions.add_parser("import", help=tr("import DIR/*.csv (date,open,high,low,close,"
                                               "volume; prices in thousands of VND)"))
    imp.add_argument("dir")
    imp.add_argument("--exchange", type=inputs.exchange,
                     help=tr("exchange of symbols the cache does not know yet"))
    imp.add_argument("--adjust", action="store_true",
                     help=tr("back-adjust the bars before a detected split / stock dividend "
                             "by its ratio (default: import them as they are, flagged)"))
    imp.add_argument("--json", action="store_true")
    fe = actions.add_parser("fetch", help=tr("daily bars from vnstock into the cache"))
    fe.add_argument("symbols", nargs="+", type=inputs.symbol)
    fe.add_argument("--start", default="2024-01-01", type=inputs.day)
    fe.add_argument("--end", default=datetime.now(UTC).date().isoformat(), type=inputs.day)
    fe.add_argument("--source", default="VCI", choices=["VCI", "KBS", "MSN"])
    fe.add_argument("--timeout", type=inputs.seconds, default=60.0)
    fe.add_argument("--json", action="store_true")
    rf = actions.add_parser("refresh", help=tr("daily bars up to the last closed session (the "
                                               "whole market with SSI Data keys, else "
                                               "vnstock)"))
    rf.add_argument("--universe", help=tr("VN30, HOSE, WATCHLIST, a list name or SYM1,SYM2 "
                                          "(default: the whole market with SSI Data, else the "
                                          "symbols in the cache)"))
    rf.add_argument("--json", action="store_true")
    from .data_ratios import add_action as add_ratios

    add_ratios(actions)
    st = actions.add_parser("status", help=tr("coverage per symbol"))
    st.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)
