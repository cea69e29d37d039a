"""The quote service merges partial quotes, keeps a bounded tape, and a failing listener
never stops the others."""

from datetime import datetime, timedelta, timezone

from tradingtools_desktop.domain.market.quotes import (
    BookLevel,
    FeedState,
    Quote,
    QuoteSource,
    SecurityStatusUpdate,
    Trade,
    TradingStatus,
)
from tradingtools_desktop.services.market.quote_service import QuoteEvent, QuoteService

VN = timezone(timedelta(hours=7))
T0 = datetime(2026, 12, 3, 9, 30, tzinfo=VN)


def test_partial_quotes_merge_into_one() -> None:
    service = QuoteService()
    service.on_quote(Quote("fpt", T0, QuoteSource.SSI_STREAM, reference=95_000,
                           bids=(BookLevel(94_900, 1_000),)))
    service.on_quote(Quote("FPT", T0 + timedelta(seconds=1), QuoteSource.SSI_STREAM,
                           last=95_100, last_volume=200))
    quote = service.quote("FPT")
    assert quote is not None
    assert (quote.reference, quote.last, quote.best_bid) == (95_000, 95_100,
                                                            BookLevel(94_900, 1_000))
    assert quote.at == T0 + timedelta(seconds=1)


def test_tape_is_bounded_newest_last() -> None:
    service = QuoteService(trades_kept=3)
    for i in range(5):
        service.on_trade(Trade("VCB", 60_000 + i * 100, 100, T0 + timedelta(seconds=i),
                               QuoteSource.SSI_STREAM))
    assert [t.price for t in service.trades("vcb")] == [60_200, 60_300, 60_400]
    assert [t.price for t in service.trades("VCB", last=1)] == [60_400]


def test_status_push_wins_over_quote_status() -> None:
    service = QuoteService()
    service.on_quote(Quote("MBB", T0, QuoteSource.SSI_STREAM, status=TradingStatus.NORMAL))
    assert service.status_of("MBB") is TradingStatus.NORMAL
    service.on_status(SecurityStatusUpdate("MBB", T0, QuoteSource.SSI_STREAM,
                                           status=TradingStatus.HALTED))
    assert service.status_of("MBB") is TradingStatus.HALTED
    assert service.status_of("XYZ") is None


def test_listeners_hear_changes_and_a_failing_one_is_isolated() -> None:
    service = QuoteService()
    heard: list[str] = []

    def broken(kind: str, payload: object) -> None:
        raise RuntimeError("consumer bug")

    service.listen(broken)
    stop = service.listen(lambda kind, payload: heard.append(kind))
    service.on_quote(Quote("FPT", T0, QuoteSource.VNSTOCK, last=95_000))
    service.on_state("vnstock", FeedState.POLLING, "polling vnstock")
    assert heard == [QuoteEvent.QUOTE, QuoteEvent.FEED]
    assert service.feed_status.state is FeedState.POLLING
    stop()
    service.on_quote(Quote("FPT", T0, QuoteSource.VNSTOCK, last=95_100))
    assert heard == [QuoteEvent.QUOTE, QuoteEvent.FEED]


def test_a_newer_session_replaces_and_an_older_one_is_dropped() -> None:
    from datetime import datetime, timedelta, timezone

    from tradingtools_desktop.domain.market.quotes import BookLevel, Quote, QuoteSource

    vn = timezone(timedelta(hours=7))
    service = QuoteService()
    old = Quote("FPT", datetime(2025, 11, 13, 15, tzinfo=vn), QuoteSource.BARS,
                reference=100_000, ceiling=107_000, floor=93_000, last=99_600,
                total_volume=5_000_000)
    service.on_quote(old)
    today = Quote("FPT", datetime(2026, 12, 3, 9, 20, tzinfo=vn), QuoteSource.SSI_STREAM,
                  last=101_000, bids=(BookLevel(100_900, 500),))
    service.on_quote(today)
    got = service.quote("FPT")
    assert got == today  # nothing of the 2025 session shows through
    assert got.ceiling is None and got.total_volume is None
    service.on_quote(old)  # an older session's quote never overwrites today's
    assert service.quote("FPT") == today


def test_the_tape_is_kept_as_untracked_values_and_read_back_as_trades() -> None:
    import gc
    from datetime import UTC, datetime

    from tradingtools_desktop.domain.market.quotes import QuoteSource, Trade

    at = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
    service = QuoteService(trades_kept=3)
    for n in range(5):
        service.on_trade(Trade("fpt", 100_000 + n, 100, at, QuoteSource.SSI_STREAM, n, "LO"))
    gc.collect()
    # nothing on the tape for the cyclic GC to scan at every full collection
    assert not any(gc.is_tracked(p) for p in service._trades["FPT"])
    assert service.trades("FPT") == [Trade("FPT", 100_000 + n, 100, at, QuoteSource.SSI_STREAM,
                                           n, "LO") for n in (2, 3, 4)]
    assert [t.price for t in service.trades("FPT", last=1)] == [100_004]
    assert service.trades("FPT", last=0) == [] and service.trades("VCB") == []
