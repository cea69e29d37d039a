"""Accuracy and macro-F1 of the Vietnamese lexicon sentiment scorers on the labelled sentences
in ../shared/data/news/qst_sentence_sentiment_full.csv (label_id 0 positive, 1 negative,
2 neutral; noisy labels), against the majority-class baseline.

Scorers: ``agents.news_lexicon`` and ``agents.sentiment_lexicon`` (when present).
Splits (both ~70 % build / ~30 % held out; the file is sorted by label, so "the first 70 %
of the file" would hold out almost only neutral sentences):

- ``label_positional``: within each label, the first 70 % of its rows in file order build,
  the last 30 % are held out. Rows of one article sit together, so this keeps most held-out
  sentences from articles the lexicon author never read. news_lexicon was tuned on this
  split's build part only.
- ``article_guarded``: the same build part; held out, each label's held-out rows less the
  first GUARD (20) after the boundary, which continue an article begun in the build part
  (the file has no article ids; within a label, one article's sentences are consecutive,
  so the boundary cuts one article per label). A subset of label_positional's held-out,
  so it is held out for news_lexicon too.
- ``hash``: sha256(text) % 10 < 7 builds (the split sentiment_lexicon was written with).

The LLM scorer (the screener's prompt through agents/llm/client.py) is measured on both
held-out parts when a provider is configured by environment variables only
(TRADINGTOOLS_AI_BASE_URL, TRADINGTOOLS_AI_MODEL, TRADINGTOOLS_AI_API_KEY, or OPENAI_*);
without one the output says "LLM not measured: no provider configured". A sentence the
model fails on counts as wrong.

For news_lexicon the held-out part is also scored with diacritics stripped (robustness).

    .venv/bin/python benchmarks/news_lexicon_eval.py   # writes results/news_lexicon.json
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import json
import os
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tradingtools_desktop.agents import news_lexicon
from tradingtools_desktop.agents.sentiment_eval import (
    CLASSES,
    NOT_MEASURED,
    client_for,
    llm_labels,
    provider_from_env,
    with_baseline,
)

ROOT = Path(__file__).resolve().parents[1]
# ../shared/data beside the checkout (a worktree under wt/ has it one level further up)
_SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent)
                if (p / "shared" / "data").exists()), ROOT.parent / "shared")
DATA = _SHARED / "data" / "news" / "qst_sentence_sentiment_full.csv"
LABELS = {"0": "positive", "1": "negative", "2": "neutral"}
GUARD = 20  # article_guarded: rows dropped after each label's 70 % boundary
Rows = list[tuple[str, str]]


def confusion(gold: list[str], pred: list[str]) -> dict[str, dict[str, int]]:
    return {g: {p: sum(1 for a, b in zip(gold, pred, strict=True) if a == g and b == p)
                for p in CLASSES} for g in CLASSES}


def splits(rows: Rows) -> dict[str, tuple[Rows, Rows]]:
    by_label: dict[str, Rows] = {}
    for row in rows:
        by_label.setdefault(row[1], []).append(row)
    positional = ([r for part in by_label.values() for r in part[:int(len(part) * 0.7)]],
                  [r for part in by_label.values() for r in part[int(len(part) * 0.7):]])

    def bucket(text: str) -> int:
        return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 10

    hashed = ([r for r in rows if bucket(r[0]) < 7], [r for r in rows if bucket(r[0]) >= 7])
    # the 70 % boundary cuts an article in two in every label (its first held-out rows
    # continue the last build rows' article): drop GUARD rows after it, never add any
    guarded = (positional[0],
               [r for part in by_label.values() for r in part[int(len(part) * 0.7) + GUARD:]])
    return {"label_positional": positional, "article_guarded": guarded, "hash": hashed}


def llm_section(env: Any, parts: dict[str, Rows]) -> dict[str, Any]:
    """The LLM scorer on the held-out parts, through the real client, when a provider is
    configured in the environment; otherwise says it was not measured."""
    cfg = provider_from_env(env)
    if cfg is None:
        return {"measured": False, "reason": NOT_MEASURED}
    client = client_for(cfg)
    out: dict[str, Any] = {"measured": True, "provider": cfg.describe(),
                           "prompt": "the screener's own (agents/llm/client.py "
                                     "SENTIMENT_SYSTEM, temperature 0, seed 7)"}
    for name, part in parts.items():
        labels, errors = asyncio.run(llm_labels(client, [t for t, _ in part]))
        gold = [g for _, g in part]
        out[name] = {**with_baseline(gold, labels), "errors": dict(errors),
                     "confusion_gold_by_pred": confusion(gold, labels)}
    return out


def strip_diacritics(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def evaluate(label_of: Callable[[str], str], part: Rows) -> dict[str, object]:
    gold = [g for _, g in part]
    pred = [label_of(t) for t, _ in part]
    base = with_baseline(gold, pred)
    base.pop("answered")
    base.pop("failed")
    return {**base, "confusion_gold_by_pred": confusion(gold, pred)}


def scorers() -> dict[str, Callable[[str], str]]:
    out: dict[str, Callable[[str], str]] = {
        "news_lexicon": lambda t: news_lexicon.score_sentence(t).label}
    try:
        from tradingtools_desktop.agents import sentiment_lexicon
    except ImportError:  # the other scorer may be removed; this one stands alone
        return out
    out["sentiment_lexicon"] = lambda t: str(sentiment_lexicon.score_sentence(t).label)
    return out


def main() -> int:
    if not DATA.exists():
        print(f"{DATA} is absent: ../shared/data is needed for this evaluation")
        return 0
    with DATA.open(encoding="utf-8") as fh:
        rows = [(r["text"], LABELS[r["label_id"]]) for r in csv.DictReader(fh)]
    out: dict[str, object] = {
        "benchmark": "news_lexicon", "data": "shared/data/news/" + DATA.name,
        "n": len(rows), "labels": dict(Counter(g for _, g in rows)),
        "news_lexicon_parameters": {"threshold": news_lexicon.THRESHOLD,
                                    "smoothing": news_lexicon.SMOOTHING}}
    results: dict[str, dict[str, Any]] = {}
    for name, label_of in scorers().items():
        results[name] = {}
        for split, (build, held) in splits(rows).items():
            results[name][split] = {"build": evaluate(label_of, build),
                                    "heldout": evaluate(label_of, held)}
    held = splits(rows)["label_positional"][1]
    results["news_lexicon"]["label_positional_heldout_without_diacritics"] = evaluate(
        lambda t: news_lexicon.score_sentence(strip_diacritics(t)).label, held)
    out["results"] = results
    parts = splits(rows)
    out["llm"] = llm_section(os.environ, {"label_positional_heldout": parts[
        "label_positional"][1], "article_guarded_heldout": parts["article_guarded"][1]})
    out["notes"] = ("news_lexicon was tuned on label_positional build only; its 'hash' held-out "
                    "overlaps that build part (~70 %), so only label_positional held-out is a "
                    "held-out figure for it. sentiment_lexicon was written against the hash split.")
    path = ROOT / "benchmarks" / "results" / "news_lexicon.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for name, by_split in results.items():
        for split, parts in by_split.items():
            if "build" in parts:
                b, h = parts["build"], parts["heldout"]
                print(f"{name:18s} {split:17s} build acc {b['accuracy']:.3f} F1 "
                      f"{b['macro_f1']:.3f} | held-out acc {h['accuracy']:.3f} F1 "
                      f"{h['macro_f1']:.3f} (majority {h['majority_baseline']['accuracy']:.3f})")
            else:
                print(f"{name:18s} {split}: acc {parts['accuracy']:.3f} F1 {parts['macro_f1']:.3f}")
    llm = out["llm"]
    if not llm["measured"]:
        print(llm["reason"])
    else:
        for name in ("label_positional_heldout", "article_guarded_heldout"):
            h = llm[name]
            print(f"LLM {llm['provider']['model']:12s} {name:25s} acc {h['accuracy']:.3f} F1 "
                  f"{h['macro_f1']:.3f} failed {h['failed']} (majority "
                  f"{h['majority_baseline']['accuracy']:.3f})")
    print(f"JSON: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
