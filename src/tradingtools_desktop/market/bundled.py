"""The offline dataset shipped with the app: real daily bars of 92 VN stocks up to
2025-11-13 (see resources/market/SOURCE.md). A new profile is seeded from it so the order
ticket and the dry-run broker have reference prices before any market-data key is set; the
UI always shows the "data as of" date, so nobody mistakes it for a live price.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from ..domain.market.calendar import VN_TZ
from ..store.db import Database, Tx
from .news_linking import Linker, is_market_headline

SOURCE = "bundled:vci_daily"
SOURCE_NEWS = "bundled:vn_news_2025-11"
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
        tx.execute("INSERT INTO universe_members SELECT 'VN30', symbol FROM read_csv(?, "
                   "header = true, all_varchar = true) WHERE vn30 = '1' ON CONFLICT DO NOTHING",
                   [str(instruments)], table="universe_members")
        fundamentals = folder / "fundamentals.csv"
        if fundamentals.exists():
            tx.execute(
                "INSERT INTO fundamentals (symbol, period, source, pe, pb, roe, roa, "
                "debt_to_equity, gross_margin, dividend_yield, eps, bvps, revenue_growth, "
                "profit_growth, fetched_at) SELECT symbol, period, source, pe, pb, roe, roa, "
                "debt_to_equity, gross_margin, dividend_yield, eps, bvps, revenue_growth, "
                "profit_growth, ? FROM read_csv(?, header = true) ON CONFLICT DO NOTHING",
                [now, str(fundamentals)], table="fundamentals")
        news = folder / "news.jsonl"
        if news.exists():
            linker = Linker((str(r[0]), r[1]) for r in tx.execute(
                "SELECT symbol, name FROM instruments"))
            for item in _news_rows(news, linker):
                tx.execute("INSERT INTO news (id, title, summary, published_at, url, symbols, "
                           "market, source, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                           "ON CONFLICT DO NOTHING", [*item, SOURCE_NEWS, now], table="news")
        count = tx.one("SELECT count(*) FROM daily_bars")
        return int(count[0]) if count else 0

    return await db.transaction(load)


def _news_rows(path: Path, linker: Linker) -> list[list[object]]:
    """(id, title, summary, published_at, url, symbols, market) per headline: tickers by
    market/news_linking.py (the file's own ``symbols`` field is machine-made and wrong)."""
    rows: list[list[object]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        text = f"{item.get('title') or ''}. {item.get('short_description') or ''}"
        tickers = linker.link(text)
        published = datetime.fromisoformat(item["publish_time"]).replace(tzinfo=VN_TZ) \
            if item.get("publish_time") else None
        key = hashlib.sha256((item.get("url") or text).encode()).hexdigest()[:24]
        rows.append([key, item.get("title") or "", item.get("short_description"), published,
                     item.get("url"), tickers, not tickers and is_market_headline(text)])
    return rows
