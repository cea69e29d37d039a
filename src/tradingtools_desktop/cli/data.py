"""``tradingtools data import DIR`` and ``data status``: the market-data cache."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..domain.market.exchange import Exchange
from ..market.csv_import import parse_file, read_manifest, write_file
from ..services.runtime import AppServices
from ..store.db import Tx
from . import inputs
from .common import print_json, print_table, with_services
from .reader import Reader, with_reader

INDICES = {"VNINDEX", "VN30", "HNXINDEX", "UPCOMINDEX"}


def run(args: argparse.Namespace) -> int:
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
        now = datetime.now(UTC)
        for path in sorted(folder.glob("*.csv")):
            if path.name.startswith("_") or path.stem.upper() in INDICES:
                continue
            report, rows = parse_file(path)
            known = await svc.market.instrument(report.symbol)
            exchange = manifest.get(report.symbol) or default
            if report.ok and known is None and exchange is None:
                report.errors.append(f"{path.name}: unknown symbol {report.symbol}: give "
                                     "--exchange or a _MANIFEST.csv")
            if report.ok and rows:
                def write(tx: Tx, rows: list[tuple[object, ...]] = rows,
                          ex: Exchange | None = exchange) -> None:
                    write_file(tx, rows, ex, "csv:" + folder.name, now)

                await svc.db.transaction(write)
                report.imported = len(rows)
            reports.append(report)
        svc.risk.invalidate_market()
        return [{"file": r.file, "symbol": r.symbol, "imported": r.imported,
                 "flags": r.flags, "errors": r.errors} for r in reports]

    async def status(r: Reader) -> Any:
        return [{"symbol": s, "first": str(a), "last": str(b), "bars": n}
                for s, a, b, n in await r.market.coverage()]

    result = with_reader(args.profile, status) if args.action == "status" \
        else with_services(args.profile, act)
    if args.json:
        print_json(result)
    elif args.action == "fetch":
        for r in result:
            print(f"{r['symbol']}: {r['fetched']} bars" if not r["error"] else
                  f"{r['symbol']}: {r['error']} — working from the cache, data as of "
                  f"{r['data_as_of'] or 'never'}")
    elif args.action == "status":
        print_table([(r["symbol"], r["first"], r["last"], str(r["bars"])) for r in result],
                    ("symbol", "first", "last (data as of)", "bars"))
    else:
        for r in result:
            state = f"{r['imported']} bars" if not r["errors"] else "NOT imported"
            flags = ", ".join(f"{k}={v}" for k, v in r["flags"].items())
            print(f"{r['file']}: {state}" + (f" (flagged: {flags})" if flags else ""))
            for e in r["errors"][:10]:
                print(f"  {e}")
            if len(r["errors"]) > 10:
                print(f"  ... {len(r['errors']) - 10} more")
    if args.action == "import":
        return 1 if any(r["errors"] for r in result) else 0
    if args.action == "fetch":
        return 1 if any(r["error"] for r in result) else 0
    return 0


async def _fetch(svc: AppServices, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Daily bars from vnstock (worker process) into the cache; offline says so."""
    from ..market.vnstock_bars import bars_from_records
    from ..market.vnstock_worker import ProviderError, VnstockProvider

    assert svc.paths is not None
    provider = VnstockProvider(svc.paths.cache, timeout_s=args.timeout)
    out = []
    for symbol in args.symbols:
        last = await svc.market.last_bar(symbol)
        try:
            records = await provider.call("history", symbol=symbol.upper(),
                                          start=args.start.isoformat(),
                                          end=args.end.isoformat(), source=args.source)
        except ProviderError as exc:
            out.append({"symbol": symbol.upper(), "fetched": 0, "error": str(exc),
                        "data_as_of": str(last.day) if last else None})
            continue
        bars = bars_from_records(symbol, records, args.source)
        await svc.market.upsert_bars(bars, datetime.now(UTC))
        out.append({"symbol": symbol.upper(), "fetched": len(bars), "error": None,
                    "data_as_of": str(bars[-1].day) if bars else None})
    svc.risk.invalidate_market()
    return out


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("data", help="import daily bars from CSV, show cache coverage")
    actions = p.add_subparsers(dest="action", required=True)
    imp = actions.add_parser("import", help="import DIR/*.csv (date,open,high,low,close,"
                                            "volume; prices in thousands of VND)")
    imp.add_argument("dir")
    imp.add_argument("--exchange", type=inputs.exchange,
                     help="exchange of symbols the cache does not know yet")
    imp.add_argument("--json", action="store_true")
    fe = actions.add_parser("fetch", help="daily bars from vnstock into the cache")
    fe.add_argument("symbols", nargs="+", type=inputs.symbol)
    fe.add_argument("--start", default="2024-01-01", type=inputs.day)
    fe.add_argument("--end", default=datetime.now(UTC).date().isoformat(), type=inputs.day)
    fe.add_argument("--source", default="VCI", choices=["VCI", "KBS", "MSN"])
    fe.add_argument("--timeout", type=inputs.seconds, default=60.0)
    fe.add_argument("--json", action="store_true")
    st = actions.add_parser("status", help="coverage per symbol")
    st.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)
