"""Risk agent: volatility, drawdown and liquidity -> a suggested position size.

Size = risk budget (a share of equity) / stop distance (2 x ATR), rounded DOWN to the
100-share board lot, then capped by the profile's max order notional and by a share of the
average daily traded value. The score is a risk penalty in [-1, 0] (0 = nothing alarming),
not a direction; the supervisor uses it to temper the others.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .indicators import panel as ta
from .signal import AgentSignal, clip, r
from .snapshot import Snapshot

NAME, VERSION = "risk", "1.0"
LOT = 100


@dataclass(frozen=True, slots=True)
class SizingParams:
    equity_vnd: int = 1_000_000_000
    risk_per_trade_bps: int = 100  # 1 % of equity at risk per position
    stop_atr: float = 2.0
    max_order_notional: int = 500_000_000
    max_adv_share_bps: int = 1_000  # at most 10 % of the average daily traded value


def run(snap: Snapshot, params: SizingParams) -> dict[str, AgentSignal]:
    c, h, lo, v = snap.close, snap.high, snap.low, snap.volume
    atr = ta.atr(h, lo, c, 14)
    value20 = ta.avg_traded_value(c, v, 20)
    with np.errstate(invalid="ignore", divide="ignore"):
        rets = np.diff(np.log(c), axis=0)
    out: dict[str, AgentSignal] = {}
    for j, sym in enumerate(snap.symbols):
        n = int(snap.lengths[j])
        price, a = float(c[-1, j]), float(atr[-1, j])
        if n < 30 or not math.isfinite(a) or a <= 0:
            out[sym] = AgentSignal.abstain(NAME, VERSION, f"not enough history to measure "
                                           f"risk ({n} bars)")
            continue
        window = rets[-min(250, n - 1):, j]
        window = window[np.isfinite(window)]
        vol = float(np.std(window, ddof=1) * math.sqrt(250)) if len(window) > 20 else math.nan
        closes = c[-min(250, n):, j]
        peak = np.maximum.accumulate(closes)
        drawdown = float(np.max(1 - closes / peak))
        adv = float(value20[-1, j]) if math.isfinite(value20[-1, j]) else 0.0
        budget = params.equity_vnd * params.risk_per_trade_bps / 10_000
        raw = budget / (params.stop_atr * a)
        qty = int(raw // LOT) * LOT
        caps = {"risk_budget": qty,
                "max_order_notional": int(params.max_order_notional / price) // LOT * LOT,
                "liquidity": int(adv * params.max_adv_share_bps / 10_000 / price) // LOT * LOT}
        binding = min(caps, key=lambda k: caps[k])
        size = max(0, caps[binding])
        penalty = 0.0
        notes = []
        if math.isfinite(vol) and vol > 0.45:
            penalty -= min(0.5, (vol - 0.45))
            notes.append(f"high volatility ({vol:.0%} a year)")
        if drawdown > 0.3:
            penalty -= min(0.4, drawdown - 0.3)
            notes.append(f"deep drawdown ({drawdown:.0%} from the 1-year high)")
        if adv < 1e9:
            penalty -= 0.3
            notes.append(f"thin liquidity ({adv / 1e9:.2f} bn VND a day)")
        evidence = {"atr14": r(a, 1), "annual_volatility": r(vol, 3) if math.isfinite(vol)
                    else None, "max_drawdown_1y": r(drawdown, 3),
                    "avg_traded_value_20d_vnd": round(adv), "stop_distance_vnd": r(
                        params.stop_atr * a, 1), "risk_budget_vnd": round(budget),
                    "size_caps": caps, "binding_cap": binding, "suggested_qty": size,
                    "suggested_value_vnd": int(size * price), "price_vnd": price}
        text = (f"Suggest {size:,} shares (~{size * price / 1e6:,.0f} m VND), limited by "
                f"{binding.replace('_', ' ')}; stop {params.stop_atr:g} x ATR "
                f"= {params.stop_atr * a:,.0f} VND")
        text += ("; " + "; ".join(notes) + ".") if notes else "; no risk flags."
        out[sym] = AgentSignal(NAME, VERSION, r(clip(penalty, -1.0, 0.0)),
                               r(clip(0.5 + 0.5 * min(1.0, n / 250), 0.0, 1.0)), text,
                               evidence)
    return out
