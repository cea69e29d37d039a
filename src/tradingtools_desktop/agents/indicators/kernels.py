"""Numpy building blocks for the indicators: windows, pandas' EWM recursion, seeds.

All work on 2-D float64 arrays (rows = bars, oldest first; columns = symbols). A column's
leading NaNs are padding (the symbol's history is shorter); each column behaves exactly as
the same series with the padding removed would under pandas / pandas-ta 0.4.71b0. NaNs
after a column's first value are gaps and follow pandas' rules: a window that contains one
is NaN, an EWM carries its last value through it (``ignore_na=False``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]
Index = NDArray[np.int64]

EPS = sys.float_info.epsilon


def as_panel(x: object, name: str = "x") -> Array:
    """``x`` as a 2-D float64 array; 1-D or 3-D input is a caller error."""
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim != 2:
        raise ValueError(f"{name}: expected a 2-D array (bars x symbols), got {arr.ndim}-D; "
                         "pass one series as x[:, None]")
    return arr


def first_valid(x: Array) -> Index:
    """Row of each column's first non-NaN value (``len(x)`` for an all-NaN column)."""
    if x.shape[0] == 0:
        return np.zeros(x.shape[1], dtype=np.int64)
    valid = ~np.isnan(x)
    idx: Index = np.argmax(valid, axis=0).astype(np.int64)
    idx[~valid.any(axis=0)] = x.shape[0]
    return idx


def too_short(x: Array, need: int) -> Mask:
    """Columns whose series (from the first value) has fewer than ``need`` rows: pandas-ta
    returns None for those (``v_series``); we return all NaN."""
    out: Mask = (x.shape[0] - first_valid(x)) < need
    return out


def blank(out: Array, columns: Mask) -> Array:
    """Set whole columns to NaN in place; returns ``out``."""
    out[:, columns] = np.nan
    return out


def shift(x: Array, periods: int = 1) -> Array:
    """Rows moved down by ``periods`` (NaN on top), like ``Series.shift``."""
    out = np.full_like(x, np.nan)
    if periods < x.shape[0]:
        out[periods:] = x[: x.shape[0] - periods]
    return out


def _windows(x: Array, n: int) -> tuple[int, list[Array]]:
    """Row count of the full windows and the n aligned row-slices (oldest first)."""
    rows = x.shape[0] - n + 1
    return rows, [x[k:k + rows] for k in range(n)]


def check_length(n: int, name: str = "length") -> int:
    """``n`` if it is a usable period (an int >= 1), else ValueError (pandas-ta would
    silently use its default instead)."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {n!r}")
    return int(n)


def rolling_sum(x: Array, n: int, weights: Array | None = None) -> Array:
    """Sum (optionally weighted, ``weights[k]`` for the k-th oldest bar) over the last n bars;
    NaN until n bars exist and wherever the window holds a NaN."""
    n = check_length(n)
    out = np.full_like(x, np.nan)
    rows, parts = _windows(x, n)
    if rows <= 0:
        return out
    if weights is None:
        acc = parts[0].copy()
        for k in range(1, n):
            acc += parts[k]
    else:
        acc = parts[0] * weights[0]
        for k in range(1, n):
            acc += parts[k] * weights[k]
    out[n - 1:] = acc
    return out


def rolling_var(x: Array, n: int, ddof: int = 1) -> Array:
    """Rolling variance, two-pass per window; exactly 0 on a constant window (as pandas)."""
    out = np.full_like(x, np.nan)
    rows, parts = _windows(x, n)
    if rows <= 0 or n - ddof <= 0:
        return out
    mean = sum(parts[1:], start=parts[0].copy()) / n
    ss = np.zeros_like(mean)
    changes = np.zeros_like(mean)
    for k in range(n):
        ss += (parts[k] - mean) ** 2
        if k:
            changes += parts[k] != parts[k - 1]
    var = ss / (n - ddof)
    var[(changes == 0) & ~np.isnan(var)] = 0.0
    out[n - 1:] = var
    return out


def window_mean_from(x: Array, start: Index, n: int) -> Array:
    """Per column, the NaN-skipping mean of rows ``start .. start+n-1`` (pandas ``mean()``);
    NaN when that block runs past the end."""
    rows, cols = x.shape
    ok = start + n <= rows
    out = np.full(cols, np.nan)
    if ok.any():
        c = np.nonzero(ok)[0]
        block = x[start[c][:, None] + np.arange(n), c[:, None]]  # (k, n), C-contiguous
        count = (~np.isnan(block)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[c] = np.nan_to_num(block, nan=0.0).sum(axis=1) / count
    return out


def sma_seeded(x: Array, n: int) -> Array:
    """pandas-ta's ``presma`` step: per column, the n-1 values after the first become NaN and
    the n-th holds the mean of the first n (the EMA / ATR start value)."""
    out = x.copy()
    f = first_valid(x)
    seed = window_mean_from(x, f, n)
    for c in np.nonzero(f < x.shape[0])[0]:
        s = int(f[c])
        out[s:s + n - 1, c] = np.nan
        if s + n - 1 < x.shape[0]:
            out[s + n - 1, c] = seed[c]
    return out


def com_from_span(span: float) -> float:
    return float((span - 1) / 2)


def com_from_alpha(alpha: float) -> float:
    return float((1 - alpha) / alpha)


def ewm_mean(x: Array, com: float | Array) -> Array:
    """``DataFrame.ewm(com=com, adjust=False).mean()`` column by column, same arithmetic.

    ``com`` is one centre of mass or one per column. Each column starts at its first value;
    a NaN afterwards repeats the last value and ages the old weight (``ignore_na=False``).
    The loop runs over bars; every step handles all columns at once.
    """
    cols = x.shape[1]
    alpha: Array = 1.0 / (1.0 + np.broadcast_to(np.asarray(com, dtype=np.float64), (cols,)))
    first = first_valid(x)
    if (np.isnan(x).sum(axis=0) > first).any():
        return _ewm_with_gaps(x, alpha)
    return _ewm_dense(x, alpha, first)


def ewm_batch(parts: Sequence[tuple[Array, float]]) -> list[Array]:
    """``[ewm_mean(x, com) for x, com in parts]`` as one pass over the bars (the parts must
    have the same number of rows)."""
    if not parts:
        return []
    widths = [x.shape[1] for x, _ in parts]
    com = np.concatenate([np.full(w, c) for w, (_, c) in zip(widths, parts, strict=True)])
    out = ewm_mean(np.hstack([x for x, _ in parts]), com)
    edges = np.cumsum([0, *widths])
    return [out[:, edges[i]:edges[i + 1]] for i in range(len(parts))]


def _ewm_dense(x: Array, alpha: Array, first: Index) -> Array:
    """The common case, no NaN after a column's first value: the same update as pandas,
    (f*w + a*x) / (f + a) with f = 1 - a, on preallocated buffers."""
    rows, cols = x.shape
    out = np.full_like(x, np.nan)
    start = int(first.min(initial=rows))
    factor = 1.0 - alpha
    denom = factor + alpha  # pandas divides by old weight + new weight, not by 1
    starts = {int(t): np.nonzero(first == t)[0] for t in np.unique(first) if t < rows}
    weighted: Array = np.full(cols, np.nan)
    mixed, scaled = np.empty(cols), np.empty(cols)
    moved = np.empty(cols, dtype=np.bool_)
    for t in range(start, rows):
        cur = x[t]
        np.multiply(weighted, factor, out=mixed)
        np.multiply(cur, alpha, out=scaled)
        mixed += scaled
        mixed /= denom
        # pandas skips the update when the value equals the average (constant series)
        np.not_equal(weighted, cur, out=moved)
        np.copyto(weighted, mixed, where=moved)
        began = starts.get(t)
        if began is not None:
            weighted[began] = cur[began]
        out[t] = weighted
    return out


def _ewm_with_gaps(x: Array, alpha: Array) -> Array:
    """pandas' general loop: a gap ages the old weight, the next value gets more weight."""
    rows, cols = x.shape
    factor = 1.0 - alpha
    out = np.empty_like(x)
    weighted: Array = np.full(cols, np.nan)
    old: Array = np.ones(cols)
    observed = ~np.isnan(x)
    for t in range(rows):
        cur, obs = x[t], observed[t]
        started = ~np.isnan(weighted)
        old = np.where(started, old * factor, old)
        mixed = (old * weighted + alpha * cur) / (old + alpha)
        take = started & obs
        weighted = np.where(take & (weighted != cur), mixed,
                            np.where(~started & obs, cur, weighted))
        old = np.where(take, 1.0, old)
        out[t] = weighted
    return out


def nonzero_range(a: Array, b: Array) -> Array:
    """pandas-ta ``non_zero_range``: ``a - b``, plus machine epsilon on the WHOLE column
    when any of its differences is exactly zero."""
    diff = a - b
    out: Array = diff + np.where((diff == 0).any(axis=0), EPS, 0.0)
    return out


def nanmax3(a: Array, b: Array, c: Array) -> Array:
    """Element-wise max skipping NaN (NaN only where all three are NaN)."""
    stacked = np.stack([a, b, c])
    allnan = np.isnan(stacked).all(axis=0)
    out: Array = np.max(np.where(np.isnan(stacked), -np.inf, stacked), axis=0)
    out[allnan] = np.nan
    return out
