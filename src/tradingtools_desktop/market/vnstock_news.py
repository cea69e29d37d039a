"""Fresh headlines from vnstock ``Company(symbol).news()`` (through the sandboxed worker)
into the news cache: deduplicated, with publish time and source, linked to the stocks they
name (market/news_linking.py) plus the company the source filed them under.

Records come as vnstock returns them (KBS/VCI: ``news_title``, ``news_short_content`` or
``news_sub_title``, ``public_date``, ``news_source_link``, ``news_id``; older shapes:
``title``, ``publish_time``, ``url``, ``id``). A record with no title is skipped; one with
no readable publish time is stored with none, and the screener never uses it (nobody can
say when it became known).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain.market.calendar import VN_TZ
from ..store.db import Tx
from .news_linking import Linker, is_market_headline


@dataclass(frozen=True, slots=True)
class NewsRow:
    id: str
    title: str
    summary: str | None
    published_at: datetime | None
    url: str | None
    symbols: list[str]
    market: bool
    source: str


def _first(rec: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        v = rec.get(k)
        if v not in (None, ""):
            return v
    return None


def _when(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        if isinstance(value, (int, float)):  # epoch milliseconds
            return datetime.fromtimestamp(float(value) / 1000, VN_TZ)
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=VN_TZ)


def rows_from_records(symbol: str, records: list[dict[str, Any]], source: str,
                      linker: Linker) -> list[NewsRow]:
    out: dict[str, NewsRow] = {}
    for rec in records:
        title = _first(rec, "news_title", "title", "friendly_title")
        if not title:
            continue
        title = str(title).strip()
        summary = _first(rec, "news_short_content", "news_sub_title", "short_description",
                         "summary")
        url = _first(rec, "news_source_link", "url", "link")
        published = _when(_first(rec, "public_date", "publish_time", "published_at",
                                 "publish_date"))
        native = _first(rec, "news_id", "id")
        basis = str(url) if url else f"{source}|{native}" if native else \
            f"{title}|{published.isoformat() if published else ''}"
        key = hashlib.sha256(basis.encode()).hexdigest()[:24]
        text = f"{title}. {summary or ''}"
        linked = set(linker.link(text))
        if symbol.upper() in linker.symbols:
            linked.add(symbol.upper())  # filed under this company by the source
        symbols = sorted(linked)
        out[key] = NewsRow(key, title, str(summary) if summary else None, published,
                           str(url) if url else None, symbols,
                           not symbols and is_market_headline(text), source)
    return list(out.values())


def store(tx: Tx, rows: list[NewsRow], now: datetime) -> tuple[int, int]:
    """Insert new headlines; one already cached (same id) keeps its row but gains any
    newly linked symbol. Returns (new, already cached)."""
    new = 0
    for r in rows:
        got = tx.execute(
            "INSERT INTO news (id, title, summary, published_at, url, symbols, market, "
            "source, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING "
            "RETURNING id", [r.id, r.title, r.summary, r.published_at, r.url, r.symbols,
                             r.market, r.source, now], table="news")
        if got:
            new += 1
        elif r.symbols:
            tx.execute("UPDATE news SET symbols = list_distinct(list_concat(symbols, ?)), "
                       "market = false WHERE id = ?", [r.symbols, r.id], table="news")
    return new, len(rows) - new


def linker_from_cache(tx: Tx) -> Linker:
    return Linker((str(r[0]), r[1]) for r in tx.execute("SELECT symbol, name FROM instruments"))
