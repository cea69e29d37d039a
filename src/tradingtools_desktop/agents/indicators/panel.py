"""Our indicators over a whole universe at once: 2-D float arrays, rows = bars (oldest
first), columns = symbols, NaN-padded at the top for symbols with shorter history.

Every function reproduces pandas-ta 0.4.71b0 (no TA-Lib) applied to each column with its
leading NaNs removed, including pandas-ta's seeds and its "too short -> nothing" rule
(here: an all-NaN column). tests/agents/test_indicators.py measures the agreement on real
data. Outputs have the input's shape. Units follow the inputs (the bundled data quotes
prices in thousands of VND).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import kernels as k
from .kernels import Array


@dataclass(frozen=True, slots=True)
class Macd:
    line: Array  # EMA(fast) - EMA(slow)
    signal: Array  # EMA(signal) of the line, seeded from the line's first values
    hist: Array  # line - signal


@dataclass(frozen=True, slots=True)
class Bands:
    mid: Array  # SMA(n)
    upper: Array  # mid + k * sample std (ddof=1)
    lower: Array  # mid - k * sample std
    bandwidth: Array  # 100 * (upper - lower) / mid, in percent


def stack(series: list[Array] | list[list[float]]) -> Array:
    """Right-align 1-D series of different lengths into one panel (NaN-padded on top), so
    that the last row is every symbol's latest bar."""
    cols = [np.asarray(s, dtype=np.float64) for s in series]
    rows = max((len(c) for c in cols), default=0)
    out = np.full((rows, len(cols)), np.nan)
    for j, c in enumerate(cols):
        if len(c):
            out[rows - len(c):, j] = c
    return out


def sma(x: Array, n: int) -> Array:
    """Simple moving average of the last n bars (NaN during the first n-1)."""
    n = k.check_length(n)
    x = k.as_panel(x)
    return k.rolling_sum(x, n) / n


# EWM-based indicators are split into their recursive inputs (``_..._parts``: arrays and a
# centre of mass, run together by ``k.ewm_batch``) and a finishing step (``_..._done``), so
# that indicator_set can run the EWMs of several indicators in one pass over the bars.
Part = tuple[Array, float]


def _ema_part(x: Array, n: int) -> Part:
    return k.sma_seeded(x, n), k.com_from_span(n)


def _ema_done(x: Array, n: int, out: Array) -> Array:
    return k.blank(out, k.too_short(x, n))


def ema(x: Array, n: int) -> Array:
    """pandas-ta ``ema``: the first value is the SMA of the first n, then
    ``ewm(span=n, adjust=False)`` (alpha = 2 / (n + 1))."""
    return emas(x, [n])[0]


def emas(x: Array, lengths: list[int]) -> list[Array]:
    """``[ema(x, n) for n in lengths]`` in one pass over the bars."""
    x = k.as_panel(x)
    ns = [k.check_length(n) for n in lengths]
    outs = k.ewm_batch([_ema_part(x, n) for n in ns])
    return [_ema_done(x, n, out) for n, out in zip(ns, outs, strict=True)]


def rma(x: Array, n: int) -> Array:
    """Wilder's moving average (pandas-ta ``rma``): ``ewm(alpha=1/n, adjust=False)`` from the
    first value, without an SMA seed."""
    n = k.check_length(n)
    x = k.as_panel(x)
    out = k.ewm_mean(x, k.com_from_alpha(1.0 / n))
    return k.blank(out, k.too_short(x, n))


def _rsi_parts(close: Array, n: int) -> list[Part]:
    diff = close - k.shift(close)
    gains = np.where(diff < 0, 0.0, diff)  # NaN stays NaN
    losses = np.where(diff > 0, 0.0, diff)
    com = k.com_from_alpha(1.0 / n)
    return [(gains, com), (losses, com)]


def _rsi_done(close: Array, n: int, up: Array, down: Array) -> Array:
    with np.errstate(invalid="ignore", divide="ignore"):
        out: Array = 100.0 * up / (up + np.abs(down))
    return k.blank(out, k.too_short(close, n + 1))


def rsi(close: Array, n: int = 14) -> Array:
    """Wilder RSI in [0, 100]: RMA of gains over RMA of gains + |losses|. Like pandas-ta it
    has values from the second bar on (the RMA starts at the first change), NaN while
    there has been no change at all; allow about 3n bars for the seed to fade."""
    n = k.check_length(n)
    close = k.as_panel(close, "close")
    up, down = k.ewm_batch(_rsi_parts(close, n))
    return _rsi_done(close, n, up, down)


def _macd_lengths(fast: int, slow: int, signal: int) -> tuple[int, int, int]:
    lo, hi = sorted((k.check_length(fast, "fast"), k.check_length(slow, "slow")))
    return lo, hi, k.check_length(signal, "signal")


def _macd_done(close: Array, slow: int, signal: int, ema_fast: Array,
               ema_slow: Array) -> Macd:
    line = ema_fast - ema_slow
    sig = ema(line, signal)
    short = k.too_short(close, slow + signal - 1)
    hist = line - sig
    return Macd(k.blank(line, short), k.blank(sig, short), k.blank(hist, short))


def macd(close: Array, fast: int = 12, slow: int = 26, signal: int = 9) -> Macd:
    """MACD line, signal and histogram (pandas-ta ``macd``, fast/slow swapped if reversed)."""
    close = k.as_panel(close, "close")
    fast, slow, signal = _macd_lengths(fast, slow, signal)
    ema_fast, ema_slow = emas(close, [fast, slow])
    return _macd_done(close, slow, signal, ema_fast, ema_slow)


def true_range(high: Array, low: Array, close: Array) -> Array:
    """max(|high - low|, |high - prev close|, |prev close - low|), skipping NaN; the first
    bar has no previous close, so it is high - low. As pandas-ta, high - low gets machine
    epsilon added on every bar of a column that has any high == low bar."""
    high, low, close = (k.as_panel(a, name) for a, name in
                        ((high, "high"), (low, "low"), (close, "close")))
    prev = k.shift(close)
    hl = k.nonzero_range(high, low)
    return k.nanmax3(np.abs(hl), np.abs(high - prev), np.abs(prev - low))


def _atr_part(high: Array, low: Array, close: Array, n: int) -> Part:
    return k.sma_seeded(true_range(high, low, close), n), k.com_from_alpha(1.0 / n)


def _atr_done(close: Array, n: int, out: Array) -> Array:
    return k.blank(out, k.too_short(k.as_panel(close, "close"), n + 1))


def atr(high: Array, low: Array, close: Array, n: int = 14) -> Array:
    """Wilder ATR (pandas-ta ``atr``): true range, the mean of the first n true ranges as the
    start value at bar n, then RMA with alpha = 1/n."""
    n = k.check_length(n)
    (out,) = k.ewm_batch([_atr_part(high, low, close, n)])
    return _atr_done(close, n, out)


def bbands(close: Array, n: int = 20, std: float = 2.0, ddof: int = 1) -> Bands:
    """Bollinger Bands around SMA(n) at ``std`` sample standard deviations (ddof=1, as
    pandas-ta; invalid ddof falls back to 1 there too)."""
    n = k.check_length(n)
    close = k.as_panel(close, "close")
    ddof = ddof if 0 <= ddof < n else 1
    mid = sma(close, n)
    dev = std * np.sqrt(k.rolling_var(close, n, ddof))
    upper, lower = mid + dev, mid - dev
    with np.errstate(invalid="ignore", divide="ignore"):
        width = 100.0 * k.nonzero_range(upper, lower) / mid
    return Bands(mid, upper, lower, width)


def slope(x: Array, n: int) -> Array:
    """Least-squares slope of the last n values against 1..n (units of x per bar), as
    pandas-ta ``linreg(slope=True)``."""
    n = k.check_length(n)
    x = k.as_panel(x)
    x_sum = 0.5 * n * (n + 1)
    x2_sum = x_sum * (2 * n + 1) / 3
    divisor = n * x2_sum - x_sum * x_sum
    xy = k.rolling_sum(x, n, np.arange(1, n + 1, dtype=np.float64))
    y = k.rolling_sum(x, n)
    out: Array = (n * xy - x_sum * y) / divisor
    return out


def avg_traded_value(close: Array, volume: Array, n: int = 20) -> Array:
    """Mean of close * volume over the last n bars: liquidity in price units x shares (for the
    bundled data, thousands of VND: multiply by 1000 for VND). Zero-volume days count as
    zero; a window with a missing close or volume is NaN."""
    n = k.check_length(n)
    return sma(k.as_panel(close, "close") * k.as_panel(volume, "volume"), n)
