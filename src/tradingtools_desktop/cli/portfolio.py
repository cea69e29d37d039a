"""``tradingtools portfolio [summary|positions|pnl] [--live] --json`` (the /api/portfolio
calls). Without ``--live``: the dry-run ledger. With it: the SSI account, read now with the
profile's keys (the broker is asked; nothing is placed)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from ..i18n import said, tr
from .common import print_json, print_table, unlock_vault, with_services
from .reader import Reader, with_reader
from .views import TIME_ZONE_LABEL, json_ready, money, price_k, vn_time

if TYPE_CHECKING:
    from ..services.runtime import AppServices


def run(args: argparse.Namespace) -> int:
    async def act(svc: AppServices) -> Any:
        portfolio = svc.portfolio
        if args.live:
            assert svc.live is not None
            await unlock_vault(svc)  # the SSI keys may be in a passphrase vault
            try:
                await svc.live.connect()
            except Exception as exc:  # not configured, refused, unreachable: say which
                print(tr("error: {why}").format(why=f"SSI FastConnect: {said(exc)}"),
                      file=sys.stderr)
                raise SystemExit(1) from None
            portfolio = svc.live_portfolio
        assert portfolio is not None
        return await _view(await portfolio.refresh(), portfolio)

    async def _view(s: Any, portfolio: Any) -> Any:
        if args.view == "positions":
            return [asdict(p) for p in s.positions]
        if args.view == "pnl":
            return {"realised": s.realised_pnl, "unrealised": s.unrealised_pnl,
                    "today": s.today_pnl, "fees": s.fees_paid, "taxes": s.taxes_paid,
                    "daily_equity_at_open": [{"day": day, "equity": equity} for day, equity
                                             in await portfolio.equity_history()]}
        d = s.to_dict()
        d.pop("positions")
        return d

    async def read(r: Reader) -> Any:
        s = await r.portfolio.peek()
        return await _view(s, r.portfolio)

    result = with_services(args.profile, act) if args.live else with_reader(args.profile, read)
    if args.json:
        print_json(json_ready(result))
    elif args.view == "positions":
        print_table([(p["symbol"], f"{p['total_qty']:,}", f"{p['sellable_qty']:,}",
                      f"{p['pending_qty']:,}", price_k(p["avg_cost"]), price_k(p["last_price"]),
                      f"{p['unrealised_pnl']:+,}", f"{p['realised_pnl']:+,}")
                     for p in result],
                    tuple(tr(h) for h in ("symbol", "total", "sellable", "pending T+2",
                                          "avg cost (x1000)", "last (x1000)",
                                          "unrealised VND", "realised VND")))
    elif args.view == "pnl":
        for label, key in (("realised", "realised"), ("unrealised", "unrealised"),
                           ("today", "today"), ("fees paid", "fees"), ("taxes paid", "taxes")):
            print(f"{tr(label)}: {money(result[key], signed=key in _SIGNED)}")
        for row in result["daily_equity_at_open"]:
            print("  " + tr("equity at the open {day}: {equity}").format(
                day=row["day"], equity=money(row["equity"])))
    else:
        _show_summary(result)
    return 0


_SIGNED = {"realised", "unrealised", "today", "unrealised_pnl", "realised_pnl", "today_pnl"}
_SUMMARY = (("source", "source"), ("cash", "cash"), ("cash available", "cash_available"),
            ("buying power", "buying_power"), ("market value", "market_value"),
            ("equity", "equity"), ("unrealised P&L", "unrealised_pnl"),
            ("realised P&L", "realised_pnl"), ("P&L today", "today_pnl"),
            ("fees paid", "fees_paid"), ("taxes paid", "taxes_paid"))


def _show_summary(d: dict[str, Any]) -> None:
    for label, key in _SUMMARY:
        value = d.get(key)
        shown = money(value, signed=key in _SIGNED) if isinstance(value, int) else value
        if key == "source" and isinstance(value, str):
            shown = tr(value)
        print(f"{tr(label)}: {shown}")
    as_of = d.get("prices_as_of")
    print(f"{tr('prices as of')}: {as_of.isoformat() if as_of else tr('no prices yet')}")
    sync = d.get("sync") or {}
    last = sync.get("last_ok_at")
    print(f"{tr('sync')}: {tr(str(sync.get('state', '-')))} — {tr(sync.get('message', ''))}"
          + (tr(" (last good {when} {tz})").format(when=vn_time(last), tz=tr(TIME_ZONE_LABEL))
             if last else ""))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("portfolio", help=tr("cash, positions and P&L (dry-run ledger, or --live)"))
    p.add_argument("view", nargs="?", default="summary", choices=["summary", "positions", "pnl"])
    p.add_argument("--live", action="store_true",
                   help=tr("the SSI FastConnect account instead of the dry-run ledger"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)
