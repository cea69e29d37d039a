"""Vectorised indicators over 2-D float arrays (rows = bars, columns = symbols).

Contract: every column is one symbol's own bar sequence, right-aligned, NaN only before its
first bar (no gaps inside). Outputs have the input's shape, NaN during each column's
warm-up. Definitions match pandas-ta 0.4.71b0 (see tests/agents/test_indicators.py).
"""

from __future__ import annotations

import sys

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
EPS = sys.float_info.epsilon


def first_valid(x: Array) -> NDArray[np.int64]:
    """Index of each column's first non-NaN value (len(x) when none)."""
    valid = ~np.isnan(x)
    idx: NDArray[np.int64] = np.argmax(valid, axis=0).astype(np.int64)
    idx[~valid.any(axis=0)] = x.shape[0]
    return idx


def sma(x: Array, n: int) -> Array:
    """Rolling mean over n bars (pandas' compiled rolling window, as pandas-ta uses)."""
    import pandas as pd

    out: Array = pd.DataFrame(x).rolling(n, min_periods=n).mean().to_numpy()
    return out


def _recursive(x: Array, alpha: float, seed_at: NDArray[np.int64],
               seed: Array) -> Array:
    """y[s] = seed; y[t] = alpha*x[t] + (1-alpha)*y[t-1] for t > s (per column).

    The recursion runs in pandas' compiled ``ewm(adjust=False)`` over all columns at once
    (the same routine pandas-ta uses), on a copy of ``x`` blanked before each column's
    start and holding the seed at the start."""
    import pandas as pd

    rows = x.shape[0]
    seeded = x.copy()
    t = np.arange(rows)[:, None]
    seeded[t < seed_at[None, :]] = np.nan
    cols = np.nonzero(seed_at < rows)[0]
    seeded[seed_at[cols], cols] = seed[cols]
    out: Array = pd.DataFrame(seeded).ewm(alpha=alpha, adjust=False).mean().to_numpy()
    return out


def ema(x: Array, n: int) -> Array:
    """pandas-ta ``ema(presma=True)``: SMA of the first n values, then alpha = 2/(n+1)."""
    f = first_valid(x)
    seed_at = f + n - 1
    seed = np.full(x.shape[1], np.nan)
    ok = seed_at < x.shape[0]
    cols = np.nonzero(ok)[0]
    seed[cols] = [np.mean(x[f[c]:f[c] + n, c]) for c in cols]
    seed_at = np.where(ok, seed_at, x.shape[0])
    return _recursive(x, 2.0 / (n + 1), seed_at, seed)


def rma(x: Array, n: int) -> Array:
    """Wilder's moving average: ewm(alpha=1/n, adjust=False) from the first value."""
    f = first_valid(x)
    seed = np.full(x.shape[1], np.nan)
    cols = np.nonzero(f < x.shape[0])[0]
    seed[cols] = x[f[cols], cols]
    return _recursive(x, 1.0 / n, f, seed)


def rsi(close: Array, n: int = 14) -> Array:
    diff = np.full_like(close, np.nan)
    diff[1:] = close[1:] - close[:-1]
    pos = np.where(diff > 0, diff, 0.0)
    neg = np.where(diff < 0, diff, 0.0)
    pos[np.isnan(diff)] = np.nan
    neg[np.isnan(diff)] = np.nan
    up, down = rma(pos, n), rma(neg, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: Array = 100.0 * up / (up + np.abs(down))
    return out


def true_range(high: Array, low: Array, close: Array) -> Array:
    hl = high - low
    hl = np.where(hl == 0, hl + EPS, hl)
    pc = np.full_like(close, np.nan)
    pc[1:] = close[:-1]
    tr: Array = np.fmax(np.fmax(np.abs(hl), np.abs(high - pc)), np.abs(pc - low))
    tr[np.isnan(hl)] = np.nan
    return tr


def atr(high: Array, low: Array, close: Array, n: int = 14) -> Array:
    """pandas-ta ``atr``: true range, SMA seed of the first n, then Wilder RMA."""
    tr = true_range(high, low, close)
    f = first_valid(tr)
    seed_at = f + n - 1
    ok = seed_at < tr.shape[0]
    seed = np.full(tr.shape[1], np.nan)
    cols = np.nonzero(ok)[0]
    seed[cols] = [np.mean(tr[f[c]:f[c] + n, c]) for c in cols]
    return _recursive(tr, 1.0 / n, np.where(ok, seed_at, tr.shape[0]), seed)


def macd(close: Array, fast: int = 12, slow: int = 26,
         signal: int = 9) -> tuple[Array, Array, Array]:
    line = ema(close, fast) - ema(close, slow)
    sig = ema(line, signal)
    return line, sig, line - sig


def rolling_std(x: Array, n: int, ddof: int = 1) -> Array:
    import pandas as pd

    out: Array = pd.DataFrame(x).rolling(n, min_periods=n).std(ddof=ddof).to_numpy()
    return out


def bbands(close: Array, n: int = 20, k: float = 2.0) -> tuple[Array, Array, Array, Array]:
    """(lower, mid, upper, bandwidth %) with pandas-ta's sample std (ddof=1)."""
    mid = sma(close, n)
    dev = rolling_std(close, n) * k
    lower, upper = mid - dev, mid + dev
    with np.errstate(invalid="ignore", divide="ignore"):
        width = 100.0 * (upper - lower) / mid
    return lower, mid, upper, width


def slope(x: Array, n: int) -> Array:
    """Least-squares slope over the last n bars (per bar), vectorised with rolling sums."""
    t = np.arange(x.shape[0], dtype=np.float64)[:, None]
    sy, sty = sma(x, n) * n, sma(x * t, n) * n
    st = sma(np.broadcast_to(t, x.shape).copy(), n) * n
    stt = sma(np.broadcast_to(t * t, x.shape).copy(), n) * n
    denom = n * stt - st * st
    with np.errstate(invalid="ignore", divide="ignore"):
        out: Array = (n * sty - st * sy) / denom
    return out
