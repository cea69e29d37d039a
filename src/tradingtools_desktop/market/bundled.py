"""The offline dataset shipped with the app: real daily bars of 92 VN stocks up to
2025-11-13 (see resources/market/SOURCE.md). A new profile is seeded from it so the order
ticket and the dry-run broker have reference prices before any market-data key is set; the
UI always shows the "data as of" date, so nobody mistakes it for a live price.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from ..store.db import Database, Tx

SOURCE = "bundled:vci_daily"


def dataset_dir() -> Path:
    return Path(str(resources.files("tradingtools_desktop").joinpath("resources", "market")))


async def seed_if_empty(db: Database) -> int:
    """Load the bundled instruments and bars into an empty cache; returns bars inserted."""
    folder = dataset_dir()
    bars, instruments = folder / "bars.csv.gz", folder / "instruments.csv"
    if not bars.exists() or not instruments.exists():
        return 0
    now = datetime.now(UTC)

    def load(tx: Tx) -> int:
        row = tx.one("SELECT count(*) FROM daily_bars")
        if row and row[0]:
            return 0
        tx.execute(
            "INSERT INTO instruments (symbol, exchange, kind, name, sector, source, fetched_at) "
            "SELECT symbol, exchange, kind, name, sector, ?, ? FROM read_csv(?, header = true, "
            "all_varchar = true) ON CONFLICT (symbol) DO NOTHING",
            [SOURCE, now, str(instruments)], table="instruments")
        tx.execute(
            "INSERT INTO daily_bars SELECT symbol, CAST(day AS DATE), CAST(open AS BIGINT), "
            "CAST(high AS BIGINT), CAST(low AS BIGINT), CAST(close AS BIGINT), "
            "CAST(volume AS BIGINT), coalesce(flags, ''), ?, ? FROM read_csv(?, header = true, "
            "all_varchar = true) ON CONFLICT (symbol, day) DO NOTHING",
            [SOURCE, now, str(bars)], table="daily_bars")
        count = tx.one("SELECT count(*) FROM daily_bars")
        return int(count[0]) if count else 0

    return await db.transaction(load)
