"""``tradingtools screen run|list|show|replay|export|backtest|track|backtest-replay``: the
agent screener and its track record, headless."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..domain.money import format_thousands
from ..i18n import said, tr
from ..i18n.market_notes import price_basis_note, screener_notes
from ..services.runtime import AppServices
from ..services.screener import ScreenerError
from . import inputs
from .common import print_json, print_table, unlock_vault, with_services
from .reader import Reader, with_reader


def run(args: argparse.Namespace) -> int:
    if args.action in ("backtest", "track", "backtest-replay"):
        from . import screen_backtest

        screen_backtest.fill_defaults(args)
        return screen_backtest.run(args)

    async def act(svc: AppServices) -> Any:
        s = svc.screener
        if args.action == "run":
            await unlock_vault(svc)  # the AI provider's key may be in a passphrase vault
            return (await s.run(args.universe, at=args.at)).to_dict()
        if args.action == "list":
            return await s.runs(args.limit)
        if args.action == "show":
            return (await s.result(args.id)).to_dict()
        if args.action == "replay":
            return await s.replay(args.id)
        return {"exported": await s.export_csv(args.id, Path(args.out)), "path": args.out}

    async def read(r: Reader) -> Any:
        if args.action == "list":
            return await r.screener.runs(args.limit)
        return (await r.screener.result(args.id)).to_dict()

    try:
        result = with_reader(args.profile, read) if args.action in ("list", "show") \
            else with_services(args.profile, act)
    except ScreenerError as exc:
        print(tr("error: {why}").format(why=said(exc)), file=sys.stderr)
        return 2
    if args.json or args.action in ("replay", "export"):
        print_json(result)
    elif args.action == "list":
        print_table([(r["id"], str(r["started_at"])[:19], tr(r["status"]), r["universe"][:30],
                      str(r["symbols"])) for r in result],
                    tuple(tr(h) for h in ("id", "started", "status", "universe", "symbols")))
    else:
        meta = result["run"]
        print(tr("run {id} — {universe} — data {hash} — as of {as_of}").format(
            id=meta["id"], universe=meta["universe"], hash=meta["data_hash"][:12],
            as_of=max(meta["as_of"].values()) if meta["as_of"] else "?"))
        for note in screener_notes(meta.get("missing") or {}):  # coverage, unadjusted gaps
            print(note)
        basis_note = price_basis_note(meta.get("prices"))
        if basis_note:
            print(basis_note)
        llm_note = (meta.get("missing") or {}).get("llm")
        if llm_note:
            print(f"LLM: {tr(llm_note)}")
        rows = sorted(result["results"], key=lambda v: -(v["score"] if v["score"] is not None
                                                         else -9))
        used = (meta.get("prices") or {}).get("quotes") or {}
        print_table([(v["symbol"], "—" if v["score"] is None else f"{v['score']:+.2f}",
                      f"{v['confidence']:.0%}", f"{v['suggested_qty']:,}",
                      last_text(used.get(v["symbol"])), _head(v)[:70]) for v in rows],
                    tuple(tr(h) for h in ("symbol", "score", "conf", "size", "last",
                                          "rationale")))
    if args.action == "replay":
        return 0 if result["identical"] else 1
    return 0


def last_text(used: dict[str, Any] | None) -> str:
    """A run's quote of a symbol as the Last column: "99.60 (prices from 13/11/2025, 1 year
    old)", its age now; "—" without one (a run from before quotes, or a past instant)."""
    if not used:
        return "—"
    from ..domain.market.calendar import TradingCalendar
    from ..services.clock import SystemClock
    from ..services.screener_prices import age_of
    from .common import clock_from_env

    words, _old = age_of(used, (clock_from_env() or SystemClock()).now(), TradingCalendar())
    return f"{format_thousands(int(used['price_vnd']))} ({words})"


def _head(v: dict[str, Any]) -> str:
    """The supervisor's verdict in one sentence, worded from the stored score and agreement
    (the stored rationale is the agents' English notes; a run replays byte for byte)."""
    score = v["score"]
    if score is None:
        return tr("No agent could judge this stock.")
    stance = tr("leans positive") if score > 0.15 else tr("leans negative") \
        if score < -0.15 else tr("is mixed")
    return tr("Overall {stance} ({score}; the agents agree {agree}, not a measured "
              "probability)").format(stance=stance, score=f"{score:+.2f}",
                                     agree=f"{v['confidence']:.0%}")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("screen", help=tr("run the agent screener and read past runs"))
    actions = p.add_subparsers(dest="action", required=True)
    r = actions.add_parser("run", help=tr("score a universe: VN30, HOSE, HNX, UPCOM, ALL, "
                                          "WATCHLIST, a saved list, or SYM1,SYM2"))
    r.add_argument("--universe", default="VN30")
    r.add_argument("--at", type=inputs.aware_time, default=None,
                   help=tr("score with what was known at this past instant (default: now), "
                           "e.g. 2025-11-13T15:00:00+07:00"))
    r.add_argument("--json", action="store_true")
    lst = actions.add_parser("list", help=tr("past runs"))
    lst.add_argument("--limit", type=inputs.list_limit, default=20)
    lst.add_argument("--json", action="store_true")
    for name, text in (("show", "one run's scores"),
                       ("replay", "re-run a stored run; exit 0 when identical")):
        a = actions.add_parser(name, help=tr(text))
        a.add_argument("id", type=inputs.text_id)
        a.add_argument("--json", action="store_true")
    e = actions.add_parser("export", help=tr("a run's results as CSV"))
    e.add_argument("id", type=inputs.text_id)
    e.add_argument("--out", required=True)
    e.add_argument("--json", action="store_true")
    from . import screen_backtest

    screen_backtest.register_actions(actions)
    p.set_defaults(handler=run)
