"""Pack `portfolio-sync`: the portfolio in dry-run (CLI) and live (SSI simulator).

Dry-run: after a buy and a partial sale two trading days later, `tradingtools portfolio`
shows positions (total / sellable / pending), cash and P&L exact to the VND.

Live: the live portfolio is read from SSI, the first reconciliation takes the broker as
the baseline, an order of ours fills and still reconciles; then a trade is made at the
broker outside the app (booked straight into the simulator's account, as a trade from
SSI's own web or phone app would be). The first run only notes the difference, the second
confirms and raises it (confirm_runs=2), the live guardrail trips back to dry-run and
going live again is refused; the user accepts the broker's side and live is healthy.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from .common import FPT_REF, WED_10AM, Pack, cli, session_clock, start_simulator, thousands

START_CASH = 1_000_000_000


def body(p: Pack) -> None:
    dry_run(p)
    asyncio.run(live(p))


def dry_run(p: Pack) -> None:
    def place(side: str, qty: int, key: str, at: Any) -> dict[str, Any]:
        out: dict[str, Any] = cli("order", "place", "--exchange", "HOSE", "--symbol", "FPT",
                                  "--side", side, "--qty", str(qty), "--price", thousands(FPT_REF),
                                  "--key", key, "--json", frozen=at).json()
        return out

    buy = place("buy", 1_000, "pf-buy", WED_10AM)
    s = cli("portfolio", "summary", "--json", frozen=WED_10AM).json()
    pos = cli("portfolio", "positions", "--json", frozen=WED_10AM).json()
    fpt = next((x for x in pos if x["symbol"] == "FPT"), {})
    cost = 1_000 * FPT_REF + 149_400  # 99,749,400
    p.expect("dry-run after buying 1,000 FPT @ 99,600: position pending T+2",
             {"order": buy["order"]["status"], "total": fpt.get("total_qty"),
              "sellable": fpt.get("sellable_qty"), "pending": fpt.get("pending_qty"),
              "avg_cost": fpt.get("avg_cost_vnd"), "unrealised": fpt.get("unrealised_pnl_vnd")},
             {"order": "FILLED", "total": 1_000, "sellable": 0, "pending": 1_000,
              "avg_cost": 99_749, "unrealised": -149_400})
    p.expect("dry-run cash, equity and today's P&L after the buy",
             {"cash": s["cash_vnd"], "equity": s["equity_vnd"], "today_pnl": s["today_pnl_vnd"],
              "sync": s["sync"]["state"], "source": s["source"]},
             {"cash": START_CASH - cost, "equity": START_CASH - 149_400,
              "today_pnl": -149_400, "sync": "OK", "source": "dry-run ledger"})
    fri = WED_10AM + timedelta(days=2)
    sell = place("sell", 400, "pf-sell", fri)
    pos = cli("portfolio", "positions", "--json", frozen=fri).json()
    pnl = cli("portfolio", "pnl", "--json", frozen=fri).json()
    fpt = next((x for x in pos if x["symbol"] == "FPT"), {})
    removed = cost * 400 // 1_000  # 39,899,760 of cost leaves with the 400 shares
    proceeds = 400 * FPT_REF - 59_760 - 39_840  # fee 0.15 %, tax 0.1 %
    p.expect("dry-run Friday: sell 400 of the settled 1,000; realised P&L to the VND",
             {"order": sell["order"]["status"], "total": fpt.get("total_qty"),
              "sellable": fpt.get("sellable_qty"), "pending": fpt.get("pending_qty"),
              "realised": pnl["realised_vnd"], "fees": pnl["fees_vnd"], "taxes": pnl["taxes_vnd"]},
             {"order": "FILLED", "total": 600, "sellable": 600, "pending": 0,
              "realised": proceeds - removed, "fees": 149_400 + 59_760, "taxes": 39_840})


async def live(p: Pack) -> None:
    from tradingtools_desktop.domain.market.exchange import Exchange
    from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
    from tradingtools_desktop.paths import profile_paths
    from tradingtools_desktop.services.events import Alert
    from tradingtools_desktop.services.guardrails import LiveRefused
    from tradingtools_desktop.services.runtime import AppServices

    clock = session_clock()
    sim = start_simulator(clock)
    svc = await AppServices.open(profile_paths("e2e-portfolio-live"), clock=clock)
    alerts: list[Alert] = []
    svc.bus.subscribe(Alert, alerts.append)
    try:
        assert svc.live is not None and svc.live_portfolio is not None
        recon = svc.reconciliation
        assert recon is not None
        await svc.live.connect()
        await svc.risk.set_limits(svc.risk.limits)  # confirmed in Setup
        s = await svc.live_portfolio.refresh()
        held = {x.symbol: (x.total_qty, x.sellable_qty) for x in s.positions}
        p.expect("live portfolio read from SSI (demo account: 1,000 SSI, 200 FPT, 1 bn VND)",
                 {"source": s.source, "positions": held, "cash": s.cash,
                  "sync": s.sync.state},
                 {"source": "SSI FastConnect", "positions": {"FPT": (200, 200),
                                                             "SSI": (1_000, 1_000)},
                  "cash": START_CASH, "sync": "OK"})
        first = await recon.run()
        p.check("first reconciliation takes the broker as the baseline",
                first.ok and recon.probe().healthy,
                {"ok": first.ok, "mismatches": len(first.mismatches), "note": first.note[:70]})
        await svc.guardrails.arm_live(acknowledged=True)
        order = (await svc.orders.place(OrderRequest("FPT", Exchange.HOSE, Side.BUY,
                                                     OrderType.LO, 100, FPT_REF,
                                                     "pf-live-buy"))).order
        stored = await svc.orders.repo.get(order.id)
        sim.scenario.fill(stored.request_id if stored else "", 100, FPT_REF)
        await svc.orders.poll()
        await svc.sync_live()  # what the app does every 30 s in session
        s = await svc.live_portfolio.refresh()
        fpt = next((x for x in s.positions if x.symbol == "FPT"), None)
        last = recon.last_run
        p.expect("our LIVE buy of 100 FPT fills: live portfolio and books reconcile",
                 {"mode": svc.trading.mode.value,
                  "order": (await svc.orders.status(order.id)).status.value,
                  "fpt_total": fpt.total_qty if fpt else None,
                  "fpt_pending": fpt.pending_qty if fpt else None,
                  "reconciled": bool(last and last.ok), "open_mismatches": recon.open_count},
                 {"mode": "LIVE", "order": "FILLED", "fpt_total": 300, "fpt_pending": 100,
                  "reconciled": True, "open_mismatches": 0})

        # a trade at the broker outside the app: 500 SSI bought on SSI's own app
        price = sim.state.instruments["SSI"].reference
        value = 500 * price
        with sim.state.lock:
            acct = sim.state.accounts["0901351"]
            holding = acct.holding("SSI")
            holding.buy_t[0] += 500
            holding.cost += value
            acct.cash_bal -= value + value * 15 // 10_000
        clock.advance(seconds=30)
        run1 = await recon.run()
        p.expect("outside trade, run 1: the difference is noted, not raised yet",
                 {"raised": len(run1.mismatches), "unconfirmed": sorted(
                     m.key for m in run1.unconfirmed), "probe_healthy": recon.probe().healthy},
                 {"raised": 0, "unconfirmed": ["SSI", "cash"], "probe_healthy": True},
                 {"outside_trade": f"BUY 500 SSI @ {price:,}"})
        clock.advance(seconds=30)
        run2 = await recon.run()
        await svc.bus.drain()
        p.expect("outside trade, run 2 (confirm_runs=2): mismatch raised with an alert",
                 {"new": sorted(f"{m.kind.value} {m.key}" for m in run2.new),
                  "probe_healthy": recon.probe().healthy,
                  "alerts": [a.title for a in alerts if "Reconciliation" in a.title]},
                 {"new": ["CASH cash", "POSITION SSI"], "probe_healthy": False,
                  "alerts": ["Reconciliation mismatch"]},
                 {"probe": recon.probe().detail[:80]})
        await svc.guardrails.refresh()  # the poller's guardrail check
        await svc.bus.drain()
        p.expect("guardrail trips: live trading stops, back to dry-run",
                 {"mode": svc.trading.mode.value, "alert": any(
                     a.title == "Live trading stopped" for a in alerts)},
                 {"mode": "DRY_RUN", "alert": True})
        try:
            await svc.guardrails.arm_live(acknowledged=True)
            refused: list[str] = []
        except LiveRefused as exc:
            refused = exc.problems
        p.check("going live again is refused while the mismatch is open",
                any(r.startswith("reconciliation") for r in refused)
                and svc.trading.mode.value == "DRY_RUN",
                {"refused": refused, "mode": svc.trading.mode.value},
                {"refused": "reconciliation: N open ...", "mode": "DRY_RUN"})
        rows = await recon.open_mismatches()
        shown = [(m.kind.value, m.key, m.local_value, m.broker_value) for m in rows]
        accepted = await recon.accept(rows[0].id, "bought 500 SSI on SSI's phone app")
        await svc.guardrails.arm_live(acknowledged=True)
        clock.advance(seconds=30)
        after = await recon.run()
        p.expect("user accepts the broker's side: healthy, live again, next run clean",
                 {"accepted": len(accepted), "open": recon.open_count,
                  "probe_healthy": recon.probe().healthy, "mode": svc.trading.mode.value,
                  "next_run_ok": after.ok, "next_run_mismatches": len(after.mismatches)},
                 {"accepted": 2, "open": 0, "probe_healthy": True, "mode": "LIVE",
                  "next_run_ok": True, "next_run_mismatches": 0},
                 {"mismatches": shown})
        history = await recon.history()
        p.check("reconciliation history kept", len(history) >= 5,
                {"runs": len(history), "ok_runs": sum(r.ok for r in history)})
        p.note("Dry-run part through the `tradingtools portfolio` CLI (frozen practice "
               "clock); live part through the app's services against the in-process SSI "
               "simulator, real HTTP on 127.0.0.1, keys from TRADINGTOOLS_SSI_* overrides.")
        p.note("The outside trade is booked straight into the simulator's account state "
               "(+500 SSI pending T+2, cash minus value and 0.15 % fee): the app never sees "
               "an order for it, exactly like a trade placed on SSI's own app.")
    finally:
        await svc.guardrails.disarm("e2e done")
        await svc.stop()
        sim.stop()


def run() -> Pack:
    p = Pack("portfolio-sync", "Portfolio sync: dry-run positions and P&L to the VND; live "
             "portfolio from SSI, reconciliation baseline, an outside trade raised after two "
             "runs, live refused, accepted, healthy.")
    p.run(body)
    return p
