"""Walk-forward arithmetic over panels (pure numpy, no I/O).

Conventions (all stated once, here):

- A score dated on session ``t`` uses what was known at ``t``'s close. The position is
  bought at the OPEN of session ``t+1`` (the first price one can act on) and sold at the
  CLOSE of session ``t+h``; the sale day is ``h-1`` sessions after the buy, so T+2 (shares
  bought on B are sellable from B+2) holds for every horizon ``h >= 3`` and shorter ones
  are refused.
- A buy pays the broker fee; a sale pays the fee and the 0.1 % selling tax
  (domain.market.fees.FeeSchedule): net return = exit x (1 - fee - tax) / (entry x (1 +
  fee)) - 1.
- A symbol with no bar, or a zero-volume bar, on the buy session cannot be bought: its
  forward return is NaN and it leaves that date's cross-section; so does one with no bar on
  the sale session.
- Rank IC: Spearman correlation (average ranks for ties) between score and net forward
  return across the symbols of one date, with at least ``MIN_NAMES`` of them. Its mean over
  dates has a t-statistic by Newey-West with Bartlett weights and ``ceil(h / step) - 1``
  lags, so overlapping forward windows do not pass for independent evidence.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from numpy.typing import NDArray

from ...domain.market.fees import FeeSchedule
from ...domain.market.settlement import SETTLEMENT_DAYS

Array = NDArray[np.float64]
Index = NDArray[np.int64]
MIN_NAMES = 8


def cost_rates(schedule: FeeSchedule) -> tuple[float, float]:
    """(buy cost, sell cost) as fractions of traded value."""
    return (schedule.broker_fee_bps / 10_000,
            (schedule.broker_fee_bps + schedule.sell_tax_bps) / 10_000)


def forward_returns(cal_open: Array, cal_close: Array, cal_volume: Array, dates: Index,
                    horizon: int, schedule: FeeSchedule) -> Array:
    """Net forward return of every symbol bought after each date's close (rows = dates)."""
    if horizon < SETTLEMENT_DAYS + 1:
        raise ValueError(f"a {horizon}-session horizon cannot be sold under T+"
                         f"{SETTLEMENT_DAYS}; use at least {SETTLEMENT_DAYS + 1}")
    buy, sell = cost_rates(schedule)
    t_count, n = cal_close.shape
    out = np.full((len(dates), n), np.nan)
    ok = dates + horizon < t_count
    d = dates[ok]
    entry = cal_open[d + 1]
    exit_ = cal_close[d + horizon]
    with np.errstate(invalid="ignore", divide="ignore"):
        tradable = (cal_volume[d + 1] > 0) & (entry > 0) & np.isfinite(exit_)
        value = exit_ * (1 - sell) / (entry * (1 + buy)) - 1
    out[ok] = np.where(tradable, value, np.nan)
    return out


def ranks(x: Array) -> Array:
    """Average ranks (1..n) of the finite values of a 1-D array; NaN stays NaN."""
    out = np.full(x.shape, np.nan)
    idx = np.flatnonzero(np.isfinite(x))
    if not len(idx):
        return out
    v = x[idx]
    order = np.argsort(v, kind="mergesort")
    sorted_v = v[order]
    r = np.empty(len(v))
    # ties share the average of their positions
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_v)) + 1]
    ends = np.r_[starts[1:], len(v)]
    avg = (starts + ends - 1) / 2 + 1
    r[order] = np.repeat(avg, ends - starts)
    out[idx] = r
    return out


def rank_ic(scores: Array, fwd: Array, min_names: int = MIN_NAMES) -> Array:
    """Per date, the Spearman correlation of score and forward return (NaN when fewer than
    ``min_names`` symbols have both, or either side is constant)."""
    out = np.full(scores.shape[0], np.nan)
    for i in range(scores.shape[0]):
        ok = np.isfinite(scores[i]) & np.isfinite(fwd[i])
        if ok.sum() < min_names:
            continue
        a, b = ranks(scores[i][ok]), ranks(fwd[i][ok])
        a, b = a - a.mean(), b - b.mean()
        den = math.sqrt(float(a @ a) * float(b @ b))
        if den > 0:
            out[i] = float(a @ b) / den
    return out


def newey_west(x: Array, lags: int) -> tuple[float, float, int]:
    """(mean, t-statistic, n) of the finite values of ``x`` with a Newey-West (Bartlett)
    standard error over ``lags`` lags; t is NaN with fewer than 3 values or no variance."""
    v = x[np.isfinite(x)]
    n = len(v)
    if n < 3:
        return (float(v.mean()) if n else math.nan, math.nan, n)
    m = float(v.mean())
    e = v - m
    var = float(e @ e) / n
    for lag in range(1, min(lags, n - 1) + 1):
        var += 2 * (1 - lag / (lags + 1)) * float(e[lag:] @ e[:-lag]) / n
    if var <= 0:
        return m, math.nan, n
    return m, m / math.sqrt(var / n), n


def overlap_lags(horizon: int, step: float) -> int:
    """Lags for Newey-West: how many later dates share part of a date's forward window."""
    return max(0, math.ceil(horizon / max(step, 1.0)) - 1)


def quintile_spread(scores: Array, fwd: Array, min_names: int = MIN_NAMES) -> Array:
    """Per date, mean forward return of the top fifth by score minus the bottom fifth."""
    out = np.full(scores.shape[0], np.nan)
    for i in range(scores.shape[0]):
        ok = np.flatnonzero(np.isfinite(scores[i]) & np.isfinite(fwd[i]))
        if len(ok) < min_names:
            continue
        order = ok[np.argsort(scores[i][ok], kind="mergesort")]
        k = max(1, len(order) // 5)
        out[i] = float(fwd[i][order[-k:]].mean() - fwd[i][order[:k]].mean())
    return out


def hits(scores: Array, fwd: Array) -> tuple[int, int]:
    """(hits, observations): a positive score whose forward return beats that date's
    cross-sectional median is a hit, so is a negative one that trails it; zero scores and
    dates with fewer than MIN_NAMES symbols do not count."""
    hit = total = 0
    for i in range(scores.shape[0]):
        ok = np.isfinite(scores[i]) & np.isfinite(fwd[i])
        if ok.sum() < MIN_NAMES:
            continue
        s, f = scores[i][ok], fwd[i][ok]
        excess = f - np.median(f)
        live = (s != 0) & (excess != 0)
        hit += int(np.sum(np.sign(s[live]) == np.sign(excess[live])))
        total += int(live.sum())
    return hit, total


def calibration(scores: Array, fwd: Array, edges: tuple[float, ...]
                ) -> list[dict[str, float | int | None]]:
    """Per score bucket [edge_i, edge_i+1): observations, hit rate against the date's
    median and mean excess return over it."""
    rows: list[dict[str, float | int | None]] = []
    s_all, x_all = [], []
    for i in range(scores.shape[0]):
        ok = np.isfinite(scores[i]) & np.isfinite(fwd[i])
        if ok.sum() < MIN_NAMES:
            continue
        s_all.append(scores[i][ok])
        x_all.append(fwd[i][ok] - np.median(fwd[i][ok]))
    s = np.concatenate(s_all) if s_all else np.empty(0)
    x = np.concatenate(x_all) if x_all else np.empty(0)
    for lo, hi in itertools.pairwise(edges):
        last = hi == edges[-1]
        m = (s >= lo) & ((s <= hi) if last else (s < hi))
        n = int(m.sum())
        if n == 0:
            rows.append({"lo": lo, "hi": hi, "n": 0, "hit_rate": None,
                         "mean_excess": None})
            continue
        beat = x[m] > 0
        rows.append({"lo": lo, "hi": hi, "n": n, "hit_rate": round(float(beat.mean()), 4),
                     "mean_excess": round(float(x[m].mean()), 6)})
    return rows


def ffill(x: Array) -> Array:
    """Forward-fill NaN down each column."""
    idx = np.where(np.isfinite(x), np.arange(x.shape[0])[:, None], 0)
    np.maximum.accumulate(idx, axis=0, out=idx)
    out: Array = x[idx, np.arange(x.shape[1])]
    return out


def equity_curve(scores: Array, dates: Index, cal_open: Array, cal_close: Array,
                 cal_volume: Array, top_n: int, schedule: FeeSchedule
                 ) -> tuple[list[float], list[int], float]:
    """An equal-weight portfolio of the ``top_n`` best-scored buyable symbols, rebalanced
    after every date's close at the next open, net of fees and tax; marked at each
    rebalance open (a symbol with no bar then is marked at its last close and sold at that
    price). Returns (values starting at 1.0, the calendar rows of the marks, mean turnover:
    the share of the book replaced per rebalance); empty when the score never picked."""
    buy, sell = cost_rates(schedule)
    t_count = cal_close.shape[0]
    d = dates[dates + 1 < t_count]
    if len(d) < 2:
        return [1.0], [int(d[0]) + 1] if len(d) else [], math.nan
    last_close = ffill(cal_close)
    mark = np.where(np.isfinite(cal_open), cal_open, np.vstack(
        [np.full((1, cal_close.shape[1]), np.nan), last_close[:-1]]))
    value, values, rows, turns = 1.0, [1.0], [int(d[0]) + 1], []
    held: NDArray[np.int64] = np.empty(0, dtype=np.int64)
    ever = False
    for k, t in enumerate(d):
        e = int(t) + 1
        if k:  # mark the book from the previous rebalance open to this one
            prev = int(d[k - 1]) + 1
            with np.errstate(invalid="ignore", divide="ignore"):
                growth = mark[e, held] / cal_open[prev, held]
            growth = np.where(np.isfinite(growth), growth, 1.0)
            value *= float(growth.mean()) if len(held) else 1.0
        ok = np.flatnonzero(np.isfinite(scores[k]) & (cal_volume[e] > 0)
                            & np.isfinite(cal_open[e]))
        if k == len(d) - 1:  # the last date only marks and sells the book
            value *= 1 - sell if len(held) else 1.0
            values.append(value)
            rows.append(e)
            break
        pick = ok[np.argsort(-scores[k][ok], kind="mergesort")][:top_n]
        if not len(held):
            value *= 1 - buy if len(pick) else 1.0
        else:
            replaced = len(np.setdiff1d(held, pick)) / max(len(held), 1)
            turns.append(replaced)
            value *= 1 - replaced * (buy + sell)
        held = np.sort(pick)
        ever = ever or bool(len(held))
        if k:
            values.append(value)
            rows.append(e)
    if not ever:  # the score never picked anything: no curve rather than a flat one
        return [], [], math.nan
    return values, rows, float(np.mean(turns)) if turns else math.nan


def max_drawdown(values: list[float]) -> float:
    v = np.asarray(values)
    if not len(v):
        return math.nan
    return float(np.max(1 - v / np.maximum.accumulate(v)))
