from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradingtools_desktop.domain.redaction import MARKER, find_bank_accounts, fold, redact
from tradingtools_desktop.domain.redaction_hook import scrub

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "redaction_corpus.jsonl"
M = MARKER


@pytest.mark.parametrize(("text", "expected"), [
    ("STK: 0071000123456 - Vietcombank", f"STK: {M} - Vietcombank"),
    ("so tai khoan 12010000876543 BIDV", f"so tai khoan {M} BIDV"),
    ("Số tài khoản của anh A tại VietinBank là 101234567890",
     f"Số tài khoản của anh A tại VietinBank là {M}"),
    ("Chuyển khoản vào số TK 0071 0001 23456 (VCB) nhé", f"Chuyển khoản vào số TK {M} (VCB) nhé"),
    ("STK: 1903-6789-0123-45 Techcombank", f"STK: {M} Techcombank"),
    ("A/C: 19034567890123 (Techcombank)", f"A/C: {M} (Techcombank)"),
    ("Beneficiary account: 19034455667788, HCMC", f"Beneficiary account: {M}, HCMC"),
    ("Techcombank 19031234567890", f"Techcombank {M}"),
    ("970436 0071000567890", f"970436 {M}"),
    ("VCB 0071000456789 Nguyễn Văn Hùng", f"VCB {M} Nguyễn Văn Hùng"),
    ("0071000123459 là stk của mình ở vcb", f"{M} là stk của mình ở vcb"),
    ("STK MB Bank: 0333123456 (số đẹp)", f"STK MB Bank: {M} (số đẹp)"),
    ("STK0071000678901 VCB", f"STK{M} VCB"),
    ("https://img.vietqr.io/image/970436-0071000123456-compact2.png",
     f"https://img.vietqr.io/image/970436-{M}-compact2.png"),
    ("STK: 0071000123457, 0071000123458 (Vietcombank)", f"STK: {M}, {M} (Vietcombank)"),
    ("Số tài khoản: 0071000667788\nNgân hàng: Vietcombank",
     f"Số tài khoản: {M}\nNgân hàng: Vietcombank"),
])
def test_redact_when_account_has_a_cue_then_only_the_number_is_replaced(
        text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "FPT: giá 95,300, KL 1,234,500 cp",
    "VCB khớp lệnh 95.3, khối lượng 2.345.600",
    "Tổng giá trị 1.234.567 đ, giá trị khớp 1234567890 VND",
    "Khớp 1234567890 VPB",
    "Mua 12000000 VCB",
    "Vốn hóa TCB đạt 234567890000000 đồng",
    "Ngày 24/11/2026, thanh toán 2026-11-26, kỳ 20261124",
    '{"account": "0901358", "requestID": "52513603", "price": 21000}',
    "requestID: 30304045 account: 0901351 code: 123456789",
    "SSI: mã lệnh 16201867, TK 0901358, orderID=T20230504w3806163422",
    "Tài khoản chứng khoán: 003C123456; tiểu khoản 0901358",
    "Số tài khoản chứng khoán của bạn là 0001234567",
    "SĐT: 0912345678, Zalo 0987654321, +84 912 345 678, 024 3934 3137",
    "Liên hệ anh Minh MB 0912345678",
    "Vietcombank hotline 1900 54 54 13",
    "CCCD: 001099012345, cấp ngày 12/05/2021",
    "Chủ tài khoản Nguyễn Văn A, CCCD 001099012345",
    "MST: 0101234567-001",
    "Mã số thuế của Vietcombank là 0100112437",
    "Số dư TK 125000000 VND",
    "Sức mua tài khoản 2500000000",
    "Đã chuyển khoản 15000000 cho anh Bình",
    "Mã giao dịch FT26328123456789",
    "Lệnh 2026112400000123 bị từ chối",
    "1234567890123",
])
def test_redact_when_number_is_not_a_bank_account_then_text_is_unchanged(text: str) -> None:
    assert redact(text) == text


def test_find_when_account_found_then_finding_explains_span_cues_and_rule() -> None:
    text = "STK: 0071000123456 Vietcombank"
    [f] = find_bank_accounts(text)
    assert (f.start, f.end, f.text) == (5, 18, "0071000123456")
    assert text[f.start:f.end] == f.text
    assert f.cues == ("STK", "Vietcombank")
    assert f.bank == "VCB"
    assert "VCB length 13" in f.rule
    assert f.entity == "VN_BANK_ACCOUNT"
    assert "'STK'" in f.explanation


def test_find_when_only_a_ticker_like_code_in_a_trading_sentence_then_nothing() -> None:
    assert find_bank_accounts("VCB 0071000456789") != []
    assert find_bank_accounts("Mua VCB giá 95.3, VCB 0071000456789") == []


def test_find_when_bank_only_cue_then_length_rule_applies() -> None:
    assert find_bank_accounts("BIDV 12010000123456") != []  # 14 digits
    assert find_bank_accounts("BIDV 1201000012") == []  # 10: not a BIDV length
    assert find_bank_accounts("STK BIDV 1201000012") != []  # an account word is enough


def test_find_when_phone_shaped_then_needs_an_account_word() -> None:
    assert find_bank_accounts("MB 0912345678") == []
    assert find_bank_accounts("STK MB 0912345678") != []


def test_allow_list_keeps_a_known_value_and_deny_list_forces_one() -> None:
    text = "STK 0071000123456, mã nội bộ 88001234"
    assert redact(text, allow=["0071000123456"]) == text
    assert redact(text, allow=[re.compile(r"0071\d+")]) == text
    assert redact(text, deny=[r"nội bộ (\d+)"]) == f"STK {M}, mã nội bộ {M}"
    [f] = find_bank_accounts("ref 88001234", deny=[r"ref (\d+)"])
    assert f.rule == "deny: deny list" and f.text == "88001234"


def test_redact_when_text_is_decomposed_unicode_then_cues_match_and_bytes_survive() -> None:
    text = unicodedata.normalize("NFD", "Số tài khoản 0071000123456 Vietcombank, giá 95,3")
    out = redact(text)
    assert out == text.replace("0071000123456", M)


def test_redact_is_idempotent_and_custom_marker_is_used() -> None:
    text = "STK 0071000123456 VCB"
    assert redact(redact(text)) == redact(text)
    assert redact(text, marker="***") == "STK *** VCB"


def test_fold_removes_diacritics_and_case() -> None:
    assert fold("SỐ TÀI KHOẢN Đông Á") == "so tai khoan dong a"


def test_scrub_hook_applies_bank_account_redaction() -> None:
    assert scrub("STK 0071000123456 VCB") == f"STK {M} VCB"


@given(st.text(alphabet="0123456789 .,/:%+()đ", max_size=60))
def test_redact_when_text_has_no_words_then_it_is_unchanged(text: str) -> None:
    assert redact(text) == text


@given(st.integers(min_value=10**7, max_value=10**19 - 1))
def test_redact_when_number_has_no_cue_then_it_is_unchanged(n: int) -> None:
    text = f"Giá trị {n} hôm nay, KL {n:,}"
    assert redact(text) == text


def test_corpus_recall_and_benign_false_positive_rate() -> None:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    accounts = [r for r in rows if r["accounts"]]
    benign = [r for r in rows if not r["accounts"]]
    assert len(rows) >= 120 and len(accounts) >= 50 and len(benign) >= 70
    found = sum(all(M in redact(r["text"]) and a not in redact(r["text"]) for a in r["accounts"])
                for r in accounts)
    assert found / len(accounts) >= 0.9
    assert [r["text"] for r in benign if redact(r["text"]) != r["text"]] == []
