"""One interface, two engines: :mod:`.panel` (ours, numpy) and :mod:`.via_pandas_ta`.

``engine(backend)`` returns the module for a backend choice (see :mod:`.backend`); both
modules have the functions of :class:`Engine` with the same contracts. Importing this
module imports neither numpy nor pandas; the chosen engine is imported on call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from .backend import IndicatorBackend, resolve

if TYPE_CHECKING:
    from .kernels import Array
    from .panel import Bands, Macd


class Engine(Protocol):
    def sma(self, x: Array, n: int) -> Array: ...
    def ema(self, x: Array, n: int) -> Array: ...
    def rma(self, x: Array, n: int) -> Array: ...
    def rsi(self, close: Array, n: int = 14) -> Array: ...
    def macd(self, close: Array, fast: int = 12, slow: int = 26,
             signal: int = 9) -> Macd: ...
    def true_range(self, high: Array, low: Array, close: Array) -> Array: ...
    def atr(self, high: Array, low: Array, close: Array, n: int = 14) -> Array: ...
    def bbands(self, close: Array, n: int = 20, std: float = 2.0,
               ddof: int = 1) -> Bands: ...
    def slope(self, x: Array, n: int) -> Array: ...
    def avg_traded_value(self, close: Array, volume: Array, n: int = 20) -> Array: ...


def engine(backend: IndicatorBackend | str | None = None) -> Engine:
    """The engine module for ``backend`` (None: :func:`.backend.available_backend`)."""
    if resolve(backend) is IndicatorBackend.BUILTIN:
        from . import panel

        return panel
    from . import via_pandas_ta

    return via_pandas_ta
