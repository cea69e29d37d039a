"""``tradingtools universe show|add|remove NAME [SYMBOLS...]``: the watchlist and custom lists
the screener runs on (VN30 is seeded; HOSE/HNX/UPCOM/ALL come from the listing)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..i18n import tr
from ..services.runtime import AppServices
from ..store.db import Tx
from . import inputs
from .common import print_json, with_services

RESERVED = {"HOSE", "HNX", "UPCOM", "ALL"}


def run(args: argparse.Namespace) -> int:
    name = args.name.upper()
    if args.action != "show" and name in RESERVED:
        print(tr("error: {why}").format(why=tr(
            "{name} is built from the listing and cannot be edited").format(name=name)),
            file=sys.stderr)
        return 2
    try:
        symbols = [inputs.symbol(s) for s in args.symbols for s in s.split(",") if s.strip()]
        name = inputs.list_name(name)
    except argparse.ArgumentTypeError as exc:
        raise inputs.UsageError(str(exc)) from None

    async def act(svc: AppServices) -> Any:
        def edit(tx: Tx) -> dict[str, Any]:
            known = {str(r[0]) for r in tx.execute("SELECT symbol FROM instruments")}
            unknown = [s for s in symbols if s not in known]
            for s in symbols:
                if s in unknown:
                    continue
                if args.action == "add":
                    tx.execute("INSERT INTO universe_members VALUES (?, ?) ON CONFLICT DO "
                               "NOTHING", [name, s])
                elif args.action == "remove":
                    tx.execute("DELETE FROM universe_members WHERE universe = ? AND symbol = ?",
                               [name, s])
            members = [str(r[0]) for r in tx.execute(
                "SELECT symbol FROM universe_members WHERE universe = ? ORDER BY symbol",
                [name])]
            return {"universe": name, "symbols": members, "unknown": unknown}

        return await svc.db.transaction(edit)

    result = with_services(args.profile, act)
    if args.json:
        print_json(result)
    else:
        print(f"{result['universe']} ({len(result['symbols'])}): {' '.join(result['symbols'])}")
        if result["unknown"]:
            print(tr("not in the cache, skipped: {symbols}").format(
                symbols=" ".join(result["unknown"])), file=sys.stderr)
    return 1 if result["unknown"] else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("universe", help=tr("the watchlist and custom symbol lists"))
    p.add_argument("action", choices=["show", "add", "remove"])
    p.add_argument("name", help=tr("WATCHLIST, VN30 or a list name of your own"))
    p.add_argument("symbols", nargs="*")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)
