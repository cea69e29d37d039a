"""Recall and false-positive rate of the bank-account redaction (Fix-05) on a labelled corpus.

Corpus: tests/fixtures/redaction_corpus.jsonl, one JSON object a line:
``{"text": ..., "accounts": [exact substrings that are accounts], "kind": ...}``; lines with
no account are benign numeric text (prices, volumes, dates, phones, CCCD, tax codes, order
ids, custody codes, SSI messages). Reported:

- recall: labelled accounts whose whole span is inside a finding;
- benign FPR: benign lines that ``redact`` changes at all;
- extra spans: findings on account lines that cover no labelled account;
- exact: lines whose redacted text equals the expected text byte for byte.

The corpus and the rules have the same author, so these figures are optimistic. A second,
independent benign set is real text nobody wrote for this test: every line of the shared
news sentences and headlines, the SSI FastConnect specifications (JSON examples with
accounts, requestIDs, order ids) and the recorded SSI/KBS/Vietcap payloads in ../shared/data;
it has no bank accounts, so any finding there is a false positive. Skipped (and said so)
when ../shared/data is absent. Throughput over that set is reported for information only.

    .venv/bin/python benchmarks/redaction_eval.py   # writes benchmarks/results/redaction.json
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

from tradingtools_desktop.domain.redaction import MARKER, find_bank_accounts, redact

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "redaction_corpus.jsonl"
SHARED = ROOT.parent / "shared" / "data"
EXTERNAL = ("reference/ssi_fastconnect/SSI_FastConnectTrading_Specs_v2.4.txt",
            "reference/ssi_fastconnect/SSI_FastConnectData_Specs_v2.2.txt",
            "api_samples/kbs/KBS_API_DOCUMENTATION.md",
            "api_samples/ssi_iboard_ws/session-2026-04-14T06-32-07-325Z.jsonl",
            "api_samples/vietcap_docs/vietcap_response_samples_from_docs.json")


def _expected(text: str, accounts: list[str]) -> str:
    for a in accounts:
        text = text.replace(a, MARKER, 1)
    return text


def evaluate(path: Path = CORPUS) -> dict[str, object]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    total = hit = benign = benign_changed = extra = exact = 0
    misses: list[str] = []
    false_positives: list[str] = []
    for row in rows:
        text, accounts = row["text"], row["accounts"]
        findings = find_bank_accounts(text)
        spans = [(f.start, f.end) for f in findings]
        labelled = []
        for a in accounts:
            s = text.index(a)
            labelled.append((s, s + len(a)))
            total += 1
            if any(fs <= s and s + len(a) <= fe for fs, fe in spans):
                hit += 1
            else:
                misses.append(f"[{row['kind']}] {text}")
        extra += sum(1 for fs, fe in spans if not any(fs < le and ls < fe for ls, le in labelled))
        out = redact(text)
        exact += out == _expected(text, accounts)
        if not accounts:
            benign += 1
            if out != text:
                benign_changed += 1
                false_positives.append(f"[{row['kind']}] {text} -> {out}")
    return {
        "benchmark": "redaction",
        "corpus": str(path.relative_to(ROOT)),
        "lines": len(rows),
        "account_lines": len(rows) - benign,
        "accounts": total,
        "recall": round(hit / total, 4) if total else None,
        "benign_lines": benign,
        "benign_fpr": round(benign_changed / benign, 4) if benign else None,
        "extra_spans_on_account_lines": extra,
        "exact_output_rate": round(exact / len(rows), 4),
        "misses": misses,
        "false_positives": false_positives,
    }


def external_benign() -> dict[str, object]:
    if not SHARED.exists():
        return {"skipped": f"{SHARED} is absent"}
    news = SHARED / "news"
    with (news / "qst_sentence_sentiment_full.csv").open(encoding="utf-8") as fh:
        lines = [r["text"] for r in csv.DictReader(fh)]
    for raw in (news / "vn_news_headlines_2025-11_buu205.jsonl").read_text("utf-8").splitlines():
        item = json.loads(raw)
        lines += [str(item.get("title", "")), str(item.get("summary", ""))]
    for rel in EXTERNAL:
        lines += (SHARED / rel).read_text(encoding="utf-8", errors="replace").splitlines()
    t0 = time.perf_counter()
    flagged = [f"{line[:160]} -> {[f.text for f in fs]}" for line in lines
               if (fs := find_bank_accounts(line))]
    elapsed = time.perf_counter() - t0
    numeric = sum(1 for line in lines if sum(c.isdigit() for c in line) >= 6)
    return {"lines": len(lines), "lines_with_6plus_digits": numeric,
            "lines_flagged": len(flagged), "fpr": round(len(flagged) / len(lines), 5),
            "flagged": flagged[:20], "lines_per_second": round(len(lines) / elapsed)}


def main() -> int:
    result = evaluate()
    result["external_benign"] = external_benign()
    out = ROOT / "benchmarks" / "results" / "redaction.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
