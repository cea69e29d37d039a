"""Fix-02: our vectorised indicators (agents/indicators) with and without pandas-ta.

Always run: hand-worked cases, the 2-D panel against each symbol alone, NaN handling on the
real dirty fixtures, pandas' own EWM with gaps, the backend switch and lazy imports.
Marked ``ta`` (skipped without the extra): ours against pandas-ta 0.4.71b0 on the real
fixtures (tests/fixtures/ohlcv, see SOURCES.md).

Agreement with pandas-ta: the NaN masks are identical, and the relative difference
|ours - ref| / |ref| (for MACD and slope, which cross zero: / the symbol's median close)
stays within TOL. Measured on the fixtures / on all 92 stocks in ../shared/data
(benchmarks/indicators.py): EMA, RSI, ATR, MACD, true range 0 / 0 (bit-identical); SMA,
Bollinger mid, traded value 7e-16 / 3.8e-15 (SMA 200); slope 3.6e-16 / 2.6e-15;
Bollinger upper/lower 2.1e-13 / 8.2e-12; bandwidth 3.2e-11 / 9.4e-10 (VIC), hence its
TOL of 1e-8. That gap is pandas' error: its rolling variance is an online update, ours is
two-pass and matches exact rational arithmetic (``statistics.stdev``) to 1e-14, which a
test below checks.
"""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tradingtools_desktop.agents import indicators
from tradingtools_desktop.agents.indicators import backend as bk
from tradingtools_desktop.agents.indicators import indicator_set, kernels, panel, series

FIX = Path(__file__).parents[1] / "fixtures" / "ohlcv"
SYMBOLS = ["FPT", "VCB", "HPG", "SHS", "ACV", "BCM"]  # HOSE x3, HNX, UPCOM, HOSE (gaps)
FIELDS = ("open", "high", "low", "close", "volume")
TOL = {"sma": 1e-9, "ema": 1e-9, "rsi": 1e-9, "atr": 1e-9, "tr": 1e-9, "macd": 1e-9,
       "macds": 1e-9, "macdh": 1e-9, "bbm": 1e-9, "bbu": 1e-9, "bbl": 1e-9,
       "bbb": 1e-8, "slope": 1e-9, "atv": 1e-9}
ZERO_CROSSING = {"macd", "macds", "macdh", "slope"}


def load(symbol: str) -> dict[str, np.ndarray]:
    with (FIX / f"{symbol}.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    out = {k: np.array([float(r[k]) for r in rows]) for k in FIELDS}
    out["date"] = np.array([r["date"] for r in rows])
    return out


def panel_of(field: str, symbols: list[str] = SYMBOLS) -> np.ndarray:
    return panel.stack([load(s)[field] for s in symbols])


def by_date(symbols: list[str]) -> dict[str, np.ndarray]:
    """Panels aligned on the union of dates: a missing session is a NaN row (a gap)."""
    data = {s: load(s) for s in symbols}
    dates = sorted(set().union(*(d["date"].tolist() for d in data.values())))
    pos = {d: i for i, d in enumerate(dates)}
    out = {f: np.full((len(dates), len(symbols)), np.nan) for f in FIELDS}
    for j, s in enumerate(symbols):
        rows = [pos[d] for d in data[s]["date"]]
        for f in FIELDS:
            out[f][rows, j] = data[s][f]
    return out


def col(values: list[float]) -> np.ndarray:
    return np.array(values, dtype=np.float64)[:, None]


# --- hand-worked cases ------------------------------------------------------------------

def test_sma_when_window_incomplete_then_nan_else_mean() -> None:
    got = panel.sma(col([1, 2, 3, 4, 5]), 3)[:, 0]
    np.testing.assert_allclose(got, [np.nan, np.nan, 2, 3, 4], rtol=0, atol=1e-15)


def test_ema_is_seeded_with_the_sma_of_the_first_n() -> None:
    # seed mean(2, 4) = 3 at bar 1; alpha = 2/3: 3/3 + 2/3*6 = 5; 5/3 + 2/3*3 = 3.6667
    got = panel.ema(col([2, 4, 6, 3]), 2)[:, 0]
    np.testing.assert_allclose(got, [np.nan, 3, 5, 11 / 3], rtol=1e-15)


def test_rsi_by_hand_with_wilder_smoothing() -> None:
    # n=2 (alpha 1/2): gains 1, 0, 1 -> 1, .5, .75; losses 0, .5, 0 -> 0, .25, .125
    got = panel.rsi(col([10, 11, 10.5, 11.5]), 2)[:, 0]
    np.testing.assert_allclose(got, [np.nan, 100, 100 * .5 / .75, 100 * .75 / .875],
                               rtol=1e-14)


def test_rsi_when_only_gains_then_100_only_losses_then_0_flat_then_nan() -> None:
    assert np.allclose(panel.rsi(col(list(range(1, 31))), 14)[1:, 0], 100.0)
    assert np.allclose(panel.rsi(col(list(range(30, 0, -1))), 14)[1:, 0], 0.0)
    assert np.isnan(panel.rsi(col([5.0] * 30), 14)).all()


def test_true_range_uses_the_previous_close_on_gaps() -> None:
    high, low, close = col([10, 12, 10]), col([9, 11, 9]), col([9.5, 11.5, 9.5])
    # bar 0: high - low; bar 1: high - prev close = 2.5; bar 2 gaps down: prev close - low
    np.testing.assert_allclose(panel.true_range(high, low, close)[:, 0], [1, 2.5, 2.5])


def test_atr_seeds_with_the_mean_true_range_then_wilder() -> None:
    high, low, close = col([11, 12, 16]), col([10, 10, 12]), col([10.5, 11, 15])
    # TR 1, 2, 5; n=2: seed mean(1, 2) = 1.5 at bar 1, then 0.5*1.5 + 0.5*5 = 3.25
    np.testing.assert_allclose(panel.atr(high, low, close, 2)[:, 0], [np.nan, 1.5, 3.25])


def test_macd_on_a_ramp_by_hand() -> None:
    m = panel.macd(col([1, 2, 3, 4, 5, 6]), fast=2, slow=3, signal=2)
    # EMA2 lags a unit ramp by 0.5, EMA3 by 1.0: line 0.5, its EMA 0.5, hist 0
    np.testing.assert_allclose(m.line[:, 0], [np.nan, np.nan, .5, .5, .5, .5], rtol=1e-14)
    np.testing.assert_allclose(m.signal[:, 0], [np.nan] * 3 + [.5] * 3, rtol=1e-14)
    np.testing.assert_allclose(m.hist[:, 0], [np.nan] * 3 + [0.0] * 3, atol=1e-15)


def test_bbands_use_the_sample_std_and_percent_bandwidth() -> None:
    b = panel.bbands(col([1, 2, 3, 4, 5]), 5, 2.0)
    sd = np.sqrt(2.5)  # ddof=1
    np.testing.assert_allclose([b.mid[4, 0], b.upper[4, 0], b.lower[4, 0]],
                               [3, 3 + 2 * sd, 3 - 2 * sd], rtol=1e-15)
    np.testing.assert_allclose(b.bandwidth[4, 0], 100 * 4 * sd / 3, rtol=1e-15)


def test_bbands_when_window_is_constant_then_std_exactly_zero() -> None:
    b = panel.bbands(col([0.1] * 6), 3, 2.0)
    assert (b.upper[2:, 0] == b.mid[2:, 0]).all() and (b.lower[2:, 0] == b.mid[2:, 0]).all()
    assert (b.bandwidth[2:, 0] < 1e-12).all()  # pandas-ta: 100 * epsilon / mid, not 0


def test_slope_equals_least_squares_fit() -> None:
    rng = np.random.default_rng(7)
    y = 3 + 2 * np.arange(30.0) + rng.normal(0, 1, 30)
    got = panel.slope(y[:, None], 10)[:, 0]
    want = [np.polyfit(np.arange(10.0), y[t - 9:t + 1], 1)[0] for t in range(9, 30)]
    np.testing.assert_allclose(got[9:], want, rtol=1e-11)
    assert np.isnan(got[:9]).all()


def test_avg_traded_value_counts_zero_volume_days() -> None:
    got = panel.avg_traded_value(col([10, 20, 30]), col([100, 0, 50]), 2)[:, 0]
    np.testing.assert_allclose(got, [np.nan, 500, 750])


def test_when_history_is_shorter_than_pandas_ta_needs_then_all_nan() -> None:
    up = col(list(range(1, 15)))  # 14 bars
    assert np.isnan(panel.rsi(up, 14)).all()  # needs n + 1 bars
    assert not np.isnan(panel.rsi(col(list(range(1, 16))), 14)).all()
    assert np.isnan(panel.atr(up + 1, up - 1, up, 14)).all()
    assert np.isnan(panel.macd(col(list(range(1, 34))), 12, 26, 9).line).all()  # needs 34
    assert not np.isnan(panel.macd(col(list(range(1, 35))), 12, 26, 9).line).all()


def test_bad_lengths_and_shapes_are_refused() -> None:
    with pytest.raises(ValueError, match="length"):
        panel.ema(col([1, 2, 3]), 0)
    with pytest.raises(ValueError, match="2-D"):
        panel.sma(np.arange(5.0), 2)


# --- the 2-D panel, NaN padding, gaps and dirty data ---------------------------------------

def all_of(h: np.ndarray, lo: np.ndarray, c: np.ndarray,
           v: np.ndarray) -> dict[str, np.ndarray]:
    m, b = panel.macd(c), panel.bbands(c, 20, 2.0)
    return {"sma": panel.sma(c, 20), "ema": panel.ema(c, 20), "rsi": panel.rsi(c, 14),
            "atr": panel.atr(h, lo, c, 14), "tr": panel.true_range(h, lo, c),
            "macd": m.line, "macds": m.signal, "macdh": m.hist, "bbm": b.mid,
            "bbu": b.upper, "bbl": b.lower, "bbb": b.bandwidth, "slope": panel.slope(c, 20),
            "atv": panel.avg_traded_value(c, v, 20)}


def test_panel_columns_equal_each_symbol_computed_alone() -> None:
    h, lo, c, v = (panel_of(f) for f in ("high", "low", "close", "volume"))
    assert c.shape == (1534, len(SYMBOLS)) and np.isnan(c[:900, 0]).all()  # padded
    together = all_of(h, lo, c, v)
    for j, s in enumerate(SYMBOLS):
        d = load(s)
        alone = all_of(*(d[f][:, None] for f in ("high", "low", "close", "volume")))
        n = len(d["close"])
        for name, arr in together.items():
            assert np.isnan(arr[:-n, j]).all(), (s, name)
            np.testing.assert_array_equal(arr[-n:, j], alone[name][:, 0], err_msg=f"{s} {name}")


def test_series_api_equals_the_panel_column() -> None:
    pd = pytest.importorskip("pandas")
    d = load("ACV")
    close = pd.Series(d["close"], index=pd.Index(d["date"]))
    got = series.rsi(close, 14, backend="builtin")
    assert got.index.equals(close.index)
    np.testing.assert_array_equal(got.to_numpy(), panel.rsi(d["close"][:, None], 14)[:, 0])
    m = series.macd(close, backend="builtin")
    assert list(m.columns) == ["line", "signal", "hist"]
    assert list(series.bbands(close, backend="builtin").columns) == ["mid", "upper", "lower",
                                                                     "bandwidth"]


def test_indicator_set_in_two_passes_equals_the_functions_one_by_one() -> None:
    h, lo, c, v = (panel_of(f) for f in ("high", "low", "close", "volume"))
    s = indicator_set.compute_set(h, lo, c, v, backend="builtin")
    assert s.backend == "builtin"
    ema20 = panel.ema(c, 20)
    np.testing.assert_array_equal(s.ema_fast, ema20)
    np.testing.assert_array_equal(s.ema_slow, panel.ema(c, 50))
    np.testing.assert_array_equal(s.sma_long, panel.sma(c, 200))
    np.testing.assert_array_equal(s.rsi, panel.rsi(c, 14))
    np.testing.assert_array_equal(s.macd.hist, panel.macd(c).hist)
    np.testing.assert_array_equal(s.atr, panel.atr(h, lo, c, 14))
    np.testing.assert_array_equal(s.bbands.bandwidth, panel.bbands(c, 20).bandwidth)
    np.testing.assert_array_equal(s.ema_fast_slope, panel.slope(ema20, 10))
    np.testing.assert_array_equal(s.avg_traded_value, panel.avg_traded_value(c, v, 20))


def test_ewm_with_gaps_follows_pandas_exactly() -> None:
    pd = pytest.importorskip("pandas")  # a core dependency, not the ta extra
    x = np.array([[np.nan, 1.0], [np.nan, 2.0], [3.0, np.nan], [4.0, np.nan], [np.nan, 8.0],
                  [6.0, 8.0], [6.0, 9.0]])
    for com in (0.5, 13.0):
        want = pd.DataFrame(x).ewm(com=com, adjust=False).mean().to_numpy()
        np.testing.assert_array_equal(kernels.ewm_mean(x, com), want)
    # by hand, alpha 1/2: 1 -> 1.5; gap ages the old weight to 1/8: (1.5/8 + 8/2) / (5/8)
    np.testing.assert_allclose(kernels.ewm_mean(x, 1.0)[4, 1], (1.5 / 8 + 4) / (5 / 8))


def test_missing_sessions_when_aligned_by_date_then_windows_nan_and_averages_carry() -> None:
    p = by_date(["ACV", "BCM"])
    c = p["close"]
    gap = np.nonzero(np.isnan(c[:, 1]) & ~np.isnan(c[:, 0]))[0]
    assert len(gap) == 7 and gap[-1] - gap[0] == 6  # 2020-08-20..28
    assert np.isnan(c[:7, 0]).all()  # BCM starts 7 sessions before ACV: ACV padded
    sma = panel.sma(c, 20)
    assert np.isnan(sma[gap[0]:gap[-1] + 20, 1]).all()
    assert np.isfinite(sma[gap[-1] + 20:, 1]).all()
    ema, rsi = panel.ema(c, 20), panel.rsi(c, 14)
    assert (ema[gap, 1] == ema[gap[0] - 1, 1]).all()  # carried through the gap
    assert np.isfinite(rsi[gap[0]:, 1]).all()
    atr = panel.atr(p["high"], p["low"], c, 14)
    assert np.isfinite(atr[gap[0]:, 1]).all()
    # ACV is unaffected by BCM's gap: equal to ACV alone
    acv = load("ACV")["close"][:, None]
    np.testing.assert_array_equal(ema[7:, 0], panel.ema(acv, 20)[:, 0])


def test_dirty_rows_are_computed_not_rejected() -> None:
    d = load("ACV")  # six flat zero-volume days with open > high, 2021-07-22..29
    flat = np.nonzero(d["volume"] == 0)[0]
    assert len(flat) == 6 and (d["open"][flat] > d["high"][flat]).all()
    h, lo, c, v = (d[f][:, None] for f in ("high", "low", "close", "volume"))
    tr = panel.true_range(h, lo, c)[:, 0]
    assert (tr[flat[1:]] == kernels.EPS).all()  # high == low == prev close: epsilon
    atv = panel.avg_traded_value(c, v, 20)[:, 0]
    assert atv[flat[-1]] < atv[flat[0] - 1]  # idle days pull the average down
    for arr in all_of(h, lo, c, v).values():
        assert np.isfinite(arr[40:, 0]).all()


def test_bbands_std_matches_exact_rational_arithmetic() -> None:
    c = load("ACV")["close"]
    got = np.sqrt(kernels.rolling_var(c[:, None], 20, 1))[:, 0]
    for t in range(19, len(c), 7):
        exact = statistics.stdev(c[t - 19:t + 1])  # exact fractions, then one sqrt
        assert abs(got[t] - exact) <= 1e-14 * max(exact, 1e-300), t
def test_when_pandas_ta_is_absent_then_builtin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas_ta", None)  # import of pandas_ta fails
    monkeypatch.delenv(bk.ENV_VAR, raising=False)
    assert not indicators.pandas_ta_installed()
    assert indicators.available_backend() is indicators.IndicatorBackend.BUILTIN
    pd = pytest.importorskip("pandas")
    close = pd.Series(load("FPT")["close"])
    assert series.ema(close, 20).notna().sum() == len(close) - 19
    monkeypatch.setenv(bk.ENV_VAR, "pandas-ta")
    with pytest.raises(indicators.IndicatorBackendError, match="not installed"):
        indicators.available_backend()
    with pytest.raises(indicators.IndicatorBackendError, match="could not be imported"):
        bk.load_pandas_ta()


def test_unknown_backend_setting_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(bk.ENV_VAR, "talib")
    with pytest.raises(indicators.IndicatorBackendError, match="not understood"):
        indicators.available_backend()
    with pytest.raises(indicators.IndicatorBackendError, match="unknown"):
        indicators.engine("fast")


def test_importing_the_package_loads_no_numeric_stack() -> None:
    code = ("import sys; import tradingtools_desktop.agents.indicators as i; "
            "i.available_backend(); import tradingtools_desktop.agents.indicators.panel; "
            "print(','.join(m for m in ('numpy', 'pandas', 'pandas_ta', 'numba') "
            "if m in sys.modules))")
    env = {**os.environ, bk.ENV_VAR: "auto"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout.strip()
    assert out == "numpy"  # only from .panel: pandas, pandas-ta, numba stay unloaded


# --- against pandas-ta (the `ta` extra) ---------------------------------------------------

def worst(ours: np.ndarray, ref: np.ndarray, floor: float) -> float:
    assert (np.isnan(ours) == np.isnan(ref)).all(), "NaN masks differ"
    ok = ~np.isnan(ref)
    if not ok.any():
        return 0.0
    return float(np.max(np.abs(ours[ok] - ref[ok]) / np.maximum(np.abs(ref[ok]), floor)))


def pandas_ta_reference(ta: Any, df: Any) -> dict[str, Any]:
    """pandas-ta's values for one symbol's DataFrame, called the way its docs show."""
    m, b = ta.macd(df.close, 12, 26, 9), ta.bbands(df.close, 20, 2.0, 2.0)
    return {"sma": ta.sma(df.close, 20), "ema": ta.ema(df.close, 20),
            "rsi": ta.rsi(df.close, 14), "atr": ta.atr(df.high, df.low, df.close, 14),
            "tr": ta.true_range(df.high, df.low, df.close),
            "macd": m.iloc[:, 0], "macdh": m.iloc[:, 1], "macds": m.iloc[:, 2],
            "bbl": b.iloc[:, 0], "bbm": b.iloc[:, 1], "bbu": b.iloc[:, 2], "bbb": b.iloc[:, 3],
            "slope": ta.linreg(df.close, 20, slope=True),
            "atv": ta.sma(df.close * df.volume, 20)}


@pytest.mark.ta
def test_builtin_matches_pandas_ta_on_real_fixtures() -> None:
    pd = pytest.importorskip("pandas")
    ta = pytest.importorskip("pandas_ta")
    h, lo, c, v = (panel_of(f) for f in ("high", "low", "close", "volume"))
    ours = all_of(h, lo, c, v)
    for j, s in enumerate(SYMBOLS):
        df = pd.DataFrame({f: load(s)[f] for f in FIELDS})
        scale = float(np.median(df.close))
        for name, ref in pandas_ta_reference(ta, df).items():
            r = ref.to_numpy(dtype=float)
            floor = scale if name in ZERO_CROSSING else 1e-300
            err = worst(ours[name][-len(r):, j], r, floor)
            assert err <= TOL[name], (s, name, err)


@pytest.mark.ta
def test_builtin_matches_pandas_ta_with_gaps_and_padding() -> None:
    pytest.importorskip("pandas_ta")
    from tradingtools_desktop.agents.indicators import via_pandas_ta as ref

    p = by_date(["ACV", "BCM"])
    h, lo, c, v = p["high"], p["low"], p["close"], p["volume"]
    pairs = {"ema": (panel.ema(c, 20), ref.ema(c, 20)), "sma": (panel.sma(c, 20),
                                                                ref.sma(c, 20)),
             "rsi": (panel.rsi(c, 14), ref.rsi(c, 14)),
             "atr": (panel.atr(h, lo, c, 14), ref.atr(h, lo, c, 14)),
             "macdh": (panel.macd(c).hist, ref.macd(c).hist),
             "bbb": (panel.bbands(c, 20).bandwidth, ref.bbands(c, 20).bandwidth),
             "slope": (panel.slope(c, 20), ref.slope(c, 20)),
             "atv": (panel.avg_traded_value(c, v, 20), ref.avg_traded_value(c, v, 20))}
    for name, (mine, theirs) in pairs.items():
        floor = 50.0 if name in ZERO_CROSSING else 1e-300
        assert worst(mine, theirs, floor) <= TOL[name], name


@pytest.mark.ta
def test_both_backends_give_the_same_set_and_series(monkeypatch: pytest.MonkeyPatch) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pandas_ta")
    monkeypatch.delenv(bk.ENV_VAR, raising=False)
    assert indicators.available_backend() == "pandas-ta"
    h, lo, c, v = (panel_of(f) for f in ("high", "low", "close", "volume"))
    a = indicator_set.compute_set(h, lo, c, v, backend="builtin")
    b = indicator_set.compute_set(h, lo, c, v)
    assert b.backend == "pandas-ta"
    for name in ("ema_fast", "ema_slow", "sma_long", "rsi", "atr", "avg_volume",
                 "avg_traded_value"):
        assert worst(getattr(a, name), getattr(b, name), 1e-300) <= 1e-9, name
    assert worst(a.macd.hist, b.macd.hist, 10.0) <= 1e-9
    assert worst(a.ema_fast_slope, b.ema_fast_slope, 10.0) <= 1e-9
    assert worst(a.bbands.bandwidth, b.bbands.bandwidth, 1e-300) <= 1e-8
    d = load("SHS")
    close = pd.Series(d["close"])
    hi, low = pd.Series(d["high"]), pd.Series(d["low"])
    assert worst(series.atr(hi, low, close).to_numpy(),
                 series.atr(hi, low, close, backend="builtin").to_numpy(), 1e-300) <= 1e-9
