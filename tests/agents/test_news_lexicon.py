from __future__ import annotations

import ast
import csv
from collections import Counter
from pathlib import Path

import pytest

from tradingtools_desktop.agents import news_lexicon
from tradingtools_desktop.agents.news_lexicon import THRESHOLD, fold, score_sentence

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "news_sentences_sample.csv"
LABELS = {"0": "positive", "1": "negative", "2": "neutral"}


@pytest.mark.parametrize(("text", "label"), [
    ("Lợi nhuận quý 3 tăng trưởng mạnh, vượt kế hoạch năm", "positive"),
    ("VN-Index khởi sắc, sắc xanh lan tỏa trên toàn thị trường", "positive"),
    ("Cổ phiếu bị bán tháo, thua lỗ nặng", "negative"),
    ("Thị trường giảm sâu, áp lực bán lan rộng", "negative"),
    ("Nợ xấu của ngân hàng tăng mạnh", "negative"),
])
def test_score_when_sentence_has_clear_cues_then_label_follows_them(text: str, label: str) -> None:
    assert score_sentence(text).label == label


@pytest.mark.parametrize(("plain", "negated"), [
    ("Thị trường tích cực", "Thị trường không tích cực"),
    ("Doanh nghiệp có lãi", "Doanh nghiệp chưa có lãi"),
    ("Doanh thu tăng", "Doanh thu không tăng"),
    ("Triển vọng khả quan", "Triển vọng chẳng khả quan"),
])
def test_score_when_cue_is_negated_then_polarity_flips(plain: str, negated: str) -> None:
    a, b = score_sentence(plain), score_sentence(negated)
    assert a.score > 0 > b.score
    assert (a.label, b.label) == ("positive", "negative")


def test_score_when_a_bad_thing_moves_then_the_direction_inverts() -> None:
    assert score_sentence("Công ty đã giảm lỗ so với cùng kỳ").label == "positive"
    assert score_sentence("Ngân hàng giảm nợ xấu").label == "positive"
    assert score_sentence("Fed hạ lãi suất").label == "positive"
    assert score_sentence("Chi phí lãi vay tăng").label == "negative"
    assert score_sentence("Doanh nghiệp lỗ").label == "negative"
    assert score_sentence("chưa thoát khỏi khó khăn").label == "negative"


def test_score_when_no_cue_then_neutral_with_zero_hits() -> None:
    s = score_sentence("Đại hội cổ đông được tổ chức tại Hà Nội vào ngày 20/4")
    assert (s.label, s.score, s.positive_hits, s.negative_hits) == ("neutral", 0.0, 0.0, 0.0)
    assert score_sentence("").label == "neutral"


def test_score_when_neutral_marker_then_neutral() -> None:
    assert score_sentence("Thị trường đi ngang, giằng co quanh tham chiếu").label == "neutral"


def test_intensifier_raises_and_softener_lowers_the_score() -> None:
    base = score_sentence("Cổ phiếu tăng").score
    strong, soft = score_sentence("Cổ phiếu tăng mạnh"), score_sentence("Cổ phiếu tăng nhẹ")
    assert strong.score > base > soft.score


def test_matching_ignores_case_and_diacritics_for_phrases() -> None:
    assert fold("ĐỒNG LOẠT TĂNG") == "dong loat tang"
    for text in ("co phieu TANG TRUONG manh", "cong ty bao lo", "thi truong ban thao"):
        assert score_sentence(text).label != "neutral"
    assert score_sentence("cong ty bao lo").label == "negative"


def test_single_syllables_keep_their_diacritics_when_the_text_has_them() -> None:
    # folded, "lại" would be "lãi" (profit) and "đó" would be "đỏ" (red)
    assert score_sentence("Trong đó, nhà đầu tư quay lại họp").label == "neutral"
    assert score_sentence("Sắc đỏ bao trùm").label == "negative"


def test_score_is_bounded_and_label_matches_the_documented_threshold() -> None:
    for text in ("tăng " * 50, "giảm " * 50, "tăng giảm tăng", "không"):
        s = score_sentence(text)
        assert -1.0 <= s.score <= 1.0
        expected = ("positive" if s.score >= THRESHOLD else "negative" if s.score <= -THRESHOLD
                    else "neutral")
        assert s.label == expected


def test_accuracy_on_the_sample_beats_the_majority_baseline() -> None:
    with SAMPLE.open(encoding="utf-8") as fh:
        rows = [(r["text"], LABELS[r["label_id"]]) for r in csv.DictReader(fh)]
    assert 150 <= len(rows) <= 199
    gold = [g for _, g in rows]
    pred = [score_sentence(t).label for t, _ in rows]
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(rows)
    majority = Counter(gold).most_common(1)[0][1] / len(rows)
    assert accuracy > majority + 0.2
    assert set(pred) == {"positive", "negative", "neutral"}


def test_module_is_pure_python_without_pandas_at_import() -> None:
    tree = ast.parse(Path(news_lexicon.__file__).read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)
                for a in n.names}
    imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree)
                 if isinstance(n, ast.ImportFrom)}
    assert imported <= {"__future__", "re", "unicodedata", "dataclasses", "typing"}
