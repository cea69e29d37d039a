"""Helpers shared by the OMS tests in dry-run (kept out of conftest so test modules can
import them): the session they run in and the order ticket they place."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side

VN = timezone(timedelta(hours=7))
WED_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=VN)  # HOSE continuous session
FPT_CLOSE = 99_600  # bundled data: FPT close on 2025-11-13


def order_ticket(key: str, *, price: int | None, **kw: object) -> OrderRequest:
    """A ticket to buy 100 FPT (HOSE, LO) at ``price`` with idempotency key ``key``;
    ``kw`` overrides any other field."""
    base: dict[str, object] = dict(symbol="FPT", exchange=Exchange.HOSE, side=Side.BUY,
                                   order_type=OrderType.LO, quantity=100, price=price,
                                   idempotency_key=key)
    base.update(kw)
    return OrderRequest(**base)  # type: ignore[arg-type]
