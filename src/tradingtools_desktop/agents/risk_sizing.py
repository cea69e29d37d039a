"""Risk agent: volatility, drawdown and liquidity -> a suggested position size.

Size = risk budget (a share of equity) / stop distance (2 x ATR), rounded DOWN to the
100-share board lot, then capped by the profile's max order notional and by a share of the
average daily traded value. The score is a risk penalty in [-1, 0] (0 = nothing alarming),
not a direction; the supervisor uses it to temper the others.

Volatility, ATR and liquidity are measured on daily bars (right for a daily score). The
price the shares are counted at is ``prices[symbol]`` when given (the screener passes the
quote service's current price, stored with the run), else the last daily close.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

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


def penalty_of(vol: NDArray[np.float64], drawdown: NDArray[np.float64],
               adv: NDArray[np.float64]) -> NDArray[np.float64]:
    """The risk penalty in [-1, 0] from annual volatility, 1-year drawdown and average
    traded value (VND), elementwise (NaN volatility counts as no volatility flag)."""
    with np.errstate(invalid="ignore"):
        p = -np.where(np.isfinite(vol) & (vol > 0.45), np.minimum(0.5, vol - 0.45), 0.0)
        p -= np.where(drawdown > 0.3, np.minimum(0.4, drawdown - 0.3), 0.0)
        p -= np.where(adv < 1e9, 0.3, 0.0)
    out: NDArray[np.float64] = np.round(np.clip(p, -1.0, 0.0), 4)
    return out


def window_penalty(closes: NDArray[np.float64], adv: NDArray[np.float64]
                   ) -> NDArray[np.float64]:
    """``penalty_of`` for many symbols at one date: ``closes`` holds each symbol's last
    251 closes (rows, NaN-padded on top for shorter histories), as the agent measures them:
    volatility of the last 250 daily log returns (more than 20 needed), drawdown over the
    last 250 closes."""
    with np.errstate(invalid="ignore", divide="ignore"):
        rets = np.diff(np.log(closes), axis=0)
        count = np.sum(np.isfinite(rets), axis=0)
        mean = np.nanmean(np.where(count > 0, rets, 0.0), axis=0)
        dev = np.where(np.isfinite(rets), rets - mean, 0.0)
        var = np.sum(dev * dev, axis=0) / np.maximum(count - 1, 1)
        vol = np.where(count > 20, np.sqrt(var) * math.sqrt(250), np.nan)
        last = closes[-250:]
        peak = np.fmax.accumulate(last, axis=0)
        with warnings.catch_warnings():  # a column with no close yet: NaN, said once here
            warnings.simplefilter("ignore", RuntimeWarning)
            drawdown = np.nanmax(np.where(np.isfinite(last), 1 - last / peak, np.nan),
                                 axis=0)
    return penalty_of(vol, drawdown, adv)


def run(snap: Snapshot, params: SizingParams,
        prices: Mapping[str, int] | None = None) -> dict[str, AgentSignal]:
    c, h, lo, v = snap.close, snap.high, snap.low, snap.volume
    atr = ta.atr(h, lo, c, 14)
    value20 = ta.avg_traded_value(c, v, 20)
    with np.errstate(invalid="ignore", divide="ignore"):
        rets = np.diff(np.log(c), axis=0)
    out: dict[str, AgentSignal] = {}
    for j, sym in enumerate(snap.symbols):
        n = int(snap.lengths[j])
        close, a = float(c[-1, j]), float(atr[-1, j])
        quoted = prices.get(sym) if prices else None
        price = float(quoted) if quoted else close
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
        penalty = float(penalty_of(np.array([vol]), np.array([drawdown]),
                                   np.array([adv]))[0])
        notes = []
        if math.isfinite(vol) and vol > 0.45:
            notes.append(f"high volatility ({vol:.0%} a year)")
        if drawdown > 0.3:
            notes.append(f"deep drawdown ({drawdown:.0%} from the 1-year high)")
        if adv < 1e9:
            notes.append(f"thin liquidity ({adv / 1e9:.2f} bn VND a day)")
        evidence = {"atr14": r(a, 1), "annual_volatility": r(vol, 3) if math.isfinite(vol)
                    else None, "max_drawdown_1y": r(drawdown, 3),
                    "avg_traded_value_20d_vnd": round(adv), "stop_distance_vnd": r(
                        params.stop_atr * a, 1), "risk_budget_vnd": round(budget),
                    "size_caps": caps, "binding_cap": binding, "suggested_qty": size,
                    "suggested_value_vnd": int(size * price), "price_vnd": price}
        if quoted:
            evidence["bar_close_vnd"] = close
            evidence["price_from"] = "quote"
        at_price = f" at {price / 1000:,.2f} (the quote service's price)" if quoted else ""
        text = (f"Suggest {size:,} shares (~{size * price / 1e6:,.0f} m VND){at_price}, "
                f"limited by "
                f"{binding.replace('_', ' ')}; stop {params.stop_atr:g} x ATR "
                f"= {params.stop_atr * a:,.0f} VND")
        text += ("; " + "; ".join(notes) + ".") if notes else "; no risk flags."
        out[sym] = AgentSignal(NAME, VERSION, penalty,
                               r(clip(0.5 + 0.5 * min(1.0, n / 250), 0.0, 1.0)), text,
                               evidence)
    return out
