"""Walk-forward fitted supervisor weights: each date's weights from earlier windows only.

Contract (fixed before any held-out figure was computed; docs/track-record.md, "Evaluation
protocol"):

- At rebalance date ``D`` (calendar row ``dates[k]``), the windows used are the earlier
  rebalance dates ``j`` whose ``FIT_HORIZON``-session forward window had closed by D's
  close: ``dates[j] + FIT_HORIZON <= dates[k]`` (expanding window). A window's rank IC reads
  the agent's score at ``dates[j]`` and prices up to row ``dates[j] + FIT_HORIZON`` only, so
  nothing after D enters D's weights.
- Raw weight of an agent: ``max(0, mean IC) / sd(IC)`` over its closed windows (0 with
  fewer than 2 finite ICs or no spread); normalised to sum 1, equal weights when all are 0.
- Shrunk to equal weights by ``SHRINK_N0 / (SHRINK_N0 + n)``, n = closed windows; equal
  weights while fewer than ``MIN_WINDOWS`` have closed.
- The supervisor score is then ``supervisor.combine_panel`` with those per-date weights
  (the risk penalty as in the fixed supervisor).

Pure numpy, no I/O.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ...agents import supervisor
from . import metrics as m

Array = NDArray[np.float64]
FIT_HORIZON = 20
SHRINK_N0 = 12
MIN_WINDOWS = 6
DIRECTIONAL = tuple(supervisor.WEIGHTS)


def walk_forward_weights(scores: dict[str, Array], dates: NDArray[np.int64], fwd: Array,
                         horizon: int = FIT_HORIZON) -> dict[str, Array]:
    """Per directional agent, its weight on every date (rows of ``dates``); ``fwd`` holds
    the ``horizon``-session net forward returns of the same dates (metrics.forward_returns).
    """
    n_dates, agents = len(dates), DIRECTIONAL
    equal = 1.0 / len(agents)
    ics = {a: m.rank_ic(scores[a], fwd) if a in scores else np.full(n_dates, np.nan)
           for a in agents}
    out: dict[str, Array] = {a: np.full(n_dates, equal) for a in agents}
    for k in range(n_dates):
        closed = dates + horizon <= dates[k]
        n = int(closed.sum())
        if n < MIN_WINDOWS:
            continue
        raw = np.zeros(len(agents))
        for i, a in enumerate(agents):
            v = ics[a][closed]
            v = v[np.isfinite(v)]
            if len(v) >= 2 and (sd := float(v.std(ddof=1))) > 0:
                raw[i] = max(0.0, float(v.mean())) / sd
        base = raw / raw.sum() if raw.sum() > 0 else np.full(len(agents), equal)
        lam = SHRINK_N0 / (SHRINK_N0 + n)
        for i, a in enumerate(agents):
            out[a][k] = round(float((1 - lam) * base[i] + lam * equal), 6)
    return out


def fitted_supervisor(scores: dict[str, Array], risk: Array, weights: dict[str, Array]
                      ) -> Array:
    """The supervisor's score with per-date weights (rows = dates)."""
    per_date: dict[str, float | Array] = {a: w[:, None] for a, w in weights.items()}
    return supervisor.combine_panel({a: scores[a] for a in DIRECTIONAL if a in scores},
                                    risk, per_date)


def summary(weights: dict[str, Array], days: list[str]) -> dict[str, object]:
    """JSON-ready: the weights on the first, middle and last date, and their means."""
    if not days:
        return {}
    picks = sorted({0, len(days) // 2, len(days) - 1})
    return {"formula": "max(0, mean IC)/sd over 20-session windows closed before the date, "
                       f"shrunk to equal by {SHRINK_N0}/({SHRINK_N0}+n); equal until "
                       f"{MIN_WINDOWS} windows have closed",
            "on": {days[i]: {a: round(float(w[i]), 4) for a, w in weights.items()}
                   for i in picks},
            "mean": {a: round(float(np.mean(w)), 4) for a, w in weights.items()}}
