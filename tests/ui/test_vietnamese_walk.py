"""In Vietnamese, no English is left on screen: every tab, the menus, the ticket with its
pre-trade checks and an order in the tables, the dialogs and every wizard page are walked
widget by widget; a visible English word that is not a ticker or a code fails the test."""

from __future__ import annotations

import pytest
from tests.ui.vi_walk import english_words, leftovers

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
from tradingtools_desktop.i18n import set_language
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.connection_checks import Endpoints
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow

DEAD = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}


@pytest.fixture
def vietnamese():
    set_language("vi")
    yield
    set_language(None)


def test_the_walker_finds_english_and_passes_vietnamese_and_codes() -> None:
    assert english_words("Place order") == ["Place", "order"]
    assert english_words("BUY 100 FPT") == ["BUY"]
    assert english_words("Đặt lệnh Mua 100 FPT trên HOSE, giá 95,30") == []
    assert english_words("Run") == ["Run"]
    assert english_words("/tmp/x/profiles/ui1") == []


def test_every_visible_string_is_vietnamese(qtbot, arun, tt_home, vietnamese) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths("vi1", tt_home)))
    window.attach(services)
    window.show()
    problems: list[str] = []
    # an order in the tables and a ticket with its checks (a sell of shares not held fails)
    arun(services.orders.place(OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO,
                                            100, 95_300, "vi-walk-1"), source="ui"))
    window.orders_tab.refresh()
    qtbot.waitUntil(lambda: window.orders_tab.history_table.rowCount()
                    + window.orders_tab.open_table.rowCount() > 0)
    ticket = window.orders_tab.ticket
    ticket.prefill("FPT", Side.SELL, 100)
    ticket.price.setText("95.3")
    qtbot.waitUntil(lambda: ticket.checks.count() > 0)
    # a screener run with a row picked and its Details open
    window.select_tab("screener")
    window.screener_tab.universe.setCurrentText("VN30")
    window.screener_tab.start_run()
    qtbot.waitUntil(lambda: window.screener_tab.table.rowCount() == 30, timeout=30_000)
    qtbot.waitUntil(lambda: window.screener_tab.chart.shown_symbol != "", timeout=10_000)
    window.screener_tab.details_button.click()
    window.kill_switch()  # the notice strip and the HALTED check, in Vietnamese
    qtbot.waitUntil(lambda: window.notices.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: any(ticket.checks.item(i).text().startswith("✗ Giao dịch ĐÃ")
                                for i in range(ticket.checks.count())), timeout=5000)
    qtbot.wait(1100)  # the status bar's clock and session tick
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        qtbot.wait(50)
    problems += [p for p in leftovers(window, ignore={"EMA20", "EMA50", "SMA200", "RSI",
                                                      "MACD", "ATR", "PE", "PB", "ROE",
                                                      "EPS",
                                                      # names, not words: a statistic and
                                                      # the exchanges' index names
                                                      "Newey-West", "HNX-Index",
                                                      "UPCOM-Index"})
                 if "runMeta" not in p]  # run metadata: a hash and engine names
    from tradingtools_desktop.ui.help import about_dialog, glossary_dialog, shortcuts_dialog
    from tradingtools_desktop.ui.orders.confirm import DryRunConfirmDialog
    from tradingtools_desktop.ui.orders.modify_dialog import ModifyDialog

    for dialog in (shortcuts_dialog(window), glossary_dialog(window),
                   about_dialog("/tmp/x", window)):
        problems += [f"help: {p}" for p in leftovers(dialog, ignore={"MACD"})]
    order = arun(services.orders.history())[0]
    problems += [f"modify: {p}" for p in leftovers(ModifyDialog(order, window))]
    problems += [f"dry-run confirm: {p}" for p in leftovers(DryRunConfirmDialog(
        order.request, 9_530_000, 14_295, "", window))]
    for menu in window.menuBar().findChildren(type(window.tray.menu)):
        problems += leftovers(menu)
    problems += leftovers(window.tray.menu)

    window.wizard_endpoints = Endpoints(vnstock_env=DEAD)
    window.open_wizard()
    wizard = window.wizard
    qtbot.waitExposed(wizard)
    wizard.profile.pass1.setText("correct horse battery staple 42")
    wizard.profile.pass2.setText("correct horse battery staple 42")
    wizard.next()
    wizard.next()  # the checks, offline and without keys: every sentence in Vietnamese
    qtbot.waitUntil(lambda: wizard.checks.done, timeout=60_000)
    wizard.next()
    wizard.next()  # the summary
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        problems += [f"wizard page {page_id}: {p}" for p in leftovers(page)]
    problems += [f"wizard: {p}" for p in leftovers(wizard)
                 if "wizard page" not in p]
    qtbot.wait(200)  # the wizard's settings read ends before the profile closes
    wizard.reject()

    from tradingtools_desktop.ui.orders.confirm import LiveConfirmDialog

    req = OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, 100, 95_300, "k")
    confirm = LiveConfirmDialog(req, 9_530_000, 14_295, "", window)
    problems += [f"confirm: {p}" for p in leftovers(confirm)]
    window.open_go_live()
    problems += [f"go live: {p}" for p in leftovers(window.go_live)]
    window.go_live.close()

    window.detach()
    arun(services.stop())
    import os
    if os.environ.get("VI_WALK_DUMP"):
        with open(os.environ["VI_WALK_DUMP"], "w", encoding="utf-8") as out:
            out.write("\n".join(problems))
    assert problems == [], "\n".join(problems)
