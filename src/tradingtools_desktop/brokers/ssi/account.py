"""The SSI account as one :class:`BrokerSnapshot`: stockPosition + cashAcctBal + orderBook.

- Positions: ``total`` = onHand + buyT0 + buyT1 + buyT2 (settled plus bought, not yet
  settled); ``sellable`` = sellableQty (SSI's own figure: settled minus holdForTrade, block
  and mortgage); ``avg_cost`` = avgPrice rounded to the VND; ``held`` = holdForTrade;
  ``pending`` = buyTk as (settle day, quantity), buyTk settling k trading days ago + 2
  (buyT2 settles today). Rows with nothing held are left out.
- Cash = cashBal + receivingCashT1 + receivingCashT2: cash plus sale proceeds still to
  arrive, so a T+2 settlement does not change it.
- Open orders: the requestIDs (uniqueID) of today's orderBook rows whose status is not
  terminal (:attr:`SsiOrder.status`). Orders without a uniqueID are keyed ``order:<id>``.

The three reads run concurrently; any failure propagates (the caller keeps its last good
snapshot and says it is stale). :func:`read_account` also returns the raw stockPosition and
cashAcctBal reads (market prices, purchasingPower) the live portfolio shows.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime

from ...domain.market.calendar import TradingCalendar, to_vn_time
from ...domain.money import round_vnd
from ...domain.orders import TERMINAL_STATUSES
from ...domain.reconciliation import BrokerPosition, BrokerSnapshot
from .client import FastConnectClient
from .models import CashBalance, SsiOrder, StockPositions

__all__ = ["AccountView", "broker_snapshot", "read_account", "snapshot_from"]



@dataclass(frozen=True, slots=True)
class AccountView:
    """Everything one account read returned: the snapshot plus what the portfolio shows."""

    snapshot: BrokerSnapshot
    positions: StockPositions
    cash: CashBalance
    market_prices: dict[str, int]


def snapshot_from(positions: StockPositions, cash: CashBalance, orders: list[SsiOrder],
                  now: datetime, calendar: TradingCalendar | None = None) -> BrokerSnapshot:
    cal = calendar or TradingCalendar()
    today: date = to_vn_time(now).date()
    out: dict[str, BrokerPosition] = {}
    for p in positions.positions:
        buys = (p.buy_t0, p.buy_t1, p.buy_t2)
        total = p.on_hand + sum(buys)
        if total == 0:
            continue
        pending = tuple((cal.add_trading_days(today, 2 - k), q)
                        for k, q in enumerate(buys) if q)
        sellable = p.sellable_qty if p.sellable_qty is not None else max(
            0, p.on_hand - p.hold_for_trade - p.block - p.mortgage)
        out[p.instrument_id.upper()] = BrokerPosition(
            total, sellable, round_vnd(p.avg_price), p.hold_for_trade, pending)
    open_ids = frozenset(
        (o.unique_id if o.unique_id else f"order:{o.order_id}")
        for o in orders if o.status not in TERMINAL_STATUSES)
    return BrokerSnapshot(now, out, cash.cash_bal + cash.receiving_cash_t1 +
                          cash.receiving_cash_t2, open_ids)


async def read_account(client: FastConnectClient, now: datetime,
                       calendar: TradingCalendar | None = None) -> AccountView:
    positions, cash, orders = await asyncio.gather(
        client.stock_position(), client.cash_account_balance(), client.order_book())
    snap = snapshot_from(positions, cash, orders, now, calendar)
    prices = {p.instrument_id.upper(): round_vnd(p.market_price) for p in positions.positions}
    return AccountView(snap, positions, cash, prices)


async def broker_snapshot(client: FastConnectClient, now: datetime,
                          calendar: TradingCalendar | None = None) -> BrokerSnapshot:
    """The account at ``now`` (an aware datetime: the time of the read)."""
    return (await read_account(client, now, calendar)).snapshot
