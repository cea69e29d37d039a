"""One walk-forward evaluation: rebalance dates, scores, forward returns and the figures.

Pure (no I/O): ``evaluate(panel, params)`` returns a JSON-ready dict whose floats are
rounded, so the same inputs give byte-identical figures. The supervisor's weights are the
fixed ones in agents/supervisor.py; ``supervisor_fitted`` is a second configuration whose
weights at each date are fitted on earlier, closed windows only (fitted.py), so no figure
here is in-sample.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ...agents import supervisor
from ...domain.market.fees import FeeSchedule
from . import fitted
from . import metrics as m
from .panel import BENCHMARKS, Array, Panel
from .scores import AGENTS, BASELINES, Progress, compute

VERSION = "1.1"  # 1.1: the walk-forward fitted supervisor beside the fixed one
FITTED = "supervisor_fitted"
T_RELIABLE = 2.0
CALIBRATION_EDGES = (-1.0, -0.3, -0.1, 0.1, 0.3, 1.0)
PRIMARY = ("monthly", 20)
RANDOM_SEEDS = 20  # random scores evaluated alike: the band a score without skill falls in


@dataclass(frozen=True)
class Params:
    start: date
    end: date
    frequencies: tuple[str, ...] = ("monthly", "weekly")
    horizons: tuple[int, ...] = (5, 20, 60)
    top_n: int = 10
    seed: int = 7
    broker_fee_bps: int = 15
    sell_tax_bps: int = 10
    extra_scores: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("extra_scores")
        d["start"], d["end"] = self.start.isoformat(), self.end.isoformat()
        d["frequencies"], d["horizons"] = list(self.frequencies), list(self.horizons)
        return d

    @property
    def schedule(self) -> FeeSchedule:
        return FeeSchedule(self.broker_fee_bps, self.sell_tax_bps)


def rebalance_dates(calendar: list[date], start: date, end: date, frequency: str
                    ) -> NDArray[np.int64]:
    """Calendar rows of the last session of each month (or ISO week) within [start, end];
    the last calendar day counts only once a later session shows its period ended."""
    def period(d: date) -> tuple[int, int]:
        if frequency == "monthly":
            return d.year, d.month
        if frequency == "weekly":
            iso = d.isocalendar()
            return iso.year, iso.week
        raise ValueError(f"unknown rebalance frequency {frequency!r} (monthly or weekly)")

    out = [i for i in range(len(calendar) - 1)
           if start <= calendar[i] <= end and period(calendar[i]) != period(calendar[i + 1])]
    return np.array(out, dtype=np.int64)


def _f(x: float, digits: int = 6) -> float | None:
    return None if x is None or not math.isfinite(x) else round(float(x), digits)


def verdict_kind(stats: dict[str, Any]) -> str:
    """'too_little' (under 6 dates), 'none' (|t| < 2), 'positive' or 'negative'."""
    t, n = stats.get("ic_t"), stats.get("ic_dates", 0)
    if stats.get("mean_ic") is None or t is None or n < 6:
        return "too_little"
    if abs(t) < T_RELIABLE:
        return "none"
    return "positive" if t > 0 else "negative"


def verdict(name: str, stats: dict[str, Any], start: date, end: date,
            band: dict[str, Any] | None = None,
            word: Callable[[str], str] = lambda text: text) -> str:
    """A plain sentence on whether the score showed an edge (monthly, 20 sessions). The
    stored record keeps it in English (``word`` the identity: its figures hash); a view
    rewords it from the same numbers with ``word=tr``."""
    span = f"{start.year}-{end.year}" if start.year != end.year else str(start.year)
    ic, t, n = stats.get("mean_ic"), stats.get("ic_t"), stats.get("ic_dates", 0)
    kind = verdict_kind(stats)
    if kind == "too_little":
        return word("On {span} there is too little history to judge this score ({n} "
                    "dates).").format(span=span, n=n)
    figures = word("mean rank IC {ic}, t {t}, {n} monthly dates").format(
        ic=f"{ic:+.3f}", t=f"{t:.2f}", n=n)
    if band and band.get("seeds"):
        figures += word("; random scores gave t {low} to {high}").format(
            low=f"{band['ic_t_p05']:.2f}", high=f"{band['ic_t_p95']:.2f}")
    if kind == "none":
        return word("On {span} this score has shown no reliable edge ({figures}).").format(
            span=span, figures=figures)
    if kind == "positive":
        return word("On {span} this score has ranked stocks better than chance ({figures}); "
                    "a past edge is no promise of a future one.").format(span=span,
                                                                         figures=figures)
    return word("On {span} this score has pointed the wrong way ({figures}).").format(
        span=span, figures=figures)


def evaluate(panel: Panel, params: Params, *, progress: Progress = lambda *_: None,
             cancelled: Callable[[], bool] = lambda: False) -> dict[str, Any]:
    schedule = params.schedule
    out: dict[str, Any] = {"version": VERSION, "params": params.to_dict(),
                           "symbols": len(panel.symbols), "frequencies": {},
                           "supervisor_weights": dict(supervisor.WEIGHTS),
                           "supervisor_weights_note": "fixed in agents/supervisor.py, not "
                           "fitted on any window: every figure is out-of-sample for them; "
                           "supervisor_fitted's weights at each date come from windows "
                           "closed before it (expanding, walk-forward)",
                           "benchmarks_missing": [b for b in BENCHMARKS
                                                  if b not in panel.index_open],
                           "flagged_symbols": dict(sorted(panel.flagged.items()))}
    names = [*AGENTS, FITTED, *BASELINES, *sorted(params.extra_scores)]
    for freq in params.frequencies:
        dates = rebalance_dates(panel.calendar, params.start, params.end, freq)
        block: dict[str, Any] = {"dates": len(dates), "horizons": {}, "equity": {}}
        out["frequencies"][freq] = block
        if len(dates) == 0:
            continue
        step = float(np.median(np.diff(dates))) if len(dates) > 1 else 21.0
        block["step_sessions"] = step
        block["first"], block["last"] = (panel.calendar[int(dates[0])].isoformat(),
                                         panel.calendar[int(dates[-1])].isoformat())
        scores = compute(panel, dates, seed=params.seed, progress=progress,
                         cancelled=cancelled)
        scores[FITTED], weights = _fitted(panel, dates, scores, freq, params, progress,
                                          cancelled)
        block["supervisor_fitted_weights"] = fitted.summary(
            weights, [panel.calendar[int(t)].isoformat() for t in dates])
        for name, fn in params.extra_scores.items():  # planted scores (tests)
            scores[name] = fn(panel, dates)
        for h in params.horizons:
            if cancelled():
                from .scores import Cancelled
                raise Cancelled(freq)
            progress(f"{freq} {h}-session returns", h, max(params.horizons))
            fwd = m.forward_returns(panel.cal_open, panel.cal_close, panel.cal_volume, dates,
                                    h, schedule)
            lags = m.overlap_lags(h, step)
            per: dict[str, Any] = {"newey_west_lags": lags}
            for name in names:
                per[name] = _stats(scores[name], fwd, lags)
            per["random_band"] = _random_band(np.isfinite(scores["random"]), fwd, lags,
                                              params.seed)
            if freq == PRIMARY[0] and h == PRIMARY[1]:
                out["calibration"] = {"score": "supervisor", "frequency": freq, "horizon": h,
                                      "buckets": m.calibration(scores["supervisor"], fwd,
                                                               CALIBRATION_EDGES)}
            block["horizons"][str(h)] = per
        for name in names:
            values, rows, turnover = m.equity_curve(
                scores[name], dates, panel.cal_open, panel.cal_close, panel.cal_volume,
                params.top_n, schedule)
            block["equity"][name] = {
                "curve": [[panel.calendar[r].isoformat(), _f(v)] for r, v in
                          zip(rows, values, strict=True)],
                "final": _f(values[-1]) if values else None,
                "max_drawdown": _f(m.max_drawdown(values)),
                "turnover": _f(turnover, 4)}
            for hkey in block["horizons"]:
                block["horizons"][hkey][name]["turnover"] = _f(turnover, 4)
        rows = [int(t) + 1 for t in dates if int(t) + 1 < len(panel.calendar)]
        for b, series in panel.index_open.items():
            base = series[rows[0]] if rows else math.nan
            block["equity"][b] = {"curve": [[panel.calendar[r].isoformat(),
                                             _f(series[r] / base)] for r in rows],
                                  "final": _f(series[rows[-1]] / base) if rows else None,
                                  "note": "index level, buy and hold, no costs"}
    prim = out["frequencies"].get(PRIMARY[0], {}).get("horizons", {}).get(str(PRIMARY[1]), {})
    out["verdicts"] = {n: verdict(n, prim.get(n, {}), params.start, params.end,
                                  prim.get("random_band")) for n in names}
    return out


def _fitted(panel: Panel, dates: NDArray[np.int64], scores: dict[str, Array], freq: str,
            params: Params, progress: Progress, cancelled: Callable[[], bool]
            ) -> tuple[Array, dict[str, Array]]:
    """The fitted supervisor on ``dates``: its weights learn from every earlier rebalance
    date of the same frequency, from the first session of the cache (before ``start``
    too), and only from windows closed by each date."""
    first = panel.calendar[0]
    before = (rebalance_dates(panel.calendar, first, panel.calendar[int(dates[0])], freq)
              if len(dates) else np.empty(0, dtype=np.int64))
    before = before[before < dates[0]] if len(dates) else before
    agents = fitted.DIRECTIONAL
    if len(before):
        progress("fitted supervisor: earlier dates", 0, len(before))
        earlier = compute(panel, before, seed=params.seed, cancelled=cancelled)
        past = {a: np.vstack([earlier[a], scores[a]]) for a in agents}
    else:
        past = {a: scores[a] for a in agents}
    all_dates = np.concatenate([before, dates])
    fwd = m.forward_returns(panel.cal_open, panel.cal_close, panel.cal_volume, all_dates,
                            fitted.FIT_HORIZON, params.schedule)
    w_all = fitted.walk_forward_weights(past, all_dates, fwd)
    weights = {a: w[len(before):] for a, w in w_all.items()}
    return fitted.fitted_supervisor(scores, scores["risk"], weights), weights


def _random_band(listed: NDArray[np.bool_], fwd: Array, lags: int, seed: int
                 ) -> dict[str, Any]:
    """Mean IC and its t for RANDOM_SEEDS random scores on the same stocks and dates: the
    5th-95th percentile range is what chance alone gives."""
    rng = np.random.default_rng(seed + 1)
    ics, ts = [], []
    for _ in range(RANDOM_SEEDS):
        random_scores = np.where(listed, rng.random(listed.shape), np.nan)
        mean, t, _ = m.newey_west(m.rank_ic(random_scores, fwd), lags)
        if math.isfinite(mean) and math.isfinite(t):
            ics.append(mean)
            ts.append(t)
    if not ts:
        return {"seeds": 0}
    return {"seeds": len(ts), "mean_ic_p05": _f(float(np.percentile(ics, 5))),
            "mean_ic_p95": _f(float(np.percentile(ics, 95))),
            "ic_t_p05": _f(float(np.percentile(ts, 5)), 3),
            "ic_t_p95": _f(float(np.percentile(ts, 95)), 3)}


def _stats(score: Array, fwd: Array, lags: int) -> dict[str, Any]:
    ic = m.rank_ic(score, fwd)
    mean_ic, t_ic, n_ic = m.newey_west(ic, lags)
    spread = m.quintile_spread(score, fwd)
    mean_sp, t_sp, _ = m.newey_west(spread, lags)
    hit, obs = m.hits(score, fwd)
    return {"mean_ic": _f(mean_ic), "ic_t": _f(t_ic, 3), "ic_dates": n_ic,
            "top_minus_bottom": _f(mean_sp), "top_minus_bottom_t": _f(t_sp, 3),
            "hit_rate": _f(hit / obs, 4) if obs else None, "hit_obs": obs,
            "observations": int(np.sum(np.isfinite(score) & np.isfinite(fwd)))}
