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
from .common import print_json, print_table, with_services

INDICES = {"VNINDEX", "VN30", "HNXINDEX", "UPCOMINDEX"}


def run(args: argparse.Namespace) -> int:
    async def act(svc: AppServices) -> Any:
        if args.action == "status":
            coverage = await svc.market.coverage()
            return [{"symbol": s, "first": str(a), "last": str(b), "bars": n}
                    for s, a, b, n in coverage]
        folder = Path(args.dir)
        manifest = read_manifest(folder)
        default = Exchange.parse(args.exchange) if args.exchange else None
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

    result = with_services(args.profile, act)
    if args.json:
        print_json(result)
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
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("data", help="import daily bars from CSV, show cache coverage")
    actions = p.add_subparsers(dest="action", required=True)
    imp = actions.add_parser("import", help="import DIR/*.csv (date,open,high,low,close,"
                                            "volume; prices in thousands of VND)")
    imp.add_argument("dir")
    imp.add_argument("--exchange", help="exchange of symbols the cache does not know yet")
    imp.add_argument("--json", action="store_true")
    st = actions.add_parser("status", help="coverage per symbol")
    st.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)
