"""A market session to stream: real SSI iBoard pushes replayed as FastConnect messages.

The recording (``../shared/data/api_samples/ssi_iboard_ws/``, a slice in
tests/fixtures/ssi_iboard_ws/) is iBoard's pipe-delimited format, prices in VND::

    MAIN|S#FPT|bid1|bidvol1|...(10 levels)|ask1|askvol1|...|last|lastvol|high|hose|low|avg|
    fbuyvol|fbuyval|fsellvol|fsellval|change|change%|totalvol|totalval|...|ceiling|floor|ref|
    ...|foreignroom|side|status|...|open|openvol|...|opentime_ms|time_ms

Each push becomes the FastConnect messages a subscriber of the spec's channels would get:
``X-QUOTE`` (the book; DataType/RType "Quote" as in spec 3.2's example), ``X-TRADE`` (a
print: only when the total volume grew; "Trade"), ``X`` (both), ``R`` (foreign room, when
it changed), ``B`` (the running one-minute bar, on a print). The push also updates today's
state the REST side serves (DailyStockPrice today, IntradayOhlc).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .market_data import MarketData

VN = ZoneInfo("Asia/Ho_Chi_Minh")
Publish = Callable[[str, str, dict[str, Any]], None]  # kind, symbol, content


@dataclass(frozen=True)
class Push:
    """One iBoard push, decoded (prices VND, volumes shares)."""

    at: datetime  # aware, Vietnam time
    symbol: str
    exchange: str
    bids: tuple[tuple[int, int], ...]  # 10 levels, (0, 0) when empty
    asks: tuple[tuple[int, int], ...]
    last: int
    last_volume: int
    high: int
    low: int
    open: int
    avg: float
    change: int
    change_pct: float
    total_volume: int
    total_value: int
    ceiling: int
    floor: int
    reference: int
    foreign_buy: int
    foreign_buy_value: int
    foreign_sell: int
    foreign_sell_value: int
    foreign_room: int
    status: str


def _i(parts: list[str], i: int) -> int:
    try:
        return int(float(parts[i])) if parts[i] else 0
    except (IndexError, ValueError):
        return 0


def _f(parts: list[str], i: int) -> float:
    try:
        return float(parts[i]) if parts[i] else 0.0
    except (IndexError, ValueError):
        return 0.0


def parse_iboard(raw: str) -> Push | None:
    parts = raw.split("|")
    if len(parts) < 102 or not parts[1].startswith("S#"):
        return None
    at_ms = _i(parts, 101)
    return Push(
        at=datetime.fromtimestamp(at_ms / 1000, tz=VN), symbol=parts[1][2:],
        exchange=(parts[45] or "hose").upper(),
        bids=tuple((_i(parts, 2 + 2 * k), _i(parts, 3 + 2 * k)) for k in range(10)),
        asks=tuple((_i(parts, 22 + 2 * k), _i(parts, 23 + 2 * k)) for k in range(10)),
        last=_i(parts, 42), last_volume=_i(parts, 43), high=_i(parts, 44), low=_i(parts, 46),
        avg=_f(parts, 47), foreign_buy=_i(parts, 48), foreign_buy_value=_i(parts, 49),
        foreign_sell=_i(parts, 50), foreign_sell_value=_i(parts, 51), change=_i(parts, 52),
        change_pct=_f(parts, 53), total_volume=_i(parts, 54), total_value=_i(parts, 55),
        ceiling=_i(parts, 59), floor=_i(parts, 60), reference=_i(parts, 61),
        foreign_room=_i(parts, 65), status=parts[67] or "N", open=_i(parts, 96))


def read_recording(path: Path) -> list[Push]:
    """The pushes of a recorded iBoard session (``{"t","dir","raw"}`` JSON lines)."""
    out: list[Push] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if rec.get("dir") == "in" and isinstance(rec.get("raw"), str):
            push = parse_iboard(rec["raw"])
            if push is not None:
                out.append(push)
    return out


def _book(push: Push) -> dict[str, Any]:
    book: dict[str, Any] = {}
    for k, (price, vol) in enumerate(push.bids, 1):
        book[f"BidPrice{k}"], book[f"BidVol{k}"] = price, vol
    for k, (price, vol) in enumerate(push.asks, 1):
        book[f"AskPrice{k}"], book[f"AskVol{k}"] = price, vol
    return book


def session_code(at: datetime, exchange: str) -> str:
    t = at.astimezone(VN).time()
    hm = t.hour * 100 + t.minute
    if hm < 900 or hm >= 1500:
        return "C"
    if exchange == "HOSE" and hm < 915:
        return "ATO"
    if 1130 <= hm < 1300:
        return "BREAK"
    if exchange in ("HOSE", "HNX") and 1430 <= hm < 1445:
        return "ATC"
    if exchange == "HNX" and hm >= 1445:
        return "PT"
    return "C" if exchange == "HOSE" and hm >= 1445 else "LO"


def quote_content(p: Push, at: datetime) -> dict[str, Any]:
    return {"RType": "Quote", "TradingDate": at.strftime("%d/%m/%Y"),
            "TradingTime": at.strftime("%H:%M:%S"), "Exchange": p.exchange,
            "Symbol": p.symbol, **_book(p), "StockType": "Stock"}


def trade_content(p: Push, at: datetime, rtype: str = "Trade") -> dict[str, Any]:
    return {"RType": rtype, "TradingDate": at.strftime("%d/%m/%Y"),
            "Time": at.strftime("%H:%M:%S"), "ISin": None, "Symbol": p.symbol,
            "Ceiling": p.ceiling, "Floor": p.floor, "RefPrice": p.reference, "Open": p.open,
            "Close": p.last, "High": p.high, "Low": p.low, "AvgPrice": p.avg,
            "PriorVal": p.reference, "LastPrice": p.last, "LastVol": p.last_volume,
            "TotalVal": p.total_value, "TotalVol": p.total_volume, "MarketId": p.exchange,
            "Exchange": p.exchange, **_book(p), "TradingSession": session_code(at, p.exchange),
            "TradingStatus": p.status, "Change": p.change, "RatioChange": p.change_pct,
            "EstMatchedPrice": 0}


def room_content(p: Push, at: datetime) -> dict[str, Any]:
    return {"RType": "R", "TradingDate": at.strftime("%d/%m/%Y"),
            "Time": at.strftime("%H:%M:%S"), "Isin": p.symbol, "Symbol": p.symbol,
            "TotalRoom": 0.0, "CurrentRoom": float(p.foreign_room),
            "BuyVol": float(p.foreign_buy), "SellVol": float(p.foreign_sell),
            "BuyVal": float(p.foreign_buy_value), "SellVal": float(p.foreign_sell_value),
            "MarketId": p.exchange, "Exchange": p.exchange}


def status_content(symbol: str, exchange: str, at: datetime, status: str = "N") -> dict[str, Any]:
    return {"RType": "F", "MarketId": exchange, "TradingDate": at.strftime("%d/%m/%Y"),
            "Time": at.strftime("%H:%M:%S"), "Symbol": symbol,
            "TradingSession": session_code(at, exchange), "TradingStatus": status,
            "Exchange": exchange}


class Replay:
    """Plays pushes in order: ``step(n)`` now (tests), or ``play(speed)`` on a thread
    (demos). ``rebase_to`` moves the whole recording so its first push is at that time."""

    def __init__(self, pushes: Iterable[Push], market: MarketData, publish: Publish, *,
                 rebase_to: datetime | None = None) -> None:
        self.pushes = list(pushes)
        self.market = market
        self._publish = publish
        self.shift = (rebase_to - self.pushes[0].at) if rebase_to and self.pushes \
            else timedelta(0)
        self.position = 0
        self._seen: dict[str, Push] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def step(self, n: int = 1) -> int:
        """Publish the next ``n`` pushes; returns how many there were (0 at the end)."""
        done = 0
        while done < n and self.position < len(self.pushes):
            self._emit(self.pushes[self.position])
            self.position += 1
            done += 1
        return done

    def rewind(self) -> None:
        self.position = 0
        self._seen.clear()

    def _emit(self, p: Push) -> None:
        at = p.at + self.shift
        prev = self._seen.get(p.symbol)
        self._seen[p.symbol] = p
        printed = prev is None or p.total_volume > prev.total_volume
        self._update_day(p, at, printed)
        self._publish("X-QUOTE", p.symbol, quote_content(p, at))
        self._publish("X", p.symbol, trade_content(p, at, "X"))
        if printed and p.last:
            self._publish("X-TRADE", p.symbol, trade_content(p, at))
            day = self.market.live[p.symbol]
            o, h, lo, c, v = day.minutes[at.strftime("%H:%M")]
            self._publish("B", p.symbol, {"RType": "B", "Symbol": p.symbol,
                                          "TradingTime": at.strftime("%H:%M:%S"), "Open": o,
                                          "High": h, "Low": lo, "Close": c, "Volume": v,
                                          "Value": 0})
        if prev is None or (p.foreign_buy, p.foreign_sell, p.foreign_room) != (
                prev.foreign_buy, prev.foreign_sell, prev.foreign_room):
            self._publish("R", p.symbol, room_content(p, at))
        if prev is None:
            self._publish("F", p.symbol, status_content(p.symbol, p.exchange, at, p.status))

    def _update_day(self, p: Push, at: datetime, printed: bool) -> None:
        with self.market.lock:
            day = self.market.open_day(p.symbol, at.date(), p.reference)
            day.reference, day.ceiling, day.floor = p.reference, p.ceiling, p.floor
            day.open, day.high, day.low, day.last = p.open, p.high, p.low, p.last
            day.last_volume, day.time = p.last_volume, at.strftime("%H:%M:%S")
            grew = p.total_volume - day.total_volume
            day.total_volume, day.total_value = p.total_volume, p.total_value
            day.foreign_buy, day.foreign_sell = p.foreign_buy, p.foreign_sell
            day.foreign_room = p.foreign_room
            if printed and p.last:
                key = at.strftime("%H:%M")
                bar = day.minutes.get(key)
                vol = max(grew, p.last_volume) if day.minutes else p.last_volume
                if bar is None:
                    day.minutes[key] = [p.last, p.last, p.last, p.last, vol]
                else:
                    bar[1], bar[2] = max(bar[1], p.last), min(bar[2], p.last)
                    bar[3], bar[4] = p.last, bar[4] + vol

    def play(self, speed: float = 1.0, *, loop: bool = True) -> None:
        """Replay on a background thread at ``speed`` x the recorded pace."""
        if self._thread is not None or not self.pushes:
            return
        self._stop.clear()

        def run() -> None:
            while not self._stop.is_set():
                if self.position >= len(self.pushes):
                    if not loop:
                        return
                    self.shift += self.pushes[-1].at - self.pushes[0].at + timedelta(seconds=1)
                    self.rewind()
                gap = 0.0
                if self.position:
                    prev, nxt = self.pushes[self.position - 1], self.pushes[self.position]
                    gap = max(0.0, (nxt.at - prev.at).total_seconds()) / max(speed, 1e-6)
                if self._stop.wait(gap):
                    return
                self.step(1)

        self._thread = threading.Thread(target=run, name="sim-replay", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None
