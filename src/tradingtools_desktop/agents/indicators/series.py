"""Indicators on one symbol's pandas Series, on either engine (see :mod:`.backend`).

Each function takes aligned Series (one symbol, oldest bar first), returns a Series or a
DataFrame on the same index, and chooses the engine with ``backend`` (None: pandas-ta when
installed unless ``TRADINGTOOLS_INDICATORS=builtin``). Leading NaNs are padding: the
indicator starts at the first value, on both engines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from .backend import IndicatorBackend
from .engine import Engine, engine

if TYPE_CHECKING:
    import pandas as pd

    from .kernels import Array

Backend = IndicatorBackend | str | None


def _run(inputs: tuple[pd.Series, ...], compute: Callable[..., Any],
         backend: Backend) -> Any:
    index = inputs[0].index
    if any(len(s) != len(index) or not s.index.equals(index) for s in inputs[1:]):
        raise ValueError("inputs must share one index (one symbol's bars)")
    cols = [s.to_numpy(dtype=np.float64, na_value=np.nan)[:, None] for s in inputs]
    return compute(engine(backend), *cols)


def _series(values: Array, like: pd.Series, name: str) -> pd.Series:
    import pandas as pd

    return pd.Series(values[:, 0], index=like.index, name=name)


def _frame(columns: dict[str, Array], like: pd.Series) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({k: v[:, 0] for k, v in columns.items()}, index=like.index)


def sma(x: pd.Series, n: int, *, backend: Backend = None) -> pd.Series:
    return _series(_run((x,), lambda e, a: e.sma(a, n), backend), x, f"SMA_{n}")


def ema(x: pd.Series, n: int, *, backend: Backend = None) -> pd.Series:
    return _series(_run((x,), lambda e, a: e.ema(a, n), backend), x, f"EMA_{n}")


def rma(x: pd.Series, n: int, *, backend: Backend = None) -> pd.Series:
    return _series(_run((x,), lambda e, a: e.rma(a, n), backend), x, f"RMA_{n}")


def rsi(close: pd.Series, n: int = 14, *, backend: Backend = None) -> pd.Series:
    return _series(_run((close,), lambda e, c: e.rsi(c, n), backend), close, f"RSI_{n}")


def macd(close: pd.Series, fast: int = 12, slow: int = 26, signal: int = 9, *,
         backend: Backend = None) -> pd.DataFrame:
    """Columns ``line``, ``signal``, ``hist``."""
    def run(e: Engine, c: Array) -> dict[str, Array]:
        m = e.macd(c, fast, slow, signal)
        return {"line": m.line, "signal": m.signal, "hist": m.hist}

    return _frame(_run((close,), run, backend), close)


def true_range(high: pd.Series, low: pd.Series, close: pd.Series, *,
               backend: Backend = None) -> pd.Series:
    got = _run((high, low, close), lambda e, h, lo, c: e.true_range(h, lo, c), backend)
    return _series(got, close, "TRUERANGE")


def atr(high: pd.Series, low: pd.Series, close: pd.Series, n: int = 14, *,
        backend: Backend = None) -> pd.Series:
    got = _run((high, low, close), lambda e, h, lo, c: e.atr(h, lo, c, n), backend)
    return _series(got, close, f"ATR_{n}")


def bbands(close: pd.Series, n: int = 20, std: float = 2.0, *,
           backend: Backend = None) -> pd.DataFrame:
    """Columns ``mid``, ``upper``, ``lower``, ``bandwidth`` (percent of mid)."""
    def run(e: Engine, c: Array) -> dict[str, Array]:
        b = e.bbands(c, n, std)
        return {"mid": b.mid, "upper": b.upper, "lower": b.lower, "bandwidth": b.bandwidth}

    return _frame(_run((close,), run, backend), close)


def slope(x: pd.Series, n: int, *, backend: Backend = None) -> pd.Series:
    return _series(_run((x,), lambda e, a: e.slope(a, n), backend), x, f"SLOPE_{n}")


def avg_traded_value(close: pd.Series, volume: pd.Series, n: int = 20, *,
                     backend: Backend = None) -> pd.Series:
    got = _run((close, volume), lambda e, c, v: e.avg_traded_value(c, v, n), backend)
    return _series(got, close, f"TRADED_VALUE_{n}")
