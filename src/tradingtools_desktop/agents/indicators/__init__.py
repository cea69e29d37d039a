"""Technical indicators for the screener, with or without the optional ``ta`` extra (Fix-02).

- :mod:`.panel`: ours, numpy only, vectorised over a universe (2-D arrays, bars x
  symbols, NaN-padded on top for shorter histories): SMA, EMA, RMA, RSI, MACD, true range,
  ATR, Bollinger Bands, least-squares slope, average traded value.
- :mod:`.via_pandas_ta`: the same functions computed by pandas-ta, one symbol at a time.
- :mod:`.series`: the same on one pandas Series, on either engine.
- :mod:`.indicator_set`: the technical agent's whole set in one call.
- :mod:`.backend` / :func:`engine`: which engine runs (``TRADINGTOOLS_INDICATORS``).

Definitions follow pandas-ta 0.4.71b0 to the seed; tests/agents/test_indicators.py states
and checks the agreement. Importing this package imports neither numpy, pandas, pandas-ta
nor numba; the submodules that compute do, on first use.
"""

from .backend import (
    ENV_VAR,
    IndicatorBackend,
    IndicatorBackendError,
    available_backend,
    pandas_ta_installed,
)
from .engine import Engine, engine

__all__ = [
    "ENV_VAR",
    "Engine",
    "IndicatorBackend",
    "IndicatorBackendError",
    "available_backend",
    "engine",
    "pandas_ta_installed",
]
