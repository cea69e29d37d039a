"""The analysis pipeline: snapshot -> agents -> supervisor, pure and cancellable.

Runs on a worker thread (number crunching never on the Qt thread). ``progress(stage, done,
total)`` is called between stages; ``cancelled()`` is polled between stages and stops the
run with :class:`Cancelled`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from . import fundamental, news, risk_sizing, supervisor, technical
from .risk_sizing import SizingParams
from .snapshot import Snapshot
from .supervisor import Verdict

STAGES = ("technical", "fundamental", "news", "risk", "supervisor")
AGENT_VERSIONS = {"technical": technical.VERSION, "fundamental": fundamental.VERSION,
                  "news": news.VERSION, "risk": risk_sizing.VERSION,
                  "supervisor": supervisor.VERSION}


class Cancelled(Exception):
    pass


@dataclass(frozen=True)
class RunParams:
    sizing: SizingParams = field(default_factory=SizingParams)
    max_bars: int = 400

    def to_dict(self) -> dict[str, Any]:
        return {"sizing": asdict(self.sizing), "max_bars": self.max_bars}


def analyse(snap: Snapshot, params: RunParams, *,
            news_scorer: news.Scorer | None = None, news_scorer_name: str = "lexicon",
            progress: Callable[[str, int, int], None] = lambda *_: None,
            cancelled: Callable[[], bool] = lambda: False,
            prices: Mapping[str, int] | None = None) -> list[Verdict]:
    """``prices``: the VND price each symbol's suggested size is counted at (the quote
    service's current price); without, the last daily close."""
    total = len(STAGES)

    def step(i: int, stage: str) -> None:
        if cancelled():
            raise Cancelled(stage)
        progress(stage, i, total)

    step(0, "technical")
    tech = technical.run(snap)
    step(1, "fundamental")
    fund = fundamental.run(snap)
    step(2, "news")
    nws = news.run(snap, news_scorer, news_scorer_name)
    step(3, "risk")
    rsk = risk_sizing.run(snap, params.sizing, prices)
    step(4, "supervisor")
    verdicts = [supervisor.combine(s, {"technical": tech[s], "fundamental": fund[s],
                                       "news": nws[s], "risk": rsk[s]})
                for s in snap.symbols]
    progress("done", total, total)
    return verdicts
