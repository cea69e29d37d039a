"""Technical agent: trend, momentum, volatility and volume for a whole universe at once.

Indicators come from the vectorised engine (one pass over all symbols); scoring is a
small, documented formula per symbol so every number in the rationale is in the evidence.
"""

from __future__ import annotations

import math

import numpy as np

from .indicators.backend import IndicatorBackend
from .indicators.indicator_set import compute_set
from .signal import AgentSignal, clip, r
from .snapshot import Snapshot

NAME, VERSION = "technical", "1.0"
MIN_BARS = 60
FULL_HISTORY = 200
ILLIQUID_VND = 1_000_000_000  # average traded value per day below this: low confidence


def run(snap: Snapshot) -> dict[str, AgentSignal]:
    c, h, lo, v = snap.close, snap.high, snap.low, snap.volume
    ind = compute_set(h, lo, c, v, backend=IndicatorBackend.BUILTIN)
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
        trend_cross = 1.0 if ema20[-1, j] > ema50[-1, j] else -1.0
        long_trend = 0.0 if math.isnan(sma200[-1, j]) else (1.0 if price > sma200[-1, j]
                                                              else -1.0)
        slope_atr = float(slope[-1, j]) * 10 / a  # EMA20 move over 10 bars, in ATRs
        trend = clip(0.4 * trend_cross + 0.3 * long_trend + 0.3 * math.tanh(slope_atr))
        rsi_v = float(rsi[-1, j])
        rsi_part = (rsi_v - 50) / 50
        if rsi_v > 70 or rsi_v < 30:  # stretched: momentum counts less, reversal risk
            rsi_part *= 0.5
        macd_part = math.tanh(float(hist[-1, j]) / a)
        momentum = clip(0.5 * rsi_part + 0.5 * macd_part)
        vol_ratio = float(v[-1, j] / vol20[-1, j]) if vol20[-1, j] > 0 else 0.0
        confirm = 0.1 * np.sign(trend) * min(vol_ratio, 2.0) / 2.0 if vol_ratio > 1 else 0.0
        score = clip(0.55 * trend + 0.45 * momentum + confirm)
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
        out[sym] = AgentSignal(NAME, VERSION, r(score), r(confidence),
                               "; ".join(words) + ".", evidence)
    return out
