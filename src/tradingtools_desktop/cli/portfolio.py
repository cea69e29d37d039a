"""``tradingtools portfolio [summary|positions|pnl] --json`` (the /api/portfolio calls)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from ..services.runtime import AppServices
from .common import print_json, print_table, with_services


def run(args: argparse.Namespace) -> int:
    async def act(svc: AppServices) -> Any:
        assert svc.portfolio is not None
        s = await svc.portfolio.refresh()
        if args.view == "positions":
            return [asdict(p) for p in s.positions]
        if args.view == "pnl":
            return {"realised": s.realised_pnl, "unrealised": s.unrealised_pnl,
                    "today": s.today_pnl, "fees": s.fees_paid, "taxes": s.taxes_paid,
                    "daily_equity_at_open": await svc.portfolio.equity_history()}
        d = s.to_dict()
        d.pop("positions")
        return d

    result = with_services(args.profile, act)
    if args.json:
        print_json(result)
    elif args.view == "positions":
        print_table([(p["symbol"], f"{p['total_qty']:,}", f"{p['sellable_qty']:,}",
                      f"{p['pending_qty']:,}", f"{p['avg_cost']:,}", f"{p['last_price']:,}",
                      f"{p['unrealised_pnl']:+,}", f"{p['realised_pnl']:+,}")
                     for p in result],
                    ("symbol", "total", "sellable", "pending T+2", "avg cost", "last",
                     "unrealised", "realised"))
    else:
        for k, v in result.items():
            print(f"{k}: {v:,}" if isinstance(v, int) else f"{k}: {v}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("portfolio", help="cash, positions and P&L (dry-run ledger)")
    p.add_argument("view", nargs="?", default="summary", choices=["summary", "positions", "pnl"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)
