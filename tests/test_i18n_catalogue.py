"""The catalogues: every pre-trade sentence exists in Vietnamese with the same placeholders,
and a check formats in the language chosen."""

from __future__ import annotations

import string

from tradingtools_desktop.domain.risk_rules import RiskCheck, RiskCode
from tradingtools_desktop.i18n import set_language
from tradingtools_desktop.i18n.risk_text import SENTENCES, WHY, check_text
from tradingtools_desktop.i18n.vi import VI


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_risk_sentence_has_vietnamese_with_the_same_numbers() -> None:
    for text in [*SENTENCES.values(), *WHY.values()]:
        assert text in VI, text
        assert _fields(VI[text]) == _fields(text), text


def test_a_check_reads_in_the_chosen_language_with_prices_in_thousands() -> None:
    check = RiskCheck(RiskCode.PRICE_BAND, False, "above_ceiling",
                      {"price": 102_000, "floor": 88_400, "ceiling": 101_600,
                       "reference": 95_000, "pct": 7})
    try:
        set_language("en")
        assert check_text(check) == ("Price 102.00 is above the ceiling: today's band is "
                                     "88.40-101.60 (reference 95.00, ±7 %).")
        set_language("vi")
        assert check_text(check) == ("Giá 102.00 cao hơn giá trần: biên độ hôm nay "
                                     "88.40-101.60 (tham chiếu 95.00, ±7 %).")
    finally:
        set_language(None)


def test_an_unknown_case_shows_its_code_and_numbers_never_blank() -> None:
    text = check_text(RiskCheck(RiskCode.COOLDOWN, False, "new_case", {"n": 3}))
    assert text == "COOLDOWN: new_case n=3"
