from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import Order, OrderRequest, OrderStatus, OrderType, Side
from tradingtools_desktop.domain.trading_state import TradingMode
from tradingtools_desktop.store import open_database
from tradingtools_desktop.store.idempotency import DuckDBIdempotencyStore
from tradingtools_desktop.store.orders_repo import OrderRepository

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def _order(oid: str, key: str, request_id: str | None = None) -> Order:
    req = OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, 100, 95_000, key)
    return Order(oid, req, OrderStatus.PENDING_SUBMIT, NOW, NOW, mode=TradingMode.LIVE,
                 request_id=request_id, trade_date=date(2026, 11, 25))


def test_async_factory_lookup_and_request_id_kept_on_the_order(tmp_path) -> None:
    async def go() -> None:
        db, _ = await open_database(tmp_path / "t.duckdb", None)
        keys = await DuckDBIdempotencyStore.create(db)
        repo = OrderRepository(db)
        assert await keys.lookup("k1") is None
        first, created = await repo.insert_new(
            _order("o1", "k1", "12345678"), decision={}, audit=[(None, "NEW", "x")],
            source="t")
        assert created and await keys.lookup("k1") == "o1"
        # the same key again never creates a second order
        again, created = await repo.insert_new(
            _order("o2", "k1", "87654321"), decision={}, audit=[(None, "NEW", "x")],
            source="t")
        assert not created and again.id == "o1" and again.request_id == "12345678"
        # an order's request id is set once: a later change never replaces it
        moved = replace(first, status=OrderStatus.SUBMITTED, request_id="11111111")
        await repo.save_transition(first, moved, source="t")
        stored = await repo.get("o1")
        assert stored is not None and stored.request_id == "12345678"
        assert stored.mode is TradingMode.LIVE
        await db.close()

    asyncio.run(go())


def test_old_constructor_still_works_with_a_deprecation_warning(tmp_path) -> None:
    async def go() -> None:
        db, _ = await open_database(tmp_path / "t.duckdb", None)
        with pytest.warns(DeprecationWarning, match="create"):
            keys = DuckDBIdempotencyStore(db)
        assert await keys.lookup("nope") is None
        await db.close()

    asyncio.run(go())
