"""The market bridge coalesces: a burst of pushes becomes one Qt signal carrying every
symbol that changed, never one signal per message; index and feed changes come along."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tradingtools_desktop.domain.market.quotes import (
    FeedState,
    IndexQuote,
    Quote,
    QuoteSource,
    Trade,
)
from tradingtools_desktop.services.market.quote_service import QuoteService
from tradingtools_desktop.ui.market_bridge import MarketBridge

VN = timezone(timedelta(hours=7))
AT = datetime(2026, 12, 3, 10, 0, tzinfo=VN)


def test_a_burst_becomes_one_signal_with_every_changed_symbol(qtbot) -> None:
    service = QuoteService()
    bridge = MarketBridge()
    bridge.attach(service)
    got: list[frozenset[str]] = []
    feeds = []
    bridge.quotes_changed.connect(got.append)
    bridge.feed_changed.connect(feeds.append)
    qtbot.waitUntil(lambda: bool(feeds))  # attach emits the current feed state once
    symbols = [f"S{i:03d}" for i in range(200)]
    for n in range(5_000):
        sym = symbols[n % len(symbols)]
        service.on_quote(Quote(sym, AT, QuoteSource.SSI_STREAM, last=10_000 + n))
    service.on_trade(Trade("ZZZ", 10_000, 100, AT, QuoteSource.SSI_STREAM))
    service.on_index(IndexQuote("VNINDEX", 1_250.5, AT, QuoteSource.SSI_STREAM))
    service.on_state("ssi-data", FeedState.LIVE, "SSI price stream live.")
    indices = []
    bridge.indices_changed.connect(indices.append)
    qtbot.waitUntil(lambda: bool(got) and bool(indices))
    assert len(got) == 1 and got[0] == frozenset(symbols) | {"ZZZ"}
    assert indices == [frozenset({"VNINDEX"})]
    assert feeds[-1].state is FeedState.LIVE
    service.on_quote(Quote("S001", AT, QuoteSource.SSI_STREAM, last=1))
    qtbot.waitUntil(lambda: len(got) == 2)
    assert got[1] == frozenset({"S001"})  # only what changed since the last signal
    bridge.detach()
    service.on_quote(Quote("S002", AT, QuoteSource.SSI_STREAM, last=1))
    qtbot.wait(250)
    assert len(got) == 2  # detached: nothing more
