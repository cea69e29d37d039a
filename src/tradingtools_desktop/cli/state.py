"""``tradingtools state show|halt|resume``: the persisted trading state (kill switch)."""

from __future__ import annotations

import argparse

from ..domain.trading_state import TradingState
from ..i18n import tr
from ..services.runtime import AppServices
from .common import print_json, with_services


def run(args: argparse.Namespace) -> int:
    async def act(services: AppServices) -> dict[str, str]:
        trading = services.trading
        if args.action == "halt":
            await trading.kill_switch(source="cli")
        elif args.action == "resume":
            await trading.set_state(TradingState.ACTIVE, reason="resumed from CLI", source="cli")
        elif args.action == "reducing":
            await trading.set_state(TradingState.REDUCING, reason="reduce-only from CLI",
                                    source="cli")
        return {"profile": services.profile_name, "trading_state": trading.state.value,
                "mode": trading.mode.value}

    result = with_services(args.profile, act)
    if args.json:
        print_json(result)
    else:
        print(tr("profile {profile}: trading {state}, mode {mode}").format(
            profile=result["profile"], state=tr(result["trading_state"]),
            mode=tr(result["mode"].replace("_", "-"))))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("state", help=tr("show or change the trading state (kill switch)"))
    p.add_argument("action", nargs="?", default="show",
                   choices=["show", "halt", "resume", "reducing"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)
