"""SSI order statuses (spec v2.4 section 7.2, lines 3028-3061; stream list lines 2466-2481)
onto our :class:`OrderStatus`.

The appendix spells codes in mixed case ("Wa", "Ff", "FFPC"), the stream and order books
in upper case ("WA", "FF"): matching is case-insensitive.

Live statuses (the order still works at the exchange) map to SUBMITTED, or to
PARTIALLY_FILLED once ``filled_qty > 0``. FFPC ("fully filled partially cancelled": part
traded, the rest cancelled) is terminal CANCELLED; the fills stand. An unknown code raises
:class:`UnknownSsiStatus` — it is never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from ...domain.orders import OrderStatus

__all__ = ["SSI_STATUS_MAP", "SsiOrderStatus", "UnknownSsiStatus", "map_status"]


class SsiOrderStatus(StrEnum):
    WA = "WA"  # Waiting Approval
    RS = "RS"  # Ready to Send Exch
    SD = "SD"  # Sent to Exch
    QU = "QU"  # Queue in Exch
    FF = "FF"  # Fully Filled
    PF = "PF"  # Partially Filled
    FFPC = "FFPC"  # Fully Filled Partially Cancelled
    WM = "WM"  # Waiting Modify
    WC = "WC"  # Waiting Cancel
    CL = "CL"  # Cancelled
    RJ = "RJ"  # Rejected
    EX = "EX"  # Expired
    SOR = "SOR"  # Stop Order Ready
    SOS = "SOS"  # Stop Order Sent
    IAV = "IAV"  # Pre-Session Order
    SOI = "SOI"  # Pre-Session Stop Order


S = SsiOrderStatus
O = OrderStatus  # noqa: E741

# None = a live status: SUBMITTED, or PARTIALLY_FILLED when something has traded
SSI_STATUS_MAP: Mapping[SsiOrderStatus, OrderStatus | None] = MappingProxyType({
    S.WA: None,
    S.RS: None,
    S.SD: None,
    S.QU: None,
    S.WM: None,  # a modify is pending; the order itself keeps working
    S.SOR: None,  # a stop order accepted, waiting for its trigger
    S.SOS: None,  # the stop triggered and the order went to the exchange
    S.IAV: None,  # entered before the session opens
    S.SOI: None,
    S.PF: O.PARTIALLY_FILLED,
    S.FF: O.FILLED,
    S.FFPC: O.CANCELLED,  # terminal; filled_qty keeps the traded part
    S.WC: O.PENDING_CANCEL,
    S.CL: O.CANCELLED,
    S.RJ: O.REJECTED,
    S.EX: O.EXPIRED,
})


class UnknownSsiStatus(ValueError):
    """An order status code the spec does not list."""


def map_status(code: str, filled_qty: int = 0) -> OrderStatus:
    """Our status for an SSI ``orderStatus`` code and the order's filled quantity."""
    try:
        ssi = SsiOrderStatus(code.strip().upper())
    except ValueError:
        raise UnknownSsiStatus(f"unknown SSI order status {code[:12]!r}") from None
    mapped = SSI_STATUS_MAP[ssi]
    if mapped is not None:
        return mapped
    return O.PARTIALLY_FILLED if filled_qty > 0 else O.SUBMITTED
