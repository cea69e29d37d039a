"""``tradingtools order check|place|modify|cancel|list|status`` (prices are VND integers here).

``order modify ID [--price P] [--quantity Q]`` changes a working LO order's limit price
and/or total quantity; the changed order passes the pre-trade checks again first. Exit 0
when the broker confirmed it (or confirms later: "pending"), 1 when the checks or the
broker refused it, 2 when the order cannot be modified at all.

``order check`` needs no market data when ``--ref`` and ``--exchange`` are given, and
``--at`` evaluates the ticket at another time (ISO-8601, any offset).
"""

from __future__ import annotations

import argparse
import sys
import uuid
from datetime import datetime

from ..domain.market.exchange import Exchange
from ..domain.orders import Order, OrderRequest, OrderType, Side
from ..i18n import tr
from ..i18n.risk_text import decision_dict
from ..services.order_modify import OrderNotModifiable
from ..services.runtime import AppServices
from .common import print_json, print_table, with_services


def _request(args: argparse.Namespace) -> OrderRequest:
    return OrderRequest(
        symbol=args.symbol.strip().upper(), exchange=Exchange.parse(args.exchange),
        side=Side(args.side.upper()), order_type=OrderType(args.type.upper()),
        quantity=args.qty, price=args.price,
        idempotency_key=args.key or f"cli-{uuid.uuid4().hex}")


def _at(text: str | None) -> datetime | None:
    if text is None:
        return None
    when = datetime.fromisoformat(text)
    if when.tzinfo is None:
        raise SystemExit("error: --at needs a timezone offset, e.g. 2026-11-25T10:00:00+07:00")
    return when


def _order_row(o: Order) -> tuple[str, ...]:
    r = o.request
    return (o.id[:12], o.created_at.strftime("%Y-%m-%d %H:%M:%S"), r.symbol, r.side.value,
            r.order_type.value, f"{r.quantity:,}", f"{r.price:,}" if r.price else "-",
            tr(o.status_text), f"{o.filled_qty:,}", o.reason[:60])


HEAD = ("id", "created (UTC)", "symbol", "side", "type", "qty", "price", "status", "filled",
        "reason")


def run(args: argparse.Namespace) -> int:
    action = args.action

    async def act(svc: AppServices) -> object:
        if action in ("list", "status", "cancel", "modify"):
            # what the running app's poller would have done by now: resting dry-run orders
            # fill or expire (end of day) before they are shown or cancelled
            await svc.orders.poll()
        if action == "check":
            req = _request(args)
            decision, _ = await svc.risk.check(req, reference_override=args.ref,
                                               when=_at(args.at))
            return decision_dict(decision)
        if action == "place":
            return (await svc.orders.place(_request(args), source="cli")).to_dict()
        if action == "modify":
            order_id = _resolve(args.id, await svc.orders.history(10_000))
            return (await svc.orders.modify(order_id, price=args.price, quantity=args.quantity,
                                            source="cli")).to_dict()
        if action == "cancel":
            return (await svc.orders.cancel(_resolve(args.id, await svc.orders.history(10_000)),
                                            source="cli")).to_dict()
        if action == "status":
            order = await svc.orders.status(_resolve(args.id, await svc.orders.history(10_000)))
            audit = await svc.orders.audit(order.id)
            return {**order.to_dict(), "audit": [
                {"at": a.at.isoformat(), "from": a.from_status, "to": a.to_status,
                 "reason": a.reason, "source": a.source} for a in reversed(audit)]}
        orders = await (svc.orders.open_orders() if args.open else svc.orders.history(args.limit))
        return [o.to_dict() for o in orders] if args.json else [_order_row(o) for o in orders]

    try:
        result = with_services(args.profile, act)
    except (LookupError, OrderNotModifiable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json or action != "list":
        if action == "check" and not args.json:
            assert isinstance(result, dict)
            print("ALLOWED" if result["allowed"] else "DENIED")
            for c in result["checks"]:
                print(f"  {'ok  ' if c['passed'] else 'FAIL'} {c['code']:<22} {c['message']}")
        else:
            print_json(result)
    else:
        assert isinstance(result, list)
        print_table(result, HEAD)
    if action == "modify" and isinstance(result, dict):
        return 0 if result["modified"] or result["pending"] else 1
    if action in ("check", "place") and isinstance(result, dict):
        allowed = result.get("allowed", result.get("decision", {}).get("allowed"))
        return 0 if allowed else 1
    return 0


def _resolve(prefix: str, orders: list[Order]) -> str:
    matches = [o.id for o in orders if o.id.startswith(prefix)]
    if len(matches) != 1:
        raise LookupError(f"No single order matches id {prefix!r}.")
    return matches[0]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("order", help="check, place, cancel and follow orders")
    actions = p.add_subparsers(dest="action", required=True)
    for name in ("check", "place"):
        a = actions.add_parser(name, help=f"{name} an order ticket (prices in VND)")
        a.add_argument("--exchange", required=True, choices=["HOSE", "HNX", "UPCOM", "HSX"])
        a.add_argument("--symbol", required=True)
        a.add_argument("--side", required=True, choices=["buy", "sell", "BUY", "SELL"])
        a.add_argument("--type", default="LO", choices=[t.value for t in OrderType])
        a.add_argument("--qty", type=int, required=True)
        a.add_argument("--price", type=int, help="limit price in VND (none for market types)")
        a.add_argument("--key", help="idempotency key (default: a new one)")
        a.add_argument("--json", action="store_true")
        if name == "check":
            a.add_argument("--ref", type=int, help="reference price in VND (no market data "
                                                   "needed when given)")
            a.add_argument("--at", help="evaluate at this time (ISO-8601 with offset)")
    mod = actions.add_parser("modify", help="change a working LO order's price and/or "
                                            "quantity (a unique id prefix is enough)")
    mod.add_argument("id")
    mod.add_argument("--price", type=int, help="new limit price in VND")
    mod.add_argument("--quantity", type=int, help="new total quantity (above what has filled)")
    mod.add_argument("--json", action="store_true")
    for name in ("cancel", "status"):
        a = actions.add_parser(name, help=f"{name} an order by id (a unique prefix is enough)")
        a.add_argument("id")
        a.add_argument("--json", action="store_true")
    lst = actions.add_parser("list", help="order history (newest first)")
    lst.add_argument("--open", action="store_true", help="only open orders")
    lst.add_argument("--limit", type=int, default=50)
    lst.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)
