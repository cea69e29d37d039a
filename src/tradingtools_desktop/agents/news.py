"""News agent: sentiment of recent headlines that name the stock.

Sentiment comes from the LLM when one is configured (its failure makes the agent abstain
for that symbol and say why), otherwise from our Vietnamese lexicon scorer. No headline,
no opinion: the agent abstains rather than calling silence neutral.
"""

from __future__ import annotations

from collections.abc import Callable

from .news_lexicon import score_sentence
from .signal import AgentSignal, clip, r
from .snapshot import Headline, Snapshot

NAME, VERSION = "news", "1.0"
# (headline text) -> (score in [-1, 1], label) ; raises on LLM failure
Scorer = Callable[[str], tuple[float, str]]


def lexicon_scorer(text: str) -> tuple[float, str]:
    s = score_sentence(text)
    return s.score, s.label


def run(snap: Snapshot, scorer: Scorer | None = None,
        scorer_name: str = "lexicon") -> dict[str, AgentSignal]:
    score_fn = scorer or lexicon_scorer
    out: dict[str, AgentSignal] = {}
    for sym in snap.symbols:
        items: list[Headline] = snap.news.get(sym, [])
        if not items:
            out[sym] = AgentSignal.abstain(NAME, VERSION, "no recent headline in the news "
                                           "cache names this stock")
            continue
        scored = []
        try:
            for h in items:
                value, label = score_fn(f"{h.title}. {h.summary}")
                scored.append((h, value, label))
        except Exception as exc:  # the LLM failed: abstain, never guess
            out[sym] = AgentSignal.abstain(NAME, VERSION, f"sentiment model failed "
                                           f"({type(exc).__name__}: {exc})")
            continue
        mean = sum(v for _, v, _ in scored) / len(scored)
        confidence = clip(0.25 + 0.1 * len(scored), 0.0, 0.6)
        evidence = {"scorer": scorer_name, "headlines": [
            {"title": h.title, "published": h.published_at.isoformat() if h.published_at
             else None, "score": r(v, 3), "label": lab} for h, v, lab in scored]}
        labels = [lab for _, _, lab in scored]
        text = (f"{len(scored)} headline(s): {labels.count('positive')} positive, "
                f"{labels.count('negative')} negative, {labels.count('neutral')} neutral "
                f"({scorer_name}).")
        out[sym] = AgentSignal(NAME, VERSION, r(clip(mean)), r(confidence), text, evidence)
    return out
