"""Import daily bars from CSV files into the cache: ``date,open,high,low,close,volume``,
prices in thousands of VND (the VN data convention), one file per symbol (SYMBOL.csv).

Each file is validated completely before anything is written, then written in one
transaction: a file is imported whole or not at all, and every rejected row is reported
with its file and line. Real-world dirt is kept and flagged, not crashed on: zero-volume
days (``zero_volume``), bars whose low/high do not contain open/close after adjustment
rounding (``ohlc_inconsistent``), and a last bar with far less volume than usual
(``possibly_partial``, the mark of an intraday snapshot).
"""

from __future__ import annotations

import csv
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..domain.market.exchange import Exchange
from ..store.db import Tx

REQUIRED = ("date", "open", "high", "low", "close", "volume")


@dataclass
class FileReport:
    file: str
    symbol: str
    imported: int = 0
    errors: list[str] = field(default_factory=list)
    flags: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _vnd(text: str) -> int:
    value = Decimal(text.strip()) * 1000
    return int(value.to_integral_value())


def parse_file(path: Path) -> tuple[FileReport, list[tuple[object, ...]]]:
    symbol = path.stem.upper()
    report = FileReport(path.name, symbol)
    rows: list[tuple[object, ...]] = []
    seen: set[date] = set()
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip().lower() for h in (reader.fieldnames or [])]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                report.errors.append(f"{path.name}:1: missing column(s) {', '.join(missing)}")
                return report, []
            for line, raw in enumerate(reader, start=2):
                rec = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
                try:
                    day = date.fromisoformat(rec["date"])
                    o, h, lo, c = (_vnd(rec[k]) for k in ("open", "high", "low", "close"))
                    vol = int(Decimal(rec["volume"]))
                except (ValueError, InvalidOperation, KeyError):
                    report.errors.append(f"{path.name}:{line}: not a valid bar: "
                                         f"{','.join(rec.get(k, '') for k in REQUIRED)}")
                    continue
                if min(o, h, lo, c) <= 0 or vol < 0:
                    report.errors.append(f"{path.name}:{line}: non-positive price or "
                                         "negative volume")
                    continue
                if day in seen:
                    report.errors.append(f"{path.name}:{line}: duplicate date {day}")
                    continue
                seen.add(day)
                flags = []
                if vol == 0:
                    flags.append("zero_volume")
                if lo > min(o, c) or h < max(o, c):
                    flags.append("ohlc_inconsistent")
                rows.append((symbol, day, o, h, lo, c, vol, flags))
    except (OSError, UnicodeDecodeError) as exc:
        report.errors.append(f"{path.name}: cannot be read ({type(exc).__name__})")
        return report, []
    rows.sort(key=lambda r: r[1])  # type: ignore[arg-type, return-value]
    if len(rows) > 21:
        recent = [int(r[6]) for r in rows[-21:-1] if int(r[6]) > 0]  # type: ignore[call-overload]
        if recent and int(rows[-1][6]) < 0.25 * statistics.median(recent):  # type: ignore[call-overload]
            rows[-1][7].append("possibly_partial")  # type: ignore[attr-defined]
    for r in rows:
        for f in r[7]:  # type: ignore[attr-defined]
            report.flags[f] = report.flags.get(f, 0) + 1
    return report, rows


def write_file(tx: Tx, rows: list[tuple[object, ...]], exchange: Exchange | None,
               source: str, now: datetime) -> None:
    """One transaction per file (the caller wraps it): instrument + all bars."""
    symbol = str(rows[0][0])
    if exchange is not None:
        tx.execute("INSERT INTO instruments (symbol, exchange, kind, source, fetched_at) "
                   "VALUES (?, ?, 'STOCK', ?, ?) ON CONFLICT (symbol) DO UPDATE SET "
                   "exchange = excluded.exchange", [symbol, exchange.value, source, now])
    for start in range(0, len(rows), 400):
        chunk = rows[start:start + 400]
        values = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(chunk))
        params: list[object] = []
        for s, d, o, h, lo, c, v, flags in chunk:
            params += [s, d, o, h, lo, c, v, ";".join(flags), source, now]  # type: ignore[arg-type]
        tx.execute(
            "INSERT INTO daily_bars (symbol, day, open, high, low, close, volume, flags, source, "
            f"fetched_at) VALUES {values} ON CONFLICT (symbol, day) DO UPDATE SET "
            "open = excluded.open, high = excluded.high, low = excluded.low, "
            "close = excluded.close, volume = excluded.volume, flags = excluded.flags, "
            "source = excluded.source, fetched_at = excluded.fetched_at", params,
            table="daily_bars")


def read_manifest(folder: Path) -> dict[str, Exchange]:
    """``_MANIFEST.csv`` (symbol, exchange or exchange_2025), when the folder has one."""
    path = folder / "_MANIFEST.csv"
    if not path.exists():
        return {}
    out: dict[str, Exchange] = {}
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            ex = r.get("exchange") or r.get("exchange_2025") or ""
            try:
                out[r["symbol"].upper()] = Exchange.parse(ex)
            except (ValueError, KeyError):
                continue
    return out


def check_corporate_actions(tx: Tx, symbol: str, source: str, now: datetime, *,
                            adjust: bool) -> list[dict[str, object]]:
    """After a file's bars are written (same transaction): the corporate-action gaps the
    symbol's cached series now shows (``domain/market/corporate_actions.py``), recorded;
    with ``adjust`` the bars before each gap of a common ratio are back-adjusted by it."""
    from ..domain.market.corporate_actions import detect_gaps
    from ..store.corporate_actions_repo import adjust_matched_gaps, cached_series, store_gaps

    row = tx.one("SELECT exchange FROM instruments WHERE symbol = ?", [symbol])
    try:
        exchange = Exchange.parse(str(row[0])) if row else Exchange.HOSE
    except ValueError:
        exchange = Exchange.HOSE
    gaps = detect_gaps(symbol, exchange, cached_series(tx, symbol))
    done = adjust_matched_gaps(tx, gaps) if adjust else set()
    store_gaps(tx, gaps, source, now, adjusted=done)
    return [{**g.to_dict(), "adjusted": (g.symbol, g.day) in done} for g in gaps]


def corporate_action_line(gap: dict[str, object]) -> str:
    """One line for the import report."""
    kind = str(gap["kind"]).replace("_", " ")
    what = (f"{kind} (ratio {gap['ratio']:g})" if gap["kind"] != "unexplained"
            else f"unexplained price gap (previous close / open = {gap['observed']:g})")
    if gap["adjusted"]:
        return f"{gap['day']}: {what}: the bars before it were back-adjusted"
    return (f"{gap['day']}: {what}: these prices are not adjusted for it; the screener will "
            "not score this symbol across it (import adjusted prices, or use --adjust)")
