"""What a history refresh speaks: the fetchers' contract and the refresh's result.

- A fetcher (:class:`WholeMarketFetcher`: one whole market day per call; :class:`SymbolFetcher`:
  one symbol's span per call) returns :class:`FetchedDay` rows (raw OHLCV in VND) or raises
  :class:`FetchError`, already classified as a :class:`Problem`, its message free of secrets.
- :class:`RefreshProgress` is told after each batch; :class:`RefreshResult` is what a refresh
  ends with: counts, the newest cached day, the problem and its plain sentence
  (``PROBLEM_TEXT``, English source; the CLI and the GUI translate it with tr()).

Pure data: no I/O here. The refresh itself is :mod:`.history_refresh`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Protocol

from ..domain.market.corporate_actions import CorporateGap

__all__ = ["PROBLEM_TEXT", "FetchError", "FetchedDay", "Problem", "ProgressFn",
           "RefreshProgress", "RefreshResult", "SymbolFetcher", "WholeMarketFetcher",
           "as_of_text"]


class Problem(StrEnum):
    OFFLINE = "offline"
    REFUSED = "refused"
    RATE_LIMITED = "rate_limited"
    FAILED = "failed"


# English source text; the CLI and the GUI translate it with tr() and fill {as_of}.
PROBLEM_TEXT: dict[Problem, str] = {
    Problem.OFFLINE: "No internet: prices are from {as_of}.",
    Problem.REFUSED: "The market-data provider refused the request: prices are from {as_of}.",
    Problem.RATE_LIMITED: "The market-data provider asks us to slow down: prices are from "
                          "{as_of}; try again in a minute.",
    Problem.FAILED: "The market data could not be updated: prices are from {as_of}.",
}


class FetchError(Exception):
    """A fetcher's failure, already classified (the message has no secret)."""

    def __init__(self, problem: Problem, detail: str) -> None:
        super().__init__(detail)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class FetchedDay:
    """One symbol's day as a provider gave it: raw OHLCV in VND, and when the provider
    says so, the day's reference price and the adjusted close (corporate actions)."""

    symbol: str
    day: date
    open: int
    high: int
    low: int
    close: int
    volume: int
    reference: int | None = None
    close_adjusted: int | None = None
    flags: str = ""


class WholeMarketFetcher(Protocol):
    name: str

    async def market_day(self, day: date) -> list[FetchedDay]:
        """Every symbol's bar of ``day`` (empty: no session that day). Raises FetchError."""
        ...


class SymbolFetcher(Protocol):
    name: str

    async def history(self, symbol: str, start: date, end: date) -> list[FetchedDay]:
        """``symbol``'s bars from ``start`` to ``end``. Raises FetchError; a failure of
        this one symbol only is ``Problem.FAILED``."""
        ...


@dataclass(frozen=True, slots=True)
class RefreshProgress:
    done: int
    total: int
    label: str  # the day (ISO) or the symbol just written


@dataclass
class RefreshResult:
    source: str
    target: date
    batches_total: int = 0
    batches_done: int = 0
    bars_written: int = 0
    data_as_of: date | None = None
    cancelled: bool = False
    problem: Problem | None = None
    detail: str | None = None  # the technical reason (logs, --json), never shown alone
    symbol_errors: dict[str, str] = field(default_factory=dict)
    gaps: list[CorporateGap] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        return self.problem is None and not self.cancelled and \
            self.data_as_of is not None and self.data_as_of >= self.target

    def sentence(self) -> str | None:
        """The English sentence for the problem (the UI translates ``PROBLEM_TEXT``)."""
        if self.problem is None:
            return None
        return PROBLEM_TEXT[self.problem].format(as_of=as_of_text(self.data_as_of))

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source, "target": self.target.isoformat(),
                "batches_total": self.batches_total, "batches_done": self.batches_done,
                "bars_written": self.bars_written,
                "data_as_of": self.data_as_of.isoformat() if self.data_as_of else None,
                "up_to_date": self.up_to_date, "cancelled": self.cancelled,
                "problem": self.problem.value if self.problem else None,
                "message": self.sentence(), "detail": self.detail,
                "symbol_errors": self.symbol_errors,
                "corporate_actions": [g.to_dict() for g in self.gaps]}


def as_of_text(day: date | None) -> str:
    return day.isoformat() if day else "no date (the cache is empty)"


ProgressFn = Callable[[RefreshProgress], object]
