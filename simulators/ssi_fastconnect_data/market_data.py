"""The simulator's market: real instruments and daily bars, and today's live state.

Loaded from the app's bundled dataset (92 stocks, 250 daily bars each, integer VND) and,
when ``shared`` is given (``../shared/data``), the longer real history there (prices in
thousands of VND, converted to VND), the four indices and the full listing
(``listing/vnstockjs_vci_symbols.json``, about 1,600 HOSE/HNX/UPCOM stocks). The reference
price of a day is the previous close; ceiling and floor follow the exchange's band rule.
Today's state (``live``) is fed by the replayed session (see :mod:`.session`).
"""

from __future__ import annotations

import bisect
import csv
import gzip
import json
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tradingtools_desktop.domain.market.bands import price_band
from tradingtools_desktop.domain.market.exchange import Exchange

BUNDLED = Path(__file__).resolve().parents[2] / "src" / "tradingtools_desktop" / "resources" \
    / "market"
INDEX_FILES = {"VNINDEX": ("VNINDEX", "HOSE", "VNIndex"), "VN30": ("VN30", "HOSE", "VN30"),
               "HNXINDEX": ("HNXIndex", "HNX", "HNXIndex"),
               "UPCOMINDEX": ("HNXUpcomIndex", "HNX", "HNXUpcomIndex")}
INDEX_LIST = (("VNINDEX", "VNIndex", "HOSE"), ("VN30", "VN30", "HOSE"),
              ("VN100", "VN100", "HOSE"), ("HNX30", "HNX30", "HNX"),
              ("HNXIndex", "HNXIndex", "HNX"), ("HNXUpcomIndex", "HNXUpcomIndex", "HNX"))


@dataclass(frozen=True)
class Instrument:
    symbol: str
    exchange: str  # HOSE | HNX | UPCOM
    name: str
    name_en: str
    sec_type: str = "ST"
    lot_size: int = 100
    vn30: bool = False


@dataclass(frozen=True)
class DayBar:
    day: date
    open: float  # VND for stocks, points for indices
    high: float
    low: float
    close: float
    volume: int


@dataclass
class LiveDay:
    """Today's running state of one symbol (VND), as the replayed pushes left it."""

    day: date
    reference: int
    ceiling: int
    floor: int
    open: int = 0
    high: int = 0
    low: int = 0
    last: int = 0
    last_volume: int = 0
    total_volume: int = 0
    total_value: int = 0
    foreign_buy: int = 0
    foreign_sell: int = 0
    foreign_room: int = 0
    time: str = ""  # HH:MM:SS of the newest push
    minutes: dict[str, list[int]] = field(default_factory=dict)  # "HH:MM" -> o,h,l,c,v


class MarketData:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.instruments: dict[str, Instrument] = {}
        self.bars: dict[str, list[DayBar]] = {}
        self.index_bars: dict[str, list[DayBar]] = {}
        self.live: dict[str, LiveDay] = {}
        # corporate actions: symbol -> ex-date -> ratio (see apply_split)
        self.splits: dict[str, dict[date, float]] = {}

    # ---- loading -----------------------------------------------------------------------

    @classmethod
    def load(cls, shared: Path | None = None) -> MarketData:
        md = cls()
        md._load_bundled(BUNDLED)
        if shared is not None and shared.is_dir():
            md._load_shared(shared)
        return md

    def _load_bundled(self, folder: Path) -> None:
        with open(folder / "instruments.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["kind"] != "STOCK":
                    continue
                self.instruments[row["symbol"]] = Instrument(
                    row["symbol"], row["exchange"], row["name"], row["name"],
                    vn30=row.get("vn30") == "1")
        with gzip.open(folder / "bars.csv.gz", "rt", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                self.bars.setdefault(row["symbol"], []).append(DayBar(
                    date.fromisoformat(row["day"]), int(row["open"]), int(row["high"]),
                    int(row["low"]), int(row["close"]), int(row["volume"])))
        for rows in self.bars.values():
            rows.sort(key=lambda b: b.day)

    def _load_shared(self, shared: Path) -> None:
        listing = shared / "listing" / "vnstockjs_vci_symbols.json"
        if listing.exists():
            for item in json.loads(listing.read_text(encoding="utf-8")):
                sym, exch = str(item.get("symbol", "")), str(item.get("exchange", ""))
                exch = "HOSE" if exch == "HSX" else exch
                if exch in ("HOSE", "HNX", "UPCOM") and len(sym) == 3 and sym.isalnum() \
                        and sym not in self.instruments:
                    self.instruments[sym] = Instrument(
                        sym, exch, str(item.get("companyName") or sym),
                        str(item.get("companyNameEn") or sym), vn30=bool(item.get("vn30")))
        folder = shared / "ohlcv" / "vci_daily"
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*.csv")):
            name = path.stem
            if name.startswith("_"):
                continue
            rows = _read_thousands(path, index=name in INDEX_FILES)
            if name in INDEX_FILES:
                self.index_bars[INDEX_FILES[name][0]] = rows
            elif name in self.instruments:
                have = {b.day for b in self.bars.get(name, [])}
                merged = [b for b in rows if b.day not in have] + self.bars.get(name, [])
                self.bars[name] = sorted(merged, key=lambda b: b.day)

    # ---- derived -----------------------------------------------------------------------

    def band(self, symbol: str, reference: int) -> tuple[int, int]:
        inst = self.instruments.get(symbol)
        exchange = Exchange(inst.exchange) if inst else Exchange.HOSE
        band = price_band(exchange, max(reference, 1))
        return band.ceiling, band.floor

    def reference_for(self, symbol: str, day: date) -> int:
        """The close of the last bar strictly before ``day`` (0 when none); on an ex-date
        the exchange's adjusted reference: that close divided by the ratio."""
        bars = self.bars.get(symbol, [])
        i = bisect.bisect_left(bars, day, key=lambda b: b.day)  # bars are sorted by day
        if i == 0:
            return 0
        ratio = self.splits.get(symbol, {}).get(day)
        return round(bars[i - 1].close / ratio) if ratio else int(bars[i - 1].close)

    def apply_split(self, symbol: str, ex_date: date, ratio: float) -> None:
        """A split or stock dividend of ``ratio`` (2.0 = 2-for-1, 1.2 = 20 % in shares) on
        ``ex_date``: the raw prices from that day on are divided by it (volumes multiplied),
        the reference of that day is the previous close / ratio, and ClosePriceAdjusted of
        the earlier days is their close / ratio - as SSI serves a real one."""
        with self.lock:
            self.splits.setdefault(symbol, {})[ex_date] = ratio
            self.bars[symbol] = [
                DayBar(b.day, round(b.open / ratio), round(b.high / ratio),
                       round(b.low / ratio), round(b.close / ratio), round(b.volume * ratio))
                if b.day >= ex_date else b for b in self.bars.get(symbol, [])]

    def adjusted(self, symbol: str, day: date, close: float) -> int:
        """``close`` of ``day`` back-adjusted for every later ex-date."""
        factor = 1.0
        for ex_date, ratio in self.splits.get(symbol, {}).items():
            if day < ex_date:
                factor *= ratio
        return round(close / factor)

    def open_day(self, symbol: str, day: date, reference: int | None = None) -> LiveDay:
        """Today's state of ``symbol`` (created from the previous close when new)."""
        with self.lock:
            live = self.live.get(symbol)
            if live is None or live.day != day:
                ref = reference or self.reference_for(symbol, day)
                ceiling, floor = self.band(symbol, ref) if ref else (0, 0)
                live = LiveDay(day, ref, ceiling, floor)
                self.live[symbol] = live
            return live

    def index_components(self, code: str) -> list[str]:
        if code.upper() == "VN30":
            return sorted(s for s, i in self.instruments.items() if i.vn30)
        if code.upper() in ("VNINDEX", "VN100"):
            return sorted(s for s, i in self.instruments.items() if i.exchange == "HOSE")
        if code.upper() == "HNXINDEX":
            return sorted(s for s, i in self.instruments.items() if i.exchange == "HNX")
        if code.upper() == "HNXUPCOMINDEX":
            return sorted(s for s, i in self.instruments.items() if i.exchange == "UPCOM")
        return []


def _read_thousands(path: Path, *, index: bool) -> list[DayBar]:
    """A vci_daily CSV (thousands of VND, or points for an index) as bars."""
    out: list[DayBar] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                vals = [float(row[k]) for k in ("open", "high", "low", "close")]
                volume = int(float(row["volume"]))
            except (KeyError, ValueError):
                continue
            if not index:
                vals = [round(v * 1000) for v in vals]
            out.append(DayBar(date.fromisoformat(row["date"]), *vals, volume))
    return out
