"""Issue 11: the screener scores on daily bars but counts its suggested sizes at the one
quote service's current price, says so in the run's metadata and keeps the quotes used with
the run, so a replay is identical even after the market moved."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from tradingtools_desktop.cli import main
from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.market.quotes import Quote, QuoteSource
from tradingtools_desktop.i18n.market_notes import price_basis_note
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices

VN = timezone(timedelta(hours=7))
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=VN)  # a Wednesday, in the morning session


def _live(symbol: str, last: int, at: datetime = NOW) -> Quote:
    return Quote(symbol, at, QuoteSource.SSI_STREAM, exchange=Exchange.HOSE,
                 reference=99_600, last=last)


def _risk(result, symbol: str) -> dict:
    verdict = next(v for v in result.verdicts if v["symbol"] == symbol)
    return verdict["agents"]["risk"]["evidence"]


def test_sizes_count_at_the_quote_services_price_and_a_replay_keeps_them(tt_home) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("sp1", tt_home), clock=ManualClock(NOW))
        svc.quotes.on_quote(_live("FPT", 101_000))
        result = await svc.screener.run("FPT,VCB")
        prices = result.meta["prices"]
        assert prices["basis"] == "quote" and prices["sources"] == ["bars", "ssi-stream"]
        assert prices["quotes"]["FPT"] == {"price_vnd": 101_000, "kind": "last",
                                           "source": "ssi-stream", "at": NOW.isoformat()}
        # VCB had no quote: the quote service was filled from its newest bar, labelled so
        assert prices["quotes"]["VCB"]["source"] == "bars"
        assert prices["quotes"]["VCB"]["at"] == "2025-11-13T15:00:00+07:00"
        assert svc.quotes.quote("VCB").source is QuoteSource.BARS
        fpt = _risk(result, "FPT")
        assert fpt["price_vnd"] == 101_000 and fpt["bar_close_vnd"] == 99_600
        assert fpt["suggested_value_vnd"] == fpt["suggested_qty"] * 101_000
        assert "at 101.00 (the quote service's price)" in \
            next(v for v in result.verdicts if v["symbol"] == "FPT")["agents"]["risk"][
                "rationale"]
        # the scores stay on daily bars: the same as a run counted at the close
        assert result.meta["as_of"] == {"FPT": "2025-11-13", "VCB": "2025-11-13"}
        stored = await svc.screener.result(result.run_id)
        assert stored.meta["prices"] == prices
        # the market moves on; the replay counts at the stored quotes, identically
        svc.quotes.on_quote(_live("FPT", 105_000, NOW + timedelta(minutes=5)))
        replay = await svc.screener.replay(result.run_id)
        assert replay["identical"], replay
        again = await svc.screener.result(replay["replay_id"])
        assert again.meta["prices"]["quotes"] == prices["quotes"]
        # a fresh run does see the new price
        fresh = await svc.screener.run("FPT")
        assert _risk(fresh, "FPT")["price_vnd"] == 105_000
        await svc.stop()

    asyncio.run(go())


def test_before_the_first_match_the_reference_is_used_and_said(tt_home) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("sp2", tt_home), clock=ManualClock(NOW))
        svc.quotes.on_quote(Quote("FPT", NOW, QuoteSource.SSI_STREAM, exchange=Exchange.HOSE,
                                  reference=100_200, last=None))
        result = await svc.screener.run("FPT")
        assert result.meta["prices"]["quotes"]["FPT"]["kind"] == "reference"
        assert _risk(result, "FPT")["price_vnd"] == 100_200
        await svc.stop()

    asyncio.run(go())


def test_a_run_at_a_past_instant_counts_at_the_as_of_close(tt_home) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("sp3", tt_home), clock=ManualClock(NOW))
        svc.quotes.on_quote(_live("FPT", 101_000))
        result = await svc.screener.run("FPT", at=datetime(2025, 11, 13, 15, tzinfo=VN))
        assert result.meta["prices"] == {"basis": "as_of_close", "sources": [], "quotes": {}}
        fpt = _risk(result, "FPT")
        assert fpt["price_vnd"] == 99_600 and "price_from" not in fpt
        assert price_basis_note(result.meta["prices"]).startswith("A run at a past instant")
        await svc.stop()

    asyncio.run(go())


def test_the_cli_shows_last_with_its_age_and_the_basis(tt_home, capsys, monkeypatch) -> None:
    monkeypatch.setenv("TRADINGTOOLS_FROZEN_TIME", NOW.isoformat())
    assert main(["screen", "run", "--universe", "FPT,VCB"]) == 0
    out = capsys.readouterr().out
    assert ("Scores on daily bars; the suggested sizes and the Last column use the quote "
            "service's current price (newest daily bars), kept with the run.") in out
    assert "last" in out.splitlines()[3].split()
    assert "99.60 (prices from 13/11/2025, 1 year old)" in out
    monkeypatch.setenv("TRADINGTOOLS_LANG", "vi")
    assert main(["screen", "run", "--universe", "FPT"]) == 0
    vi = capsys.readouterr().out
    assert "99.60 (giá ngày 13/11/2025, 1 năm trước)" in vi
    assert "Điểm tính trên nến ngày" in vi
