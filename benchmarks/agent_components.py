"""Which parts of the technical and fundamental scores carry information: the rank IC of
each component on the DEVELOPMENT period only (docs/track-record.md, "Evaluation
protocol"): monthly rebalance dates 2020-01..2022-12 on the cache cut at 2022-12-31,
net 20-session forward returns (T+2, fees, tax), Newey-West t.

Components of the technical score (agents/technical.py): EMA20/EMA50 cross, price vs
SMA200, EMA20 slope in ATRs, the trend blend; RSI part, MACD-histogram part (in ATRs), the
momentum blend; the volume confirmation. Of the fundamental score: each measure's signed
sector percentile, as the agent computes it (its evidence).

    PYTHONPATH=src .venv/bin/python benchmarks/agent_components.py
    # -> results/agent_components.json; --period heldout only after the choices are frozen
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from track_record import build_cache

OUT = Path(__file__).parent / "results" / "agent_components.json"
PERIODS = {"dev": (date(2020, 1, 1), date(2022, 12, 31), date(2022, 12, 31)),
           "heldout": (date(2023, 1, 1), date(2025, 11, 13), date(2025, 11, 13))}


def technical_components(c: Any, h: Any, lo: Any, v: Any) -> dict[str, Any]:
    from tradingtools_desktop.agents.indicators.backend import IndicatorBackend
    from tradingtools_desktop.agents.indicators.indicator_set import compute_set

    ind = compute_set(h, lo, c, v, backend=IndicatorBackend.BUILTIN)
    a = ind.atr
    with np.errstate(invalid="ignore", divide="ignore"):
        cross = np.where(ind.ema_fast > ind.ema_slow, 1.0, -1.0)
        long_trend = np.where(np.isnan(ind.sma_long), 0.0,
                              np.where(c > ind.sma_long, 1.0, -1.0))
        slope = np.tanh(ind.ema_fast_slope * 10 / a)
        trend = np.clip(0.4 * cross + 0.3 * long_trend + 0.3 * slope, -1, 1)
        rsi_part = (ind.rsi - 50) / 50
        rsi_part = np.where((ind.rsi > 70) | (ind.rsi < 30), rsi_part * 0.5, rsi_part)
        macd_part = np.tanh(ind.macd.hist / a)
        momentum = np.clip(0.5 * rsi_part + 0.5 * macd_part, -1, 1)
        vol_ratio = np.where(ind.avg_volume > 0, v / ind.avg_volume, 0.0)
        confirm = np.where(vol_ratio > 1, 0.1 * np.sign(trend) * np.minimum(vol_ratio, 2) / 2,
                           0.0)
        atr_pct = a / c
    return {"ema_cross": cross, "above_sma200": long_trend, "ema20_slope_atr": slope,
            "trend": trend, "rsi_part": rsi_part, "macd_part": macd_part,
            "momentum": momentum, "volume_confirm": confirm, "atr_pct(info)": atr_pct}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--period", choices=tuple(PERIODS), default="dev")
    period = ap.parse_args().period
    start, end, until = PERIODS[period]
    os.environ.setdefault("TRADINGTOOLS_HOME", tempfile.mkdtemp(prefix="tt-comp-"))
    from tradingtools_desktop.agents import fundamental
    from tradingtools_desktop.agents.snapshot_loader import fundamentals_from_rows
    from tradingtools_desktop.agents.valuation import reprice
    from tradingtools_desktop.domain.market.fees import FeeSchedule
    from tradingtools_desktop.paths import profile_paths
    from tradingtools_desktop.services.runtime import AppServices
    from tradingtools_desktop.services.track_record import metrics as m
    from tradingtools_desktop.services.track_record.evaluate import rebalance_dates
    from tradingtools_desktop.services.track_record.panel import load_panel, stock_universe
    from tradingtools_desktop.services.track_record.scores import _gather, _lite, own_rows

    async def go() -> dict[str, Any]:
        svc = await AppServices.open(profile_paths("comp", Path(os.environ[
            "TRADINGTOOLS_HOME"])))
        await build_cache(svc)
        syms = await svc.db.call(lambda tx: stock_universe(tx, "ALL"))
        panel = await svc.db.call(lambda tx: load_panel(tx, syms, until))
        await svc.stop()
        return {"panel": panel}

    panel = asyncio.run(go())["panel"]
    dates = rebalance_dates(panel.calendar, start, end, "monthly")
    rows = own_rows(panel, dates)
    fwd = m.forward_returns(panel.cal_open, panel.cal_close, panel.cal_volume, dates, 20,
                            FeeSchedule())
    listed = rows >= 0
    comps: dict[str, Any] = {}
    for name, x in technical_components(panel.bars_close, panel.bars_high, panel.bars_low,
                                        panel.bars_volume).items():
        g = _gather(x, rows)
        bars = _gather(np.cumsum(np.isfinite(panel.bars_close), axis=0).astype(float), rows)
        comps["technical." + name] = np.where(listed & (bars >= 60), g, np.nan)
    fund = {ms + tag: np.full(rows.shape, np.nan) for ms in fundamental.MEASURES
            for tag in ("", "_stale")}
    fund["score"] = np.full(rows.shape, np.nan)
    fund["score_stale"] = np.full(rows.shape, np.nan)
    for i, t in enumerate(dates):
        day = panel.calendar[int(t)]
        live = [s for j, s in enumerate(panel.symbols) if listed[i, j]]
        known = fundamentals_from_rows(panel.fundamentals, day)
        # "_stale": P/E and P/B at their quarter-end price (fundamental 1.1); plain: as the
        # agent now sees them, repriced to the day's close (1.2)
        for tag, funds in (("", reprice(known, panel.peer_closes, day)), ("_stale", known)):
            snap = _lite(panel, live, day)
            snap.fundamentals = funds
            for s, sig in fundamental.run(snap).items():
                j = panel.symbols.index(s)
                if not sig.abstained:
                    fund["score" + tag][i, j] = sig.score
                for ms, (direction, _) in fundamental.MEASURES.items():
                    ev = sig.evidence.get(ms)
                    if isinstance(ev, dict):
                        fund[ms + tag][i, j] = (ev["percentile"] - 0.5) * 2 * direction
    for ms, x in fund.items():
        comps["fundamental." + ms] = x
    out: dict[str, Any] = {"period": period, "dates": len(dates),
                           "first": panel.calendar[int(dates[0])].isoformat(),
                           "last": panel.calendar[int(dates[-1])].isoformat(),
                           "data_until": until.isoformat(), "horizon": 20, "components": {}}
    for name, x in comps.items():
        ic = m.rank_ic(x, fwd)
        mean, t, n = m.newey_west(ic, 0)
        half = len(ic) // 2
        out["components"][name] = {
            "mean_ic": round(mean, 4), "t": round(t, 2), "dates": n,
            "first_half_ic": round(float(np.nanmean(ic[:half])), 4),
            "second_half_ic": round(float(np.nanmean(ic[half:])), 4),
            "share_dates_negative": round(float(np.mean(ic[np.isfinite(ic)] < 0)), 3)}
        print(f"{name:34s} IC {mean:+.4f} t {t:+.2f} n {n:3d} halves "
              f"{out['components'][name]['first_half_ic']:+.4f} "
              f"{out['components'][name]['second_half_ic']:+.4f}")
    path = OUT.with_name(f"agent_components_{period}.json")
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(f"JSON: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
