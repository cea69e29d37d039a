"""The full listing: seeded from the bundled vnstock-js listing (real, Apache-2.0), refreshed
from SSI Data SecuritiesDetails (the simulator, real sockets), status per symbol, and the
counts the screener's ALL states."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from simulators.ssi_fastconnect_data import DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET, SsiDataSimulator

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.market.quotes import TradingStatus
from tradingtools_desktop.market.bundled import seed_if_empty
from tradingtools_desktop.market.listing import refresh_listing_from_ssi, seed_listing
from tradingtools_desktop.market.ssi_data import SsiDataClient, SsiDataConfig, SsiDataCredentials
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.services.screen_guard import coverage_note
from tradingtools_desktop.store import open_database
from tradingtools_desktop.store.listing_repo import ListingRepository

NOW = datetime(2025, 11, 13, 9, 0, tzinfo=UTC)


async def _seeded():
    db, _ = await open_database(None, None)
    await seed_if_empty(db)
    added = await seed_listing(db, NOW)
    return db, added


def test_the_bundled_listing_grows_the_cache_to_the_whole_market() -> None:
    async def go():
        db, added = await _seeded()
        try:
            repo = ListingRepository(db)
            again = await seed_listing(db, NOW)  # once per profile
            return (added, again, await repo.counts(), await repo.entry("FPT"),
                    await repo.entry("AAA"), await repo.entry("AMD"), await repo.entry("ZZZ"))
        finally:
            await db.close()

    added, again, counts, fpt, aaa, amd, unknown = asyncio.run(go())
    assert again == 0
    assert counts.listed == 1544 and added == 1544 - 92  # the 92 bundled ones were there
    assert counts.with_bars == 92 and counts.delisted == 195
    # MCH: UPCOM in the bundled 2025 data (kept), HOSE in the listing
    assert counts.by_exchange == {"HOSE": 402, "HNX": 302, "UPCOM": 840}
    assert fpt is not None and fpt.exchange is Exchange.HOSE and fpt.tradable
    assert aaa is not None and aaa.exchange is Exchange.HOSE and aaa.status is TradingStatus.NORMAL
    assert aaa.name == "Công ty Cổ phần Nhựa An Phát Xanh" and aaa.sector == "Chemicals"
    # AMD (FLC Stone) is delisted in the source: known, not listed, not tradable
    assert amd is not None and amd.status is TradingStatus.DELISTED
    assert amd.exchange is None and not amd.tradable
    assert unknown is None


def test_all_says_how_many_the_market_lists_and_how_many_have_bars() -> None:
    async def go():
        db, _ = await _seeded()
        try:
            from tradingtools_desktop.agents.snapshot_loader import resolve_universe

            def notes(tx):
                return [coverage_note(tx, u, resolve_universe(tx, u))
                        for u in ("ALL", "HNX", "VN30")]

            return await db.call(notes)
        finally:
            await db.close()

    all_, hnx, vn30 = asyncio.run(go())
    assert all_["text"] == ("the market lists 1544 stocks; 92 have daily bars in the cache "
                            "(the others are not scored)")
    assert (hnx["listed"], hnx["with_bars"]) == (302, 15)
    assert vn30 is None  # a named list: nothing to say


def test_a_screener_run_over_an_exchange_states_the_coverage(tt_home) -> None:
    async def go():
        svc = await AppServices.open(None)
        try:
            return await svc.screener.run("HNX")
        finally:
            await svc.stop()

    result = asyncio.run(go())
    assert result.status == "DONE" and len(result.verdicts) == 15
    assert result.meta["missing"]["listing"]["text"].startswith(
        "HNX lists 302 stocks; 15 have daily bars in the cache")


def test_ssi_securities_details_refresh_the_listing_and_its_status() -> None:
    sim = SsiDataSimulator()
    sim.start()

    async def go():
        db, _ = await _seeded()
        try:
            cfg = SsiDataConfig(base_url=sim.url, timeout=5.0, requests_per_second=1000.0,
                                page_size=20)
            async with SsiDataClient(cfg, SsiDataCredentials(DEMO_CONSUMER_ID,
                                                             DEMO_CONSUMER_SECRET)) as client:
                listed = await refresh_listing_from_ssi(client, db, NOW)
            repo = ListingRepository(db)
            lots = await db.execute("SELECT count(*) FROM listing_status WHERE lot_size = 100")
            from tradingtools_desktop.services.risk_market import load_market

            known = await db.call(lambda tx: (load_market(tx, "FPT", NOW.date()).known,
                                              load_market(tx, "AAA", NOW.date()).known))
            return listed, await repo.entry("FPT"), await repo.entry("AAA"), \
                await repo.counts(), lots[0][0], known
        finally:
            await db.close()

    try:
        listed, fpt, aaa, counts, lots, known = asyncio.run(go())
    finally:
        sim.stop()
    # the simulator lists the 92 bundled stocks (paged by 20): those stay, with SSI's lot;
    # a code SSI no longer lists on its exchange is marked delisted
    assert listed == 92 and lots == 92
    assert fpt.status is TradingStatus.NORMAL and fpt.lot_size == 100 and fpt.tradable
    assert aaa.status is TradingStatus.DELISTED and not aaa.tradable
    assert counts.listed == 92 and counts.with_bars == 92
    assert sim.state.calls["securitiesdetails"] > 3
    assert known == (True, False)  # the risk checks no longer take orders in AAA


def test_vnstock_listing_rows_update_the_listing() -> None:
    """Rows in the shape vnstock 4.0.8's VCI ``symbols_by_exchange()`` returns (symbol,
    exchange = the VCI board, type, organ_name), values from the real vnstock-js listing."""
    from tradingtools_desktop.market.listing import (
        listing_from_vnstock,
        refresh_listing_from_vnstock,
    )

    records = [
        {"symbol": "AAA", "exchange": "HSX", "type": "STOCK",
         "organ_name": "Công ty Cổ phần Nhựa An Phát Xanh"},
        {"symbol": "FPT", "exchange": "HSX", "type": "STOCK", "organ_name": "FPT"},
        {"symbol": "AMD", "exchange": "DELISTED", "type": "STOCK", "organ_name": "FLC Stone"},
        {"symbol": "ACB", "exchange": "HSX", "type": "STOCK", "organ_name": None},
        {"symbol": "CFPT2501", "exchange": "HSX", "type": "CW", "organ_name": "warrant"},
        {"symbol": "MCH", "exchange": "HSX", "type": "STOCK", "organ_name": "Masan Consumer"},
    ]
    assert [r[0] for r in listing_from_vnstock(records)] == ["AAA", "FPT", "AMD", "ACB", "MCH"]

    async def go():
        db, _ = await _seeded()
        try:
            await db.call(lambda tx: tx.execute(
                "UPDATE listing_status SET status = 'delisted' WHERE symbol = 'ACB'"))
            n = await refresh_listing_from_vnstock(records, db, NOW)
            repo = ListingRepository(db)
            return n, [await repo.entry(s) for s in ("ACB", "AMD", "MCH")]
        finally:
            await db.close()

    n, (acb, amd, mch) = asyncio.run(go())
    assert n == 4
    assert acb.status is TradingStatus.NORMAL and acb.name  # listed again, name kept
    assert amd.status is TradingStatus.DELISTED
    assert mch.exchange is Exchange.HOSE  # vnstock says HOSE now


def test_the_screener_notes_read_in_both_languages() -> None:
    from tradingtools_desktop.i18n import set_language
    from tradingtools_desktop.i18n.market_notes import screener_notes

    missing = {"listing": {"universe": "ALL", "listed": 1544, "with_bars": 92},
               "unadjusted": {"symbols": [{"symbol": "FPT", "day": "2024-06-12",
                                           "kind": "stock_dividend", "ratio": 1.2}]}}
    try:
        set_language("en")
        assert screener_notes(missing) == [
            "the market lists 1544 stocks; 92 have daily bars in the cache (the others are "
            "not scored)",
            "Not scored: prices not adjusted for a corporate action: FPT (stock dividend 1.2, "
            "2024-06-12)"]
        set_language("vi")
        vi = screener_notes(missing)
        assert vi[0].startswith("thị trường niêm yết 1544 mã cổ phiếu; 92 mã có nến ngày")
        assert "cổ tức bằng cổ phiếu 1.2" in vi[1]
    finally:
        set_language(None)
