"""A Vietnamese financial-news sentiment scorer built on a hand-made lexicon.

Matching is on syllables with diacritics removed and lower-cased, longest phrase first, so
multi-syllable cues ("tăng trưởng", "thua lỗ", "bán tháo") win over their parts. A negator
within the previous three syllables ("không", "chưa", "chẳng", "giảm" before a loss word)
flips a cue. The label is "neutral" when |score| < NEUTRAL_BAND. Measured accuracy and
macro-F1 are in docs/news-sentiment.md (benchmarks/news_lexicon_eval.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

POSITIVE = """
tăng|tăng trưởng|tăng mạnh|tăng vọt|tăng điểm|tăng trần|bứt phá|khởi sắc|tích cực|lãi|lãi ròng|
có lãi|lợi nhuận tăng|lợi nhuận kỷ lục|kỷ lục|vượt kế hoạch|vượt|hoàn thành kế hoạch|phục hồi|
hồi phục|cải thiện|thuận lợi|mở rộng|thu hút|hấp dẫn|sôi động|khả quan|lạc quan|triển vọng|
đột phá|nâng hạng|nâng|mua ròng|dòng tiền vào|chia cổ tức|cổ tức|thưởng|ổn định|vững|
thặng dư|xuất siêu|giải ngân|hỗ trợ|ưu đãi|thành công|dẫn đầu|cao nhất|hưởng lợi|đồng loạt tăng|
tăng giá|giá tăng|doanh thu tăng|hiệu quả|bền vững|an toàn|thắng|đạt|kỳ vọng
"""
NEGATIVE = """
giảm|giảm mạnh|giảm sâu|giảm điểm|sụt|sụt giảm|lao dốc|lỗ|thua lỗ|lỗ ròng|báo lỗ|âm|tiêu cực|
bán tháo|bán ròng|rút vốn|dòng tiền ra|khó khăn|suy giảm|suy thoái|rủi ro|nợ xấu|nợ|vỡ nợ|
phá sản|đình trệ|trì hoãn|chậm|tồn kho|áp lực|căng thẳng|lo ngại|bất ổn|biến động|lạm phát|
thâm hụt|nhập siêu|vi phạm|xử phạt|phạt|khởi tố|bắt|điều tra|cảnh báo|hạn chế|kiểm soát|
đóng băng|sàn|giảm sàn|mất|thấp nhất|đi xuống|tụt|thu hẹp|cắt giảm|sa thải|ngừng|đình chỉ|
hủy niêm yết|giảm giá|giá giảm|trầm lắng|ảm đạm|thất bại|thiệt hại|sụp đổ|khủng hoảng
"""
NEGATORS = {"khong", "chua", "chang", "khong he", "chua he", "hau nhu khong", "tranh"}
INTENSIFIERS = {"manh", "sau", "ky luc", "dot bien", "vot"}
NEUTRAL_BAND = 0.15


def fold(text: str) -> str:
    """Lower-case, remove diacritics (đ -> d), keep letters/digits/spaces."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z0-9 ]+", " ", text)


def _phrases(block: str) -> dict[tuple[str, ...], int]:
    return {tuple(fold(p).split()): 1 for p in block.replace("\n", "").split("|") if p.strip()}


_LEX: dict[tuple[str, ...], int] = {**_phrases(POSITIVE),
                                    **{k: -1 for k in _phrases(NEGATIVE)}}
_MAX_LEN = max(len(k) for k in _LEX)
_NEG = {tuple(n.split()) for n in NEGATORS}


@dataclass(frozen=True, slots=True)
class LexiconScore:
    score: float
    positive_hits: int
    negative_hits: int
    label: str
    cues: tuple[str, ...]


REDUCERS = {("giam",), ("cat", "giam"), ("thu", "hep")}


def _match_at(words: list[str], i: int) -> tuple[tuple[str, ...], int] | None:
    for size in range(min(_MAX_LEN, len(words) - i), 0, -1):
        key = tuple(words[i:i + size])
        if key in _LEX:
            return key, _LEX[key]
    return None


def score_sentence(text: str) -> LexiconScore:
    words = fold(text).split()
    pos = neg = 0
    cues: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_LEN, len(words) - i), 0, -1):
            key = tuple(words[i:i + size])
            polarity = _LEX.get(key)
            if polarity is None:
                continue
            after = _match_at(words, i + size)
            if key in REDUCERS and after is not None and after[1] < 0:
                i += size  # "giảm nợ xấu": the reducer turns the next cue, is no cue itself
                break
            window = words[max(0, i - 3):i]
            negated = any(tuple(window[k:k + len(n)]) == n for n in _NEG
                          for k in range(len(window)))
            # "giảm lỗ" / "giảm nợ xấu": reducing a negative is positive
            if polarity < 0 and any(tuple(window[-len(r):]) == r for r in REDUCERS):
                negated = True
            weight = 2 if i + size < len(words) and words[i + size] in INTENSIFIERS else 1
            if negated:
                polarity = -polarity
            if polarity > 0:
                pos += weight
            else:
                neg += weight
            cues.append(("-" if polarity < 0 else "+") + " ".join(key))
            i += size
            break
        else:
            i += 1
    total = pos + neg
    score = 0.0 if total == 0 else (pos - neg) / (total + 1)
    label = "neutral" if abs(score) < NEUTRAL_BAND else ("positive" if score > 0 else "negative")
    return LexiconScore(round(score, 4), pos, neg, label, tuple(cues))
