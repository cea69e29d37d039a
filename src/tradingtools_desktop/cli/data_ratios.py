"""``tradingtools data ratios SYM [SYM...] [--json]``: fundamentals ratios from vnstock.

Asks vnstock ``Fundamental().equity(SYM).ratio()`` through the sandboxed worker process
(market/vnstock_worker.py), maps the measures it knows (market/vnstock_ratios.py) and
upserts one ``fundamentals`` row per (symbol, quarter) with source ``vnstock:KBS`` and no
publication day (the screener then counts it from quarter end + 45 days). Prints what it
stored. Offline, refused or rate-limited: one plain sentence, the table as it was, and
the other symbols are not tried (they would only time out too).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from ..i18n import tr
from ..services.runtime import AppServices
from . import inputs
from .common import print_json, with_services

SOURCE = "KBS"  # what vnstock 4's Fundamental API reads

# English source text; vi_ratios.py has the Vietnamese
PROBLEM_TEXT: dict[str, str] = {
    "offline": "No internet: the fundamentals of {symbol} are unchanged (newest stored "
               "period: {as_of}).",
    "refused": "vnstock refused the request: the fundamentals of {symbol} are unchanged "
               "(newest stored period: {as_of}).",
    "rate_limited": "vnstock asks us to slow down: the fundamentals of {symbol} are "
                    "unchanged (newest stored period: {as_of}); try again in a minute.",
    "failed": "The fundamentals of {symbol} could not be updated (newest stored period: "
              "{as_of}).",
}
NONE_STORED = "none stored yet"


def sentence(problem: str, symbol: str, as_of: str | None) -> str:
    return tr(PROBLEM_TEXT[problem]).format(symbol=symbol, as_of=as_of or tr(NONE_STORED))


async def fetch(svc: AppServices, symbols: list[str], provider: Any, *,
                pacer: Any = None) -> list[dict[str, Any]]:
    """Per symbol: the periods stored (with their values), the ambiguous duplicate
    columns dropped, and ``error`` (None when it worked; else the sentence, with
    ``problem`` and ``detail``)."""
    from ..market.vnstock_ratios import UnreadableRatios, newest_period, parse, store
    from ..market.vnstock_worker import ProviderError
    from ..services.history_refresh import Problem
    from ..services.history_sources import vnstock_problem

    source = f"vnstock:{SOURCE}"
    out: list[dict[str, Any]] = []
    for sym in dict.fromkeys(s.upper() for s in symbols):
        if pacer is not None:
            await pacer.wait()
        try:
            records = await provider.call("ratios", symbol=sym)
            parsed = parse(sym, records or [])
        except (ProviderError, UnreadableRatios) as exc:
            problem = vnstock_problem(str(exc)) if isinstance(exc, ProviderError) \
                else Problem.FAILED

            def newest(tx: Any, sym: str = sym) -> str | None:
                return newest_period(tx, sym)

            as_of = await svc.db.call(newest)
            out.append({"symbol": sym, "stored": [], "duplicate_columns": [],
                        "problem": problem.value, "detail": str(exc),
                        "error": sentence(problem.value, sym, as_of)})
            if problem is not Problem.FAILED:
                break
            continue
        now = datetime.now(UTC)

        def write(tx: Any, rows: list[Any] = parsed.rows, now: datetime = now) -> int:
            return store(tx, rows, source, now)

        await svc.db.transaction(write)
        out.append({"symbol": sym, "source": source,
                    "stored": [r.to_dict() for r in parsed.rows],
                    "duplicate_columns": parsed.duplicate_columns, "error": None})
    return out


def _num(v: float | None, digits: int) -> str:
    return "—" if v is None else f"{v:,.{digits}f}"


def run(args: argparse.Namespace) -> int:
    async def act(svc: AppServices) -> Any:
        from ..market.vnstock_worker import VnstockProvider
        from ..services.history_refresh import Pacer
        from ..services.history_sources import (
            GUEST_CALLS_PER_MINUTE,
            KEY_CALLS_PER_MINUTE,
            vnstock_api_key,
        )

        assert svc.paths is not None
        key = await vnstock_api_key(svc.vault)
        provider = VnstockProvider(svc.paths.cache, timeout_s=args.timeout,
                                   extra_env={"VNSTOCK_API_KEY": key} if key else None)
        pacer = Pacer(KEY_CALLS_PER_MINUTE if key else GUEST_CALLS_PER_MINUTE)
        return await fetch(svc, args.symbols, provider, pacer=pacer)

    result = with_services(args.profile, act)
    if args.json:
        print_json(result)
    else:
        for r in result:
            if r["error"]:
                print(r["error"])
                continue
            print(tr("{symbol}: {n} periods stored ({source})").format(
                symbol=r["symbol"], n=len(r["stored"]), source=r["source"]))
            for row in r["stored"]:
                print(f"  {row['period']}: P/E {_num(row['pe'], 2)}  P/B {_num(row['pb'], 2)}"
                      f"  EPS {_num(row['eps'], 0)}  BVPS {_num(row['bvps'], 0)}")
            if r["duplicate_columns"]:
                print("  " + tr("dropped as ambiguous (the source sent the period twice): "
                                "{cols}").format(cols=", ".join(r["duplicate_columns"])))
    return 1 if any(r["error"] for r in result) else 0


def add_action(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``ratios`` under ``data`` (cli/data.py); not a command group of its own."""
    ra = actions.add_parser("ratios", help=tr("fundamentals ratios (P/E, P/B, EPS, BVPS per "
                                           "quarter) from vnstock into the screener's table"))
    ra.add_argument("symbols", nargs="+", type=inputs.symbol)
    ra.add_argument("--timeout", type=inputs.seconds, default=60.0)
    ra.add_argument("--json", action="store_true")
