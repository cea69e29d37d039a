"""Accuracy and macro-F1 of the lexicon sentiment scorer on the labelled Vietnamese
sentences in ../shared/data/news (label_id 0 positive, 1 negative, 2 neutral; noisy).
The file is sorted by label, so the split is by a hash of each sentence: ~70 % "dev"
(sentences the lexicon author could read) and ~30 % held out; figures for both, with the
majority-class baseline.

    .venv/bin/python benchmarks/news_lexicon_eval.py
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

from tradingtools_desktop.agents.sentiment_lexicon import score_sentence

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "news" / \
    "qst_sentence_sentiment_full.csv"
LABELS = {"0": "positive", "1": "negative", "2": "neutral"}


def metrics(gold: list[str], pred: list[str]) -> dict[str, float]:
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    f1s = []
    for label in ("positive", "negative", "neutral"):
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, pred, strict=True))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return {"accuracy": round(acc, 4), "macro_f1": round(sum(f1s) / 3, 4), "n": len(gold)}


def _bucket(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 10


def main() -> int:
    if not DATA.exists():
        print(f"{DATA} is absent: ../shared/data is needed for this evaluation")
        return 0
    with DATA.open(encoding="utf-8") as fh:
        rows = [(r["text"], LABELS[r["label_id"]]) for r in csv.DictReader(fh)]
    dev = [r for r in rows if _bucket(r[0]) < 7]
    held = [r for r in rows if _bucket(r[0]) >= 7]
    out: dict[str, object] = {"benchmark": "news_lexicon"}
    for name, part in (("dev_70pct", dev), ("heldout_30pct", held), ("all", rows)):
        gold = [g for _, g in part]
        pred = [score_sentence(t).label for t, _ in part]
        majority = Counter(gold).most_common(1)[0][0]
        out[name] = {**metrics(gold, pred),
                     "majority_baseline": metrics(gold, [majority] * len(gold)),
                     "majority_label": majority}
    path = Path(__file__).parent / "results" / "news_lexicon.json"
    path.write_text(json.dumps(out, indent=2) + "\n")
    json.dump(out, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
