"""The board's lists on a real (in-memory) profile: built-in lists from the listing, the
user's lists ordered and shared with the screener's universes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from tradingtools_desktop.services.market.bar_quotes import bar_quotes
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.services.watchlists import (
    ListKind,
    Watchlist,
    WatchlistError,
    WatchlistService,
)

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def test_lists_members_order_and_refusals() -> None:
    async def go() -> None:
        svc = await AppServices.open(None)
        try:
            wl = WatchlistService(svc.db)
            lists = await wl.lists()
            assert lists[0] == Watchlist(ListKind.USER, "WATCHLIST")
            assert Watchlist(ListKind.BASKET, "VN30") in lists
            assert Watchlist(ListKind.EXCHANGE, "HNX") in lists
            assert Watchlist(ListKind.INDUSTRY, "Banks") in lists
            assert len(await wl.members(Watchlist(ListKind.BASKET, "VN30"))) == 30
            banks = await wl.members(Watchlist(ListKind.INDUSTRY, "Banks"))
            assert "VCB" in banks and "FPT" not in banks
            assert await wl.members(Watchlist(ListKind.BASKET, "HNX30")) == []

            assert await wl.save("watchlist", ["hpg", "FPT", "ZZZ", "HPG"], NOW) == ["ZZZ"]
            mine = Watchlist(ListKind.USER, "WATCHLIST")
            assert await wl.members(mine) == ["HPG", "FPT"]  # the user's order, not A-Z
            # a member added elsewhere (the CLI writes universe_members) shows after them
            await svc.db.execute("INSERT INTO universe_members VALUES ('WATCHLIST', 'ACB')")
            assert await wl.members(mine) == ["HPG", "FPT", "ACB"]
            await wl.save("TECH", [], NOW)
            assert Watchlist(ListKind.USER, "TECH") in await wl.lists()  # empty, still there
            for reserved in ("HOSE", "VN30", " "):
                with pytest.raises(WatchlistError):
                    await wl.save(reserved, ["FPT"], NOW)
            with pytest.raises(WatchlistError):
                await wl.delete("WATCHLIST")
            await wl.delete("TECH")
            assert Watchlist(ListKind.USER, "TECH") not in await wl.lists()
        finally:
            await svc.stop()

    asyncio.run(go())


def test_newest_bars_become_old_quotes_with_their_band() -> None:
    async def go() -> None:
        svc = await AppServices.open(None)
        try:
            quotes = {q.symbol: q for q in await bar_quotes(svc.db)}
            fpt = quotes["FPT"]
            # FPT 2025-11-13 closed 99,600 after 100,600 the day before (bundled bars)
            assert (fpt.last, fpt.reference, fpt.ceiling, fpt.floor) == (
                99_600, 100_600, 107_600, 93_600)
            assert fpt.source.value == "bars" and fpt.bids is None
            assert fpt.at.date().isoformat() == "2025-11-13"
        finally:
            await svc.stop()

    asyncio.run(go())
