"""``tradingtools ssi verify``: get this profile's SSI trading rights now, on the terminal.

It logs in with the profile's keys and reads the account (as the app does when it
connects), then gets the rights to trade: OTP users receive a code from SSI (SMS, e-mail
or the Smart OTP app) and type it at the hidden prompt; PIN users' PIN from the vault is
checked (asked for when the vault has none). Nothing is traded. Exit codes: 0 rights
granted, 1 SSI refused or no code was given, 2 a code is needed and there is no terminal,
3 the profile database could not be opened.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from ..brokers.base import BrokerError
from ..i18n import said, tr
from ..services.runtime import AppServices
from .common import with_services
from .secrets import has_terminal
from .trading_code import EXIT_NO_TERMINAL, NO_TERMINAL, TerminalCodePrompt

EXIT_REFUSED = 1


def run(args: argparse.Namespace) -> int:
    prompt = TerminalCodePrompt()

    async def act(svc: AppServices) -> float | None:
        live = svc.live
        assert live is not None
        live.code_provider = prompt
        await live.connect()  # not configured, refused, unreachable: raises with why
        assert live.broker is not None
        client = live.broker.client
        if not client.trades_without_asking and not has_terminal():
            print(tr(NO_TERMINAL), file=sys.stderr)  # before SSI sends an OTP for nothing
            return None
        return await client.trading_rights()

    try:
        until = with_services(args.profile, act)
    except (BrokerError, RuntimeError) as exc:
        if prompt.no_terminal:
            return EXIT_NO_TERMINAL  # the prompt has said why
        print(tr("error: {why}").format(why=f"SSI FastConnect: {said(exc)}"),
              file=sys.stderr)
        return EXIT_REFUSED
    if until is None:
        return EXIT_NO_TERMINAL
    when = datetime.fromtimestamp(until, UTC).astimezone()
    print(tr("SSI FastConnect: this session may trade until {when}.").format(
        when=f"{when:%Y-%m-%d %H:%M %Z}"))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("ssi", help=tr("SSI FastConnect: trading rights (OTP / PIN)"))
    actions = p.add_subparsers(dest="action", required=True)
    actions.add_parser("verify", help=tr("log in and get the rights to trade now (OTP users "
                                         "type the code SSI sends); nothing is traded"))
    p.set_defaults(handler=run)
