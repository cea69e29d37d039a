"""Sentiment of a Vietnamese financial-news sentence from a hand-made lexicon (pure Python).

Matching is case-insensitive, longest phrase first, so "thua lỗ", "bán tháo", "vượt kế
hoạch" win over their parts. Phrases match without diacritics ("tang truong" = "tăng
trưởng"); a single syllable matches with its diacritics when the sentence has any (folded,
"lãi" would be "lại", "đỏ" "do", "sâu" "sau"), and folded when the sentence has none. Stop
phrases ("lao động", "yếu tố", "bất động sản") consume their syllables with no weight.
Clauses are cut at punctuation and at "nhưng / tuy nhiên / song / trong khi".

- A cue's polarity flips after a negator in the three syllables before it in its clause
  (không, chưa, chẳng, chả, không hề, chưa hề, không còn, hết, thoát, tránh).
- Movement of a bad thing inverts: "giảm lỗ", "nợ xấu giảm", "hạ lãi suất" are positive,
  "chi phí tăng", "tăng lãi suất" negative (a cost noun within three syllables before a
  movement word, or two after it, in the same clause); the pair counts once. A good thing
  next to a movement ("lợi nhuận giảm", "doanh thu không tăng") counts only through it.
- Intensifiers (mạnh, sâu, vọt, kỷ lục, ...) next to a cue weigh x1.5, softeners (nhẹ,
  nhích, ...) x0.5. Signed percentages ("+3,4%", "-12,3%") count as cues.
- Neutral markers ("đi ngang", "giằng co", "không thay đổi") add weight to the denominator.

score = (P - N) / (P + N + Z + SMOOTHING), in (-1, 1); label "positive" if score >= THRESHOLD,
"negative" if score <= -THRESHOLD, else "neutral" (also when there is no hit at all).
THRESHOLD and SMOOTHING were tuned on the build split only; method and held-out figures:
docs/news-sentiment.md (benchmarks/news_lexicon_eval.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Label = Literal["positive", "negative", "neutral"]
THRESHOLD = 0.25
SMOOTHING = 1.0
INTENSIFY, SOFTEN = 1.5, 0.5

# weight | phrases ("|"-separated, with diacritics; folded at import)
_POSITIVE = """
1.0|tăng|tăng trưởng|tăng điểm|tăng giá|tăng trần|chạm trần|giá trần|tím|sắc tím|xanh|sắc xanh
khởi sắc|bứt phá|bật tăng|hồi phục|phục hồi|nhịp hồi|hồi lên|tích cực|lạc quan|khả quan|cải thiện
thuận lợi|hưởng lợi|có lãi|lãi ròng|báo lãi|vượt|vượt kế hoạch|vượt kỳ vọng|vượt đỉnh|kỷ lục
cao nhất|đỉnh|đỉnh cao|mức cao|cao mới|cao hơn|thu hút|hấp dẫn|sôi động|nâng hạng|mở rộng
thành công|đột phá|tốt|vững|vững chắc|bền vững|trụ đỡ|động lực|tiềm năng|cơ hội|kỳ vọng|nới lỏng
tích lũy thêm|đi lên|vươn lên|leo|lan tỏa|dẫn dắt|ưu thế|ưu đãi|thặng dư|xuất siêu|đẩy mạnh
thúc đẩy|gia tăng|vượt trội|mạnh mẽ|ấn tượng|tăng tốc|dồi dào|tháo gỡ|gỡ khó|lên|hỗ trợ|giúp
doanh thu|lãi lớn|chiếm lĩnh|lập đỉnh|nâng đỡ|đón nhận|ủng hộ|bùng nổ|sinh lời|trên tham chiếu
điểm sáng|có lợi|lợi thế|khả thi|bắt đáy
0.5|lợi nhuận|phát triển|ổn định|hiệu quả|hoàn thành|lãi|dẫn đầu
0.3|mua ròng
"""
_NEGATIVE = """
1.0|giảm|giảm điểm|giảm giá|giảm sàn|chạm sàn|giá sàn|nằm sàn|sắc đỏ|đỏ|lao dốc|rơi|sụt|sụt giảm
suy giảm|suy thoái|suy yếu|yếu|yếu kém|kém|tiêu cực|bi quan|ảm đạm|trầm lắng|lỗ|thua lỗ|lỗ ròng
báo lỗ|âm|thấp|thấp nhất|mức thấp|thấp hơn|mất|mất điểm|bán tháo|áp lực|áp lực bán|chốt lời
khó khăn|khó|thách thức|rủi ro|nguy cơ|lo ngại|lo lắng|e ngại|bất ổn|bất lợi|căng thẳng|thắt chặt
lạm phát|nợ xấu|vỡ nợ|phá sản|đình trệ|đóng băng|chậm|chậm lại|trì hoãn|thâm hụt|nhập siêu
vi phạm|xử phạt|phạt|thao túng|khởi tố|bắt|điều tra|cảnh báo|đình chỉ|hủy niêm yết|hủy|gây
ảnh hưởng|đi lùi|lùi|xuống|đi xuống|quay đầu|thu hẹp|cắt giảm|sa thải|ngừng|thất bại|thiệt hại
sụp đổ|khủng hoảng|bong bóng|tháo chạy|rút vốn|rút ròng|đối mặt|tụt|trượt|mất giá|hạ|lao
tiêu cực hơn|gánh nặng|lực bán|hụt|tồn kho|mất thanh khoản|nghẽn|đỏ lửa|tổn thất|co hẹp
tụt dốc|rơi tự do|xấu|tệ|tồi tệ|mờ nhạt|mắc kẹt|kẹt|thiếu|thiếu hụt|quá hạn|chậm trễ
dưới tham chiếu|nhịp giảm|rút dần|thua|sai phạm|gian lận|lừa đảo|nợ nần|ế|ế ẩm|èo uột
thoái lui|kém khả quan
0.5|bị|xả|đảo chiều
0.3|bán ròng
"""
_NEUTRAL = """
1.0|đi ngang|giằng co|trái chiều|phân hóa|không thay đổi|không đổi|giữ nguyên|lưỡng lự
quanh tham chiếu|thận trọng|dao động|chờ đợi|quan sát
"""
# bad things: their movement inverts ("giảm lỗ" +, "lãi suất tăng" -)
_COST = """lỗ|thua lỗ|nợ|nợ xấu|lạm phát|lãi suất|chi phí|giá vốn|tồn kho|thất nghiệp|rủi ro|
áp lực|áp lực bán|lực bán|căng thẳng|bất ổn|thâm hụt|nhập siêu|chi phí lãi vay|lãi vay|lo ngại
khó khăn|thuế|mức giảm|đà rơi"""
# good things: next to a movement word they take its polarity ("doanh thu không tăng" -)
_BENEFIT = "lợi nhuận|doanh thu|lãi|lãi ròng|thanh khoản|xuất khẩu|biên lợi nhuận|tín dụng"
_UP = "tăng|gia tăng|tăng lên|leo thang|đi lên|tăng vọt"
_DOWN = "giảm|giảm xuống|hạ|hạ nhiệt|thu hẹp|cắt giảm"
# only meaningful next to a cost noun ("kiểm soát lạm phát", "xử lý nợ xấu")
_REDUCERS = "kiềm chế|hạn chế|thoát|thoát khỏi|khắc phục|xử lý|giải quyết|vượt qua|kiểm soát"
_NEGATORS = """không|chưa|chẳng|chả|không hề|chưa hề|chẳng hề|không còn|hết|thoát|tránh|chưa thể|
không mấy|không quá|chưa có|không có|khó|khó có"""
# consumed with no weight, so their syllables cannot fire a cue ("lao động", "yếu tố")
_STOP = """lao động|bất động sản|yếu tố|chủ yếu|thiết yếu|trọng yếu|hạ tầng|bắt đầu|bắt buộc|
tiền mặt|mặt bằng|mặt hàng|sàn chứng khoán|sàn giao dịch|đại diện sàn|trở lên|hội đồng|đại hội|
kho bạc|lên tiếng|lên kế hoạch|hạ viện|mất đi|không tránh khỏi|tiền tệ|ngoại tệ|dư nợ
quản trị rủi ro|mức hỗ trợ|vùng hỗ trợ|ngưỡng hỗ trợ"""
_INTENSIFIERS = "mạnh|rất|sâu|vọt|kỷ lục|đột biến|gấp|đáng kể|nhiều|cực|tối đa|hơn nhiều"
_SOFTENERS = "nhẹ|nhích|hơi|chút|ít|nhẹ nhàng|không nhiều|không đáng kể"
_CLAUSE = re.compile(r"[,;:.!?()\[\]\"“”…]+|\s(?:nhưng|tuy nhiên|song|trong khi)\s", re.I)
_WORD = re.compile(r"[^\W_]+")
_SIGNED = re.compile(r"(?<![\w.,])([+-])\s?\d+(?:[.,]\d+)?\s?%")


def fold(text: str) -> str:
    """Lower case, no diacritics ('đ' -> 'd'); letters and digits kept, the rest -> spaces."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", text)


def _key(phrase: str) -> tuple[str, ...]:
    """Phrases match folded; a single syllable keeps its diacritics (lãi != lại, đỏ != do)."""
    words = fold(phrase).split()
    return (unicodedata.normalize("NFC", phrase.strip().lower()),) if len(words) == 1 else \
        tuple(words)


def _table(block: str) -> dict[tuple[str, ...], float]:
    """Lines "w|a|b|..." give weight w to a, b, ...; a line without "w|" continues the last."""
    table: dict[tuple[str, ...], float] = {}
    weight = 1.0
    for line in block.strip().splitlines():
        head, _, rest = line.partition("|")
        if re.fullmatch(r"\d+(?:\.\d+)?", head):
            weight, line = float(head), rest
        table.update({_key(w): weight for w in line.split("|") if w.strip()})
    return table


def _set(words: str) -> set[tuple[str, ...]]:
    return set(_table(words))


_LEX: dict[tuple[str, ...], float] = {**_table(_POSITIVE),
                                      **{k: -v for k, v in _table(_NEGATIVE).items()}}
_NEUTRAL_SET, _STOP_SET = set(_table(_NEUTRAL)), _set(_STOP)
_COST_SET, _UP_SET, _BEN_SET = _set(_COST), _set(_UP), _set(_BENEFIT)
_DOWN_SET, _RED_SET = _set(_DOWN), _set(_REDUCERS)
_NEG_SET, _INT_SET, _SOFT_SET = _set(_NEGATORS), _set(_INTENSIFIERS), _set(_SOFTENERS)
_ALL = set(_LEX) | _NEUTRAL_SET | _STOP_SET | _COST_SET | _BEN_SET | _UP_SET | _DOWN_SET | \
    _RED_SET | _NEG_SET | _INT_SET | _SOFT_SET
_MAX = max(len(k) for k in _ALL)
# Text typed without diacritics: a folded syllable -> its single-syllable entry, except where
# the folded form is mostly another word in news text ("lai" is "lại" more than "lãi", "do" is
# "đó"/"do" far more than "đỏ"); measured on the vocabulary of ../shared/data/news.
_AMBIGUOUS = frozenset({
    "am", "bat", "cham", "dinh", "do", "e", "gap", "gay", "ha", "hoi", "hut", "huy", "ket", "lai",
    "lo", "mat", "ngung", "no", "phat", "sau", "te", "thieu", "thua", "tim", "tranh", "vung", "xa"})
_FOLDED_SINGLE = {f: k for k in sorted(_ALL) if len(k) == 1
                  and (f := fold(k[0]).strip()) not in _AMBIGUOUS}
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _modern_tone(word: str) -> str:
    """Old-style tone placement to the modern one: 'huỷ' -> 'hủy', 'hoá' -> 'hóa'."""
    d = unicodedata.normalize("NFD", word)
    bare = "".join(c for c in d if c not in _TONES)
    tone = [c for c in d if c in _TONES]
    if len(tone) != 1 or not re.search(r"(?<!q)(?:oa|oe|uy)$", bare) or \
            d.index(tone[0]) != len(d) - 1:
        return word
    i = len(bare) - 2
    return unicodedata.normalize("NFC", bare[:i + 1] + tone[0] + bare[i + 1:])


@dataclass(frozen=True, slots=True)
class LexiconScore:
    """score in [-1, 1]; hits are weighted counts; cues lists what fired ("+tang truong")."""

    score: float
    positive_hits: float
    negative_hits: float
    label: Label
    neutral_hits: float = 0.0
    cues: tuple[str, ...] = ()


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    key: tuple[str, ...]
    weight: float  # signed polarity; 0 for pure cost nouns and neutral markers
    consumed: bool = False


def _match(acc: list[str], folded: list[str], i: int, accented: bool
           ) -> tuple[str, ...] | None:
    for size in range(min(_MAX, len(acc) - i), 1, -1):
        key = tuple(folded[i:i + size])
        if key in _ALL:
            return key
    if accented:
        return (acc[i],) if (acc[i],) in _ALL else None
    return _FOLDED_SINGLE.get(folded[i])


def _clause_score(acc: list[str], accented: bool) -> tuple[float, float, float, list[str]]:
    folded = [fold(w).strip() for w in acc]
    hits: list[_Hit] = []
    i = 0
    while i < len(acc):
        key = _match(acc, folded, i, accented)
        if key is None:
            i += 1
            continue
        base = 1.0 if key in _UP_SET else -1.0 if key in _DOWN_SET else 0.0
        hits.append(_Hit(i, i + len(key), key, _LEX.get(key, base)))
        i += len(key)
    for h in hits:  # a bad thing moving: "giảm lỗ", "lãi suất tăng"
        if h.key not in _UP_SET and h.key not in _DOWN_SET and h.key not in _RED_SET:
            continue
        for c in hits:
            close = 0 <= h.start - c.end <= 3 or 0 <= c.start - h.end <= 2
            if c is h or c.consumed or not close:
                continue
            if c.key in _COST_SET:
                h.weight = -1.0 if h.key in _UP_SET else 1.0
                c.consumed = True
                break
            if c.key in _BEN_SET and h.key not in _RED_SET:
                c.consumed = True  # the movement carries the polarity, once
                break
    pos = neg = neu = 0.0
    cues: list[str] = []
    for k, h in enumerate(hits):
        if h.key in _NEUTRAL_SET:
            neu += 1.0
            cues.append("=" + " ".join(h.key))
            continue
        if h.consumed or h.weight == 0.0 or h.key in _STOP_SET:
            continue
        weight = h.weight
        if any(b.key in _NEG_SET and 0 <= h.start - b.end <= 2 for b in hits[max(0, k - 3):k]):
            weight = -weight
        before = hits[k - 1] if k else None
        after = hits[k + 1] if k + 1 < len(hits) else None
        for near, gap in ((before, h.start - before.end if before else 9),
                          (after, after.start - h.end if after else 9)):
            if near is not None and gap <= (1 if near is after else 0):
                if near.key in _INT_SET:
                    weight *= INTENSIFY
                elif near.key in _SOFT_SET:
                    weight *= SOFTEN
        if weight > 0:
            pos += weight
        else:
            neg -= weight
        cues.append(("+" if weight > 0 else "-") + " ".join(h.key))
    return pos, neg, neu, cues


def score_sentence(text: str) -> LexiconScore:
    """Score one sentence (or headline). Pure and deterministic."""
    pos = neg = neu = 0.0
    cues: list[str] = []
    for sign in _SIGNED.findall(text):
        if sign == "+":
            pos += 1.0
        else:
            neg += 1.0
        cues.append(f"{sign}pct")
    low = unicodedata.normalize("NFC", text.lower())
    accented = fold(low).split() != _WORD.findall(low)
    for clause in _CLAUSE.split(" " + low + " "):
        p, n, z, c = _clause_score([_modern_tone(w) for w in _WORD.findall(clause)], accented)
        pos, neg, neu = pos + p, neg + n, neu + z
        cues.extend(c)
    if pos == neg == 0.0:
        return LexiconScore(0.0, 0.0, 0.0, "neutral", neu, tuple(cues))
    score = (pos - neg) / (pos + neg + neu + SMOOTHING)
    label: Label = ("positive" if score >= THRESHOLD else "negative" if score <= -THRESHOLD
                    else "neutral")
    return LexiconScore(round(score, 4), round(pos, 3), round(neg, 3), label, neu, tuple(cues))
