"""Pack `order-lifecycle-dry-run`: a practice session through the `tradingtools` CLI.

Wednesday 25 Nov 2026 (TRADINGTOOLS_FROZEN_TIME pins the practice clock): a marketable buy
fills at once, a limit below the market rests and is cancelled, another rests until the
close and expires, a duplicate ticket returns the first order, lot/tick/band/session and
T+2 rules deny tickets; Friday the settled shares are sold; Tuesday the proceeds are
cash. Money is checked to the VND (fee 0.15 %, sell tax 0.1 %).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from .common import FPT_REF, WED_10AM, Pack, cli, short, thousands

WED_3PM = WED_10AM.replace(hour=15)
WED_NOON = WED_10AM.replace(hour=12)
FRI_10AM = WED_10AM + timedelta(days=2)
TUE_10AM = WED_10AM + timedelta(days=6)
START_CASH = 1_000_000_000


def place(qty: int, price: int | None, *, side: str = "buy", key: str | None = None,
          at: datetime = WED_10AM) -> tuple[int, dict[str, Any]]:
    args = ["order", "place", "--exchange", "HOSE", "--symbol", "FPT", "--side", side,
            "--qty", str(qty), "--json"]
    if price is not None:
        args += ["--price", thousands(price)]
    if key:
        args += ["--key", key]
    r = cli(*args, frozen=at)
    return r.rc, r.json()


def failed_codes(result: dict[str, Any]) -> list[str]:
    return [c["code"] for c in result["decision"]["checks"] if not c["passed"]]


def summary(at: datetime) -> dict[str, Any]:
    data: dict[str, Any] = cli("portfolio", "summary", "--json", frozen=at).json()
    return data


def body(p: Pack) -> None:
    fee = lambda value: value * 15 // 10_000  # noqa: E731 - 0.15 %
    tax = lambda value: value * 10 // 10_000  # noqa: E731 - 0.1 %

    # 1. a marketable limit buy fills at once at the reference price
    rc, buy = place(1_000, FPT_REF, key="e2e-buy-1")
    o = buy["order"]
    buy_id = o["id"]
    p.expect("marketable LO buy 1,000 FPT @ 99,600 fills at once",
             {"rc": rc, "status": o["status"], "filled_qty": o["filled_qty"],
              "avg_price": o["avg_price_vnd"]},
             {"rc": 0, "status": "FILLED", "filled_qty": 1_000, "avg_price": FPT_REF},
             {"order": short(buy_id)})
    cost = 1_000 * FPT_REF + fee(1_000 * FPT_REF)  # 99,600,000 + 149,400
    s = summary(WED_10AM)
    p.expect("cash after the buy: value + fee 0.15 % debited",
             {"cash_available": s["cash_available_vnd"], "fees_paid": s["fees_paid_vnd"],
              "buying_power": s["buying_power_vnd"]},
             {"cash_available": START_CASH - cost, "fees_paid": 149_400,
              "buying_power": START_CASH - cost})

    # 2. T+2: the shares bought today cannot be sold today
    rc, early = place(1_000, FPT_REF, side="sell", key="e2e-sell-early")
    p.check("sell before settlement (T+2) is denied", rc == 1
            and early["order"]["status"] == "DENIED" and "SELLABLE_QTY" in failed_codes(early),
            {"rc": rc, "status": early["order"]["status"], "failed": failed_codes(early)},
            {"rc": 1, "status": "DENIED", "failed": "SELLABLE_QTY"})

    # 3. a limit below the market rests, reserves cash, and is cancelled
    rc, rest = place(100, 95_000, key="e2e-rest-1")
    rest_id = rest["order"]["id"]
    reserve = 100 * 95_000 + fee(100 * 95_000)  # 9,514,250
    open_ids = [x["id"] for x in cli("order", "list", "--open", "--json",
                                     frozen=WED_10AM).json()]
    bp = summary(WED_10AM)["buying_power_vnd"]
    p.expect("LO buy 100 @ 95,000 rests and reserves value + fee",
             {"status": rest["order"]["status"], "listed_open": rest_id in open_ids,
              "buying_power": bp},
             {"status": "SUBMITTED", "listed_open": True, "buying_power": START_CASH - cost
              - reserve}, {"order": short(rest_id), "reserved": reserve})
    done = cli("order", "cancel", rest_id[:8], "--json", frozen=WED_10AM.replace(minute=5))
    cancelled = done.json()
    p.expect("cancel by id prefix releases the reservation",
             {"rc": done.rc, "status": cancelled["status"],
              "buying_power": summary(WED_10AM)["buying_power_vnd"]},
             {"rc": 0, "status": "CANCELLED", "buying_power": START_CASH - cost})

    # 4. the same ticket sent twice (same idempotency key) is one order
    rc, dup = place(1_000, FPT_REF, key="e2e-buy-1")
    p.expect("duplicate idempotency key returns the first order, places nothing",
             {"duplicate": dup["duplicate"], "same_order": dup["order"]["id"] == buy_id,
              "denied_by": "DUPLICATE_KEY" in failed_codes(dup)},
             {"duplicate": True, "same_order": True, "denied_by": True})

    # 5. a second resting order, left to the end of the day
    rc, rest2 = place(100, 95_000, key="e2e-rest-2")
    rest2_id = rest2["order"]["id"]
    p.expect("second resting order left open for the close",
             {"status": rest2["order"]["status"]}, {"status": "SUBMITTED"},
             {"order": short(rest2_id)})

    # 6. tickets the rules refuse before anything is sent
    for label, qty, price, at, code in (
            ("lot: 150 shares mixes board and odd lots", 150, FPT_REF, WED_10AM, "LOT_SIZE"),
            ("tick: 99,650 is off the 100 VND tick", 100, 99_650, WED_10AM, "TICK_SIZE"),
            ("band: 110,000 is above the 106,500 ceiling", 100, 110_000, WED_10AM,
             "PRICE_BAND"),
            ("session: 12:00 is the lunch break", 100, FPT_REF, WED_NOON, "SESSION_CLOSED")):
        rc, denied = place(qty, price, at=at)
        codes = failed_codes(denied)
        p.check(f"denied by rule — {label}", rc == 1 and denied["order"]["status"] == "DENIED"
                and code in codes and denied["order"]["broker_order_id"] is None,
                {"rc": rc, "status": denied["order"]["status"], "failed": codes,
                 "reason": denied["order"]["reason"][:80]},
                {"rc": 1, "status": "DENIED", "failed": code})

    # 7. end of day: the app's background poller expires what still rests at the close.
    # The CLI never polls the broker, so the pack does what the running app does.
    asyncio.run(_poll_at(WED_3PM))
    st = cli("order", "status", rest2_id[:8], "--json", frozen=WED_3PM).json()
    p.expect("resting order expires at the close, reservation released",
             {"status": st["status"], "last_audit": st["audit"][-1]["to"],
              "buying_power": summary(WED_3PM)["buying_power_vnd"]},
             {"status": "EXPIRED", "last_audit": "EXPIRED", "buying_power": START_CASH - cost})

    # 8. history and audit trail
    audit = [a["to"] for a in cli("order", "status", buy_id[:8], "--json",
                                  frozen=WED_3PM).json()["audit"]]
    p.expect("audit trail of the filled buy",
             {"audit": audit}, {"audit": ["NEW", "PENDING_SUBMIT", "SUBMITTED", "FILLED"]})
    cancel_audit = [a["to"] for a in cli("order", "status", rest_id[:8], "--json",
                                         frozen=WED_3PM).json()["audit"]]
    p.check("audit trail of the cancelled order ends PENDING_CANCEL -> CANCELLED",
            cancel_audit[-2:] == ["PENDING_CANCEL", "CANCELLED"], {"audit": cancel_audit})

    # 9. Friday (T+2): the shares are sellable; sell them all
    pos = cli("portfolio", "positions", "--json", frozen=FRI_10AM).json()
    fpt = next((x for x in pos if x["symbol"] == "FPT"), {})
    p.expect("T+2: the 1,000 FPT are sellable on Friday",
             {"total": fpt.get("total_qty"), "sellable": fpt.get("sellable_qty"),
              "pending": fpt.get("pending_qty")},
             {"total": 1_000, "sellable": 1_000, "pending": 0})
    rc, sell = place(1_000, FPT_REF, side="sell", key="e2e-sell-1", at=FRI_10AM)
    value = 1_000 * FPT_REF
    p.expect("sell 1,000 FPT @ 99,600 on Friday fills",
             {"rc": rc, "status": sell["order"]["status"], "filled_qty":
              sell["order"]["filled_qty"]}, {"rc": 0, "status": "FILLED", "filled_qty": 1_000},
             {"order": short(sell["order"]["id"])})
    s = summary(FRI_10AM)
    proceeds = value - fee(value) - tax(value)  # 99,351,000
    p.expect("Friday: fee and tax charged, proceeds not yet available (T+2)",
             {"cash_available": s["cash_available_vnd"], "fees_paid": s["fees_paid_vnd"],
              "taxes_paid": s["taxes_paid_vnd"], "realised_pnl": s["realised_pnl_vnd"]},
             {"cash_available": START_CASH - cost - fee(value) - tax(value),
              "fees_paid": 2 * 149_400, "taxes_paid": 99_600,
              "realised_pnl": proceeds - cost})
    s = summary(TUE_10AM)
    p.expect("Tuesday: the proceeds settled, round trip costs exactly fees + tax",
             {"cash_available": s["cash_available_vnd"], "equity": s["equity_vnd"],
              "market_value": s["market_value_vnd"]},
             {"cash_available": START_CASH - cost + proceeds, "equity": 999_601_600,
              "market_value": 0})

    history = cli("order", "list", "--json", frozen=TUE_10AM).json()
    counts = Counter(o["status"] for o in history)
    p.expect("order history: every ticket once, in its final state",
             {"orders": len(history), **{k.lower(): v for k, v in sorted(counts.items())}},
             {"orders": 9, "filled": 2, "cancelled": 1, "expired": 1, "denied": 5})
    p.note("Driven through the `tradingtools` CLI (order place/cancel/status/list, portfolio "
           "summary/positions) with TRADINGTOOLS_FROZEN_TIME; prices in VND.")
    p.note("The CLI does not poll the dry-run broker, so a resting order is never expired "
           "by CLI use alone (its cash stays reserved the next day); the pack runs one poll "
           "through the app's service API (AppServices.orders.poll, what the app's "
           "background poller does every second) at 15:00.")


async def _poll_at(when: datetime) -> None:
    from tradingtools_desktop.paths import profile_paths
    from tradingtools_desktop.services.clock import ManualClock
    from tradingtools_desktop.services.runtime import AppServices

    svc = await AppServices.open(profile_paths(None), clock=ManualClock(when))
    try:
        await svc.orders.poll()
    finally:
        await svc.stop()


def run() -> Pack:
    p = Pack("order-lifecycle-dry-run", "Order lifecycle in dry-run through the CLI: fill, "
             "rest, cancel, expire, duplicate, rule denials, T+2 sale; money to the VND.")
    p.run(body)
    return p
