"""``tradingtools dlq list|show|replay|resolve``: the dead-letter queue (Fix-01).

``list`` shows the open entries (RETRYING and PERMANENT_FAILURE; ``--all`` adds the closed
ones), ``show`` one entry with its error chain and its order's audit trail, ``replay`` asks
the broker now (re-sending only when it has no such order), ``resolve`` closes an entry
with the user's note. Exit codes: 0 done, 1 refused (closed entry, empty note), 2 unknown
entry, 3 the profile could not be opened.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from ..domain.dlq import OPEN_DLQ_STATES, DlqEntry
from ..i18n import said, tr
from ..services.dlq import DeadLetterQueue, DlqNotFound, DlqStateError
from ..services.oms import OrderNotFound
from ..services.runtime import AppServices
from . import inputs
from .common import print_json, print_table, with_services

EXIT_REFUSED = 1
EXIT_NOT_FOUND = 2
HEAD = ("id", "state", "attempts", "order", "request", "last error", "next attempt (UTC)")
# the entry's labels, padded to one width in the language shown
_LABELS = ("order", "order status", "key", "created", "next attempt")


def queue(svc: AppServices) -> DeadLetterQueue:
    """The profile's dead-letter queue (``services.dlq``; built here when absent)."""
    dlq = getattr(svc, "dlq", None)
    if isinstance(dlq, DeadLetterQueue):
        return dlq
    return DeadLetterQueue(svc.db, svc.orders, svc.trading, svc.bus, svc.clock)


def _utc(when: datetime | None) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if when else "-"


def describe(request: dict[str, object]) -> str:
    """'BUY 100 FPT @ 95,300' (VND), or '... @ MP' for a market type."""
    price = request.get("price")
    at = f"{price:,}" if isinstance(price, int) else str(request.get("order_type", "-"))
    qty = request.get("quantity")
    return (f"{request.get('side', '?')} {qty:,} " if isinstance(qty, int)
            else f"{request.get('side', '?')} {qty} ") + f"{request.get('symbol', '?')} @ {at}"


def _row(e: DlqEntry) -> tuple[str, ...]:
    return (str(e.id), tr(e.state.value), str(e.attempts), e.order_id[:12],
            describe(e.request), tr(e.last_error)[:60],
            _utc(e.next_attempt_at) if e.is_open else "-")


async def _details(svc: AppServices, entry: DlqEntry) -> dict[str, Any]:
    d = entry.to_dict()
    try:
        order = await svc.orders.status(entry.order_id)
    except OrderNotFound:
        d["order"], d["audit"] = None, []
        return d
    d["order"] = order.to_dict()
    d["audit"] = [{"at": a.at.isoformat(), "from": a.from_status, "to": a.to_status,
                   "reason": a.reason, "source": a.source}
                  for a in reversed(await svc.orders.audit(order.id))]
    return d


def _print_details(d: dict[str, Any]) -> None:
    label = {k: tr(k).ljust(max(len(tr(x)) for x in _LABELS)) for k in _LABELS}
    print(tr("Dead-letter entry {id}: {state} after {n} attempt(s)").format(
        id=d["id"], state=tr(d["state"]), n=d["attempts"]))
    print(f"  {label['order']} {d['order_id']}  (" + tr("{request}, mode {mode}").format(
        request=describe(d["request"]), mode=tr(str(d["mode"]).replace("_", "-"))) + ")")
    if d["order"] is not None:
        print(f"  {label['order status']} {tr(d['order']['status'])}  "
              f"{tr(d['order'].get('reason', ''))}".rstrip())
    print(f"  {label['key']} {d['idempotency_key']}  requestID {d['request_id'] or '-'}")
    print(f"  {label['created']} {d['created_at']}  {tr('updated')} {d['updated_at']}")
    if d["next_attempt_at"]:
        print(f"  {label['next attempt']} {d['next_attempt_at']}")
    print(tr("Request:"))
    for k, v in d["request"].items():
        print(f"  {k:<12} {v}")
    print(tr("Errors:"))
    for e in d["errors"]:
        print(f"  #{e['attempt']} {e['at']}  {e['kind']}: {tr(e['message'])}")
    print(tr("Resolution: {what}").format(what=tr(d["resolution"] or "-"))
          + (tr(" (at {when})").format(when=d["resolved_at"]) if d["resolved_at"] else ""))
    if d["audit"]:
        print(tr("Order audit trail:"))
        for a in d["audit"]:
            print(f"  {a['at']}  {tr(a['from'] or ''):<15} -> {tr(a['to']):<15} "
                  f"{tr(a['reason'])} [{a['source']}]")


def run(args: argparse.Namespace) -> int:
    action = args.action

    async def act(svc: AppServices) -> Any:
        dlq = queue(svc)
        if action == "list":
            states = None if args.all else sorted(OPEN_DLQ_STATES)
            entries = await dlq.entries(states, args.limit)
            return [e.to_dict() for e in entries] if args.json else [_row(e) for e in entries]
        if action == "show":
            return await _details(svc, await dlq.get(args.id))
        if action == "replay":
            return await _details(svc, await dlq.replay(args.id))
        return await _details(svc, await dlq.resolve(args.id, args.note))

    try:
        result = with_services(args.profile, act)
    except DlqNotFound as exc:
        print(tr("error: {why}").format(why=said(exc)), file=sys.stderr)
        return EXIT_NOT_FOUND
    except DlqStateError as exc:
        print(tr("error: {why}").format(why=said(exc)), file=sys.stderr)
        return EXIT_REFUSED
    if args.json:
        print_json(result)
    elif action == "list":
        if result:
            print_table(result, tuple(tr(h) for h in HEAD))
        else:
            print(tr("The dead-letter queue is empty.") if args.all
                  else tr("No open dead-letter entries."))
    else:
        if action == "replay":
            print(tr("Replayed entry {id}: now {state}").format(
                id=result["id"], state=tr(result["state"]))
                + (f" — {tr(result['resolution'])}" if result["resolution"] else ""))
        elif action == "resolve":
            print(tr("Entry {id} is {state}: {resolution}").format(
                id=result["id"], state=tr(result["state"]),
                resolution=tr(result["resolution"])))
        else:
            _print_details(result)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("dlq", help=tr("the dead-letter queue: orders the broker could not "
                                      "confirm (list, show, replay, resolve)"))
    actions = p.add_subparsers(dest="action", required=True)
    lst = actions.add_parser("list", help=tr("open entries (RETRYING, PERMANENT_FAILURE), "
                                             "newest first"))
    lst.add_argument("--all", action="store_true", help=tr("also the resolved entries"))
    lst.add_argument("--limit", type=inputs.list_limit, default=200)
    lst.add_argument("--json", action="store_true")
    show = actions.add_parser("show", help=tr("one entry: request, error chain, resolution "
                                              "and the order's audit trail"))
    show.add_argument("id", type=inputs.entry_id)
    show.add_argument("--json", action="store_true")
    replay = actions.add_parser("replay", help=tr("ask the broker now; re-send only if it has "
                                                  "no such order"))
    replay.add_argument("id", type=inputs.entry_id)
    replay.add_argument("--json", action="store_true")
    resolve = actions.add_parser("resolve", help=tr("mark an entry resolved with a note (a "
                                                    "still-pending order is closed as FAILED)"))
    resolve.add_argument("id", type=inputs.entry_id)
    resolve.add_argument("--note", required=True,
                         help=tr("what you checked / decided (required)"))
    resolve.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)
