"""The full listing: seeded from the bundled resource, refreshed from SSI FastConnect Data.

- :func:`seed_listing`: once per profile (when ``listing_status`` is empty), every code of
  ``resources/market/listing.csv.gz`` (about 1,540 stocks on HOSE, HNX and UPCOM and 195
  delisted codes; see SOURCE.md). Instruments the profile already knows keep their row.
- :func:`refresh_listing_from_vnstock`: the same from vnstock's ``Listing`` (VCI) through
  the sandboxed worker, for users without SSI Data keys.
- :func:`refresh_listing_from_ssi`: ``SecuritiesDetails`` of HOSE, HNX and UPCOM (name, type,
  board lot, and the status when SSI sends one): stocks and ETFs become instruments; a code
  the bundled or an earlier SSI listing had on that exchange and SSI no longer lists is
  marked delisted. Everything in one transaction: a failed page changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ..domain.market.exchange import Exchange
from ..domain.market.quotes import TradingStatus
from ..store.db import Database, Tx
from ..store.listing_repo import status_name
from .bundled import dataset_dir

if TYPE_CHECKING:
    from .ssi_data.client import SsiDataClient
    from .ssi_data.rows import SecurityDetails

SOURCE = "bundled:vnstockjs_listing"
SOURCE_SSI = "ssi_data:SecuritiesDetails"


async def seed_listing(db: Database, now: datetime) -> int:
    """Seed the bundled listing into a profile that has none; returns the codes added."""
    path = dataset_dir() / "listing.csv.gz"
    if not path.exists():
        return 0

    def load(tx: Tx) -> int:
        row = tx.one("SELECT count(*) FROM listing_status")
        if row and row[0]:
            return 0
        before = tx.one("SELECT count(*) FROM instruments")
        tx.execute(
            "INSERT INTO instruments (symbol, exchange, kind, name, sector, source, fetched_at) "
            "SELECT symbol, exchange, 'STOCK', name, nullif(sector, ''), ?, ? FROM "
            "read_csv(?, header = true, all_varchar = true) WHERE status = 'normal' "
            "ON CONFLICT (symbol) DO NOTHING", [SOURCE, now, str(path)], table="instruments")
        tx.execute(
            "INSERT INTO listing_status (symbol, status, source, updated_at) SELECT symbol, "
            "status, ?, ? FROM read_csv(?, header = true, all_varchar = true) "
            "ON CONFLICT (symbol) DO NOTHING", [SOURCE, now, str(path)], table="listing_status")
        # a bundled instrument the listing does not name stays tradable
        tx.execute("INSERT INTO listing_status (symbol, status, source, updated_at) SELECT "
                   "symbol, 'normal', source, ? FROM instruments ON CONFLICT DO NOTHING", [now])
        after = tx.one("SELECT count(*) FROM instruments")
        return int(after[0] if after else 0) - int(before[0] if before else 0)

    return await db.transaction(load)


async def refresh_listing_from_ssi(client: SsiDataClient, db: Database, now: datetime) -> int:
    """The listing of HOSE, HNX and UPCOM from SSI; returns the codes SSI listed."""
    found: dict[Exchange, list[SecurityDetails]] = {}
    for exchange in Exchange:
        found[exchange] = [d for d in await client.securities_details(market=exchange.value)
                           if d.is_stock and d.exchange is exchange]

    def write(tx: Tx) -> int:
        count = 0
        for exchange, details in found.items():
            if not details:
                continue  # SSI said nothing about this exchange: keep what we have
            for d in details:
                kind = "ETF" if d.sec_type == "EF" else "STOCK"
                tx.execute(
                    "INSERT INTO instruments (symbol, exchange, kind, name, source, fetched_at) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (symbol) DO UPDATE SET "
                    "exchange = excluded.exchange, kind = excluded.kind, "
                    "name = coalesce(nullif(excluded.name, ''), instruments.name), "
                    "fetched_at = excluded.fetched_at",
                    [d.symbol, exchange.value, kind, d.name or None, SOURCE_SSI, now])
                status = d.status or TradingStatus.NORMAL
                tx.execute(
                    "INSERT INTO listing_status (symbol, status, lot_size, source, updated_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (symbol) DO UPDATE SET "
                    "status = excluded.status, lot_size = coalesce(excluded.lot_size, "
                    "listing_status.lot_size), source = excluded.source, "
                    "updated_at = excluded.updated_at",
                    [d.symbol, status_name(status), d.lot_size, SOURCE_SSI, now])
                count += 1
            listed = [d.symbol for d in details]
            tx.execute(
                "UPDATE listing_status SET status = 'delisted', source = ?, updated_at = ? "
                "WHERE symbol IN (SELECT symbol FROM instruments WHERE exchange = ? AND "
                "symbol NOT IN (SELECT unnest(?))) AND status <> 'delisted'",
                [SOURCE_SSI, now, exchange.value, listed])
        return count

    return await db.transaction(write)


async def listing_refreshed_since(db: Database, since: datetime) -> bool:
    """Whether SSI or vnstock refreshed the listing since ``since``."""
    row = await db.one("SELECT max(updated_at) FROM listing_status WHERE source IN (?, ?)",
                       [SOURCE_SSI, "vnstock:Listing"])
    return bool(row and row[0] and row[0] >= since)


SOURCE_VNSTOCK = "vnstock:Listing"
_BOARDS = {"HSX": Exchange.HOSE, "HOSE": Exchange.HOSE, "HNX": Exchange.HNX,
           "UPCOM": Exchange.UPCOM}


def listing_from_vnstock(records: list[dict[str, object]]
                         ) -> list[tuple[str, Exchange | None, str | None]]:
    """vnstock ``Listing(source="VCI").symbols_by_exchange()`` rows (symbol, exchange - the
    VCI board HSX / HNX / UPCOM / DELISTED -, type, organ_name) as (symbol, exchange or None
    when delisted, name). Stock codes only (three characters; type STOCK when given)."""
    out: list[tuple[str, Exchange | None, str | None]] = []
    for r in records:
        symbol = str(r.get("symbol") or "").strip().upper()
        kind = str(r.get("type") or "STOCK").strip().upper()
        board = str(r.get("exchange") or "").strip().upper()
        if len(symbol) != 3 or not symbol.isalnum() or kind != "STOCK":
            continue
        if board in _BOARDS:
            out.append((symbol, _BOARDS[board], str(r.get("organ_name") or "") or None))
        elif board == "DELISTED":
            out.append((symbol, None, None))
    return out


async def refresh_listing_from_vnstock(records: list[dict[str, object]], db: Database,
                                       now: datetime) -> int:
    """Apply vnstock's listing (one transaction); returns the codes it lists. A code it
    calls DELISTED is marked so; codes it does not mention are left as they are."""
    rows = listing_from_vnstock(records)
    if not rows:
        return 0  # an empty answer says nothing about the market

    def write(tx: Tx) -> int:
        listed = 0
        for symbol, exchange, name in rows:
            if exchange is None:
                tx.execute("INSERT INTO listing_status (symbol, status, source, updated_at) "
                           "VALUES (?, 'delisted', ?, ?) ON CONFLICT (symbol) DO UPDATE SET "
                           "status = 'delisted', source = excluded.source, "
                           "updated_at = excluded.updated_at", [symbol, SOURCE_VNSTOCK, now])
                continue
            tx.execute(
                "INSERT INTO instruments (symbol, exchange, kind, name, source, fetched_at) "
                "VALUES (?, ?, 'STOCK', ?, ?, ?) ON CONFLICT (symbol) DO UPDATE SET "
                "exchange = excluded.exchange, "
                "name = coalesce(excluded.name, instruments.name), "
                "fetched_at = excluded.fetched_at",
                [symbol, exchange.value, name, SOURCE_VNSTOCK, now])
            tx.execute("INSERT INTO listing_status (symbol, status, source, updated_at) "
                       "VALUES (?, 'normal', ?, ?) ON CONFLICT (symbol) DO UPDATE SET "
                       "status = CASE WHEN listing_status.status = 'delisted' THEN 'normal' "
                       "ELSE listing_status.status END, source = excluded.source, "
                       "updated_at = excluded.updated_at", [symbol, SOURCE_VNSTOCK, now])
            listed += 1
        return listed

    return await db.transaction(write)
