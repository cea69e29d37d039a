"""ReconciliationService on a real (in-memory) profile DB: the first run sets the baseline,
our LIVE fills and open orders move the local books, seeded broker differences become
stored mismatches with alerts, accept/resolve clear the guardrail, history is kept."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone

import pytest

from tradingtools_desktop.domain.reconciliation import (
    BrokerPosition,
    BrokerSnapshot,
    MismatchKind,
)
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.events import Alert, ReconciliationMismatch
from tradingtools_desktop.services.reconciliation import FIRST_RUN_NOTE, ReconciliationService
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.store.db import Database

VN = timezone(timedelta(hours=7))
WED = datetime(2026, 11, 25, 10, 0, tzinfo=VN)


class FakeAccount:
    """The broker side as a constructor argument: what the account read returns now."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.positions = {"FPT": BrokerPosition(200, 200, 120_000)}
        self.cash = 1_000_000_000
        self.open_ids: set[str] = set()
        self.fail: Exception | None = None

    async def __call__(self) -> BrokerSnapshot:
        if self.fail is not None:
            raise self.fail
        return BrokerSnapshot(self.clock.now(), dict(self.positions), self.cash,
                              frozenset(self.open_ids))


async def live_fill(db: Database, fill_id: str, symbol: str, side: str, qty: int, price: int,
                    fee: int, tax: int, at: datetime, settle: date) -> None:
    await db.execute(
        "INSERT INTO fills VALUES (?, ?, 'LIVE', ?, 'HOSE', ?, ?, ?, ?, ?, ?, ?, ?)",
        [fill_id, f"o-{fill_id}", symbol, side, qty, price, fee, tax, at, at.date(), settle])


async def live_order(db: Database, oid: str, request_id: str, side: str, qty: int,
                     status: str, at: datetime) -> None:
    await db.execute(
        "INSERT INTO orders (id, idempotency_key, mode, account, symbol, exchange, side, "
        "order_type, quantity, price, status, request_id, trade_date, created_at, updated_at) "
        "VALUES (?, ?, 'LIVE', '0901351', 'FPT', 'HOSE', ?, 'LO', ?, 120000, ?, ?, ?, ?, ?)",
        [oid, f"k-{oid}", side, qty, status, request_id, at.date(), at, at])


async def setup() -> tuple[AppServices, ManualClock, FakeAccount, ReconciliationService,
                           list[object]]:
    clock = ManualClock(WED)
    svc = await AppServices.open(None, clock=clock)
    account = FakeAccount(clock)
    recon = ReconciliationService(svc.db, svc.bus, clock, account, cash_tolerance=1_000,
                                  confirm_runs=1)
    await recon.load()
    events: list[object] = []
    svc.bus.subscribe(Alert, events.append)
    svc.bus.subscribe(ReconciliationMismatch, events.append)
    return svc, clock, account, recon, events


def test_first_run_takes_the_broker_as_baseline_then_our_fills_reconcile() -> None:
    async def go() -> None:
        svc, clock, account, recon, events = await setup()
        probe = recon.probe()
        assert not probe.healthy and probe.detail == \
            "no reconciliation with the broker has run yet"
        first = await recon.run()
        assert first.ok and first.note == FIRST_RUN_NOTE and first.mismatches == []
        assert recon.probe().healthy and "reconciled with the broker" in recon.probe().detail
        # we buy 100 FPT @ 121,000 (fee 18,150) live; the broker shows the same
        clock.advance(minutes=5)
        await live_fill(svc.db, "f1", "FPT", "BUY", 100, 121_000, 18_150, 0, clock.now(),
                        date(2026, 11, 27))
        account.positions = {"FPT": BrokerPosition(300, 200, 120_333)}
        account.cash = 1_000_000_000 - 12_100_000 - 18_150 - 400  # broker fee rounding
        await live_order(svc.db, "o2", "12", "SELL", 50, "SUBMITTED", clock.now())
        account.positions = {"FPT": BrokerPosition(300, 150, 120_333, held=50)}
        account.open_ids = {"00000012"}
        clock.advance(minutes=5)
        second = await recon.run()
        assert second.ok, second.mismatches
        await svc.bus.drain()
        assert events == []
        runs = await recon.history()
        assert [r.ok for r in runs] == [True, True] and runs[-1].note == FIRST_RUN_NOTE
        assert runs[0].local is not None and runs[0].local.positions["FPT"].sellable == 150
        assert runs[0].broker is not None and runs[0].broker.cash == account.cash
        await svc.stop()

    asyncio.run(go())


def test_seeded_mismatches_alert_once_block_live_and_accept_clears_them() -> None:
    async def go() -> None:
        svc, clock, account, recon, events = await setup()
        await svc.risk.set_limits(svc.risk.limits)
        svc.guardrails.reconciliation_probe = recon.probe
        await recon.run()
        # the broker shows 100 more FPT, 5,000,000 less cash and an order we never placed
        account.positions = {"FPT": BrokerPosition(300, 200, 120_000)}
        account.cash -= 5_000_000
        account.open_ids = {"4711"}
        clock.advance(minutes=1)
        result = await recon.run()
        assert [(m.kind, m.key) for m in result.mismatches] == [
            (MismatchKind.POSITION, "FPT"), (MismatchKind.CASH, "cash"),
            (MismatchKind.OPEN_ORDER, "4711")]
        assert len(result.new) == 3
        await svc.bus.drain()
        alerts = [e for e in events if isinstance(e, Alert)]
        assert [(a.level, a.title) for a in alerts] == [("critical", "Reconciliation mismatch")]
        assert "POSITION FPT: ours total 200, sellable 200 / broker total 300" in alerts[0].text
        (mm,) = [e for e in events if isinstance(e, ReconciliationMismatch)]
        assert mm.open_count == 3 and len(mm.mismatches) == 3
        probe = recon.probe()
        assert not probe.healthy and probe.detail.startswith("3 open reconciliation mismatches")
        assert any("reconciliation: 3 open" in p for p in await svc.guardrails.problems())
        # the same differences again: still three open rows, no second alert
        clock.advance(minutes=1)
        again = await recon.run()
        assert len(again.mismatches) == 3 and again.new == []
        assert len(await recon.open_mismatches()) == 3
        await svc.bus.drain()
        assert len([e for e in events if isinstance(e, Alert)]) == 1
        # the user accepts the broker's side
        cash_row = next(m for m in await recon.open_mismatches() if m.kind is MismatchKind.CASH)
        assert (cash_row.local_value, cash_row.broker_value) == (
            "1,000,000,000 VND", "995,000,000 VND")
        accepted = await recon.accept(cash_row.id, "  transfer out I forgot  ")
        assert {m.state for m in accepted} == {"ACCEPTED"} and len(accepted) == 3
        assert next(m for m in accepted if m.id == cash_row.id).note == "transfer out I forgot"
        assert await recon.open_mismatches() == [] and recon.probe().healthy
        assert not any(p.startswith("reconciliation") for p in await svc.guardrails.problems())
        clock.advance(minutes=1)
        after = await recon.run()
        assert after.ok, after.mismatches  # the order 4711 is acknowledged, not compared
        history = await recon.mismatch_history()
        assert len(history) == 3 and all(m.resolved_at is not None for m in history)
        with pytest.raises(KeyError):
            await recon.accept(cash_row.id, "twice")
        await svc.stop()

    asyncio.run(go())


def test_resolve_clears_the_probe_and_a_persisting_difference_comes_back() -> None:
    async def go() -> None:
        svc, clock, _account, recon, _events = await setup()
        await recon.run()
        await live_order(svc.db, "o1", "88", "BUY", 100, "SUBMITTED", clock.now())
        clock.advance(minutes=1)
        result = await recon.run()
        assert [(m.key, m.local, m.broker) for m in result.mismatches] == [
            ("88", "open", "not open")]
        row = result.new[0]
        resolved = await recon.resolve(row.id, "cancelled by phone")
        assert resolved.state == "RESOLVED" and resolved.note == "cancelled by phone"
        assert recon.probe().healthy
        with pytest.raises(KeyError):
            await recon.resolve(row.id, "again")
        # our order is still open in our books: the next run raises it again
        clock.advance(minutes=1)
        again = await recon.run()
        assert len(again.new) == 1 and again.new[0].id != row.id
        assert not recon.probe().healthy
        # once the order is closed in our books too, nothing is left to compare
        await svc.db.execute("UPDATE orders SET status = 'CANCELLED' WHERE id = 'o1'")
        await recon.resolve(again.new[0].id, "")
        clock.advance(minutes=1)
        assert (await recon.run()).ok
        await svc.stop()

    asyncio.run(go())


def test_a_failed_broker_read_is_recorded_and_blocks_until_a_read_succeeds() -> None:
    async def go() -> None:
        svc, clock, account, recon, events = await setup()
        await recon.run()
        account.fail = ConnectionError("circuit open")
        clock.advance(minutes=1)
        failed = await recon.run()
        assert not failed.ok and failed.error is not None and "circuit open" in failed.error
        probe = recon.probe()
        assert not probe.healthy and "the last broker read failed" in probe.detail
        clock.advance(minutes=1)
        await recon.run()  # still failing: no second alert
        await svc.bus.drain()
        alerts = [e for e in events if isinstance(e, Alert)]
        assert [(a.level, a.title) for a in alerts] == [("warning", "Reconciliation paused")]
        runs = await recon.history()
        assert [r.error is not None for r in runs] == [True, True, False]
        account.fail = None
        clock.advance(minutes=1)
        assert (await recon.run()).ok and recon.probe().healthy
        # a restart reads the stored state back
        fresh = ReconciliationService(svc.db, svc.bus, clock, account)
        assert not fresh.probe().healthy
        await fresh.load()
        assert fresh.probe().healthy
        await svc.stop()

    asyncio.run(go())


def test_a_difference_must_persist_over_confirm_runs_and_books_sync_first() -> None:
    async def go() -> None:
        clock = ManualClock(WED)
        svc = await AppServices.open(None, clock=clock)
        account = FakeAccount(clock)
        synced: list[int] = []

        async def sync_books() -> None:  # e.g. the OMS poll: books a fill the broker has
            synced.append(1)
            if account.positions["FPT"].total == 300 and len(synced) == 3:
                await live_fill(svc.db, "f9", "FPT", "BUY", 100, 120_000, 0, 0, clock.now(),
                                date(2026, 11, 27))

        recon = ReconciliationService(svc.db, svc.bus, clock, account, sync_books=sync_books)
        await recon.load()
        assert (await recon.run()).ok and synced == [1]
        # the broker has a fill our poll has not booked yet: a difference for one run
        account.positions = {"FPT": BrokerPosition(300, 200, 120_000)}
        account.cash -= 12_000_000
        clock.advance(seconds=30)
        first = await recon.run()
        assert first.ok and first.mismatches == [] and [m.key for m in first.unconfirmed] == [
            "FPT", "cash"]
        assert "waiting for the next run to confirm" in first.note and recon.probe().healthy
        # the next poll books it: nothing was ever raised
        clock.advance(seconds=30)
        second = await recon.run()
        assert second.ok and second.unconfirmed == [] and await recon.mismatch_history() == []
        # a real difference (cash moved out) persists and is raised on the second run
        account.cash -= 1_000_000
        clock.advance(seconds=30)
        assert (await recon.run()).new == []
        clock.advance(seconds=30)
        raised = await recon.run()
        assert [(m.kind, m.key) for m in raised.new] == [(MismatchKind.CASH, "cash")]
        assert not recon.probe().healthy
        await svc.stop()

    asyncio.run(go())
