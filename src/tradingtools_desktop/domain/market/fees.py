"""Broker fee and selling tax, in whole VND.

Rounding: value = qty * price exactly; fee = value * broker_fee_bps / 10,000 and tax =
value * sell_tax_bps / 10,000, each rounded half-up to the whole VND on its own (so 1,852.5
VND becomes 1,853). Brokers differ in whether they round per fill or per order; we round per
trade_costs call, i.e. per fill when the OMS books fills.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..money import bps_of
from ..orders import Side

__all__ = ["FeeSchedule", "TradeCosts", "bps_of", "trade_costs"]


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    broker_fee_bps: int = 15  # 0.15 % of traded value, per profile
    sell_tax_bps: int = 10  # 0.1 % personal income tax on the sale value, sells only


@dataclass(frozen=True, slots=True)
class TradeCosts:
    value: int  # qty * price
    fee: int
    tax: int  # 0 for a buy
    net_cash: int  # a buy: -(value + fee); a sell: value - fee - tax


def trade_costs(side: Side, qty: int, price_vnd: int, schedule: FeeSchedule) -> TradeCosts:
    value = qty * price_vnd
    fee = bps_of(value, schedule.broker_fee_bps)
    if side is Side.BUY:
        return TradeCosts(value, fee, 0, -(value + fee))
    tax = bps_of(value, schedule.sell_tax_bps)
    return TradeCosts(value, fee, tax, value - fee - tax)
