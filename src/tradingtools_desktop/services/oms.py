"""The order manager: the one entry point for orders, over small parts with one idea each.

- placing (:mod:`.order_place`): risk check, write first, then act; one durable record for a
  broker that acknowledges synchronously (dry-run), two phases otherwise;
- cancelling (:mod:`.order_cancel`), never blocked by trading state or risk;
- modifying a working LO order (:mod:`.order_modify`), re-checked by the risk engine;
- settling doubt for the DLQ worker (:mod:`.order_doubt`): lookup, resend, close;
- every change of an order, whoever makes it, through :mod:`.order_changes` (the order's
  lock, the state machine, compare-and-set, the audit row in the same transaction).

Broker reports (fills, cancels, expiries, confirmed changes) come in through
:meth:`OrderManager.on_report`; :meth:`OrderManager.poll` asks the brokers for them.

Locks: a placement holds the OMS's lock (:attr:`OrderManager.lock`) while it checks and
writes (so checks see every reservation), then only the order's own lock while the broker
answers; every change of an order — ack, report, fill, cancel, modify, dead-letter outcome
— takes that order's lock, so a report that lands during a broker call waits for the
call's answer to be written and is then applied to the order as it is.

Two brokers: the dry-run broker for DRY_RUN orders and, when connected, the live broker
(SSI FastConnect) for LIVE orders; an order always talks to the broker of its own mode.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from ..brokers.base import Broker, BrokerUnavailable, ExecutionReport
from ..domain.market.bands import PriceBand, price_band
from ..domain.market.fees import TradeCosts, trade_costs
from ..domain.orders import Order, OrderRequest, OrderStatus
from ..domain.risk import RiskCode, RiskDecision, order_value
from ..domain.trading_state import TradingMode
from ..store.idempotency import DuckDBIdempotencyStore
from ..store.orders_repo import AuditEntry, OrderRepository
from .bus import EventBus
from .clock import Clock
from .order_cancel import OrderCancels
from .order_changes import Extra, OrderChanges
from .order_doubt import OrderDoubt
from .order_modify import ModifyResult, OrderModifier
from .order_place import UNKNOWN_TITLE, OrderPlacement, PlaceResult
from .risk_service import MarketSnapshot, RiskService
from .trading_state import TradingStateService

log = logging.getLogger(__name__)
# a request id stays taken at the broker for its trading day; two days cover it
REQUEST_ID_WINDOW = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class TicketPreview:
    """What the order ticket shows while the user types."""

    decision: RiskDecision
    market: MarketSnapshot
    band: PriceBand | None
    costs: TradeCosts | None


class OrderNotFound(LookupError):
    pass


class OrderManager:
    def __init__(self, repo: OrderRepository, keys: DuckDBIdempotencyStore, risk: RiskService,
                 broker: Broker, trading: TradingStateService, bus: EventBus,
                 clock: Clock) -> None:
        self.repo = repo
        self.keys = keys
        self.risk = risk
        self.broker = broker
        self._live: Broker | None = None
        self.retry_delay = 2.0  # seconds before the DLQ worker's first attempt
        self._trading = trading
        self.bus = bus
        self.clock = clock
        self.lock = asyncio.Lock()
        self._polled: dict[TradingMode, float] = {}  # monotonic time of the last full poll
        self.changes = OrderChanges(repo, risk, bus, clock, risk.cash_advance)
        self.placement = OrderPlacement(self)
        self._cancels = OrderCancels(self)
        self._doubt = OrderDoubt(self)
        self._modifier = OrderModifier(self, self.changes, risk, repo, clock)
        broker.set_report_handler(self.on_report)
        trading.on_halt(self._cancels.cancel_all)

    @property
    def mode(self) -> TradingMode:
        return self._trading.mode

    @property
    def live_broker(self) -> Broker | None:
        return self._live

    async def connect_live(self, broker: Broker) -> None:
        """LIVE orders go to ``broker`` from now on; it first learns the app's recent LIVE
        orders (request ids taken, open orders to track)."""
        broker.set_report_handler(self.on_report)
        since = self.clock.now() - REQUEST_ID_WINDOW
        await broker.restore(await self.repo.since(TradingMode.LIVE, since))
        self._live = broker

    def disconnect_live(self) -> None:
        self._live = None

    def broker_for(self, mode: TradingMode) -> Broker:
        if mode is TradingMode.LIVE:
            if self._live is None:
                raise BrokerUnavailable("no live broker is connected")
            return self._live
        return self.broker

    # -- queries -----------------------------------------------------------------------
    async def check(self, request: OrderRequest,
                    reference_override: int | None = None) -> RiskDecision:
        used = await self.keys.lookup(request.idempotency_key)
        decision, _ = await self.risk.check(request, duplicate=used is not None,
                                            reference_override=reference_override)
        return decision

    async def preview(self, request: OrderRequest) -> TicketPreview:
        used = await self.keys.lookup(request.idempotency_key)
        decision, market = await self.risk.check(request, duplicate=used is not None)
        band = market.band  # as the exchange published it (a live quote of today)
        if band is None and market.reference_price and market.exchange is not None:
            band = price_band(market.exchange, market.reference_price, market.kind)
        value = order_value(request, band)
        costs = None
        if value is not None and request.quantity > 0:
            costs = trade_costs(request.side, request.quantity, value // request.quantity,
                                self.risk.fees)
        return TicketPreview(decision, market, band, costs)

    async def status(self, order_id: str) -> Order:
        order = await self.changes.current(order_id)
        if order is None:
            raise OrderNotFound(f"No order with id {order_id!r}.")
        return order

    async def open_orders(self) -> list[Order]:
        return await self.repo.open_orders()

    async def history(self, limit: int = 200) -> list[Order]:
        return await self.repo.history(limit)

    async def audit(self, order_id: str | None = None) -> list[AuditEntry]:
        return await self.repo.audit(order_id)

    # -- acting on orders --------------------------------------------------------------
    async def place(self, request: OrderRequest, *, source: str = "user") -> PlaceResult:
        """See :mod:`.order_place`."""
        return await self.placement.place(request, source=source)

    async def after_ack(self, order: Order) -> Order:
        """See :meth:`.order_place.OrderPlacement.after_ack`."""
        return await self.placement.after_ack(order)

    async def cancel(self, order_id: str, *, source: str = "user") -> Order:
        """See :mod:`.order_cancel`."""
        return await self._cancels.cancel(order_id, source=source)

    async def modify(self, order_id: str, *, price: int | None = None,
                     quantity: int | None = None, source: str = "user") -> ModifyResult:
        """See :class:`.order_modify.OrderModifier`."""
        return await self._modifier.modify(order_id, price=price, quantity=quantity,
                                           source=source)

    # -- broker reports ----------------------------------------------------------------
    async def poll(self, order_ids: list[str] | None = None,
                   mode: TradingMode | None = None, *, routine: bool = False) -> None:
        """Ask the brokers (or only ``mode``'s) what changed about their open orders.
        ``routine`` (the background loop): a broker is asked only once its
        ``poll_interval()`` has passed since it was last asked (a broker whose stream is
        up is polled less often); any other call asks now."""
        brokers: list[tuple[TradingMode, Broker]] = [(TradingMode.DRY_RUN, self.broker)]
        if self._live is not None:
            brokers.append((TradingMode.LIVE, self._live))
        for broker_mode, broker in brokers:
            if mode is not None and mode is not broker_mode:
                continue
            now = time.monotonic()
            if routine and now - self._polled.get(broker_mode, -1e9) < broker.poll_interval():
                continue
            tracked = [o for o in await self.repo.open_orders(broker_mode)
                       if order_ids is None or o.id in order_ids]
            if order_ids is None:
                self._polled[broker_mode] = now
            if tracked:
                await broker.poll(tracked, self.clock.now())

    async def on_report(self, report: ExecutionReport) -> None:
        order = await self.changes.apply(report.order_id, self.changes.report_change(report))
        if order is None:
            log.warning("report for an unknown order %s ignored", report.order_id)

    async def restore(self) -> None:
        """After a start: the dry-run broker gets back its resting orders."""
        since = self.clock.now() - REQUEST_ID_WINDOW
        await self.broker.restore(await self.repo.since(TradingMode.DRY_RUN, since))

    # -- settling doubt (the DLQ worker's side: :mod:`.order_doubt`) -------------------
    async def lookup(self, order_id: str) -> Order | None:
        return await self._doubt.lookup(order_id)

    async def resend(self, order_id: str) -> Order:
        return await self._doubt.resend(order_id)

    async def close(self, order_id: str, status: OrderStatus, reason: str, *,
                    source: str = "dlq", extra: Extra | None = None,
                    title: str | None = None, locked: bool = False) -> Order:
        """End an open order in ``status`` (FAILED, or CANCELLED for one that never reached
        the broker) with its reservation released; ``title`` alerts the user."""
        return await self._doubt.close(order_id, status, reason, source=source, extra=extra,
                                       title=title, locked=locked)


__all__ = ["UNKNOWN_TITLE", "AuditEntry", "ModifyResult", "OrderManager", "OrderNotFound",
           "PlaceResult", "RiskCode", "TicketPreview"]
