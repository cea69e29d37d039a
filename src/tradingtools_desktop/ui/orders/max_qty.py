"""The largest quantity the account allows, in board lots, from a pre-check's numbers."""

from __future__ import annotations

from ...domain.market.exchange import BOARD_LOT
from ...domain.money import bps_of
from ...domain.orders import OrderRequest, Side
from ...domain.risk import RiskCode, RiskDecision
from ...i18n import tr
from .format import money


def max_quantity(probe: OrderRequest, decision: RiskDecision,
                 fee_bps: int) -> tuple[int, str]:
    """(quantity, sentence) for ``probe`` (the ticket at one board lot): a buy is bounded by
    buying power with the broker fee (priceless types at the ceiling), a sell by the
    sellable shares; both rounded down to board lots."""
    if probe.side is Side.SELL:
        check = decision.check(RiskCode.SELLABLE_QTY)
        sellable = check.context.get("sellable") if check is not None else None
        if not isinstance(sellable, int):
            return 0, tr("Sellable shares are not known yet.")
        qty = sellable // BOARD_LOT * BOARD_LOT
        return qty, tr("{qty} of {sellable} sellable shares (board lots).").format(
            qty=f"{qty:,}", sellable=f"{sellable:,}")
    notional = decision.check(RiskCode.MAX_NOTIONAL)
    power = decision.check(RiskCode.BUYING_POWER)
    unit = notional.context.get("ceiling") if notional is not None else None
    have = power.context.get("have") if power is not None else None
    if not isinstance(unit, int) or unit <= 0 or not isinstance(have, int):
        return 0, tr("Type a valid price first: the maximum depends on it.")
    lots = have // (unit * BOARD_LOT)
    while lots > 0:
        value = lots * BOARD_LOT * unit
        if value + bps_of(value, fee_bps) <= have:
            break
        lots -= 1
    qty = lots * BOARD_LOT
    return qty, tr("{qty} shares: the most your buying power {have} allows with the fee.").format(
        qty=f"{qty:,}", have=money(have))
