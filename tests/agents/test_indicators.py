"""Our vectorised indicators: hand-worked cases always; pandas-ta agreement on real data
when the optional `ta` extra is installed (Fix-02). Tolerance: relative 1e-9 after the
warm-up (measured: 0 for EMA/RSI/MACD, <1e-13 SMA/ATR, <2e-11 Bollinger)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from tradingtools_desktop.agents.ta import builtin as b

FIX = Path(__file__).parents[1] / "fixtures" / "ohlcv"
SYMBOLS = ["FPT", "VCB", "ACV", "SHS"]
TOL = 1e-9


def load(symbol: str) -> dict[str, np.ndarray]:
    with (FIX / f"{symbol}.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    return {k: np.array([float(r[k]) for r in rows]) for k in ("open", "high", "low", "close",
                                                               "volume")}


def matrix(field: str, lengths: dict[str, int] | None = None) -> np.ndarray:
    series = [load(s)[field] for s in SYMBOLS]
    if lengths:  # shorten some columns to exercise right alignment with leading NaNs
        series = [v[-lengths.get(s, len(v)):] for s, v in zip(SYMBOLS, series, strict=True)]
    n = max(len(v) for v in series)
    m = np.full((n, len(series)), np.nan)
    for j, v in enumerate(series):
        m[n - len(v):, j] = v
    return m


def test_sma_and_ema_by_hand() -> None:
    x = np.array([[1.0], [2.0], [3.0], [4.0], [5.0]])
    assert np.allclose(b.sma(x, 3)[2:, 0], [2.0, 3.0, 4.0])
    assert np.isnan(b.sma(x, 3)[:2]).all()
    e = b.ema(x, 3)  # seed = mean(1,2,3) = 2 at index 2; alpha = 0.5
    assert np.allclose(e[2:, 0], [2.0, 3.0, 4.0])


def test_rsi_by_hand_all_gains_is_100() -> None:
    x = np.arange(1.0, 30.0)[:, None]
    assert np.allclose(b.rsi(x, 14)[14:, 0], 100.0)


def test_true_range_uses_previous_close() -> None:
    h, lo, c = (np.array([[10.0], [12.0]]), np.array([[9.0], [11.0]]),
                np.array([[9.5], [11.5]]))
    assert np.allclose(b.true_range(h, lo, c)[:, 0], [1.0, 2.5])


def test_columns_are_independent_and_nan_padded_columns_match_their_own_series() -> None:
    full = matrix("close")
    short = matrix("close", {"ACV": 120})
    for fn in (lambda x: b.ema(x, 20), lambda x: b.rsi(x, 14), lambda x: b.sma(x, 50)):
        a, s = fn(full), fn(short)
        # ACV's shortened column equals the indicator computed on that 120-bar series alone
        alone = fn(short[-120:, [2]])
        assert np.allclose(s[-120:, 2], alone[:, 0], equal_nan=True)
        # the other columns are unaffected by ACV's length
        assert np.allclose(a[:, [0, 1, 3]], s[:, [0, 1, 3]], equal_nan=True)


@pytest.mark.ta
def test_builtin_matches_pandas_ta_on_real_data() -> None:
    pd = pytest.importorskip("pandas")
    ta = pytest.importorskip("pandas_ta")
    h, lo, c = matrix("high"), matrix("low"), matrix("close")
    ours = {"sma": b.sma(c, 20), "ema": b.ema(c, 20), "rsi": b.rsi(c, 14),
            "atr": b.atr(h, lo, c, 14)}
    line, sig, _ = b.macd(c)
    lower, _mid, upper, _w = b.bbands(c, 20, 2.0)
    ours.update(macd=line, macds=sig, bbl=lower, bbu=upper)
    for j, s in enumerate(SYMBOLS):
        d = pd.DataFrame(load(s))
        m = ta.macd(d.close)
        bb = ta.bbands(d.close, 20, 2.0)
        ref = {"sma": ta.sma(d.close, 20), "ema": ta.ema(d.close, 20),
               "rsi": ta.rsi(d.close, 14), "atr": ta.atr(d.high, d.low, d.close, 14),
               "macd": m.iloc[:, 0], "macds": m.iloc[:, 2], "bbl": bb.iloc[:, 0],
               "bbu": bb.iloc[:, 2]}
        for name, series in ref.items():
            r = series.to_numpy(float)
            mine = ours[name][-len(r):, j]
            assert (np.isnan(mine) == np.isnan(r)).all(), (s, name)
            ok = ~np.isnan(r)
            rel = np.abs(mine[ok] - r[ok]) / np.maximum(np.abs(r[ok]), 1e-12)
            assert rel.max() <= TOL, (s, name, rel.max())
