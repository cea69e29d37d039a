"""The bundled daily bars of the four board indices (resources/market/indices.csv.gz).

Index values are points, not money, so they are floats here and never enter the VND
integer paths. ``read_index_days`` reads the file (blocking: call it in an executor);
``index_quotes`` turns the newest two days of each index into :class:`IndexQuote` values
labelled ``QuoteSource.BARS`` with the close of the newest day as their time.
"""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from datetime import date, datetime, time

from ..domain.market.calendar import VN_TZ
from ..domain.market.quotes import IndexQuote, QuoteSource
from .bundled import dataset_dir

BOARD_INDICES = ("VNINDEX", "VN30", "HNXINDEX", "UPCOMINDEX")
CLOSE = time(15, 0)


@dataclass(frozen=True, slots=True)
class IndexDay:
    index_id: str
    day: date
    open: float
    high: float
    low: float
    close: float
    volume: int


def read_index_days() -> dict[str, list[IndexDay]]:
    """Every bundled index day, oldest first per index; {} when the file is missing."""
    path = dataset_dir() / "indices.csv.gz"
    if not path.exists():
        return {}
    out: dict[str, list[IndexDay]] = {}
    with gzip.open(path, "rt", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["index"], []).append(IndexDay(
                row["index"], date.fromisoformat(row["day"]), float(row["open"]),
                float(row["high"]), float(row["low"]), float(row["close"]),
                int(float(row["volume"] or 0))))
    for days in out.values():
        days.sort(key=lambda d: d.day)
    return out


def index_quotes(days: dict[str, list[IndexDay]]) -> list[IndexQuote]:
    quotes = []
    for index_id, rows in days.items():
        if not rows:
            continue
        last = rows[-1]
        prev = rows[-2].close if len(rows) > 1 else None
        change = None if prev is None else round(last.close - prev, 2)
        pct = None if not prev or change is None else round(change / prev * 100, 2)
        quotes.append(IndexQuote(index_id, last.close,
                                 datetime.combine(last.day, CLOSE, tzinfo=VN_TZ),
                                 QuoteSource.BARS, change=change, change_pct=pct,
                                 total_volume=last.volume))
    return quotes
