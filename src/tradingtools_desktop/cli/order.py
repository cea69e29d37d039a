"""``tradingtools order check|place|modify|cancel|list|status``.

Prices are typed in thousands of VND as the boards show them (``--price 99.6`` = 99,600
VND); the JSON (``--json``) carries them as exact integers of VND in ``*_vnd`` fields.

``order modify ID [--price P] [--quantity Q]`` changes a working LO order's limit price
and/or total quantity; the changed order passes the pre-trade checks again first. Exit 0
when the broker confirmed it (or confirms later: "pending"), 1 when the checks or the
broker refused it, 2 when the order cannot be modified at all.

``order check`` needs no market data when ``--ref`` and ``--exchange`` are given, and
``--at`` evaluates the ticket at another time (ISO-8601, any offset).

``order list`` and ``order status`` only read: they open the profile without the trading
stack and write nothing (a resting dry-run order is shown as stored).
"""

from __future__ import annotations

import argparse
import sys
import uuid
from typing import TYPE_CHECKING, Any

from ..domain.orders import Order, OrderRequest, OrderType, Side
from ..i18n import tr
from ..i18n.risk_text import check_text, decision_dict
from . import inputs
from .common import print_json, print_table, with_services
from .reader import Reader, with_reader
from .views import TIME_ZONE_LABEL, json_ready, order_line, price_k, vn_time

if TYPE_CHECKING:  # list and status only read: they import no trading stack
    from ..services.runtime import AppServices


def _request(args: argparse.Namespace) -> OrderRequest:
    return OrderRequest(
        symbol=args.symbol, exchange=args.exchange,
        side=Side(args.side.upper()), order_type=OrderType(args.type.upper()),
        quantity=args.qty, price=args.price,
        idempotency_key=args.key or f"cli-{uuid.uuid4().hex}")


def _order_row(o: Order) -> tuple[str, ...]:
    r = o.request
    return (o.id[:12], vn_time(o.created_at), r.symbol, tr(r.side.value),
            r.order_type.value, f"{r.quantity:,}", price_k(r.price) if r.price else "-",
            tr(o.status_text), f"{o.filled_qty:,}", tr(o.reason)[:60])


def head() -> tuple[str, ...]:
    """The order table's column names in the current language."""
    return tuple(tr(h).format(tz=tr(TIME_ZONE_LABEL)) for h in (
        "id", "created ({tz})", "symbol", "side", "type", "qty", "price (x1000)", "status",
        "filled", "reason"))


def run(args: argparse.Namespace) -> int:
    action = args.action

    async def act(svc: AppServices) -> Any:
        if action in ("cancel", "modify"):
            # what the running app's poller would have done by now: resting dry-run orders
            # fill or expire (end of day) before they are changed
            await svc.orders.poll()
        if action == "check":
            req = _request(args)
            decision, _ = await svc.risk.check(req, reference_override=args.ref,
                                               when=args.at)
            return decision_dict(decision)
        if action == "place":
            return await svc.orders.place(_request(args), source="cli")
        if action == "modify":
            order_id = _resolve(args.id, await svc.orders.history(10_000))
            return await svc.orders.modify(order_id, price=args.price, quantity=args.quantity,
                                           source="cli")
        if action == "cancel":
            return await svc.orders.cancel(_resolve(args.id, await svc.orders.history(10_000)),
                                           source="cli")
        raise AssertionError(action)  # pragma: no cover - the parser has no other action

    async def read(r: Reader) -> Any:
        if action == "status":
            order = await r.orders.get(_resolve(args.id, await r.orders.history(10_000)))
            if order is None:  # pragma: no cover - resolved from the same history
                raise LookupError(tr("No order with id {id!r}.").format(id=args.id))
            return order, await r.orders.audit(order.id)
        return await (r.orders.open_orders() if args.open else r.orders.history(args.limit))

    refusals: tuple[type[Exception], ...] = (LookupError,)
    if action not in ("list", "status"):
        from ..services.order_modify import OrderNotModifiable

        refusals = (LookupError, OrderNotModifiable)
    try:
        result = with_reader(args.profile, read) if action in ("list", "status") \
            else with_services(args.profile, act)
    except refusals as exc:
        print(tr("error: {why}").format(why=_said(exc)), file=sys.stderr)
        return 2
    if action == "check":
        return _show_check(result, args.json)
    if action == "place":
        _show(args.json, result.to_dict(), lambda: _show_place(result))
        return 0 if result.decision.allowed and not result.duplicate else 1
    if action == "modify":
        _show(args.json, result.to_dict(), lambda: _show_modify(result))
        return 0 if result.modified or result.pending else 1
    if action == "cancel":
        _show(args.json, result.to_dict(), lambda: print(order_line(result)))
        return 0
    if action == "status":
        order, audit = result
        data = {**order.to_dict(), "audit": [
            {"at": a.at.isoformat(), "from": a.from_status, "to": a.to_status,
             "reason": a.reason, "source": a.source} for a in reversed(audit)]}
        _show(args.json, data, lambda: _show_status(order, data["audit"]))
        return 0
    _show(args.json, [o.to_dict() for o in result],
          lambda: print_table([_order_row(o) for o in result], head()))
    return 0


def _said(exc: Exception) -> str:
    """An order service's refusal in the current language ("Order 1a2b3c4d: <why>.")."""
    text = str(exc)
    prefix, sep, why = text.partition(": ")
    if sep and prefix.startswith("Order ") and " " not in prefix[6:]:
        return tr("Order {id}: {why}").format(id=prefix[6:], why=tr(why.rstrip(".")) + ".")
    return tr(text)


def _show(as_json: bool, data: Any, human: Any) -> None:
    if as_json:
        print_json(json_ready(data))
    else:
        human()


def _show_check(result: dict[str, Any], as_json: bool) -> int:
    if as_json:
        print_json(result)
    else:
        print(tr("ALLOWED") if result["allowed"] else tr("DENIED"))
        ok, fail = tr("ok"), tr("FAIL")
        width = max(len(ok), len(fail))
        for c in result["checks"]:
            mark = (ok if c["passed"] else fail).ljust(width)
            print(f"  {mark} {c['code']:<22} {c['message']}")
    return 0 if result["allowed"] else 1


def _show_place(result: Any) -> None:
    if result.duplicate:
        print(tr("This idempotency key was used before: the order it placed is shown, no new "
                 "order was sent."))
    print(order_line(result.order))
    for c in result.decision.failed:
        print(f"  {tr('FAIL')} {c.code.value:<22} {check_text(c)}")


def _show_modify(result: Any) -> None:
    state = tr("modified") if result.modified else tr("pending at the broker") \
        if result.pending else tr("not modified")
    print(f"{state}: {order_line(result.order)}")
    for c in result.decision.failed:
        print(f"  {tr('FAIL')} {c.code.value:<22} {check_text(c)}")


def _show_status(order: Order, audit: list[dict[str, Any]]) -> None:
    print(order_line(order))
    print(tr("created {created}, updated {updated} ({tz}); mode {mode}").format(
        created=vn_time(order.created_at), updated=vn_time(order.updated_at),
        tz=tr(TIME_ZONE_LABEL), mode=tr(order.mode.value.replace("_", "-"))))
    print_table([(vn_time(a["at"]), tr(a["from"] or "-"), tr(a["to"]), tr(a["source"]),
                  tr(a["reason"])[:70]) for a in audit],
                tuple(tr(h).format(tz=tr(TIME_ZONE_LABEL))
                      for h in ("at ({tz})", "from", "to", "by", "reason")))


def _resolve(prefix: str, orders: list[Order]) -> str:
    matches = [o.id for o in orders if o.id.startswith(prefix)]
    if len(matches) != 1:
        raise LookupError(tr("No single order matches id {id!r}.").format(id=prefix))
    return matches[0]


PRICE_HELP = "limit price in thousands of VND, e.g. 99.6 = 99,600 VND (none for market types)"
ACTION_HELP = {
    "check": "check an order ticket (prices in thousands of VND, as the boards show them)",
    "place": "place an order ticket (prices in thousands of VND, as the boards show them)",
    "cancel": "cancel an order by id (a unique prefix is enough)",
    "status": "status of an order by id (a unique prefix is enough)",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("order", help=tr("check, place, cancel and follow orders"))
    actions = p.add_subparsers(dest="action", required=True)
    for name in ("check", "place"):
        a = actions.add_parser(name, help=tr(ACTION_HELP[name]))
        a.add_argument("--exchange", required=True, type=inputs.exchange,
                       help=tr("HOSE (or HSX), HNX or UPCOM"))
        a.add_argument("--symbol", required=True, type=inputs.symbol)
        a.add_argument("--side", required=True, choices=["buy", "sell", "BUY", "SELL"])
        a.add_argument("--type", default="LO", choices=[t.value for t in OrderType])
        a.add_argument("--qty", type=inputs.quantity, required=True)
        a.add_argument("--price", type=inputs.price, help=tr(PRICE_HELP))
        a.add_argument("--key", type=inputs.key, help=tr("idempotency key (default: a new one)"))
        a.add_argument("--json", action="store_true")
        if name == "check":
            a.add_argument("--ref", type=inputs.price,
                           help=tr("reference price in thousands of VND (no market data "
                                   "needed when given)"))
            a.add_argument("--at", type=inputs.aware_time,
                           help=tr("evaluate at this time (ISO-8601 with offset)"))
    mod = actions.add_parser("modify", help=tr("change a working LO order's price and/or "
                                               "quantity (a unique id prefix is enough)"))
    mod.add_argument("id", type=inputs.order_id)
    mod.add_argument("--price", type=inputs.price,
                     help=tr("new limit price in thousands of VND, e.g. 99.6"))
    mod.add_argument("--quantity", type=inputs.quantity,
                     help=tr("new total quantity (above what has filled)"))
    mod.add_argument("--json", action="store_true")
    for name in ("cancel", "status"):
        a = actions.add_parser(name, help=tr(ACTION_HELP[name]))
        a.add_argument("id", type=inputs.order_id)
        a.add_argument("--json", action="store_true")
    lst = actions.add_parser("list", help=tr("order history (newest first)"))
    lst.add_argument("--open", action="store_true", help=tr("only open orders"))
    lst.add_argument("--limit", type=inputs.list_limit, default=50)
    lst.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)
