"""What a market replay plays: a past session as a time-ordered list of quotes and prints.

Two sources, each turned into :class:`ReplayEvent` s of domain values (integer VND, aware
Vietnam times, ``QuoteSource.REPLAY``):

- a **recorded session**: SSI iBoard WebSocket pushes (``{"t","dir","raw"}`` JSON lines;
  ``raw`` pipe-delimited, prices VND). Each push is a quote (the book, TC / Trần / Sàn,
  open, high, low, last, totals); when the total matched volume grew since the symbol's
  previous push, the difference is a print at the last price, played just before it. One
  real recording is bundled (``resources/replay/``) so an offline user can replay;
- **intraday bars** (FastConnect ``IntradayOhlc``, one-minute, kept in the cache): each bar
  is played as four prints (open, then low and high in the order the close implies, then
  close) sharing the bar's volume, 15 s apart, each followed by the running quote (no order
  book: a bar says nothing about it, so market orders wait for a recorded session).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from ..domain.market.calendar import TradingCalendar
from ..domain.market.exchange import Exchange
from ..domain.market.quotes import Bar, BookLevel, Quote, QuoteSource, Trade, TradingStatus
from ..domain.market.sessions import SessionPhase, session_phase

VN = ZoneInfo("Asia/Ho_Chi_Minh")
R = QuoteSource.REPLAY
FEED_SESSION = {SessionPhase.PRE_OPEN: "C", SessionPhase.ATO: "ATO",
                SessionPhase.CONTINUOUS: "LO", SessionPhase.LUNCH: "BREAK",
                SessionPhase.ATC: "ATC", SessionPhase.PLO: "PT", SessionPhase.CLOSED: "C"}


@dataclass(frozen=True, slots=True)
class ReplayEvent:
    at: datetime  # aware
    kind: str  # "quote" or "trade"
    payload: Quote | Trade


@dataclass(frozen=True, slots=True)
class ReplaySource:
    """One session that can be replayed."""

    day: date
    kind: str  # "recording" or "bars"
    start: datetime
    end: datetime
    symbols: tuple[str, ...]
    path: Path | None = None  # the recording's file

    @property
    def label(self) -> str:
        what = "recorded session" if self.kind == "recording" else "intraday bars"
        return (f"{self.day:%d/%m/%Y} {self.start.astimezone(VN):%H:%M:%S}-"
                f"{self.end.astimezone(VN):%H:%M:%S} ({what}: {', '.join(self.symbols)})")


def feed_session(exchange: Exchange, at: datetime,
                 calendar: TradingCalendar | None = None) -> str:
    """The feed's session code (ATO, LO, BREAK, ATC, PT, C) at ``at``."""
    return FEED_SESSION[session_phase(exchange, at, calendar or TradingCalendar())]


# -- recorded iBoard sessions ---------------------------------------------------------
def _int(parts: list[str], i: int) -> int:
    try:
        return int(float(parts[i])) if parts[i] else 0
    except (IndexError, ValueError):
        return 0


def _levels(parts: list[str], first: int) -> tuple[BookLevel, ...]:
    out = []
    for k in range(10):
        price, volume = _int(parts, first + 2 * k), _int(parts, first + 1 + 2 * k)
        if price > 0 and volume > 0:
            out.append(BookLevel(price, volume))
    return tuple(out)


def _or_none(value: int) -> int | None:
    return value or None


def parse_iboard_push(raw: str) -> Quote | None:
    """One iBoard ``MAIN|S#SYM|...`` push as a quote; None for anything else."""
    parts = raw.split("|")
    if len(parts) < 102 or not parts[1].startswith("S#"):
        return None
    at_ms = _int(parts, 101)
    if at_ms <= 0:
        return None
    at = datetime.fromtimestamp(at_ms / 1000, tz=VN)
    try:
        exchange = Exchange.parse(parts[45] or "HOSE")
    except ValueError:
        return None
    return Quote(
        symbol=parts[1][2:].upper(), at=at, source=R, exchange=exchange,
        reference=_or_none(_int(parts, 61)), ceiling=_or_none(_int(parts, 59)),
        floor=_or_none(_int(parts, 60)), open=_or_none(_int(parts, 96)),
        high=_or_none(_int(parts, 44)), low=_or_none(_int(parts, 46)),
        last=_or_none(_int(parts, 42)), last_volume=_or_none(_int(parts, 43)),
        total_volume=_int(parts, 54), total_value=_int(parts, 55),
        bids=_levels(parts, 2), asks=_levels(parts, 22),
        session=feed_session(exchange, at), status=TradingStatus.parse(parts[67] or "N"),
        foreign_buy=_int(parts, 48), foreign_sell=_int(parts, 50),
        foreign_room=_int(parts, 65))


def recording_events(path: Path) -> list[ReplayEvent]:
    """The quotes and prints of a recorded iBoard session, in time order."""
    events: list[ReplayEvent] = []
    volume: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line) if line.strip() else None
        except ValueError:
            continue  # one damaged line never loses the rest
        if not isinstance(record, dict) or record.get("dir") != "in" or \
                not isinstance(record.get("raw"), str):
            continue
        quote = parse_iboard_push(record["raw"])
        if quote is None:
            continue
        before = volume.get(quote.symbol)
        total = quote.total_volume or 0
        if before is not None and total > before and quote.last:
            events.append(ReplayEvent(quote.at, "trade", Trade(
                quote.symbol, quote.last, total - before, quote.at, R, total, quote.session)))
        volume[quote.symbol] = max(total, before or 0)
        events.append(ReplayEvent(quote.at, "quote", quote))
    events.sort(key=lambda e: e.at)  # stable: a print stays before its quote
    return events


def bundled_recordings() -> list[Path]:
    folder = Path(str(resources.files("tradingtools_desktop").joinpath("resources",
                                                                        "replay")))
    return sorted(folder.glob("*.jsonl"))


def recording_source(path: Path) -> ReplaySource | None:
    events = recording_events(path)
    if not events:
        return None
    start, end = events[0].at, events[-1].at
    symbols = tuple(sorted({e.payload.symbol for e in events}))
    return ReplaySource(start.astimezone(VN).date(), "recording", start, end, symbols, path)


# -- intraday bars --------------------------------------------------------------------
def bar_events(bars: list[Bar], references: dict[str, int],
               exchanges: dict[str, Exchange] | None = None) -> list[ReplayEvent]:
    """Intraday bars of one day as prints and running quotes (see the module doc)."""
    events: list[ReplayEvent] = []
    state: dict[str, tuple[int, int, int, int]] = {}  # open, high, low, total volume
    for bar in sorted(bars, key=lambda b: (b.start, b.symbol)):
        path = (bar.open, bar.low, bar.high, bar.close) if bar.close >= bar.open else \
            (bar.open, bar.high, bar.low, bar.close)
        share, extra = divmod(max(0, bar.volume), 4)
        exchange = (exchanges or {}).get(bar.symbol, Exchange.HOSE)
        day_open, high, low, total = state.get(bar.symbol, (bar.open, bar.high, bar.low, 0))
        for k, price in enumerate(path):
            at = bar.start + timedelta(seconds=15 * k)
            volume = share + (extra if k == 3 else 0)
            high, low = max(high, price), min(low, price)
            session = feed_session(exchange, at)
            if volume > 0 and price > 0:
                total += volume
                events.append(ReplayEvent(at, "trade", Trade(bar.symbol, price, volume, at, R,
                                                             total, session)))
            events.append(ReplayEvent(at, "quote", Quote(
                bar.symbol, at, R, exchange=exchange, reference=references.get(bar.symbol),
                open=day_open, high=high, low=low, last=price, last_volume=volume or None,
                total_volume=total, session=session)))
        state[bar.symbol] = (day_open, high, low, total)
    return events
