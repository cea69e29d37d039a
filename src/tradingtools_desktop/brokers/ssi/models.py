"""Typed FastConnect requests and responses (spec v2.4 sections 5.2-5.20).

Requests validate what the spec states (requestID format, LO price > 0 and price = 0 for
other types: lines 413-416, B/S, order types of 5.5.1) and serialise with the spec's exact
keys and order. Responses are read with :func:`.wire.from_wire`; keys follow the spec's JSON
examples, which differ in casing from its field tables (``cashBal`` not ``cashbal``).
Money is VND as ``int`` (a fractional amount is rounded half-up with a logged note, see
:mod:`.wire`); SSI average/market prices that may be fractional are ``Decimal``.
Secrets (consumerSecret, PIN/OTP, private key) live in :class:`SsiCredentials`, whose repr
is redacted; requests never hold the trading code (the client adds it when sending).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import IntEnum
from typing import Any

from ...domain.orders import OrderRequest, OrderStatus, OrderType, Side
from .request_id import is_valid as _valid_request_id
from .status_map import map_status
from .wire import wire_key as W

__all__ = [
    "AuditOrder", "CancelOrderRequest", "CashBalance", "MaxBuyQty", "MaxSellQty",
    "ModifyOrderRequest", "NewOrderRequest", "OrderAck", "PpmmrAccount", "SsiCredentials",
    "SsiOrder", "StockPosition", "StockPositions", "TwoFactorType", "machine_device_id",
    "new_order_from_domain", "valid_device_id",
]

_ORDER_TYPES = frozenset(t.value for t in OrderType)
_DEVICE_ID = re.compile(
    r"^(?:[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}"
    r"|[0-9A-Fa-f]{12})$")


def valid_device_id(device_id: str) -> bool:
    """Spec 5.5.1 deviceId: XX:XX:XX:XX:XX:XX, XX-XX-XX-XX-XX-XX or XXXXXXXXXXXX."""
    return bool(_DEVICE_ID.match(device_id))


def machine_device_id() -> str:
    """This machine's MAC as XX-XX-XX-XX-XX-XX (what SSI's .NET client sends as deviceId)."""
    node = uuid.getnode()
    return "-".join(f"{(node >> shift) & 0xFF:02X}" for shift in range(40, -8, -8))


def _mask(value: str) -> str:
    return f"…{value[-4:]}" if len(value) > 8 else "***"


class TwoFactorType(IntEnum):
    """AccessToken ``twoFactorType`` (spec 5.4.1, lines 317-319)."""

    PIN = 0
    OTP = 1


@dataclass(frozen=True, slots=True)
class SsiCredentials:
    """Connection secrets from iBoard. ``code`` is the PIN (None for OTP users).

    ``private_key`` is SSI's base64 ``<RSAKeyValue>`` text or a PEM. repr/str are redacted.
    """

    consumer_id: str
    consumer_secret: str = field(repr=False)
    private_key: str = field(repr=False)
    two_factor_type: TwoFactorType = TwoFactorType.PIN
    code: str | None = field(default=None, repr=False)

    def secrets(self) -> tuple[str, ...]:
        """The values that must never leave in a message (for scrubbing)."""
        return tuple(s for s in (self.consumer_secret, self.private_key, self.code) if s)

    def __repr__(self) -> str:
        return (f"SsiCredentials(consumer_id={_mask(self.consumer_id)!r}, consumer_secret=***, "
                f"private_key=***, two_factor_type={self.two_factor_type.name}, "
                f"code={'***' if self.code else None})")

    __str__ = __repr__


def _check_common(request_id: str, buy_sell: str, quantity: int) -> None:
    if not _valid_request_id(request_id):
        raise ValueError("requestID must be a numeric string of at most 8 characters")
    if buy_sell not in ("B", "S"):
        raise ValueError("buySell must be 'B' or 'S'")
    if quantity <= 0:
        raise ValueError("quantity must be positive")


def _check_price(order_type: str, price: int) -> None:
    if order_type not in _ORDER_TYPES:
        raise ValueError(f"orderType {order_type!r} is not in spec 5.5.1")
    if order_type == "LO" and price <= 0:
        raise ValueError("an LO order needs price > 0")
    if order_type != "LO" and price != 0:
        raise ValueError("price must be 0 unless orderType is LO")


@dataclass(frozen=True, slots=True)
class NewOrderRequest:
    """Spec 5.5.1. ``price`` in VND (0 for non-LO)."""

    account: str
    request_id: str
    instrument_id: str
    buy_sell: str
    order_type: str
    price: int
    quantity: int
    market: str = "VN"
    channel_id: str = "TA"
    stop_order: bool = False
    stop_price: int = 0
    stop_type: str = ""
    stop_step: int = 0
    loss_step: int = 0
    profit_step: int = 0

    def __post_init__(self) -> None:
        _check_common(self.request_id, self.buy_sell, self.quantity)
        _check_price(self.order_type, self.price)

    def to_wire(self, *, device_id: str, user_agent: str, code: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "instrumentID": self.instrument_id, "market": self.market,
            "buySell": self.buy_sell, "orderType": self.order_type,
            "channelID": self.channel_id, "price": self.price, "quantity": self.quantity,
            "account": self.account, "requestID": self.request_id,
            "stopOrder": self.stop_order, "stopPrice": self.stop_price,
            "stopType": self.stop_type, "stopStep": self.stop_step,
            "lossStep": self.loss_step, "profitStep": self.profit_step}
        return _tail(body, device_id, user_agent, code)


@dataclass(frozen=True, slots=True)
class ModifyOrderRequest:
    """Spec 5.6.1: the new price/quantity plus the original order's identity."""

    account: str
    request_id: str
    order_id: str
    instrument_id: str
    buy_sell: str
    order_type: str
    price: int
    quantity: int
    market_id: str = "VN"

    def __post_init__(self) -> None:
        _check_common(self.request_id, self.buy_sell, self.quantity)
        if not self.order_id.strip():
            raise ValueError("'Order ID' must not be empty")

    def to_wire(self, *, device_id: str, user_agent: str, code: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "orderID": self.order_id, "price": self.price, "quantity": self.quantity,
            "account": self.account, "instrumentID": self.instrument_id,
            "marketID": self.market_id, "buySell": self.buy_sell,
            "requestID": self.request_id, "orderType": self.order_type}
        return _tail(body, device_id, user_agent, code)


@dataclass(frozen=True, slots=True)
class CancelOrderRequest:
    """Spec 5.7.1."""

    account: str
    request_id: str
    order_id: str
    instrument_id: str
    buy_sell: str
    market_id: str = "VN"

    def __post_init__(self) -> None:
        _check_common(self.request_id, self.buy_sell, 1)
        if not self.order_id.strip():
            raise ValueError("'Order ID' must not be empty")

    def to_wire(self, *, device_id: str, user_agent: str, code: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "orderID": self.order_id, "account": self.account, "marketID": self.market_id,
            "instrumentID": self.instrument_id, "buySell": self.buy_sell,
            "requestID": self.request_id}
        return _tail(body, device_id, user_agent, code)


def _tail(body: dict[str, Any], device_id: str, user_agent: str,
          code: str | None) -> dict[str, Any]:
    if code is not None:  # only when the token was issued with isSave = false
        body["code"] = code
    body["deviceId"] = device_id
    body["userAgent"] = user_agent
    return body


def new_order_from_domain(req: OrderRequest, request_id: str, account: str) -> NewOrderRequest:
    """Our OrderRequest as a stock-market NewOrder (market VN, channel TA)."""
    return NewOrderRequest(
        account=account, request_id=request_id, instrument_id=req.symbol.upper(),
        buy_sell="B" if req.side is Side.BUY else "S", order_type=req.order_type.value,
        price=req.price if req.order_type is OrderType.LO and req.price is not None else 0,
        quantity=req.quantity)


# ---- responses -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrderAck:
    """data of a successful NewOrder/ModifyOrder/CancelOrder: ``{requestID, requestData}``."""

    request_id: str = field(metadata=W("requestID"))
    request_data: dict[str, Any] | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class SsiOrder:
    """One row of orderBook / orderHistory (spec 5.11.2, 5.20.2).

    Only orderID and orderStatus are required: any other column that is null or unreadable
    counts as missing and takes its default (see :mod:`.wire`).
    """

    order_id: str = field(metadata=W("orderID"))
    order_status: str = field(metadata=W("orderStatus"))
    instrument_id: str = field(default="", metadata=W("instrumentID"))
    buy_sell: str = field(default="", metadata=W("buySell"))
    price: Decimal = field(default=Decimal(0), metadata=W("price"))
    quantity: int = field(default=0, metadata=W("quantity"))
    filled_qty: int = field(default=0, metadata=W("filledQty"))
    market_id: str = field(default="", metadata=W("marketID"))
    order_type: str = field(default="", metadata=W("orderType"))
    unique_id: str | None = field(default=None, metadata=W("uniqueID"))
    input_time: datetime | None = field(default=None, metadata=W("inputTime"))
    modified_time: datetime | None = field(default=None, metadata=W("modifiedTime"))
    cancel_qty: int = field(default=0, metadata=W("cancelQty"))
    avg_price: Decimal = field(default=Decimal(0), metadata=W("avgPrice"))
    is_force_sell: str | None = field(default=None, metadata=W("isForcesell"))
    is_short_sell: str | None = field(default=None, metadata=W("isShortsell"))
    reject_reason: str | None = field(default=None, metadata=W("rejectReason"))

    @property
    def status(self) -> OrderStatus:
        """Our status (raises UnknownSsiStatus for a code the spec does not list)."""
        return map_status(self.order_status, self.filled_qty)

    def matches_request_id(self, request_id: str) -> bool:
        return _same_id(self.unique_id, request_id)


@dataclass(frozen=True, slots=True)
class AuditOrder:
    """One row of auditOrderBook (spec 5.19.2): an order plus its last error event."""

    order: SsiOrder
    last_error: SsiOrder | None = None


def _same_id(a: str | None, b: str) -> bool:
    if a is None:
        return False
    if a.isdigit() and b.isdigit():
        return int(a) == int(b)
    return a == b


@dataclass(frozen=True, slots=True)
class StockPosition:
    """One element of stockPositions (spec 5.12.2); a row without instrumentID or onHand is
    skipped (a holding of unknown size is not guessed)."""

    instrument_id: str = field(metadata=W("instrumentID"))
    on_hand: int = field(metadata=W("onHand"))
    market_id: str = field(default="VN", metadata=W("marketID"))
    block: int = field(default=0, metadata=W("block"))
    bonus: int = field(default=0, metadata=W("bonus"))
    buy_t0: int = field(default=0, metadata=W("buyT0"))
    buy_t1: int = field(default=0, metadata=W("buyT1"))
    buy_t2: int = field(default=0, metadata=W("buyT2"))
    sell_t0: int = field(default=0, metadata=W("sellT0"))
    sell_t1: int = field(default=0, metadata=W("sellT1"))
    sell_t2: int = field(default=0, metadata=W("sellT2"))
    avg_price: Decimal = field(default=Decimal(0), metadata=W("avgPrice"))
    mortgage: int = field(default=0, metadata=W("mortgage"))
    sellable_qty: int | None = field(default=None, metadata=W("sellableQty"))
    hold_for_trade: int = field(default=0, metadata=W("holdForTrade"))
    market_price: Decimal = field(default=Decimal(0), metadata=W("marketPrice"))


@dataclass(frozen=True, slots=True)
class StockPositions:
    account: str = field(default="", metadata=W("account"))
    total_market_value: Decimal = field(default=Decimal(0), metadata=W("totalMarketValue"))
    positions: tuple[StockPosition, ...] = field(default=(), metadata=W("stockPositions"))


@dataclass(frozen=True, slots=True)
class CashBalance:
    """cashAcctBal data (spec 5.16.2; keys as in its example, lines 1749-1765). cashBal and
    purchasingPower are required: without them there is no balance to show."""

    cash_bal: int = field(metadata=W("cashBal"))
    purchasing_power: int = field(metadata=W("purchasingPower"))
    account: str = field(default="", metadata=W("account"))
    cash_on_hold: int = field(default=0, metadata=W("cashOnHold"))
    secure_amount: int = field(default=0, metadata=W("secureAmount"))
    withdrawable: int = field(default=0, metadata=W("withdrawable"))
    receiving_cash_t1: int = field(default=0, metadata=W("receivingCashT1"))
    receiving_cash_t2: int = field(default=0, metadata=W("receivingCashT2"))
    matched_buy_volume: int = field(default=0, metadata=W("matchedBuyVolume"))
    matched_sell_volume: int = field(default=0, metadata=W("matchedSellVolume"))
    debt: int = field(default=0, metadata=W("debt"))
    unmatched_buy_volume: int = field(default=0, metadata=W("unMatchedBuyVolume"))
    unmatched_sell_volume: int = field(default=0, metadata=W("unMatchedSellVolume"))
    paid_cash_t1: int = field(default=0, metadata=W("paidCashT1"))
    paid_cash_t2: int = field(default=0, metadata=W("paidCashT2"))
    cia: int = field(default=0, metadata=W("cia"))
    total_assets: int = field(default=0, metadata=W("totalAssets"))


@dataclass(frozen=True, slots=True)
class PpmmrAccount:
    """ppmmraccount data (spec 5.17.2): the fields the app reads, keys as in the example."""

    purchasing_power: int = field(metadata=W("purchasingPower"))
    cash_balance: int = field(default=0, metadata=W("cashBalance"))
    ee: int = field(default=0, metadata=W("ee"))
    ee_origin: int = field(default=0, metadata=W("eeOrigin"))
    collateral_asset: int = field(default=0, metadata=W("collateralAsset"))
    liability: int = field(default=0, metadata=W("liability"))
    equity: int = field(default=0, metadata=W("equity"))
    total_equity: int = field(default=0, metadata=W("totalEquity"))
    total_assets: int = field(default=0, metadata=W("totalAssets"))
    lmv: int = field(default=0, metadata=W("lmv"))
    margin_call: int = field(default=0, metadata=W("marginCall"))
    margin_ratio: Decimal = field(default=Decimal(0), metadata=W("marginRatio"))
    debt: int = field(default=0, metadata=W("debt"))
    fees: int = field(default=0, metadata=W("fees"))
    buy_unmatch: int = field(default=0, metadata=W("buyUnmatch"))
    sell_unmatch: int = field(default=0, metadata=W("sellUnmatch"))
    withdrawal: int = field(default=0, metadata=W("withdrawal"))
    action: str = field(default="", metadata=W("action"))


@dataclass(frozen=True, slots=True)
class MaxBuyQty:
    """maxBuyQty data (spec 5.14.2)."""

    max_buy_qty: int = field(metadata=W("maxBuyQty"))
    account: str = field(default="", metadata=W("account"))
    margin_ratio: str = field(default="", metadata=W("marginRatio"))
    purchasing_power: int = field(default=0, metadata=W("purchasingPower"))


@dataclass(frozen=True, slots=True)
class MaxSellQty:
    """maxSellQty data (spec 5.15.2)."""

    max_sell_qty: int = field(metadata=W("maxSellQty"))
    account: str = field(default="", metadata=W("account"))
