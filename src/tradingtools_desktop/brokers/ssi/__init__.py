"""SSI FastConnect Trading API v2.4: protocol client, signing, models, status map, errors.

The OMS-facing Broker adapter (DLQ, retry worker, state machine wiring) builds on
:class:`FastConnectClient`; this package does no persistence and keeps no order state.
"""

from __future__ import annotations

from .circuit import CircuitBreaker, CircuitState, CircuitStatus
from .client import FastConnectClient, SsiConfig
from .errors import (
    AuthError,
    BrokerRejected,
    BrokerUnavailable,
    CircuitOpen,
    DuplicateRequestId,
    MalformedResponse,
    OrderOutcomeUnknown,
    RateLimited,
    RequestTimeout,
    SsiError,
)
from .models import (
    AuditOrder,
    CancelOrderRequest,
    CashBalance,
    MaxBuyQty,
    MaxSellQty,
    ModifyOrderRequest,
    NewOrderRequest,
    OrderAck,
    PpmmrAccount,
    SsiCredentials,
    SsiOrder,
    StockPosition,
    StockPositions,
    TwoFactorType,
    new_order_from_domain,
)
from .request_id import RequestIdAllocator
from .signing import SigningKey
from .status_map import SsiOrderStatus, UnknownSsiStatus, map_status

__all__ = [
    "AuditOrder", "AuthError", "BrokerRejected", "BrokerUnavailable", "CancelOrderRequest",
    "CashBalance", "CircuitBreaker", "CircuitOpen", "CircuitState", "CircuitStatus",
    "DuplicateRequestId", "FastConnectClient", "MalformedResponse", "MaxBuyQty",
    "MaxSellQty", "ModifyOrderRequest", "NewOrderRequest", "OrderAck",
    "OrderOutcomeUnknown", "PpmmrAccount", "RateLimited", "RequestIdAllocator",
    "RequestTimeout", "SigningKey", "SsiConfig", "SsiCredentials", "SsiError", "SsiOrder",
    "SsiOrderStatus", "StockPosition", "StockPositions", "TwoFactorType", "UnknownSsiStatus",
    "map_status", "new_order_from_domain",
]
