"""``tradingtools replay list`` and ``tradingtools replay DATE [--speed N] [--order SPEC]...``
(also ``tradingtools --replay DATE [--speed N] ...``: the same replay).

Plays a past session (a recorded one, or a day of cached intraday bars) on its own replay
clock and its own practice database, places the given orders when the session starts, and
prints what the dry-run broker did with them on the replayed tape. Replay orders are
dry-run only and never enter the practice ledger's real-time history.

``--fetch MBB,FPT`` first fetches those symbols' one-minute bars of the day from SSI
FastConnect Data (the profile's Data key) into the cache; a day of cached bars can then be
replayed (``--source bars``).

``--order "BUY MBB 1000 LO 26.55"``: side, symbol, quantity, type (LO, MP, ATO, ATC, ...)
and, for LO, the price in thousands of VND as the boards show it. Exit 0 when the replay
ran, 2 when the date or an order cannot be read or no data covers the date.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid
from datetime import date
from typing import Any

from ..domain.market.exchange import Exchange
from ..domain.money import format_thousands
from ..domain.orders import Order, OrderRequest
from ..i18n import tr
from ..i18n.risk_text import decision_summary
from ..market.replay_data import VN, ReplaySource
from ..paths import ProfilePaths
from ..services.market.replay import (
    NoReplayData,
    ReplaySession,
    available_sources,
    load_events,
    pick_source,
)
from ..store import StoreError, open_database
from ..store.intraday_repo import IntradayRepository
from . import inputs
from .common import paths_for, print_json, with_services

EXIT_INPUT = 2


async def _sources(paths: ProfilePaths) -> tuple[list[ReplaySource], IntradayRepository | None,
                                                 Any]:
    """The replayable sessions, with the profile's cache open for its intraday bars (the
    caller closes the returned database); a profile that is in use (the app is open) is
    left alone and only the recorded sessions count."""
    db = None
    try:
        paths.ensure()
        db, _ = await open_database(paths.db, paths.backups)
    except StoreError as exc:
        print(tr("note: {why}: only recorded sessions are listed.").format(
            why=exc.user_message), file=sys.stderr)
    intraday = IntradayRepository(db) if db is not None else None
    return await available_sources(paths, intraday), intraday, db


def _source_dict(s: ReplaySource) -> dict[str, object]:
    return {"day": s.day.isoformat(), "kind": s.kind, "symbols": list(s.symbols),
            "start": s.start.isoformat(), "end": s.end.isoformat(), "label": s.label}


def _describe(order: Order) -> str:
    r = order.request
    price = f" {format_thousands(r.price)}" if r.price else ""
    return f"{r.side.value} {r.symbol} {r.quantity:,} {r.order_type.value}{price}"


async def _replay(args: argparse.Namespace, paths: ProfilePaths) -> tuple[int, Any]:
    day: date = args.day
    orders = list(args.order or [])
    sources, intraday, db = await _sources(paths)
    try:
        source = pick_source(day, sources, args.source)
        events = await load_events(source, intraday)
    finally:
        if db is not None:
            await db.close()
    session = await ReplaySession.open(paths, source, events, speed=args.speed)
    svc = session.services
    lines: list[str] = [tr("Replay of {day} ({what}), {start}-{end} Vietnam time, at {speed}x; "
                           "dry-run only, kept apart from your practice history.").format(
        day=f"{day:%d/%m/%Y}", what=tr("recorded session") if source.kind == "recording"
        else tr("intraday bars"), start=f"{source.start.astimezone(VN):%H:%M:%S}",
        end=f"{source.end.astimezone(VN):%H:%M:%S}", speed=f"{session.clock.speed:g}")]
    placed: list[Order] = []
    try:
        for side, symbol, qty, kind, price in orders:
            if symbol not in source.symbols:
                lines.append(tr("{symbol} is not in this replay ({symbols}): not placed.")
                             .format(symbol=symbol, symbols=", ".join(source.symbols)))
                continue
            known = await svc.market.instrument(symbol)
            exchange = Exchange.parse(known.exchange) if known else Exchange.HOSE
            request = OrderRequest(symbol, exchange, side, kind, qty, price,
                                   f"replay-{uuid.uuid4().hex}")
            result = await svc.orders.place(request, source="replay")
            placed.append(result.order)
            if not result.decision.allowed:
                lines.append(tr("{what}: refused: {why}").format(
                    what=_describe(result.order), why=decision_summary(result.decision.checks)))
        await session.run_to_end(timeout=max(30.0, (source.end - source.start)
                                             .total_seconds() / session.clock.speed * 3))
        report = []
        for order in placed:
            final = await svc.orders.status(order.id)
            audit = list(reversed(await svc.orders.audit(order.id)))
            fills = [a for a in audit if "fill" in a.reason]
            report.append({**final.to_dict(), "events": [
                {"at": a.at.isoformat(), "status": a.to_status, "reason": a.reason}
                for a in audit]})
            lines.append(tr("{what}: {status}, filled {filled:,} of {qty:,}{avg}").format(
                what=_describe(final), status=tr(final.status_text), filled=final.filled_qty,
                qty=final.request.quantity,
                avg=f" @ {format_thousands(final.avg_price)}" if final.avg_price else ""))
            lines.extend(f"  {a.at.astimezone(VN):%H:%M:%S} {a.reason}" for a in fills)
        status = session.status
        result_doc = {"replay": {**_source_dict(source), "speed": status.speed,
                                 "events_played": status.played},
                      "orders": report, "lines": lines}
        return 0, result_doc
    finally:
        await session.close()


def no_data_text(exc: NoReplayData) -> str:
    """The sentence for a day without data, naming the days there are."""
    return tr("No market data to replay for {day}. Days that can be replayed: {days}.").format(
        day=f"{exc.day:%d/%m/%Y}", days=exc.days_text or tr("none"))


def _fetch(args: argparse.Namespace) -> None:
    """``--fetch SYM,SYM``: the day's intraday bars from SSI FastConnect Data first."""
    from ..services.market.intraday_fetch import fetch_intraday

    day: date = args.day
    symbols: list[str] = args.fetch
    report = with_services(args.profile, lambda svc: fetch_intraday(svc, day, symbols))
    for symbol, count in report.bars.items():
        print(tr("{symbol}: {n} one-minute bar(s) of {day} stored.").format(
            symbol=symbol, n=count, day=f"{day:%d/%m/%Y}"), file=sys.stderr)
    for symbol, why in report.problems.items():
        print(tr("{symbol}: not fetched: {why}").format(symbol=symbol, why=why),
              file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    paths = paths_for(args.profile)
    if args.fetch and args.day != "list":
        from ..services.market.intraday_fetch import FetchRefused

        try:
            _fetch(args)
        except FetchRefused as exc:
            print(f"error: {tr(str(exc))}", file=sys.stderr)
            return EXIT_INPUT

    async def go() -> tuple[int, Any]:
        if args.day == "list":
            sources, _intraday, db = await _sources(paths)
            if db is not None:
                await db.close()
            return 0, [_source_dict(s) for s in sources]
        return await _replay(args, paths)

    try:
        code, result = asyncio.run(go())
    except NoReplayData as exc:
        print("error: " + no_data_text(exc), file=sys.stderr)
        return EXIT_INPUT
    except StoreError as exc:
        print(f"error: {exc.user_message}\n{exc.way_out}", file=sys.stderr)
        return 3
    if args.json:
        print_json(result)
    elif args.day == "list":
        print(tr("Sessions that can be replayed:"))
        for s in result:
            print(f"  {s['label']}")
    else:
        print("\n".join(result["lines"]))
    return code


DEFAULTS: dict[str, Any] = {"speed": 60.0, "source": None, "order": None, "fetch": None,
                            "json": False}


def add_options(p: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    """The replay's options, on the ``replay`` command and on ``tradingtools`` itself for
    ``tradingtools --replay DATE`` (``top_level``: named ``replay_*`` so they never collide
    with a command's own options, and absent unless typed); one set of parsers
    (:mod:`.inputs`) for both."""
    prefix = "replay_" if top_level else ""

    def default(name: str) -> Any:
        return argparse.SUPPRESS if top_level else DEFAULTS[name]

    p.add_argument("--speed", dest=f"{prefix}speed", type=inputs.replay_speed, metavar="N",
                   default=default("speed"), help=tr("1 to 60 times real time (default 60)"))
    p.add_argument("--source", dest=f"{prefix}source", choices=("recording", "bars"),
                   default=default("source"),
                   help=tr("recorded session or intraday bars (default: recorded if any)"))
    p.add_argument("--order", dest=f"{prefix}order", action="append", metavar="SPEC",
                   type=inputs.replay_order, default=default("order"),
                   help=tr('an order to place when the session starts: "BUY MBB 1000 LO 26.55"'))
    p.add_argument("--fetch", dest=f"{prefix}fetch", metavar="SYMBOLS",
                   type=inputs.symbol_list, default=default("fetch"),
                   help=tr("first fetch these symbols' one-minute bars of the day from SSI "
                           "FastConnect Data (needs its key), e.g. MBB,FPT"))
    p.add_argument("--json", dest=f"{prefix}json", action="store_true",
                   default=default("json"), help=tr("the replay's report as JSON"))


def top_level_options(args: argparse.Namespace) -> list[str]:
    """The replay options typed on ``tradingtools`` itself (``--speed``...)."""
    return [f"--{name}" for name in DEFAULTS if hasattr(args, f"replay_{name}")]


def from_top_level(args: argparse.Namespace) -> argparse.Namespace:
    """``tradingtools --replay DATE [--speed N] ...`` as the ``replay`` command's arguments:
    the same run, the same report."""
    values = {name: getattr(args, f"replay_{name}", value) for name, value in DEFAULTS.items()}
    return argparse.Namespace(profile=args.profile, group="replay", day=args.replay,
                              handler=run, **values)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("replay", help=tr("practise on a past session (dry-run only); also "
                                          "`tradingtools --replay DATE`"),
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("day", type=inputs.replay_day_or_list,
                   help=tr("the date to replay (2026-04-14 or 14/04/2026), or 'list'"))
    add_options(p)
    p.set_defaults(handler=run)
