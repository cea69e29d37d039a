from __future__ import annotations

from tradingtools_desktop.agents.sentiment_lexicon import fold, score_sentence


def test_positive_negative_neutral_and_multi_syllable_cues() -> None:
    assert score_sentence("Lợi nhuận quý 3 tăng trưởng mạnh, vượt kế hoạch năm").label == \
        "positive"
    assert score_sentence("Cổ phiếu bị bán tháo, thua lỗ nặng").label == "negative"
    assert score_sentence("Đại hội cổ đông được tổ chức tại Hà Nội").label == "neutral"


def test_negation_and_reduced_losses_flip_the_cue() -> None:
    assert score_sentence("Doanh nghiệp không có lãi").label == "negative"
    assert score_sentence("Ngân hàng giảm nợ xấu đáng kể").label == "positive"


def test_matching_ignores_diacritics_and_case() -> None:
    assert fold("ĐỒNG LOẠT TĂNG") == "dong loat tang"
    assert score_sentence("co phieu TANG TRUONG manh").label == "positive"
