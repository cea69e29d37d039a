"""Each injected fault, what the client makes of it, and the circuit breaker over HTTP.

The write contract under test: a NewOrder is sent once; when its outcome is unknown the
caller asks find_order_by_request_id and re-sends the SAME requestID only if the broker
has no such order. The broker refuses a second use of a requestID, so nothing doubles.
"""

from __future__ import annotations

import asyncio

import pytest
from simulators.ssi_fastconnect import FaultInjector, FaultKind, SsiSimulator
from ssi_helpers import ClientFactory, FakeClock, Sleeps, demo_buy, run

from tradingtools_desktop.brokers.ssi import (
    BrokerUnavailable,
    CircuitBreaker,
    CircuitOpen,
    CircuitState,
    DuplicateRequestId,
    FastConnectClient,
    MalformedResponse,
    OrderOutcomeUnknown,
    RateLimited,
    RequestTimeout,
)
from tradingtools_desktop.domain.orders import OrderStatus

FAST = {"timeout": 0.3}


def _orders_for(sim: SsiSimulator, rid: str) -> int:
    return sum(1 for o in sim.state.orders if int(o.unique_id) == int(rid))


async def _place_resolving(client: FastConnectClient, rid: str) -> str:
    """What the OMS will do: send once; on an unknown outcome look first, re-send only if
    the broker has nothing; a duplicate answer means it has the order."""
    for _ in range(10):
        try:
            await client.new_order(demo_buy(rid))
            return "accepted"
        except (OrderOutcomeUnknown, DuplicateRequestId):
            found = await client.find_order_by_request_id(rid, client.vn_today())
            if found is not None:
                return "found"
        except RateLimited:
            pass
    raise AssertionError(f"requestID {rid} unresolved")


# ---- timeouts ----------------------------------------------------------------------------

def test_timeout_when_read_exceeds_client_timeout_then_request_timeout(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.faults.inject(FaultKind.TIMEOUT, "cashAcctBal", delay=1.5)

    async def body() -> None:
        async with make_client(read_attempts=1, **FAST) as client:
            with pytest.raises(RequestTimeout):
                await client.cash_account_balance()
    run(body())


def test_timeout_when_read_retried_then_second_attempt_succeeds(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.faults.inject(FaultKind.TIMEOUT, "cashAcctBal", delay=1.5)
    sleeps = Sleeps()

    async def body() -> None:
        async with make_client(read_attempts=2, sleep=sleeps, **FAST) as client:
            assert (await client.cash_account_balance()).cash_bal == 1_000_000_000
    run(body())
    assert len(sleeps.delays) == 1 and sim.calls["cashacctbal"] == 2


def test_timeout_when_new_order_accepted_but_answer_late_then_unknown_and_found(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.faults.inject(FaultKind.TIMEOUT, "NewOrder", delay=1.5)

    async def body() -> None:
        async with make_client(**FAST) as client:
            with pytest.raises(OrderOutcomeUnknown) as info:
                await client.new_order(demo_buy("40000001"))
            assert isinstance(info.value.cause, RequestTimeout)
            assert info.value.request_id == "40000001"
            found = await client.find_order_by_request_id("40000001", client.vn_today())
            assert found is not None and found.status is OrderStatus.SUBMITTED
    run(body())
    assert sim.calls["neworder"] == 1 and _orders_for(sim, "40000001") == 1


def test_timeout_when_request_lost_before_processing_then_not_found_and_resend_once(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.faults.inject(FaultKind.TIMEOUT, "NewOrder", delay=1.0, after_processing=False)

    async def body() -> None:
        async with make_client(**FAST) as client:
            with pytest.raises(OrderOutcomeUnknown):
                await client.new_order(demo_buy("40000002"))
            assert await client.find_order_by_request_id("40000002", client.vn_today()) is None
            await client.new_order(demo_buy("40000002"))  # same requestID
    run(body())
    assert _orders_for(sim, "40000002") == 1


# ---- 5xx and 429 -------------------------------------------------------------------------

def test_5xx_when_read_then_retried_with_backoff_until_success(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.faults.inject(FaultKind.HTTP_5XX, "stockPosition", times=2, status=502)
    sleeps = Sleeps()

    async def body() -> None:
        async with make_client(read_attempts=3, sleep=sleeps) as client:
            await client.stock_position()
    run(body())
    assert sim.calls["stockposition"] == 3 and len(sleeps.delays) == 2


def test_5xx_when_read_keeps_failing_then_broker_unavailable_after_bounded_attempts(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.faults.inject(FaultKind.HTTP_5XX, "stockPosition", times=None)
    sleeps = Sleeps()

    async def body() -> None:
        async with make_client(read_attempts=4, sleep=sleeps, backoff_base=0.1,
                               backoff_max=0.3) as client:
            with pytest.raises(BrokerUnavailable, match="HTTP 503"):
                await client.stock_position()
    run(body())
    assert sim.calls["stockposition"] == 4
    assert len(sleeps.delays) == 3 and all(0.0 < d <= 0.3 for d in sleeps.delays)


def test_5xx_when_new_order_then_outcome_unknown_never_resent(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.faults.inject(FaultKind.HTTP_5XX, "NewOrder", status=500)

    async def body() -> None:
        async with make_client() as client:
            with pytest.raises(OrderOutcomeUnknown) as info:
                await client.new_order(demo_buy("40000003"))
            assert isinstance(info.value.cause, BrokerUnavailable)
            assert await client.find_order_by_request_id("40000003", client.vn_today()) is None
    run(body())
    assert sim.calls["neworder"] == 1 and not sim.state.orders


def test_429_when_read_then_retry_waits_at_least_retry_after(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.faults.inject(FaultKind.HTTP_429, "maxSellQty", retry_after=1)
    sleeps = Sleeps()

    async def body() -> None:
        async with make_client(sleep=sleeps, backoff_max=2.0) as client:
            assert (await client.max_sell_qty("SSI")).max_sell_qty == 1000
    run(body())
    assert sleeps.delays and sleeps.delays[0] >= 1.0


def test_429_when_new_order_then_rate_limited_and_nothing_placed(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.faults.inject(FaultKind.HTTP_429, "NewOrder")

    async def body() -> None:
        async with make_client() as client:
            with pytest.raises(RateLimited) as info:
                await client.new_order(demo_buy("40000004"))
            assert not isinstance(info.value, OrderOutcomeUnknown)
            assert info.value.retry_after == 1.0
            await client.new_order(demo_buy("40000004"))  # not processed: same ID is fine
    run(body())
    assert _orders_for(sim, "40000004") == 1


# ---- malformed, dropped, duplicated --------------------------------------------------------

def test_malformed_when_read_then_malformed_response_with_status_and_no_body(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.faults.inject(FaultKind.MALFORMED_JSON, "cashAcctBal")

    async def body() -> None:
        async with make_client() as client:
            with pytest.raises(MalformedResponse) as info:
                await client.cash_account_balance()
            assert info.value.status_code == 200
            assert "cashBal" not in str(info.value) and "Success" not in str(info.value)
    run(body())
    assert sim.calls["cashacctbal"] == 1


def test_malformed_when_new_order_then_outcome_unknown_and_order_exists(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.faults.inject(FaultKind.MALFORMED_JSON, "NewOrder")

    async def body() -> None:
        async with make_client() as client:
            with pytest.raises(OrderOutcomeUnknown) as info:
                await client.new_order(demo_buy("40000005"))
            assert isinstance(info.value.cause, MalformedResponse)
            assert await client.find_order_by_request_id("40000005", client.vn_today())
    run(body())
    assert _orders_for(sim, "40000005") == 1


def test_drop_when_connection_cut_after_accept_then_unknown_found_and_resend_refused(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.faults.inject(FaultKind.DROP_AFTER_ACCEPT, "NewOrder")

    async def body() -> None:
        async with make_client() as client:
            with pytest.raises(OrderOutcomeUnknown) as info:
                await client.new_order(demo_buy("40000006"))
            assert isinstance(info.value.cause, BrokerUnavailable)
            found = await client.find_order_by_request_id("40000006", client.vn_today())
            assert found is not None and found.matches_request_id("40000006")
            with pytest.raises(DuplicateRequestId):  # a blind re-send would be refused
                await client.new_order(demo_buy("40000006"))
    run(body())
    assert sim.calls["neworder"] == 2 and _orders_for(sim, "40000006") == 1


def test_duplicate_when_request_delivered_twice_then_duplicate_answer_and_one_order(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.faults.inject(FaultKind.DUPLICATE_DELIVERY, "NewOrder")

    async def body() -> None:
        async with make_client() as client:
            with pytest.raises(DuplicateRequestId):
                await client.new_order(demo_buy("40000007"))
            assert await client.find_order_by_request_id("40000007", client.vn_today())
    run(body())
    assert _orders_for(sim, "40000007") == 1


def test_connection_refused_when_new_order_then_unavailable_not_sent(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client() as client:
            await client.authenticate()
            sim.stop()
            with pytest.raises(BrokerUnavailable) as info:
                await client.new_order(demo_buy("40000008"))
            assert not isinstance(info.value, OrderOutcomeUnknown)
            assert info.value.request_sent is False
    run(body())


def test_faults_when_seeded_probability_then_same_schedule() -> None:
    def schedule(seed: int) -> list[bool]:
        inj = FaultInjector(seed)
        inj.inject(FaultKind.HTTP_5XX, "NewOrder", times=None, probability=0.3)
        return [inj.take("NewOrder") is not None for _ in range(200)]
    assert schedule(7) == schedule(7) != schedule(8)
    assert 30 < sum(schedule(7)) < 90


def test_faults_when_100_orders_with_30_percent_faults_then_none_lost_none_doubled(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    kinds = [FaultKind.TIMEOUT, FaultKind.HTTP_5XX, FaultKind.HTTP_429,
             FaultKind.MALFORMED_JSON, FaultKind.DROP_AFTER_ACCEPT,
             FaultKind.DUPLICATE_DELIVERY]
    sim.faults = FaultInjector(seed=42)
    for kind in kinds:  # about 30 % of NewOrder calls hit one of the six
        sim.faults.inject(kind, "NewOrder", times=None, probability=0.058, delay=0.6,
                          after_processing=kind is FaultKind.TIMEOUT)
    rids = [str(50_000_000 + i) for i in range(100)]

    async def body() -> dict[str, int]:
        outcomes: dict[str, int] = {}
        async with make_client(timeout=0.25, read_attempts=5) as client:
            for rid in rids:
                result = await _place_resolving(client, rid)
                outcomes[result] = outcomes.get(result, 0) + 1
        return outcomes
    outcomes = run(body())
    assert all(_orders_for(sim, rid) == 1 for rid in rids)
    assert len(sim.state.orders) == 100
    fired = [kind for endpoint, kind in sim.faults.fired]
    assert 15 <= len(fired) <= 50 and set(fired) == set(kinds)
    assert outcomes.get("found", 0) > 0


# ---- circuit breaker over HTTP -------------------------------------------------------------

def test_circuit_when_repeated_failures_then_opens_refuses_locally_and_recovers(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    mono = FakeClock(1000.0)
    breaker = CircuitBreaker(failure_threshold=3, reset_timeout=30.0, clock=mono)
    sim.faults.inject(FaultKind.HTTP_5XX, "cashAcctBal", times=None)

    async def body() -> None:
        async with make_client(breaker=breaker, read_attempts=1) as client:
            for _ in range(3):
                with pytest.raises(BrokerUnavailable):
                    await client.cash_account_balance()
            status = client.circuit_status()
            assert status.state is CircuitState.OPEN and not status.broker_available
            calls_before = dict(sim.calls)
            with pytest.raises(CircuitOpen):
                await client.cash_account_balance()
            with pytest.raises(CircuitOpen) as info:  # a write is refused, never sent
                await client.new_order(demo_buy("40000009"))
            assert info.value.request_sent is False
            assert sim.calls == calls_before
            mono.now += 30.0
            assert breaker.state is CircuitState.HALF_OPEN
            sim.faults.clear()
            await client.cash_account_balance()  # the trial call succeeds
            assert client.circuit_status().broker_available
    run(body())
    assert not sim.state.orders


def test_circuit_when_half_open_trial_is_cancelled_then_slot_released(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    mono = FakeClock(1000.0)
    breaker = CircuitBreaker(failure_threshold=1, reset_timeout=5.0, clock=mono)
    breaker.record_failure("BrokerUnavailable")
    mono.now += 5.0
    sim.faults.inject(FaultKind.TIMEOUT, "cashAcctBal", delay=1.0)

    async def body() -> None:
        async with make_client(breaker=breaker, timeout=3.0) as client:
            await client.authenticate()  # the trial call: closes the circuit
            breaker.record_failure("BrokerUnavailable")
            mono.now += 5.0
            assert breaker.state is CircuitState.HALF_OPEN
            with pytest.raises(TimeoutError):  # the caller gives up: the task is cancelled
                await asyncio.wait_for(client.cash_account_balance(), 0.2)
            assert breaker.state is CircuitState.HALF_OPEN
            await client.cash_account_balance()  # not refused: the slot was given back
            assert breaker.state is CircuitState.CLOSED
    run(body())
