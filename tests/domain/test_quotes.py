"""The quote model: partial updates merge, change in basis points, statuses parse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tradingtools_desktop.domain.market.quotes import (
    BookLevel,
    Quote,
    QuoteSource,
    TradingStatus,
)

T0 = datetime(2026, 12, 2, 2, 30, tzinfo=UTC)


def test_merge_lays_carried_fields_over_and_keeps_the_rest() -> None:
    base = Quote("FPT", T0, QuoteSource.SSI_STREAM, reference=95_000, ceiling=101_600,
                 floor=88_400, last=95_300, bids=(BookLevel(95_200, 1_000),))
    trade_only = Quote("FPT", T0 + timedelta(seconds=2), QuoteSource.SSI_STREAM,
                       last=95_400, last_volume=500)
    merged = base.merge(trade_only)
    assert merged.last == 95_400 and merged.last_volume == 500
    assert merged.reference == 95_000 and merged.bids == (BookLevel(95_200, 1_000),)
    assert merged.at == T0 + timedelta(seconds=2)


def test_merge_never_moves_time_backwards_and_refuses_another_symbol() -> None:
    base = Quote("FPT", T0, QuoteSource.SSI_STREAM, last=95_300)
    older = Quote("FPT", T0 - timedelta(seconds=5), QuoteSource.SSI_REST, last=95_100)
    assert base.merge(older).at == T0
    with pytest.raises(ValueError):
        base.merge(Quote("VCB", T0, QuoteSource.SSI_STREAM))


def test_change_in_basis_points_rounds_half_away_from_zero() -> None:
    q = Quote("FPT", T0, QuoteSource.BARS, reference=95_000, last=95_300)
    assert q.change == 300 and q.change_bps == 32  # 31.58 bps
    down = Quote("FPT", T0, QuoteSource.BARS, reference=95_000, last=94_700)
    assert down.change == -300 and down.change_bps == -32
    assert Quote("FPT", T0, QuoteSource.BARS).change_bps is None


def test_trading_status_parses_codes_and_refuses_to_guess() -> None:
    assert TradingStatus.parse("H") is TradingStatus.HALTED
    assert TradingStatus.parse(" nt ") is TradingStatus.NORMAL
    assert TradingStatus.parse("??") is None and TradingStatus.parse(None) is None
    assert TradingStatus.HALTED.blocks_orders and not TradingStatus.NORMAL.blocks_orders
