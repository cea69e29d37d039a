"""``tradingtools portfolio [summary|positions|pnl] [--live] --json`` (the /api/portfolio
calls). Without ``--live``: the dry-run ledger. With it: the SSI account, read now with the
profile's keys (the broker is asked; nothing is placed)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import Any

from ..services.runtime import AppServices
from .common import print_json, print_table, with_services


def run(args: argparse.Namespace) -> int:
    async def act(svc: AppServices) -> Any:
        portfolio = svc.portfolio
        if args.live:
            assert svc.live is not None
            try:
                await svc.live.connect()
            except Exception as exc:  # not configured, refused, unreachable: say which
                print(f"error: SSI FastConnect: {exc}", file=sys.stderr)
                raise SystemExit(1) from None
            portfolio = svc.live_portfolio
        assert portfolio is not None
        s = await portfolio.refresh()
        if args.view == "positions":
            return [asdict(p) for p in s.positions]
        if args.view == "pnl":
            return {"realised": s.realised_pnl, "unrealised": s.unrealised_pnl,
                    "today": s.today_pnl, "fees": s.fees_paid, "taxes": s.taxes_paid,
                    "daily_equity_at_open": await portfolio.equity_history()}
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
    p = sub.add_parser("portfolio", help="cash, positions and P&L (dry-run ledger, or --live)")
    p.add_argument("view", nargs="?", default="summary", choices=["summary", "positions", "pnl"])
    p.add_argument("--live", action="store_true",
                   help="the SSI FastConnect account instead of the dry-run ledger")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)
