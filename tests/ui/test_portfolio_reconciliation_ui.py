"""The Portfolio tab's reconciliation part (pytest-qt, offscreen): the mismatch banner lists
open mismatches with both sides, Accept / Resolve work off the Qt thread and clear the
guardrail; without a reconciliation service the dry-run note shows instead."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt

from tradingtools_desktop.domain.reconciliation import BrokerPosition, BrokerSnapshot
from tradingtools_desktop.i18n.vi import VI
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.reconciliation import ReconciliationService
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.portfolio import mismatch_banner
from tradingtools_desktop.ui.tabs.portfolio_tab import PortfolioTab

VN = timezone(timedelta(hours=7))


class Account:
    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.positions = {"FPT": BrokerPosition(200, 200, 120_000)}
        self.cash = 500_000_000
        self.open_ids: frozenset[str] = frozenset()

    async def __call__(self) -> BrokerSnapshot:
        return BrokerSnapshot(self.clock.now(), dict(self.positions), self.cash, self.open_ids)


def open_with_mismatches(arun) -> tuple[AppServices, ReconciliationService]:
    clock = ManualClock(datetime(2026, 11, 25, 10, tzinfo=VN))
    services = arun(AppServices.open(None, clock=clock))
    account = Account(clock)
    recon = ReconciliationService(services.db, services.bus, clock, account, confirm_runs=1)
    arun(recon.load())
    arun(recon.run())  # the baseline
    account.positions = {"FPT": BrokerPosition(300, 200, 120_000)}
    account.cash -= 2_000_000
    clock.advance(minutes=1)
    arun(recon.run())
    services.reconciliation = recon  # type: ignore[attr-defined]  # runtime wires it in live
    return services, recon


def test_banner_lists_both_sides_and_accept_clears_it(qtbot, arun) -> None:
    services, recon = open_with_mismatches(arun)
    tab = PortfolioTab()
    qtbot.addWidget(tab)
    tab.attach(services)
    tab.show()
    banner = tab.mismatches
    qtbot.waitUntil(lambda: banner.isVisible() and banner.table.rowCount() == 2,
                    timeout=10_000)
    assert not tab.banner.isVisible()  # the dry-run note makes way
    assert tab.recon_badge.text() == "Not reconciled"
    assert "2 open reconciliation mismatches" in tab.recon_badge.toolTip()
    assert "2 reconciliation mismatch(es)" in banner.title.text()
    cells = [[banner.table.item(r, c).text() for c in range(1, 5)] for r in range(2)]
    assert ["Cash", "cash", "500,000,000 VND", "498,000,000 VND"] in cells
    assert ["Position", "FPT", "total 200, sellable 200", "total 300, sellable 200"] in cells
    banner.note.setText("moved cash and bought on the phone")
    qtbot.mouseClick(banner.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=10_000)
    assert tab.recon_badge.text() == "Reconciled" and recon.probe().healthy
    history = arun(recon.mismatch_history())
    assert {m.state for m in history} == {"ACCEPTED"}
    assert "moved cash and bought on the phone" in {m.note for m in history}
    tab.detach()
    arun(services.stop())


def test_resolve_one_and_a_new_mismatch_event_reloads_the_banner(qtbot, arun) -> None:
    services, recon = open_with_mismatches(arun)
    tab = PortfolioTab()
    qtbot.addWidget(tab)
    tab.attach(services)
    tab.show()
    banner = tab.mismatches
    qtbot.waitUntil(lambda: banner.table.rowCount() == 2, timeout=10_000)
    banner.table.selectRow(1)
    chosen = banner.selected_id()
    qtbot.mouseClick(banner.resolve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: banner.table.rowCount() == 1, timeout=10_000)
    assert chosen not in banner._ids and not recon.probe().healthy
    # a later run finds the resolved difference again: the bus event reloads the banner
    arun(recon.run())
    qtbot.waitUntil(lambda: banner.table.rowCount() == 2, timeout=10_000)
    tab.detach()
    assert not banner.isVisible() and tab.banner.isVisible()
    arun(services.stop())


def test_a_profile_that_never_reconciled_shows_the_dry_run_note(qtbot, arun) -> None:
    services = arun(AppServices.open(None))
    tab = PortfolioTab()
    qtbot.addWidget(tab)
    tab.attach(services)
    tab.show()
    qtbot.waitUntil(lambda: tab.badge.text() == "Synced", timeout=10_000)
    assert tab.banner.isVisible() and not tab.mismatches.isVisible()
    assert not tab.recon_badge.isVisible()
    tab.detach()
    arun(services.stop())


def test_banner_strings_have_vietnamese_entries() -> None:
    for text in (*mismatch_banner.COLUMNS, *mismatch_banner.KIND_TEXT.values(),
                 "Accept the broker's side", "Mark resolved", "Reconciled", "Not reconciled"):
        assert text in VI, text
