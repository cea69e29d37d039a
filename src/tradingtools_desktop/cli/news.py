"""``tradingtools news fetch SYM...`` and ``news list``: fresh headlines into the cache.

``fetch`` asks vnstock ``Company(SYM).news()`` through the sandboxed worker process
(market/vnstock_worker.py), links each headline to the stocks it names, stores it with its
publish time and source, and skips what the cache already holds. Offline, it says so and
the cache stays as it was.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from ..i18n import tr
from ..services.runtime import AppServices
from . import inputs
from .common import print_json, print_table, with_services


async def fetch(svc: AppServices, symbols: list[str], source: str, provider: Any
                ) -> list[dict[str, Any]]:
    """Per symbol: fetched, new, already cached, error (None when it worked)."""
    from ..services.news_refresh import fetch_news

    result = await fetch_news(svc.db, symbols, provider, source=source,
                              now=lambda: datetime.now(UTC))
    return [{"symbol": o.symbol, "fetched": o.fetched, "new": o.new, "cached": o.cached,
             "error": o.error} for o in result.outcomes]


def run(args: argparse.Namespace) -> int:
    async def act(svc: AppServices) -> Any:
        if args.action == "list":
            rows = await svc.db.execute(
                "SELECT published_at, source, symbols, market, title FROM news "
                "ORDER BY published_at DESC NULLS LAST LIMIT ?", [args.limit])
            return [{"published_at": str(r[0]) if r[0] else None, "source": r[1],
                     "symbols": list(r[2] or []), "market": bool(r[3]), "title": r[4]}
                    for r in rows]
        from ..market.vnstock_worker import VnstockProvider

        assert svc.paths is not None
        provider = VnstockProvider(svc.paths.cache, timeout_s=args.timeout)
        return await fetch(svc, args.symbols, args.source, provider)

    result = with_services(args.profile, act)
    if args.json:
        print_json(result)
    elif args.action == "list":
        print_table([(r["published_at"] or "?", r["source"], ",".join(r["symbols"]) or
                      (tr("market") if r["market"] else "—"), r["title"][:70]) for r in result],
                    tuple(tr(h) for h in ("published", "source", "stocks", "title")))
    else:
        for r in result:
            print(tr("{symbol}: {new} new, {cached} already cached").format(
                symbol=r["symbol"], new=r["new"], cached=r["cached"]) if not r["error"]
                else tr("{symbol}: {why} — the news cache is unchanged").format(
                    symbol=r["symbol"], why=tr(r["error"])))
    if args.action == "fetch":
        return 1 if any(r["error"] for r in result) else 0
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("news", help=tr("fetch fresh headlines (vnstock) and list the news cache"))
    actions = p.add_subparsers(dest="action", required=True)
    f = actions.add_parser("fetch", help=tr("Company(SYM).news() for each symbol, deduplicated"))
    f.add_argument("symbols", nargs="+", type=inputs.symbol)
    f.add_argument("--source", default="KBS", choices=["KBS", "VCI"])
    f.add_argument("--timeout", type=inputs.seconds, default=60.0)
    f.add_argument("--json", action="store_true")
    lst = actions.add_parser("list", help=tr("newest headlines in the cache"))
    lst.add_argument("--limit", type=inputs.list_limit, default=30)
    lst.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)
