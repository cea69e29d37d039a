"""``tradingtools settings show|set|closure``: limits, fee rate, cash advance, closures."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from ..i18n import said, tr
from ..services.runtime import AppServices
from ..services.settings import (
    SettingError,
    load_settings,
    parse_limit,
    set_closures,
    set_setting,
)
from . import inputs
from .common import print_json, with_services


def run(args: argparse.Namespace) -> int:
    async def act(svc: AppServices) -> dict[str, object]:
        settings = await load_settings(svc.app_state)
        if args.action == "set":
            if args.name.startswith("notify.") and svc.notifier is not None:
                if args.value.lower() not in ("true", "false"):
                    raise SettingError("notify.* settings take true or false.")
                await svc.notifier.set_enabled(args.name.split(".", 1)[1],
                                               args.value.lower() == "true")
            elif args.name in svc.risk.limits.as_dict():
                await svc.risk.set_limits(parse_limit(svc.risk.limits, args.name, args.value))
            else:
                settings = await set_setting(svc.app_state, settings, args.name, args.value)
        elif args.action == "confirm-limits":
            await svc.risk.set_limits(svc.risk.limits)
        elif args.action == "closure":
            day: date = args.day
            days = set(settings.extra_closures)
            (days.add if args.op == "add" else days.discard)(day)
            settings = await set_closures(svc.app_state, settings, days)
        notify = {}
        if svc.notifier is not None:
            from ..services.notify.notifier import TYPES

            notify = {t: await svc.notifier.enabled(t) for t in TYPES}
        return {"limits": svc.risk.limits.as_dict(), "telegram_alerts": notify,
                "limits_confirmed": await svc.risk.limits_confirmed(), **settings.to_dict()}

    try:
        result = with_services(args.profile, act)
    except (SettingError, ValueError) as exc:
        print(tr("error: {why}").format(why=said(exc)), file=sys.stderr)
        return 2
    if args.json:
        print_json(result)
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("settings", help=tr("risk limits, fee rate, cash advance, extra closures"))
    p.add_argument("--json", action="store_true")
    actions = p.add_subparsers(dest="action")
    actions.add_parser("show", help=tr("the current settings"))
    s = actions.add_parser("set", help=tr("set a limit (e.g. max_order_notional 300000000), "
                                          "broker_fee_bps, cash_advance or notify.fills|"
                                          "rejects|dlq|guardrails|reconciliation (true/false)"))
    s.add_argument("name")
    s.add_argument("value")
    actions.add_parser("confirm-limits", help=tr("confirm the current limits (a live guardrail)"))
    c = actions.add_parser("closure", help=tr("add or remove an exchange-announced closure day"))
    c.add_argument("op", choices=["add", "remove"])
    c.add_argument("day", type=inputs.day, help=tr("YYYY-MM-DD"))
    p.set_defaults(handler=run, action="show")
