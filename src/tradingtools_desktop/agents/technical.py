"""Technical agent: trend, momentum, volatility and volume for a whole universe at once.

Indicators come from the vectorised engine (one pass over all symbols); scoring is a
small, documented formula per symbol so every number in the rationale is in the evidence.
"""

from __future__ import annotations

import math

import numpy as np

from .indicators.backend import IndicatorBackend
from .indicators.indicator_set import IndicatorSet, compute_set
from .signal import AgentSignal, clip, r
from .snapshot import Array, Snapshot

NAME, VERSION = "technical", "1.0"
MIN_BARS = 60
FULL_HISTORY = 200
ILLIQUID_VND = 1_000_000_000  # average traded value per day below this: low confidence


def score_panel(c: Array, h: Array, lo: Array, v: Array,
                ind: IndicatorSet | None = None) -> Array:
    """The technical score of every bar of every symbol (rows = each symbol's bars, causal:
    row t uses bars up to t only), NaN where the agent abstains. ``run`` takes its scores
    from here, so the walk-forward and a screener run share one formula."""
    if ind is None:
        ind = compute_set(h, lo, c, v, backend=IndicatorBackend.BUILTIN)
    a = ind.atr
    with np.errstate(invalid="ignore", divide="ignore"):
        trend_cross = np.where(ind.ema_fast > ind.ema_slow, 1.0, -1.0)
        sma = ind.sma_long
        long_trend = np.where(np.isnan(sma), 0.0, np.where(c > sma, 1.0, -1.0))
        slope_atr = ind.ema_fast_slope * 10 / a
        trend = np.clip(0.4 * trend_cross + 0.3 * long_trend + 0.3 * np.tanh(slope_atr),
                        -1.0, 1.0)
        rsi = ind.rsi
        rsi_part = (rsi - 50) / 50
        rsi_part = np.where((rsi > 70) | (rsi < 30), rsi_part * 0.5, rsi_part)
        macd_part = np.tanh(ind.macd.hist / a)
        momentum = np.clip(0.5 * rsi_part + 0.5 * macd_part, -1.0, 1.0)
        vol20 = ind.avg_volume
        vol_ratio = np.where(vol20 > 0, v / vol20, 0.0)
        confirm = np.where(vol_ratio > 1,
                           0.1 * np.sign(trend) * np.minimum(vol_ratio, 2.0) / 2.0, 0.0)
        score = np.clip(0.55 * trend + 0.45 * momentum + confirm, -1.0, 1.0)
        bars = np.cumsum(np.isfinite(c), axis=0)
        ok = (bars >= MIN_BARS) & np.isfinite(a) & (a > 0) & (c > 0) & np.isfinite(score)
    out: Array = np.where(ok, np.round(score, 4), np.nan)
    return out


def run(snap: Snapshot) -> dict[str, AgentSignal]:
    c, h, lo, v = snap.close, snap.high, snap.low, snap.volume
    ind = compute_set(h, lo, c, v, backend=IndicatorBackend.BUILTIN)
    scores = score_panel(c, h, lo, v, ind) if snap.bars else np.empty((0, 0))
    ema20, ema50, sma200 = ind.ema_fast, ind.ema_slow, ind.sma_long
    rsi, hist, atr = ind.rsi, ind.macd.hist, ind.atr
    width, slope = ind.bbands.bandwidth, ind.ema_fast_slope
    vol20, value20 = ind.avg_volume, ind.avg_traded_value
    out: dict[str, AgentSignal] = {}
    for j, sym in enumerate(snap.symbols):
        n = int(snap.lengths[j])
        if n < MIN_BARS:
            out[sym] = AgentSignal.abstain(NAME, VERSION, f"only {n} daily bars; at least "
                                           f"{MIN_BARS} are needed", {"bars": n})
            continue
        price = float(c[-1, j])
        a = float(atr[-1, j])
        if not math.isfinite(a) or a <= 0 or price <= 0:
            out[sym] = AgentSignal.abstain(NAME, VERSION, "no usable price range (ATR)")
            continue
        score = float(scores[-1, j])
        if not math.isfinite(score):
            out[sym] = AgentSignal.abstain(NAME, VERSION, "an indicator is undefined on the "
                                           "last bar")
            continue
        trend_cross = 1.0 if ema20[-1, j] > ema50[-1, j] else -1.0
        long_trend = 0.0 if math.isnan(sma200[-1, j]) else (1.0 if price > sma200[-1, j]
                                                              else -1.0)
        slope_atr = float(slope[-1, j]) * 10 / a  # EMA20 move over 10 bars, in ATRs
        rsi_v = float(rsi[-1, j])
        vol_ratio = float(v[-1, j] / vol20[-1, j]) if vol20[-1, j] > 0 else 0.0
        atr_pct = a / price
        adv = float(value20[-1, j]) if math.isfinite(value20[-1, j]) else 0.0
        history = min(1.0, n / FULL_HISTORY)
        calm = 1.0 - min(atr_pct / 0.10, 0.5)
        liquid = 1.0 if adv >= ILLIQUID_VND else 0.6
        flags = snap.flags.get(sym, [])
        confidence = clip(0.75 * history * calm * liquid * (0.9 if flags else 1.0), 0.0, 1.0)
        evidence = {
            "as_of": snap.last_day[sym].isoformat(), "bars": n, "close_vnd": price,
            "ema20": r(ema20[-1, j], 1), "ema50": r(ema50[-1, j], 1),
            "sma200": None if math.isnan(sma200[-1, j]) else r(sma200[-1, j], 1),
            "ema20_slope_10d_atr": r(slope_atr, 3), "rsi14": r(rsi_v, 2),
            "macd_hist": r(hist[-1, j], 2), "atr14": r(a, 1), "atr_pct": r(atr_pct, 4),
            "bb_width_pct": r(width[-1, j], 2), "volume_vs_20d": r(vol_ratio, 2),
            "avg_traded_value_20d_vnd": round(adv), "data_flags": flags,
        }
        words = [
            f"EMA20 {'above' if trend_cross > 0 else 'below'} EMA50",
            ("price above SMA200" if long_trend > 0 else "price below SMA200")
            if long_trend else "under 200 bars: no SMA200",
            f"RSI {rsi_v:.0f}" + (" (stretched)" if rsi_v > 70 or rsi_v < 30 else ""),
            f"MACD histogram {'positive' if hist[-1, j] > 0 else 'negative'}",
            f"ATR {atr_pct:.1%} of price",
        ]
        if adv < ILLIQUID_VND:
            words.append(f"thin trading ({adv / 1e9:.2f} bn VND a day)")
        if flags:
            words.append("data flags: " + ", ".join(flags))
        out[sym] = AgentSignal(NAME, VERSION, score, r(confidence),
                               "; ".join(words) + ".", evidence)
    return out
