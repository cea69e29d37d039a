"""AgentSignal: what every analysis agent returns, and the failure contract.

- ``score`` in [-1, 1] (negative = bearish, or for the risk agent: how much risk weighs
  against a position), ``confidence`` in [0, 1], a plain-words ``rationale`` and the
  ``evidence`` (the numbers used, with their as-of dates).
- An agent that cannot judge returns ``abstained=True`` with ``abstain_reason`` and score
  and confidence 0 — never a silent "hold" or a made-up direction.
- Data errors (a broken snapshot) raise :class:`DataError`; an LLM failure makes the agent
  abstain and say why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


class DataError(Exception):
    """The data snapshot is unusable: the run stops and says so."""


@dataclass(frozen=True, slots=True)
class AgentSignal:
    agent: str
    version: str
    score: float
    confidence: float
    rationale: str
    evidence: dict[str, Any] = field(default_factory=dict)
    abstained: bool = False
    abstain_reason: str | None = None

    def __post_init__(self) -> None:
        if not (-1.0 <= self.score <= 1.0) or math.isnan(self.score):
            raise ValueError(f"{self.agent}: score {self.score} outside [-1, 1]")
        if not (0.0 <= self.confidence <= 1.0) or math.isnan(self.confidence):
            raise ValueError(f"{self.agent}: confidence {self.confidence} outside [0, 1]")
        if self.abstained and (self.score != 0.0 or self.confidence != 0.0):
            raise ValueError(f"{self.agent}: an abstention carries no score or confidence")

    @classmethod
    def abstain(cls, agent: str, version: str, reason: str,
                evidence: dict[str, Any] | None = None) -> AgentSignal:
        return cls(agent, version, 0.0, 0.0, f"Abstained: {reason}", evidence or {}, True,
                   reason)

    def to_dict(self) -> dict[str, Any]:
        return {"agent": self.agent, "version": self.version, "score": round(self.score, 4),
                "confidence": round(self.confidence, 4), "rationale": self.rationale,
                "evidence": self.evidence, "abstained": self.abstained,
                "abstain_reason": self.abstain_reason}


def clip(x: float, lo: float = -1.0, hi: float = 1.0) -> float:
    return lo if x < lo else hi if x > hi else x


def r(x: float, digits: int = 4) -> float:
    return round(float(x), digits)
