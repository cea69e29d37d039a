from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import Order, OrderRequest, OrderStatus, OrderType, Side
from tradingtools_desktop.store import StoreError, open_database
from tradingtools_desktop.store.idempotency import DuckDBIdempotencyStore
from tradingtools_desktop.store.orders_repo import OrderRepository

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def _order(oid: str, key: str) -> Order:
    req = OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, 100, 95_000, key)
    return Order(oid, req, OrderStatus.PENDING_SUBMIT, NOW, NOW)


def test_async_factory_lookup_and_request_id_binding(tmp_path) -> None:
    async def go() -> None:
        db, _ = await open_database(tmp_path / "t.duckdb", None)
        keys = await DuckDBIdempotencyStore.create(db)
        repo = OrderRepository(db)
        assert await keys.lookup("k1") is None
        _stored, created = await repo.insert_new(
            _order("o1", "k1"), mode="LIVE", trade_date=date(2026, 11, 25), reserved_cash=0,
            decision={}, audit=[(None, "NEW", "x")], source="t")
        assert created and await keys.lookup("k1") == "o1"
        # the same key again never creates a second order
        again, created = await repo.insert_new(
            _order("o2", "k1"), mode="LIVE", trade_date=date(2026, 11, 25), reserved_cash=0,
            decision={}, audit=[(None, "NEW", "x")], source="t")
        assert not created and again.order.id == "o1"
        await keys.bind_request_id("k1", "12345678")
        await keys.bind_request_id("k1", "12345678")  # idempotent
        with pytest.raises(StoreError):
            await keys.bind_request_id("k1", "87654321")
        assert await keys.request_id("k1") == "12345678"
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
