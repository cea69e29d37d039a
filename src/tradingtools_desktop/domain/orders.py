"""Orders: sides, types, statuses, the request a trader makes, the order and its fills."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .market.exchange import Exchange


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
    PENDING_SUBMIT = "PENDING_SUBMIT"
    SUBMITTED = "SUBMITTED"
    PARTIALLY_FILLED = "PARTIALLY_FILLED"
    FILLED = "FILLED"
    PENDING_CANCEL = "PENDING_CANCEL"
    CANCELLED = "CANCELLED"
    REJECTED = "REJECTED"
    EXPIRED = "EXPIRED"
    FAILED = "FAILED"


TERMINAL_STATUSES = frozenset({OrderStatus.DENIED, OrderStatus.FILLED, OrderStatus.CANCELLED,
                               OrderStatus.REJECTED, OrderStatus.EXPIRED, OrderStatus.FAILED})


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
    request: OrderRequest
    status: OrderStatus
    created_at: datetime
    updated_at: datetime
    filled_qty: int = 0
    filled_value: int = 0  # sum of qty * price over fills, VND
    broker_order_id: str | None = None
    reason: str = ""

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

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, **self.request.to_dict(), "status": self.status.value,
                "filled_qty": self.filled_qty, "avg_price": self.avg_price,
                "broker_order_id": self.broker_order_id, "reason": self.reason,
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
