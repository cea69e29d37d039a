"""Orders: sides, types, statuses, the request a trader makes, the order and its fills.

:class:`Order` is the one record of an order: what was asked, where it stands, and its
identity and routing — the mode it was placed in (which broker it belongs to), the broker
request id it is known by there (SSI's requestID, allocated and written before the first
send), the cash reserved for it, and the fees, tax and trade date of its fills.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from .market.exchange import Exchange
from .trading_state import TradingMode


class Side(StrEnum):
    BUY = "BUY"
    SELL = "SELL"


class OrderType(StrEnum):
    """Order types of the three VN exchanges (which ones apply depends on exchange and session)."""

    LO = "LO"  # limit order
    ATO = "ATO"  # at the opening auction (HOSE)
    ATC = "ATC"  # at the closing auction (HOSE, HNX)
    MP = "MP"  # market price (HOSE)
    MTL = "MTL"  # market-to-limit (HNX)
    MOK = "MOK"  # match-or-kill (HNX)
    MAK = "MAK"  # match-and-kill (HNX)
    PLO = "PLO"  # post-close limit order (HNX)


class OrderStatus(StrEnum):
    NEW = "NEW"
    DENIED = "DENIED"
    PENDING_SUBMIT = "PENDING_SUBMIT"  # written; being sent, or not delivered yet
    UNKNOWN = "UNKNOWN"  # sent, the broker's answer lost: being checked at the broker
    SUBMITTED = "SUBMITTED"
    PARTIALLY_FILLED = "PARTIALLY_FILLED"
    FILLED = "FILLED"
    PENDING_MODIFY = "PENDING_MODIFY"  # a price/quantity change sent, not yet confirmed
    PENDING_CANCEL = "PENDING_CANCEL"
    CANCELLED = "CANCELLED"
    REJECTED = "REJECTED"
    EXPIRED = "EXPIRED"
    FAILED = "FAILED"


TERMINAL_STATUSES = frozenset({OrderStatus.DENIED, OrderStatus.FILLED, OrderStatus.CANCELLED,
                               OrderStatus.REJECTED, OrderStatus.EXPIRED, OrderStatus.FAILED})
# not yet acknowledged by the broker: it may or may not have the order
AWAITING_BROKER = frozenset({OrderStatus.PENDING_SUBMIT, OrderStatus.UNKNOWN})
# what a user reads for a status whose code alone says too little (English; tr() it)
STATUS_TEXT: dict[OrderStatus, str] = {
    OrderStatus.UNKNOWN: "unknown, being checked at the broker",
    OrderStatus.PENDING_SUBMIT: "being sent",
    OrderStatus.PENDING_MODIFY: "change sent, waiting for the broker",
    OrderStatus.PENDING_CANCEL: "cancel sent, waiting for the broker",
    OrderStatus.PARTIALLY_FILLED: "partly filled",
}


@dataclass(frozen=True, slots=True)
class OrderRequest:
    """What the trader asks for. Prices in VND; ``price`` is None for market-type orders."""

    symbol: str
    exchange: Exchange
    side: Side
    order_type: OrderType
    quantity: int
    price: int | None
    idempotency_key: str
    account: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"symbol": self.symbol, "exchange": self.exchange.value, "side": self.side.value,
                "order_type": self.order_type.value, "quantity": self.quantity,
                "price": self.price, "idempotency_key": self.idempotency_key}


@dataclass(frozen=True, slots=True)
class Order:
    id: str
    request: OrderRequest  # what is asked now (a confirmed modify changes price/quantity)
    status: OrderStatus
    created_at: datetime
    updated_at: datetime
    filled_qty: int = 0
    filled_value: int = 0  # sum of qty * price over fills, VND
    broker_order_id: str | None = None
    reason: str = ""
    mode: TradingMode = TradingMode.DRY_RUN  # the broker it was placed with, for good
    request_id: str | None = None  # the broker's request id (SSI requestID); set once
    reserved_cash: int = 0  # VND held for an open buy's remainder, with its fee
    fees: int = 0  # VND, over its fills
    taxes: int = 0  # VND, over its fills
    trade_date: date | None = None  # the Vietnam trading day it was placed on

    @property
    def remaining_qty(self) -> int:
        return self.request.quantity - self.filled_qty

    @property
    def avg_price(self) -> int | None:
        """Average fill price rounded to the VND, None before the first fill."""
        if not self.filled_qty:
            return None
        return (self.filled_value + self.filled_qty // 2) // self.filled_qty

    @property
    def is_open(self) -> bool:
        return self.status not in TERMINAL_STATUSES

    @property
    def outcome_unknown(self) -> bool:
        """Sent, but whether the broker has it is not known yet (it is being checked)."""
        return self.status is OrderStatus.UNKNOWN

    @property
    def status_text(self) -> str:
        """The status as a user reads it (English; translate with ``tr``)."""
        return STATUS_TEXT.get(self.status, self.status.value)

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, **self.request.to_dict(), "status": self.status.value,
                "status_text": self.status_text, "outcome_unknown": self.outcome_unknown,
                "mode": self.mode.value, "filled_qty": self.filled_qty,
                "avg_price": self.avg_price, "broker_order_id": self.broker_order_id,
                "request_id": self.request_id, "reserved_cash": self.reserved_cash,
                "fees": self.fees, "taxes": self.taxes, "reason": self.reason,
                "created_at": self.created_at.isoformat(),
                "updated_at": self.updated_at.isoformat()}


@dataclass(frozen=True, slots=True)
class Fill:
    fill_id: str
    order_id: str
    quantity: int
    price: int
    at: datetime
    fee: int = 0
    tax: int = 0
