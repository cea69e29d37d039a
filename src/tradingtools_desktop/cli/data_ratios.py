"""``tradingtools data ratios SYM [SYM...] [--json]``: fundamentals ratios from vnstock.

Asks vnstock ``Fundamental().equity(SYM).ratio()`` through the sandboxed worker process
(market/vnstock_worker.py), maps the measures it knows (market/vnstock_ratios.py) and
upserts one ``fundamentals`` row per (symbol, quarter) with source ``vnstock:KBS`` and no
publication day (the screener then counts it from quarter end + 45 days). Prints what it
stored, names the measures the source sent without a unit (left out) and, once, the
screener's measures vnstock has no confirmed item for. Offline, refused or rate-limited:
one plain sentence, the table as it was, and the other symbols are not tried (they would
only time out too). The loop itself is services/fundamentals_refresh.py.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from ..i18n import tr
from ..services.fundamentals_refresh import MEASURE_NAMES
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
# the screener's measures vnstock's ratio() has no confirmed item id for (see
# market/vnstock_ratios.py): said once under the table, never stored as guesses
NOT_MAPPED = ("Not from vnstock (no confirmed item id or unit): profit growth, revenue "
              "growth, dividend yield.")


def sentence(problem: str, symbol: str, as_of: str | None) -> str:
    return tr(PROBLEM_TEXT[problem]).format(symbol=symbol, as_of=as_of or tr(NONE_STORED))


async def fetch(svc: AppServices, symbols: list[str], provider: Any, *,
                pacer: Any = None) -> list[dict[str, Any]]:
    """Per symbol tried: the periods stored (with their values), the ambiguous duplicate
    columns dropped, the measures left out (unit not stated) and ``error`` (None when it
    worked; else the sentence, with ``problem`` and ``detail``). Offline, refused or
    rate-limited stops there (services/fundamentals_refresh.py)."""
    from ..services.fundamentals_refresh import STORED_SOURCE, FundamentalsRefresh

    refresh = FundamentalsRefresh(svc.db, lambda: datetime.now(UTC), cache_dir=None,
                                  vault=None)
    result = await refresh.update(symbols, provider=provider, pacer=pacer)
    out: list[dict[str, Any]] = []
    for o in result.outcomes:
        if o.problem is not None:
            out.append({"symbol": o.symbol, "stored": [], "duplicate_columns": [],
                        "left_out": {}, "problem": o.problem.value, "detail": o.detail,
                        "error": sentence(o.problem.value, o.symbol, o.as_of)})
            continue
        out.append({"symbol": o.symbol, "source": STORED_SOURCE,
                    "stored": [r.to_dict() for r in o.stored],
                    "duplicate_columns": o.duplicate_columns, "left_out": o.left_out,
                    "error": None})
    return out


def left_out_line(left_out: dict[str, str]) -> str | None:
    """The one line naming the measures the source sent but we did not store."""
    if not left_out:
        return None
    return tr("not stored, their unit is not stated by the source: {measures}").format(
        measures=", ".join(tr(MEASURE_NAMES.get(c, c)) for c in sorted(left_out)))


def _num(v: float | None, digits: int) -> str:
    return "—" if v is None else f"{v:,.{digits}f}"


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1%}"


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
                      f"  EPS {_num(row['eps'], 0)}  BVPS {_num(row['bvps'], 0)}"
                      f"  ROE {_pct(row['roe'])}  ROA {_pct(row['roa'])}"
                      f"  {tr('gross margin')} {_pct(row['gross_margin'])}"
                      f"  D/E {_num(row['debt_to_equity'], 2)}")
            if (line := left_out_line(r["left_out"])) is not None:
                print("  " + line)
            if r["duplicate_columns"]:
                print("  " + tr("dropped as ambiguous (the source sent the period twice): "
                                "{cols}").format(cols=", ".join(r["duplicate_columns"])))
        if any(r["error"] is None for r in result):
            print(tr(NOT_MAPPED))
    return 1 if any(r["error"] for r in result) else 0


def add_action(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``ratios`` under ``data`` (cli/data.py); not a command group of its own."""
    ra = actions.add_parser("ratios", help=tr("fundamentals ratios (P/E, P/B, EPS, BVPS per "
                                              "quarter; ROE, ROA, gross margin, debt/equity "
                                              "when vnstock states their unit) from vnstock "
                                              "into the screener's table"))
    ra.add_argument("symbols", nargs="+", type=inputs.symbol)
    ra.add_argument("--timeout", type=inputs.seconds, default=60.0)
    ra.add_argument("--json", action="store_true")
