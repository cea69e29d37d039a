"""The FastConnect Data REST client against the simulator over real HTTP: paging to the end,
token reuse / expiry / re-auth, retries, the circuit breaker, typed errors without secrets,
integer VND from strings and floats, and the last good answer."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from simulators.ssi_fastconnect.faults import FaultKind
from simulators.ssi_fastconnect_data import DEMO_CONSUMER_SECRET
from ssi_data_helpers import FakeClock, Sleeps

from tradingtools_desktop.market.ssi_data import (
    DataAuthError,
    DataCircuitOpen,
    DataRejected,
    DataTimeout,
    DataUnavailable,
)
from tradingtools_desktop.transport.jwt import jwt_expiry

LAST_DAY = date(2025, 11, 13)  # the bundled dataset's last day


def run(coro):  # pytest-asyncio is not installed: one loop per test body
    return asyncio.run(coro)


def test_securities_follow_the_pages_to_total_record(sim, make_client) -> None:
    async def go():
        async with make_client(page_size=10) as client:
            return await client.securities()

    rows = run(go())
    assert len(rows) == len(sim.market.instruments) == 92
    assert len({r.symbol for r in rows}) == 92
    assert sim.state.calls["securities"] == 10  # 9 full pages of 10, then 2 rows
    fpt = next(r for r in rows if r.symbol == "FPT")
    assert fpt.exchange is not None and fpt.exchange.value == "HOSE" and fpt.name


def test_details_and_index_members_page_through_nested_lists(sim, make_client) -> None:
    async def go():
        async with make_client(page_size=10) as client:
            return (await client.securities_details(market="HOSE"),
                    await client.index_components("VN30"), await client.index_list("HNX"))

    details, vn30, hnx = run(go())
    hose = [i for i in sim.market.instruments.values() if i.exchange == "HOSE"]
    assert len(details) == len(hose) and all(d.lot_size == 100 for d in details)
    assert len(vn30.symbols) == 30 and "FPT" in vn30.symbols
    assert {i.code for i in hnx} == {"HNX30", "HNXIndex", "HNXUpcomIndex"}


def test_daily_stock_price_answers_a_whole_market_day_in_integer_vnd(sim, make_client) -> None:
    async def go():
        async with make_client(page_size=20) as client:
            return await client.daily_stock_price(LAST_DAY, LAST_DAY)

    rows = run(go())
    assert len(rows) == 92 and {r.day for r in rows} == {LAST_DAY}
    fpt = next(r for r in rows if r.symbol == "FPT")
    bar = sim.market.bars["FPT"][-1]
    assert (fpt.open, fpt.high, fpt.low, fpt.close) == (bar.open, bar.high, bar.low, bar.close)
    assert isinstance(fpt.close, int) and fpt.reference == sim.market.bars["FPT"][-2].close
    assert fpt.floor < fpt.reference < fpt.ceiling
    assert fpt.to_bar() is not None and fpt.to_bar().close == fpt.close


@pytest.mark.parametrize("numbers", ["string", "number", "float"])
def test_prices_sent_as_strings_numbers_or_floats_are_the_same_integers(
        sim, make_client, numbers) -> None:
    sim.rest_numbers = numbers

    async def go():
        async with make_client() as client:
            return await client.daily_ohlc("VCB", LAST_DAY - timedelta(days=10), LAST_DAY)

    bars = run(go())
    expected = [b for b in sim.market.bars["VCB"] if b.day >= LAST_DAY - timedelta(days=10)]
    assert [(b.open, b.close, b.volume) for b in bars] == \
        [(int(e.open), int(e.close), e.volume) for e in expected]
    assert all(type(b.close) is int for b in bars)


def test_a_long_range_is_split_into_30_day_windows(sim, make_client) -> None:
    # the simulator refuses more than 30 days per DailyOhlc call (spec 4.6)
    async def go():
        async with make_client() as client:
            return await client.daily_ohlc("FPT", date(2025, 6, 1), LAST_DAY)

    bars = run(go())
    expected = [b for b in sim.market.bars["FPT"] if b.day >= date(2025, 6, 1)]
    assert len(bars) == len(expected) and bars[0].start < bars[-1].start
    assert sim.state.calls["dailyohlc"] >= 6


def test_the_token_is_reused_until_it_is_near_expiry(sim, make_client) -> None:
    clock = FakeClock()

    async def go():
        async with make_client(clock=clock) as client:
            await client.index_list()
            await client.index_list()
            first = client.token_expires_at
            clock.now = first - 10  # inside the refresh margin
            await client.index_list()
            return client.logins, first, client.token_expires_at

    logins, first, later = run(go())
    assert logins == 2 and first is not None and later is not None
    assert sim.state.calls["accesstoken"] == 2 and sim.state.calls["indexlist"] == 3


@pytest.mark.parametrize("http_401", [False, True])
def test_a_token_the_server_expired_is_renewed_and_the_read_sent_again(
        sim, make_client, http_401) -> None:
    sim.http_401 = http_401  # the v2 host answers HTTP 200 + status 401; both forms work
    server_clock = FakeClock()
    sim.state.clock = server_clock

    async def go():
        async with make_client() as client:
            await client.index_list()
            server_clock.now += sim.state.token_ttl + 1  # expired at the server only
            rows = await client.index_list()
            return client.logins, rows

    logins, rows = run(go())
    assert logins == 2 and len(rows) == 6


def test_a_wrong_key_is_a_typed_error_that_never_shows_the_secret(make_client) -> None:
    wrong = "wrong-secret-" + DEMO_CONSUMER_SECRET[:8]

    async def go():
        async with make_client(secret=wrong) as client:
            await client.index_list()

    with pytest.raises(DataAuthError) as info:
        run(go())
    assert wrong not in str(info.value) and "refused" in str(info.value)


def test_reads_are_retried_with_backoff_then_succeed(sim, make_client) -> None:
    sim.faults.inject(FaultKind.HTTP_5XX, "Securities", times=2)
    sim.faults.inject(FaultKind.MALFORMED_JSON, "IndexList", times=1)
    sleeps = Sleeps()

    async def go():
        async with make_client(sleep=sleeps, read_attempts=3) as client:
            return await client.securities(), await client.index_list()

    rows, indices = run(go())
    assert len(rows) == 92 and len(indices) == 6
    backoffs = [d for d in sleeps.delays if d > 0]
    assert len(backoffs) <= 3 and all(d <= 8.0 for d in backoffs)


def test_retries_are_bounded_and_a_timeout_is_typed(sim, make_client) -> None:
    sim.faults.inject(FaultKind.HTTP_5XX, "IndexList", times=None)
    sim.faults.inject(FaultKind.TIMEOUT, "Securities", times=None, delay=2.0)

    async def go():
        async with make_client(read_attempts=2, timeout=0.3) as client:
            with pytest.raises(DataUnavailable):
                await client.index_list()
            with pytest.raises(DataTimeout):
                await client.securities()

    run(go())
    assert sim.state.calls["indexlist"] == 2


def test_the_circuit_opens_and_then_nothing_is_sent(sim, make_client) -> None:
    sim.faults.inject(FaultKind.HTTP_5XX, "IndexList", times=None)

    async def go():
        async with make_client(read_attempts=1, breaker_threshold=2) as client:
            for _ in range(2):
                with pytest.raises(DataUnavailable):
                    await client.index_list()
            sent = sim.state.calls["indexlist"]
            with pytest.raises(DataCircuitOpen):
                await client.index_list()
            return sent

    assert run(go()) == sim.state.calls["indexlist"] == 2


def test_a_refused_parameter_is_a_rejection_not_a_retry(sim, make_client) -> None:
    async def go():
        async with make_client() as client:
            await client.intraday_ohlc("", LAST_DAY, LAST_DAY)

    with pytest.raises(DataRejected):
        run(go())
    assert sim.state.calls["intradayohlc"] == 1


def test_the_last_good_answer_is_kept_and_labelled(sim, make_client) -> None:
    async def go():
        async with make_client(read_attempts=1) as client:
            fresh = await client.with_fallback(client.securities, market="HNX")
            sim.faults.inject(FaultKind.HTTP_5XX, "Securities", times=None)
            stale = await client.with_fallback(client.securities, market="HNX")
            with pytest.raises(DataUnavailable):  # never asked before: nothing to fall back on
                await client.with_fallback(client.securities, market="UPCOM")
            return fresh, stale

    fresh, stale = run(go())
    assert fresh.fresh and not stale.fresh and stale.value == fresh.value
    assert stale.fetched_at == fresh.fetched_at and "HTTP 503" in (stale.problem or "")


def test_the_issued_token_is_a_jwt_with_an_expiry(sim, make_client) -> None:
    async def go():
        async with make_client() as client:
            return await client.access_token()

    token = run(go())
    assert jwt_expiry(token) is not None
