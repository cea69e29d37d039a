"""Broker fee and selling tax, in whole VND.

Rounding: fee and tax are each rounded half-up to the whole VND (value * bps / 10,000).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..orders import Side


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    broker_fee_bps: int = 15  # 0.15 % of traded value, per profile
    sell_tax_bps: int = 10  # 0.1 % personal income tax on the sale value


@dataclass(frozen=True, slots=True)
class TradeCosts:
    value: int
    fee: int
    tax: int
    net_cash: int  # negative for a buy (cash out), positive for a sell (cash in)


def bps_of(value: int, bps: int) -> int:
    """``value * bps / 10,000`` rounded half-up, exactly, in integers."""
    return (value * bps + 5_000) // 10_000


def trade_costs(side: Side, qty: int, price_vnd: int, schedule: FeeSchedule) -> TradeCosts:
    value = qty * price_vnd
    fee = bps_of(value, schedule.broker_fee_bps)
    if side is Side.BUY:
        return TradeCosts(value, fee, 0, -(value + fee))
    tax = bps_of(value, schedule.sell_tax_bps)
    return TradeCosts(value, fee, tax, value - fee - tax)
