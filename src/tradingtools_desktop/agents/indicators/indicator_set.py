"""The technical agent's whole indicator set for a universe, in one pass.

``compute_set`` takes the OHLCV panel (2-D, bars x symbols, NaN-padded on top) and
returns every indicator the technical and risk agents read, from the engine the backend
choice names (ours: one vectorised pass; pandas-ta: a loop over symbols). The set records
which backend produced it, so a run can say so in its metadata.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import kernels as k
from . import panel
from .backend import IndicatorBackend, resolve
from .engine import engine
from .kernels import Array
from .panel import Bands, Macd


@dataclass(frozen=True, slots=True)
class IndicatorParams:
    ema_fast: int = 20
    ema_slow: int = 50
    sma_long: int = 200
    rsi: int = 14
    macd_fast: int = 12
    macd_slow: int = 26
    macd_signal: int = 9
    atr: int = 14
    bb: int = 20
    bb_std: float = 2.0
    slope: int = 10  # bars of the least-squares slope of EMA(ema_fast)
    volume: int = 20  # average volume and average traded value window


@dataclass(frozen=True, slots=True)
class IndicatorSet:
    backend: IndicatorBackend
    params: IndicatorParams
    ema_fast: Array
    ema_slow: Array
    sma_long: Array
    rsi: Array
    macd: Macd
    atr: Array
    bbands: Bands
    ema_fast_slope: Array  # price units per bar
    avg_volume: Array
    avg_traded_value: Array  # price units x shares (x1000 for VND with the bundled data)


def compute_set(high: Array, low: Array, close: Array, volume: Array,
                params: IndicatorParams | None = None,
                backend: IndicatorBackend | str | None = None) -> IndicatorSet:
    """All indicators of ``params`` over the panel; ``backend`` as in :mod:`.backend`.

    Ours runs every EWM-based indicator in two passes over the bars (the MACD signal needs
    the line first); the result equals calling the :mod:`.panel` functions one by one.
    """
    p = params or IndicatorParams()
    chosen = resolve(backend)
    if chosen is IndicatorBackend.BUILTIN:
        return _builtin_set(high, low, close, volume, p)
    e = engine(chosen)
    ema_fast = e.ema(close, p.ema_fast)
    return IndicatorSet(
        backend=chosen,
        params=p,
        ema_fast=ema_fast,
        ema_slow=e.ema(close, p.ema_slow),
        sma_long=e.sma(close, p.sma_long),
        rsi=e.rsi(close, p.rsi),
        macd=e.macd(close, p.macd_fast, p.macd_slow, p.macd_signal),
        atr=e.atr(high, low, close, p.atr),
        bbands=e.bbands(close, p.bb, p.bb_std),
        ema_fast_slope=e.slope(ema_fast, p.slope),
        avg_volume=e.sma(volume, p.volume),
        avg_traded_value=e.avg_traded_value(close, volume, p.volume),
    )


def _builtin_set(high: Array, low: Array, close: Array, volume: Array,
                 p: IndicatorParams) -> IndicatorSet:
    c = k.as_panel(close, "close")
    lengths = [k.check_length(n) for n in (p.ema_fast, p.ema_slow, p.rsi, p.atr)]
    fast, slow, signal = panel._macd_lengths(p.macd_fast, p.macd_slow, p.macd_signal)
    e_fast, e_slow, m_fast, m_slow, up, down, atr_raw = k.ewm_batch([
        panel._ema_part(c, lengths[0]), panel._ema_part(c, lengths[1]),
        panel._ema_part(c, fast), panel._ema_part(c, slow),
        *panel._rsi_parts(c, lengths[2]),
        panel._atr_part(high, low, c, lengths[3]),
    ])
    ema_fast = panel._ema_done(c, lengths[0], e_fast)
    return IndicatorSet(
        backend=IndicatorBackend.BUILTIN,
        params=p,
        ema_fast=ema_fast,
        ema_slow=panel._ema_done(c, lengths[1], e_slow),
        sma_long=panel.sma(c, p.sma_long),
        rsi=panel._rsi_done(c, lengths[2], up, down),
        macd=panel._macd_done(c, slow, signal, panel._ema_done(c, fast, m_fast),
                              panel._ema_done(c, slow, m_slow)),
        atr=panel._atr_done(c, lengths[3], atr_raw),
        bbands=panel.bbands(c, p.bb, p.bb_std),
        ema_fast_slope=panel.slope(ema_fast, p.slope),
        avg_volume=panel.sma(volume, p.volume),
        avg_traded_value=panel.avg_traded_value(c, volume, p.volume),
    )
