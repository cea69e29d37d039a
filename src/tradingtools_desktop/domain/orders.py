"""Order vocabulary shared by every layer: sides, order types and order statuses."""

from __future__ import annotations

from enum import StrEnum


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
