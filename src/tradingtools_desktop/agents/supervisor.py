"""Supervisor: combines the agents into one score, confidence, rationale and size.

Directional agents (technical, fundamental, news) are averaged with fixed weights over
those that did not abstain; the risk agent's penalty tempers the result. When every
directional agent abstained, the supervisor abstains too. The rationale is built from the
agents' own evidence (deterministic); an LLM synthesis may replace the wording when one is
configured, never the numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .signal import AgentSignal, clip, r

NAME, VERSION = "supervisor", "1.1"
WEIGHTS = {"technical": 0.45, "fundamental": 0.35, "news": 0.20}
RISK_WEIGHT = 0.25


@dataclass(frozen=True)
class Verdict:
    symbol: str
    score: float | None
    confidence: float
    suggested_qty: int
    suggested_value: int
    rationale: str
    risk_notes: list[str]
    agents: dict[str, AgentSignal] = field(default_factory=dict)
    abstained: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "score": self.score, "confidence": self.confidence,
                "suggested_qty": self.suggested_qty, "suggested_value": self.suggested_value,
                "rationale": self.rationale, "risk_notes": self.risk_notes,
                "abstained": self.abstained,
                "agents": {k: v.to_dict() for k, v in self.agents.items()}}


def combine_panel(scores: dict[str, NDArray[np.float64]],
                  risk: NDArray[np.float64],
                  weights: Mapping[str, float | NDArray[np.float64]] | None = None
                  ) -> NDArray[np.float64]:
    """``combine``'s score for many symbols at once: ``scores`` maps each directional agent
    to its scores (NaN = abstained), ``risk`` the risk penalty (NaN = abstained, counts 0).
    NaN where every directional agent abstained. ``weights`` (default: the fixed WEIGHTS)
    may give per-date weights as arrays broadcastable to the scores (the track record's
    walk-forward fitted supervisor)."""
    num = np.zeros_like(risk)
    den = np.zeros_like(risk)
    for name, w in (WEIGHTS if weights is None else weights).items():
        s = scores.get(name)
        if s is None:
            continue
        live = np.isfinite(s)
        num += np.where(live, w * s, 0.0)
        den += np.where(live, w, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = num / den
        out = np.clip(raw + RISK_WEIGHT * np.nan_to_num(risk, nan=0.0), -1.0, 1.0)
    result: NDArray[np.float64] = np.where(den > 0, np.round(out, 4), np.nan)
    return result


def combine(symbol: str, signals: dict[str, AgentSignal]) -> Verdict:
    live = {k: s for k, s in signals.items() if k in WEIGHTS and not s.abstained}
    risk = signals.get("risk")
    notes = [f"{k}: {s.abstain_reason}" for k, s in signals.items() if s.abstained]
    if not live:
        return Verdict(symbol, None, 0.0, 0, 0, "No agent could judge this stock: "
                       + "; ".join(notes) + ".", notes, signals, abstained=True)
    total_w = sum(WEIGHTS[k] for k in live)
    raw = sum(WEIGHTS[k] * s.score for k, s in live.items()) / total_w
    penalty = risk.score if risk and not risk.abstained else 0.0
    score = clip(raw + RISK_WEIGHT * penalty)
    mean_conf = sum(WEIGHTS[k] * s.confidence for k, s in live.items()) / total_w
    scores = [s.score for s in live.values()]
    spread = (max(scores) - min(scores)) / 2 if len(scores) > 1 else 0.0
    coverage = total_w / sum(WEIGHTS.values())
    confidence = clip(mean_conf * (1 - 0.5 * spread) * (0.5 + 0.5 * coverage), 0.0, 1.0)
    qty = int(risk.evidence.get("suggested_qty", 0)) if risk and not risk.abstained else 0
    price = float(risk.evidence.get("price_vnd", 0)) if risk and not risk.abstained else 0.0
    if score <= 0:
        qty = 0  # sizes are suggested for buys only; a negative score suggests none
    parts = [f"{k} {s.score:+.2f} ({s.confidence:.0%}): {s.rationale}"
             for k, s in sorted(live.items(), key=lambda kv: -WEIGHTS[kv[0]])]
    if risk and not risk.abstained:
        parts.append(f"risk {risk.score:+.2f}: {risk.rationale}")
        if risk.score < 0:
            notes.insert(0, risk.rationale)
    stance = ("leans positive" if score > 0.15 else "leans negative" if score < -0.15
              else "is mixed")
    head = (f"Overall {stance} ({score:+.2f}; the agents agree {confidence:.0%}, not a "
            "measured probability)")
    if qty:
        head += (f"; risk-budget size {qty:,} shares (a clamp on what to risk, not a "
                 "forecast)")
    rationale = head + ". " + " | ".join(parts)
    return Verdict(symbol, r(score), r(confidence), qty, int(qty * price), rationale, notes,
                   signals)
