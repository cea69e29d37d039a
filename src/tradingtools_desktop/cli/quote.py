"""``tradingtools quote SYM [SYM...] [--json] [--wait S]``: the market now, from the same feed
manager and quote service the GUI uses, started once for these symbols.

Humans read prices in thousands of VND (as the boards show them) with where each came from
and how old it is in plain words; ``--json`` gives integer VND in ``*_vnd`` fields, the
source, the exchange time, the age in seconds and whether it is older than the current
session. It waits up to ``--wait`` seconds for a live source to answer (not at all when
the source is the cache's bars, or the stream says no exchange is trading); then it shows
what it has. A symbol with no price at all is named, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from ..domain.market.freshness import freshness
from ..domain.market.quotes import FeedState, Quote, QuoteSource
from ..i18n import tr
from ..i18n.ages import freshness_words
from ..services.runtime import AppServices
from .common import print_json, print_table, with_services


def _settled(svc: AppServices, symbols: list[str]) -> bool:
    status = svc.quotes.feed_status
    if svc.feed is None or svc.feed.source == "bars" or status.state is FeedState.OLD:
        return True
    from ..market.ssi_data.feed_config import LIVE_CLOSED

    if status.state is FeedState.LIVE and status.detail == LIVE_CLOSED:
        return True
    return all((q := svc.quotes.quote(s)) is not None and q.source is not QuoteSource.BARS
               for s in symbols)


def _row(q: Quote, svc: AppServices) -> dict[str, Any]:
    now = svc.clock.now()
    f = freshness(q.at, now, svc.risk.calendar)
    bid, ask = q.best_bid, q.best_ask
    return {
        "symbol": q.symbol, "exchange": q.exchange.value if q.exchange else None,
        "last_vnd": q.last, "reference_vnd": q.reference, "ceiling_vnd": q.ceiling,
        "floor_vnd": q.floor, "open_vnd": q.open, "high_vnd": q.high, "low_vnd": q.low,
        "best_bid_vnd": bid.price if bid else None, "best_bid_volume": bid.volume if bid else None,
        "best_ask_vnd": ask.price if ask else None, "best_ask_volume": ask.volume if ask else None,
        "total_volume": q.total_volume, "change_bps": q.change_bps,
        "status": svc.quotes.status_of(q.symbol), "source": q.source.value,
        "at": q.at.isoformat(), "age_seconds": int(q.age(now).total_seconds()), "old": f.old,
        "age": freshness_words(f.old, f.day, f.count, f.unit,
                               live_source=q.source not in (QuoteSource.BARS,
                                                            QuoteSource.REPLAY)),
    }


def run(args: argparse.Namespace) -> int:
    symbols = list(dict.fromkeys(s.strip().upper() for s in args.symbols if s.strip()))

    async def act(svc: AppServices) -> dict[str, Any]:
        assert svc.feed is not None
        svc.feed.want("cli", symbols)
        await svc.feed.start()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(0.0, args.wait)
        while not _settled(svc, symbols) and loop.time() < deadline:
            await asyncio.sleep(0.1)
        template, values = svc.feed.describe()
        status = svc.quotes.feed_status
        found = svc.quotes.quotes(symbols)
        return {"feed": {"source": svc.feed.source, "state": status.state.value,
                         "detail": tr(template).format(**values) if values else tr(template)},
                "quotes": [_row(found[s], svc) for s in symbols if s in found],
                "unknown": [s for s in symbols if s not in found]}

    result = with_services(args.profile, act)
    if args.json:
        print_json(result)
    else:
        print(tr("Price feed: {detail}").format(detail=result["feed"]["detail"]))
        print_table([(r["symbol"], _k(r["last_vnd"]), _k(r["reference_vnd"]),
                      _k(r["ceiling_vnd"]), _k(r["floor_vnd"]),
                      _level(r["best_bid_vnd"], r["best_bid_volume"]),
                      _level(r["best_ask_vnd"], r["best_ask_volume"]),
                      f"{r['total_volume']:,}" if r["total_volume"] is not None else "—",
                      tr(r["source"]), r["age"]) for r in result["quotes"]],
                    tuple(tr(h) for h in ("symbol", "last", "ref", "ceiling", "floor", "bid",
                                          "ask", "volume", "source", "age")))
    for s in result["unknown"]:
        print(tr("No price is known for {symbol}.").format(symbol=s), file=sys.stderr)
    return 1 if result["unknown"] else 0


def _k(price: int | None) -> str:
    from ..domain.money import format_thousands

    return "—" if price is None else format_thousands(price)


def _level(price: int | None, volume: int | None) -> str:
    return "—" if price is None else f"{_k(price)} x {volume or 0:,}"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("quote", help=tr("the market now for some symbols (prices x1,000 VND)"))
    p.add_argument("symbols", nargs="+", metavar="SYM")
    p.add_argument("--wait", type=float, default=5.0,
                   help=tr("seconds to wait for a live source to answer (default 5)"))
    p.add_argument("--json", action="store_true",
                   help=tr("integer VND in *_vnd fields, source, time and age"))
    p.set_defaults(handler=run)
