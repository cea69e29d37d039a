"""The same functions as :mod:`.panel`, computed by pandas-ta one column at a time.

This is the reference the built-in engine is tested against and the engine used when the
``ta`` extra is chosen. Each column's leading NaNs are removed before pandas-ta sees it and
put back after, so both engines read a padded panel the same way; where pandas-ta returns
nothing (series too short) the column is NaN. pandas-ta is imported on the first call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from . import kernels as k
from .backend import load_pandas_ta
from .kernels import Array
from .panel import Bands, Macd


def _columns(inputs: tuple[Array, ...], call: Callable[..., Any],
             outputs: int = 1) -> list[Array]:
    """Run ``call(*series)`` per column on pandas Series cut to start at the first value of
    the last input (the close); ``call`` returns one Series/array or a tuple of them."""
    import pandas as pd

    panels = [k.as_panel(a) for a in inputs]
    rows, cols = panels[-1].shape
    if any(p.shape != (rows, cols) for p in panels):
        raise ValueError(f"inputs differ in shape: {[p.shape for p in panels]}")
    outs: list[Array] = [np.full((rows, cols), np.nan) for _ in range(outputs)]
    starts = k.first_valid(panels[-1])
    for j in range(cols):
        s = int(starts[j])
        if s >= rows:
            continue
        series = [pd.Series(p[s:, j]) for p in panels]
        got = call(*series)
        if got is None:  # pandas-ta: too short
            continue
        parts = got if isinstance(got, tuple) else (got,)
        for out, part in zip(outs, parts, strict=True):
            if part is not None:
                out[s:, j] = np.asarray(part, dtype=np.float64)
    return outs


def sma(x: Array, n: int) -> Array:
    ta = load_pandas_ta()
    return _columns((x,), lambda c: ta.sma(c, k.check_length(n)))[0]


def ema(x: Array, n: int) -> Array:
    ta = load_pandas_ta()
    return _columns((x,), lambda c: ta.ema(c, k.check_length(n)))[0]


def rma(x: Array, n: int) -> Array:
    ta = load_pandas_ta()
    return _columns((x,), lambda c: ta.rma(c, k.check_length(n)))[0]


def rsi(close: Array, n: int = 14) -> Array:
    ta = load_pandas_ta()
    return _columns((close,), lambda c: ta.rsi(c, k.check_length(n)))[0]


def macd(close: Array, fast: int = 12, slow: int = 26, signal: int = 9) -> Macd:
    ta = load_pandas_ta()
    lengths = [k.check_length(v, name) for v, name in
               ((fast, "fast"), (slow, "slow"), (signal, "signal"))]

    def one(c: Any) -> Any:
        df = ta.macd(c, *lengths)  # columns: MACD, MACDh, MACDs
        return None if df is None else (df.iloc[:, 0], df.iloc[:, 2], df.iloc[:, 1])

    line, sig, hist = _columns((close,), one, 3)
    return Macd(line, sig, hist)


def true_range(high: Array, low: Array, close: Array) -> Array:
    ta = load_pandas_ta()
    return _columns((high, low, close), lambda h, lo, c: ta.true_range(h, lo, c))[0]


def atr(high: Array, low: Array, close: Array, n: int = 14) -> Array:
    ta = load_pandas_ta()
    n = k.check_length(n)
    return _columns((high, low, close), lambda h, lo, c: ta.atr(h, lo, c, n))[0]


def bbands(close: Array, n: int = 20, std: float = 2.0, ddof: int = 1) -> Bands:
    ta = load_pandas_ta()
    n = k.check_length(n)

    def one(c: Any) -> Any:
        df = ta.bbands(c, n, std, std, ddof=ddof)  # columns: BBL, BBM, BBU, BBB, BBP
        return None if df is None else (df.iloc[:, 1], df.iloc[:, 2], df.iloc[:, 0],
                                        df.iloc[:, 3])

    mid, upper, lower, width = _columns((close,), one, 4)
    return Bands(mid, upper, lower, width)


def slope(x: Array, n: int) -> Array:
    ta = load_pandas_ta()
    return _columns((x,), lambda c: ta.linreg(c, k.check_length(n), slope=True))[0]


def avg_traded_value(close: Array, volume: Array, n: int = 20) -> Array:
    ta = load_pandas_ta()
    n = k.check_length(n)
    return _columns((volume, close), lambda v, c: ta.sma(c * v, n))[0]
