"""News agent: sentiment of recent headlines that name the stock, and the market's mood.

Headlines naming the stock weigh fully; market-wide headlines (no stock named, the market
spoken of: market/news_linking.py) weigh MARKET_WEIGHT each and reach every stock, so with
only market news the score is the market's mood at low confidence.

Sentiment comes from the LLM when one is configured (its failure makes the agent abstain
for that symbol and say why), otherwise from our Vietnamese lexicon scorer. No headline,
no opinion: the agent abstains rather than calling silence neutral.
"""

from __future__ import annotations

from collections.abc import Callable

from .news_lexicon import score_sentence
from .signal import AgentSignal, clip, r
from .snapshot import Headline, Snapshot

NAME, VERSION = "news", "1.1"
MARKET_WEIGHT = 0.5
# (headline text) -> (score in [-1, 1], label) ; raises on LLM failure
Scorer = Callable[[str], tuple[float, str]]


def lexicon_scorer(text: str) -> tuple[float, str]:
    s = score_sentence(text)
    return s.score, s.label


def run(snap: Snapshot, scorer: Scorer | None = None,
        scorer_name: str = "lexicon") -> dict[str, AgentSignal]:
    score_fn = scorer or lexicon_scorer
    out: dict[str, AgentSignal] = {}
    market_scored: list[tuple[Headline, float, str]] | str = []
    try:
        market_scored = [(h, *score_fn(f"{h.title}. {h.summary}")) for h in snap.market_news]
    except Exception as exc:  # the LLM failed on a market headline: leave the market out
        market_scored = f"{type(exc).__name__}: {exc}"
    market = market_scored if isinstance(market_scored, list) else []
    for sym in snap.symbols:
        items: list[Headline] = snap.news.get(sym, [])
        if not items and not market:
            reason = "no recent headline in the news cache names this stock or the market"
            if isinstance(market_scored, str):
                reason += f" (market headlines failed to score: {market_scored})"
            out[sym] = AgentSignal.abstain(NAME, VERSION, reason)
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
        weight = len(scored) + MARKET_WEIGHT * len(market)
        mean = (sum(v for _, v, _ in scored) + MARKET_WEIGHT * sum(v for _, v, _ in market)
                ) / weight
        confidence = clip(0.25 + 0.1 * len(scored), 0.0, 0.6) if scored else \
            clip(0.1 + 0.02 * len(market), 0.0, 0.2)
        evidence = {"scorer": scorer_name, "headlines": [
            {"title": h.title, "published": h.published_at.isoformat() if h.published_at
             else None, "score": r(v, 3), "label": lab} for h, v, lab in scored],
            "market_headlines": [
            {"title": h.title, "published": h.published_at.isoformat() if h.published_at
             else None, "score": r(v, 3), "label": lab} for h, v, lab in market]}
        labels = [lab for _, _, lab in scored]
        text = (f"{len(scored)} headline(s): {labels.count('positive')} positive, "
                f"{labels.count('negative')} negative, {labels.count('neutral')} neutral "
                f"({scorer_name})") if scored else "No headline names this stock"
        if market:
            mood = sum(v for _, v, _ in market) / len(market)
            text += f"; market mood {mood:+.2f} from {len(market)} market-wide headline(s)"
        out[sym] = AgentSignal(NAME, VERSION, r(clip(mean)), r(confidence), text + ".",
                               evidence)
    return out
