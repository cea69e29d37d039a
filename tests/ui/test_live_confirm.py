from __future__ import annotations

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
from tradingtools_desktop.ui.orders.confirm import LiveConfirmDialog


def test_live_confirm_needs_a_deliberate_second_action(qtbot) -> None:
    req = OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, 100, 95_300, "k")
    dialog = LiveConfirmDialog(req, 9_530_000, 14_295, "All pre-trade checks passed.")
    qtbot.addWidget(dialog)
    assert not dialog.send.isEnabled()  # Enter alone cannot send a live order
    dialog.ack.setChecked(True)
    assert dialog.send.isEnabled()
    dialog.ack.setChecked(False)
    assert not dialog.send.isEnabled()
