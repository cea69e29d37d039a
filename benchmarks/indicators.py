"""Indicators (Fix-02): our one-pass 2-D set vs a naive per-symbol pandas-ta loop.

Input: every stock in ../shared/data/ohlcv/vci_daily (92; the four index files are
skipped), read once; timings exclude CSV parsing. Both sides compute the technical agent's
set: EMA 20/50, SMA 200, RSI 14, MACD 12/26/9, ATR 14, Bollinger 20/2, slope of EMA20
over 10 bars, 20-day average volume and traded value.

- ours: ``compute_set(backend="builtin")`` on the (bars x symbols) panel, median of N runs
  after one warm-up call (reported separately);
- naive: for each symbol's DataFrame, the pandas-ta calls one by one, median of N runs after
  a warm-up pass (that pass pays pandas-ta's numba start-up: reported, not compared);
- numba: a fresh interpreter with an empty NUMBA_CACHE_DIR times ``import pandas_ta`` and
  the first ``ta.sma`` call (JIT compile), and one with the default cache.

Also checks that both agree (max relative difference per indicator over all 92 symbols).
Writes benchmarks/results/indicators.json. Tests never assert timings; this does not either.

    .venv/bin/python benchmarks/indicators.py [--runs 7]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ohlcv" / "vci_daily"
OUT = ROOT / "benchmarks" / "results" / "indicators.json"
INDICES = {"VNINDEX", "VN30", "HNXINDEX", "UPCOMINDEX"}
FIELDS = ("high", "low", "close", "volume")
COLD_JIT = (
    "import time, numpy as np\n"
    "t0 = time.perf_counter(); import pandas as pd; import pandas_ta as ta\n"
    "t1 = time.perf_counter(); ta.sma(pd.Series(np.arange(300.0)), 20)\n"
    "t2 = time.perf_counter(); ta.sma(pd.Series(np.arange(300.0)), 20)\n"
    "t3 = time.perf_counter(); print(t1 - t0, t2 - t1, t3 - t2)\n"
)


def load() -> tuple[list[str], dict[str, dict[str, np.ndarray]]]:
    paths = sorted(p for p in DATA.glob("*.csv")
                   if not p.name.startswith("_") and p.stem not in INDICES)
    data: dict[str, dict[str, np.ndarray]] = {}
    for p in paths:
        with p.open() as fh:
            rows = list(csv.DictReader(fh))
        data[p.stem] = {f: np.array([float(r[f]) for r in rows]) for f in FIELDS}
    return [p.stem for p in paths], data


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, list[float], Any]:
    """(first call, the next ``runs`` calls, last result), seconds."""
    t = time.perf_counter()
    result = fn()
    first = time.perf_counter() - t
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return first, times, result


def naive_loop(ta: Any, frames: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for sym, df in frames.items():
        ema20 = ta.ema(df.close, 20)
        out[sym] = {
            "ema_fast": ema20, "ema_slow": ta.ema(df.close, 50), "sma_long": ta.sma(df.close, 200),
            "rsi": ta.rsi(df.close, 14), "macd": ta.macd(df.close, 12, 26, 9),
            "atr": ta.atr(df.high, df.low, df.close, 14),
            "bbands": ta.bbands(df.close, 20, 2.0, 2.0),
            "ema_fast_slope": ta.linreg(ema20, 10, slope=True),
            "avg_volume": ta.sma(df.volume, 20),
            "avg_traded_value": ta.sma(df.close * df.volume, 20),
        }
    return out


def agreement(ours: Any, theirs: dict[str, dict[str, Any]], symbols: list[str],
              data: dict[str, dict[str, np.ndarray]]) -> dict[str, float]:
    """Max |ours - ref| / |ref| per indicator (MACD hist and slope: / median close)."""
    picks: dict[str, tuple[Callable[[Any], np.ndarray], Callable[[dict[str, Any]], Any]]] = {
        name: (lambda s, n=name: getattr(s, n), lambda r, n=name: r[n])
        for name in ("ema_fast", "ema_slow", "sma_long", "rsi", "atr", "ema_fast_slope",
                     "avg_volume", "avg_traded_value")}
    picks["macd_hist"] = (lambda s: s.macd.hist, lambda r: r["macd"].iloc[:, 1])
    picks["bb_upper"] = (lambda s: s.bbands.upper, lambda r: r["bbands"].iloc[:, 2])
    picks["bb_bandwidth"] = (lambda s: s.bbands.bandwidth, lambda r: r["bbands"].iloc[:, 3])
    worst: dict[str, float] = {}
    for name, (mine_of, ref_of) in picks.items():
        w = 0.0
        for j, sym in enumerate(symbols):
            ref = np.asarray(ref_of(theirs[sym]), dtype=float)
            mine = mine_of(ours)[-len(ref):, j]
            if not (np.isnan(mine) == np.isnan(ref)).all():
                return {**worst, name: float("inf")}
            ok = ~np.isnan(ref)
            floor = (float(np.median(data[sym]["close"]))
                     if name in ("macd_hist", "ema_fast_slope") else 1e-300)
            if ok.any():
                w = max(w, float(np.max(np.abs(mine[ok] - ref[ok])
                                        / np.maximum(np.abs(ref[ok]), floor))))
        worst[name] = w
    return worst


def numba_start(cache_dir: str | None) -> dict[str, float]:
    env = dict(os.environ)
    if cache_dir:
        env["NUMBA_CACHE_DIR"] = cache_dir
    out = subprocess.run([sys.executable, "-c", COLD_JIT], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    imp, first, second = (float(x) for x in out)
    return {"import_pandas_and_pandas_ta_s": round(imp, 3), "first_ta_sma_s": round(first, 3),
            "second_ta_sma_ms": round(second * 1e3, 3)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"benchmarks/indicators.py: no data at {DATA} (the shared dataset "
              "../shared/data is absent); nothing measured.")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    from tradingtools_desktop.agents.indicators import indicator_set, panel

    symbols, data = load()
    t = time.perf_counter()
    h, lo, c, v = (panel.stack([data[s][f] for s in symbols]) for f in FIELDS)
    stack_s = time.perf_counter() - t
    ours_first, ours_times, ours = timed(
        lambda: indicator_set.compute_set(h, lo, c, v, backend="builtin"), args.runs)

    try:
        import pandas as pd
        import pandas_ta as ta
    except ImportError:
        ta = None
    result: dict[str, Any] = {
        "python": platform.python_version(), "numpy": np.__version__,
        "cpus": os.cpu_count(), "symbols": len(symbols), "bars": int(c.shape[0]),
        "runs": args.runs,
        "ours": {"median_s": round(statistics.median(ours_times), 4),
                 "min_s": round(min(ours_times), 4), "first_call_s": round(ours_first, 4),
                 "panel_build_s": round(stack_s, 4)},
    }
    if ta is not None:
        frames = {s: pd.DataFrame(data[s]) for s in symbols}
        naive_first, naive_times, theirs = timed(lambda: naive_loop(ta, frames),
                                                 max(3, args.runs // 2))
        via_first, via_times, _ = timed(
            lambda: indicator_set.compute_set(h, lo, c, v, backend="pandas-ta"), 3)
        naive = statistics.median(naive_times)
        ours_med = statistics.median(ours_times)
        with tempfile.TemporaryDirectory() as cache:
            cold = numba_start(cache)
        result.update({
            "pandas": pd.__version__, "pandas_ta": ta.version,
            "naive_pandas_ta_loop": {"median_s": round(naive, 4),
                                     "min_s": round(min(naive_times), 4),
                                     "first_pass_s": round(naive_first, 4)},
            "compute_set_pandas_ta_backend": {"median_s": round(statistics.median(via_times), 4),
                                              "first_call_s": round(via_first, 4)},
            "speedup_vs_naive": round(naive / ours_med, 1),
            "numba_empty_cache": cold, "numba_default_cache": numba_start(None),
            "max_rel_diff_vs_pandas_ta": {k: float(f"{x:.3g}") for k, x in
                                          agreement(ours, theirs, symbols, data).items()},
        })
        result["targets"] = {"ours_le_1s": ours_med <= 1.0,
                             "speedup_ge_10x": naive / ours_med >= 10}
    else:
        result["naive_pandas_ta_loop"] = "pandas-ta not installed: not measured"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
