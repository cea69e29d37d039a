"""Screener speed on the real data: all 92 stocks of ../shared/data/ohlcv/vci_daily.

1. Technical pass: our vectorised engine (one pass over a bars x symbols matrix) against a
   naive per-symbol pandas-ta loop computing the same indicators (the EMA20 slope as a
   least-squares slope, pandas-ta's linreg(slope=True), as ours), in the same process.
2. The whole pipeline (technical, fundamental, news, risk, supervisor) on the same data.
3. The longest UI-thread stall while a screener run executes in the real app window
   (offscreen): a 5 ms QTimer records the largest gap between its ticks.

    .venv/bin/python benchmarks/screener.py
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ohlcv" / "vci_daily"
INDICES = {"VNINDEX", "VN30", "HNXINDEX", "UPCOMINDEX"}
OUT = Path(__file__).parent / "results" / "screener.json"


def load() -> dict[str, dict[str, np.ndarray]]:
    out = {}
    for path in sorted(DATA.glob("*.csv")):
        if path.stem.startswith("_") or path.stem in INDICES:
            continue
        with path.open() as fh:
            rows = list(csv.DictReader(fh))
        out[path.stem] = {k: np.array([float(r[k]) * (1000 if k != "volume" else 1)
                                       for r in rows]) for k in ("open", "high", "low",
                                                                 "close", "volume")}
    return out


def matrices(data: dict[str, dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    n = max(len(v["close"]) for v in data.values())
    mats = {k: np.full((n, len(data)), np.nan) for k in ("open", "high", "low", "close",
                                                        "volume")}
    for j, series in enumerate(data.values()):
        for k, arr in series.items():
            mats[k][n - len(arr):, j] = arr
    return mats


def ours(m: dict[str, np.ndarray]) -> None:
    from tradingtools_desktop.agents.indicators.backend import IndicatorBackend
    from tradingtools_desktop.agents.indicators.indicator_set import compute_set

    compute_set(m["high"], m["low"], m["close"], m["volume"], backend=IndicatorBackend.BUILTIN)


def naive(data: dict[str, dict[str, np.ndarray]]) -> None:
    import pandas as pd
    import pandas_ta as pta

    for series in data.values():
        df = pd.DataFrame(series)
        pta.ema(df.close, 20), pta.ema(df.close, 50), pta.sma(df.close, 200)
        pta.rsi(df.close, 14), pta.macd(df.close), pta.atr(df.high, df.low, df.close, 14)
        pta.bbands(df.close, 20, 2.0), pta.sma(df.close * df.volume, 20)
        pta.sma(df.volume, 20), pta.linreg(pta.ema(df.close, 20), 10, slope=True)


def timed(fn, runs: int = 5) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def ui_stall(universe: str) -> dict[str, float]:
    """Run the screener inside the real window (offscreen) and measure UI-thread gaps."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="tt-bench-screener-"))
    os.environ["TRADINGTOOLS_HOME"] = str(home)
    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tradingtools_desktop.paths import profile_paths
    from tradingtools_desktop.services.runtime import AppServices
    from tradingtools_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    async def go() -> float:
        window = MainWindow()
        services = await AppServices.open(profile_paths("bench", home))
        window.attach(services)
        window.select_tab("Screener")
        window.show()
        timer = QTimer()
        timer.timeout.connect(tick)
        timer.start(5)
        await asyncio.sleep(0.3)
        gaps.clear()
        last[0] = time.perf_counter()
        t0 = time.perf_counter()
        await services.screener.run(universe)
        await asyncio.sleep(0.2)  # let the results table paint
        elapsed = time.perf_counter() - t0
        timer.stop()
        window.detach()
        await services.stop()
        return elapsed

    with loop:
        elapsed = loop.run_until_complete(go())
    return {"run_s": round(elapsed, 3), "longest_ui_stall_ms": round(max(gaps) * 1000, 1),
            "p99_tick_gap_ms": round(sorted(gaps)[int(len(gaps) * 0.99)] * 1000, 1),
            "ticks": len(gaps)}


def main() -> int:
    if not DATA.exists():
        print(f"{DATA} is absent: this benchmark needs ../shared/data beside the project")
        return 0
    data = load()
    mats = matrices(data)
    result: dict[str, object] = {"benchmark": "screener", "symbols": len(data),
                                 "bars_per_symbol_max": int(mats["close"].shape[0])}
    ours(mats)  # warm-up
    med, _ = timed(lambda: ours(mats))
    result["technical_pass_ours_s"] = round(med, 4)
    try:
        t0 = time.perf_counter()
        naive({k: data[k] for k in list(data)[:1]})  # numba JIT / first-call cost
        result["pandas_ta_first_call_s"] = round(time.perf_counter() - t0, 3)
        nmed, _ = timed(lambda: naive(data), runs=3)
        result["technical_pass_naive_pandas_ta_loop_s"] = round(nmed, 4)
        result["speedup_vs_naive"] = round(nmed / med, 1)
    except ImportError:
        result["technical_pass_naive_pandas_ta_loop_s"] = "pandas-ta not installed"
    from tradingtools_desktop.agents.pipeline import RunParams, analyse
    from tradingtools_desktop.agents.snapshot import Snapshot

    last = {s: date(2025, 11, 13) for s in data}
    snap = Snapshot(list(data), {}, {}, last, mats["close"].shape[0], mats["open"],
                    mats["high"], mats["low"], mats["close"], mats["volume"],
                    np.array([len(v["close"]) for v in data.values()], dtype=np.int64))
    pmed, _ = timed(lambda: analyse(snap, RunParams()), runs=3)
    result["full_pipeline_92_symbols_s"] = round(pmed, 4)
    result["ui"] = ui_stall("ALL")
    result["targets"] = {"technical_pass_s": 1.0, "speedup": 10, "ui_stall_ms": 50}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
