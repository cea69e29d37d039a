"""Fix-05: find and redact Vietnamese bank-account numbers; every other byte stays as it was.

A number is an account only by its context, never by its digits alone (Presidio's recipe:
pattern + context words + validation + allow/deny lists, each finding with its explanation):

1. Candidates: digit runs, optionally in groups of 2-6 ("0071 0001 23456"); never a run glued
   to a letter, '.,/' + digit, '+', '#' (prices, amounts, dates, 003C123456, +84 phones).
2. Cues are found in folded text (lower case, diacritics removed, offsets kept), so phrases
   of several syllables ("số tài khoản", "so tai khoan") match. A cue counts for a number
   when they are in the same sentence, within 80 characters before it (30 after it for a
   bank name), and the text between holds no other number and no label of something else
   (SĐT, CCCD, MST, lệnh, chứng khoán, số dư, ...).
3. Rules: an account word (STK, tài khoản, TK, account, a/c, chuyển khoản...) and 8-19 digits;
   a bank name or NAPAS BIN and that bank's account length (not phone-shaped); a ticker-like
   bank code (VCB, ACB, MB) and the bank's length, not phone-shaped, outside a trading
   sentence. Numbers followed by a unit (đ, VND, cp, %, tr) are amounts, not accounts.
4. Deny patterns are always redacted; allowed values never are (deny wins over allow).
Rules, limits and measured recall / false-positive rate: docs/redaction.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .redaction_banks import BY_BIN, BY_CODE, BY_NAME, Bank

MARKER = "[REDACTED:bank_account]"
ENTITY = "VN_BANK_ACCOUNT"
GENERIC = range(8, 20)
BEFORE, AFTER, TRADING_WINDOW = 80, 30, 40


@dataclass(frozen=True, slots=True)
class Finding:
    """One account number: ``text == source[start:end]``; ``explanation`` says why."""

    start: int
    end: int
    text: str
    score: float
    rule: str
    cues: tuple[str, ...]
    bank: str | None
    explanation: str
    entity: str = ENTITY


@dataclass(frozen=True, slots=True)
class _Cue:
    kind: str  # "account" | "holder" | "bank" | "code"
    start: int
    end: int
    text: str
    bank: Bank | None


def _alt(words: Iterable[str]) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


_ACCOUNT = _words(
    r"so\s+hieu\s+tai\s+khoan|so\s+tai\s+khoan|tai\s+khoan(?:\s+ngan\s+hang)?|so\s+tk|s\.?tk"
    r"|tknh|tk|account\s+(?:no|number)\.?|bank\s+account|account|acct|acc|a/c|a\.c\."
    r"|(?:chuyen\s+khoan|chuyen\s+tien|ck)\s+(?:vao|qua|toi|den|ve)|nhan\s+tien|thu\s+huong"
    r"|nguoi\s+nhan|beneficiary|transfer\s+to")
_HOLDER = _words(r"chu\s+tai\s+khoan|chu\s+tk|ctk|account\s+holder|account\s+name")
_BANK = _words(_alt(BY_NAME))
_CODE = _words(_alt(BY_CODE))
_BIN = re.compile(rf"(?<!\d)(?:{_alt(BY_BIN)})(?!\d)")
# labels of other things: a cue does not reach a number across one of these
_BLOCK_FOLDED = _words(
    r"sdt|so\s+dt|dt|dien\s+thoai|phone|tel|mobile|hotline|zalo|lien\s+he|cccd|cmnd|cmt"
    r"|can\s+cuoc|dinh\s+danh|ho\s+chieu|passport|mst|ma\s+so\s+thue|tax|ma\s+so\s+dn"
    r"|ma\s+so\s+doanh\s+nghiep|ma\s+lenh|so\s+hieu\s+lenh|so\s+lenh|lenh|order\s*id|order"
    r"|request\s*id|request|ma\s+kh|ma\s+khach\s+hang|customer|client|cif|tieu\s+khoan"
    r"|chung\s+khoan|tkck|ck|luu\s+ky|custody|ma\s+gd|ma\s+giao\s+dich|ma\s+tham\s+chieu|ref"
    r"|reference|txn|transaction|trace|so\s+tien|so\s+du|so\s+luong|khoi\s+luong|kl|sl|otp"
    r"|pin|card|hop\s+dong|hoa\s+don|invoice|date|time|id")
_BLOCK_ACCENTED = _words(r"giá|ngày|lúc|giờ|thẻ|mã|hđ|phí|còn|dư")  # ambiguous once folded
_VOIDING_PREFIX = re.compile(r"(?:so\s+du|so\s+tien|suc\s+mua|han\s+muc|phi|lai)\s*(?:cua\s+)?$")
_TRADING_FOLDED = _words(
    r"mua|ban\s+ra|lenh|khop|cp|co\s+phieu|kl|khoi\s+luong|so\s+luong|hose|hnx|upcom|ato|atc"
    r"|tran|san|gia|danh\s+muc|nav|chot\s+loi|cat\s+lo|margin|ky\s+quy|ma\s+ck")
_TRADING_ACCENTED = _words(r"bán")
_UNIT_AFTER = re.compile(
    r"\s*(?:%|(?:d|dong(?!\s+a\b)|vnd|k|tr|trieu|ty|ti|nghin|ngan(?!\s+hang)|usd|cp"
    r"|co\s+phieu|lan|luot|x)(?!\w))")
_BREAK = re.compile(r"\n|[;|!?]|\.\s")
_RUN = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")

ALLOW_BUILTIN: tuple[re.Pattern[str], ...] = (
    re.compile(r"1[89]00\d{4,6}"),  # service lines: 1900 54 54 13, 1800 1234
)
_DATE_TEXT = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{4}")
_BINS = _alt(BY_BIN)
DENY_BUILTIN: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("glued account word", re.compile(r"(?i)(?<!\w)(?:stk|tk|acc)[:#.]?(\d{8,19})(?![\d.,])")),
    ("VietQR BIN-account", re.compile(rf"(?<!\d)(?:{_BINS})-(\d{{6,19}})(?!\d)")),
)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    out = []
    for c in ch.lower():
        if c == "đ":
            out.append("d")
        else:
            out.extend(x for x in unicodedata.normalize("NFD", c) if not unicodedata.combining(x))
    return "".join(out)


def fold(text: str) -> str:
    """Lower case without diacritics ('Số Tài Khoản' -> 'so tai khoan', 'đ' -> 'd')."""
    return "".join(_fold_char(c) for c in text)


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    parts: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        parts.append(f)
        index.extend([i] * len(f))
    index.append(len(text))
    return "".join(parts), index


def _candidates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, digits) of digit runs and grouped runs with clean edges."""
    groups: list[list[tuple[int, int]]] = []
    for m in _RUN.finditer(text):
        s, e = m.span()
        if groups:
            ps, pe = groups[-1][-1]
            if s - pe == 1 and text[pe] in " -" and 2 <= pe - ps <= 6 and 2 <= e - s <= 6:
                groups[-1].append((s, e))
                continue
        groups.append([(s, e)])
    out = []
    for g in groups:
        s, e = g[0][0], g[-1][1]
        prev = text[s - 1] if s else " "
        nxt = text[e] if e < len(text) else " "
        after_nxt = text[e + 1] if e + 1 < len(text) else " "
        if prev.isalnum() or prev in "_.,/+#$€" or (prev == "-" and s > 1 and
                                                   text[s - 2].isdigit()):
            continue
        if nxt.isalnum() or nxt in "_%" or (nxt in ".,/-" and after_nxt.isdigit()):
            continue
        out.append((s, e, "".join(text[a:b] for a, b in g)))
    return out


def _cues(text: str) -> list[_Cue]:
    folded, index = _fold_with_map(text)
    cues: list[_Cue] = []
    for kind, rx in (("holder", _HOLDER), ("account", _ACCOUNT), ("bank", _BANK),
                     ("code", _CODE), ("bank", _BIN)):
        for m in rx.finditer(folded):
            if any(c.start <= index[m.start()] < c.end for c in cues):
                continue  # "tài khoản" inside "chủ tài khoản"
            left = folded[max(0, m.start() - 24):m.start()]
            if kind == "account" and _VOIDING_PREFIX.search(left):
                continue  # "số dư tài khoản": a balance follows, not an account
            if kind in ("bank", "code") and _label_before(left):
                continue  # "mã số thuế của Vietcombank là ...": the number is labelled
            key = re.sub(r"\s+", " ", m.group())
            bank = BY_BIN.get(key) or BY_NAME.get(key) or BY_CODE.get(key)
            start, end = index[m.start()], index[m.end()]
            cues.append(_Cue(kind, start, end, text[start:end], None if kind == "account"
                             else bank))
    return sorted(cues, key=lambda c: c.start)


def _label_before(left: str) -> bool:
    left = re.split(r"\n|[;|!?]|\.\s", left)[-1]
    return bool(_BLOCK_FOLDED.search(left))


def _gap_is_clean(text: str, a: int, b: int, transparent: list[tuple[int, int]]) -> bool:
    chars = list(text[a:b])
    for s, e in transparent:
        for i in range(max(s, a), min(e, b)):
            chars[i - a] = " "
    gap = "".join(chars)
    if _DIGIT.search(gap) or _BREAK.search(gap):
        return False
    return not (_BLOCK_FOLDED.search(fold(gap))
                or _BLOCK_ACCENTED.search(unicodedata.normalize("NFC", gap).lower()))


def _phone_shaped(d: str) -> bool:
    return ((len(d) == 10 and d[0] == "0" and d[1] in "35789")
            or (len(d) == 11 and d.startswith("02"))
            or (len(d) == 11 and d.startswith("84") and d[2] in "35789"))


def _trading(text: str, a: int, b: int) -> bool:
    window = text[max(0, a - TRADING_WINDOW):b + TRADING_WINDOW]
    return bool(_TRADING_FOLDED.search(fold(window))
                or _TRADING_ACCENTED.search(unicodedata.normalize("NFC", window).lower()))


def _judge(text: str, start: int, end: int, digits: str, cues: list[_Cue],
           prior: list[Finding]) -> Finding | None:
    n = len(digits)
    if n not in GENERIC or _UNIT_AFTER.match(fold(text[end:end + 16])):
        return None
    transparent = [(c.start, c.end) for c in cues] + [(f.start, f.end) for f in prior]
    near = [c for c in cues if c.end <= start and start - c.end <= BEFORE
            and _gap_is_clean(text, c.end, start, transparent)]
    near += [c for c in cues if c.kind != "account" and c.start >= end
             and c.start - end <= AFTER and _gap_is_clean(text, end, c.start, transparent)]
    accounts = [c for c in near if c.kind in ("account", "holder")]
    fit_bank = [c for c in near if c.kind == "bank" and c.bank and n in c.bank.lengths]
    fit_code = [c for c in near if c.kind == "code" and c.bank and n in c.bank.lengths]
    fitting = (fit_bank + fit_code)[:1]
    bank = fitting[0].bank.key if fitting and fitting[0].bank else None
    if accounts:
        used = accounts + fitting
        if bank:
            rule, score = f"account word + {bank} length {n}", 0.95
        else:
            rule, score = f"account word + generic length {n} (8-19)", 0.85
    elif fit_bank and not _phone_shaped(digits):
        used, score = fit_bank[:1], 0.8
        rule = f"bank name/BIN + {bank} length {n}"
    elif (fit_code and not _phone_shaped(digits)
          and not _trading(text, min(start, fit_code[0].start), max(end, fit_code[0].end))):
        used, score = fit_code[:1], 0.6
        rule = f"bank code + {bank} length {n}, no trading words"
    else:
        return None
    cue_texts = tuple(c.text for c in used)
    why = f"{rule}; cues: {', '.join(repr(t) for t in cue_texts)}"
    return Finding(start, end, text[start:end], score, rule, cue_texts, bank, why)


def _compile(items: Iterable[str | re.Pattern[str]]) -> list[re.Pattern[str]]:
    return [i if isinstance(i, re.Pattern) else re.compile(i) for i in items]


def find_bank_accounts(text: str, *, allow: Iterable[str | re.Pattern[str]] = (),
                       deny: Iterable[str | re.Pattern[str]] = ()) -> list[Finding]:
    """Bank-account numbers in ``text``, in order, without overlaps.

    ``allow``: values never reported (a str is compared with the digits and with the text;
    a pattern must match the whole digit string). ``deny``: regexes always reported (group 1
    when the pattern has one, else the whole match); deny wins over allow.
    """
    if len(_DIGIT.findall(text)) < 6:
        return []
    allow = list(allow)
    denied: list[Finding] = []
    named = [*DENY_BUILTIN, *(("deny list", p) for p in _compile(deny))]
    for name, rx in named:
        for m in rx.finditer(text):
            g = 1 if rx.groups else 0
            s, e = m.span(g)
            why = f"deny: {name}" + ("" if name != "deny list" else f" /{rx.pattern}/")
            denied.append(Finding(s, e, text[s:e], 1.0, f"deny: {name}", (), None, why))
    allowed = [a for a in allow if isinstance(a, str)]
    allow_rx = [*ALLOW_BUILTIN, *(a for a in allow if isinstance(a, re.Pattern))]
    cands = [c for c in _candidates(text) if len(c[2]) in GENERIC
             and c[2] not in allowed and text[c[0]:c[1]] not in allowed
             and not any(rx.fullmatch(c[2]) for rx in allow_rx)
             and not _DATE_TEXT.fullmatch(text[c[0]:c[1]])]
    found: list[Finding] = []
    if cands:
        cues = _cues(text)
        for s, e, digits in cands:
            hit = _judge(text, s, e, digits, cues, found)
            if hit is not None:
                found.append(hit)
    merged: list[Finding] = []
    for f in sorted(denied + found, key=lambda f: (f.start, -f.score, -(f.end - f.start))):
        if merged and f.start < merged[-1].end:
            continue
        merged.append(f)
    return merged


def redact(text: str, *, marker: str = MARKER, allow: Iterable[str | re.Pattern[str]] = (),
           deny: Iterable[str | re.Pattern[str]] = ()) -> str:
    """``text`` with each bank-account number replaced by ``marker``; nothing else changes."""
    findings = find_bank_accounts(text, allow=allow, deny=deny)
    for f in reversed(findings):
        text = text[:f.start] + marker + text[f.end:]
    return text
