"""Random tickets and contexts: evaluate always returns a full decision and never raises;
an allowed decision really satisfies the market rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tradingtools_desktop.domain.market.bands import PriceBand
from tradingtools_desktop.domain.market.calendar import TradingCalendar
from tradingtools_desktop.domain.market.exchange import (
    BOARD_LOT,
    HOSE_MAX_ORDER_QTY,
    Exchange,
    SecurityKind,
)
from tradingtools_desktop.domain.market.sessions import (
    MARKET_TYPES,
    allowed_order_types,
    session_phase,
)
from tradingtools_desktop.domain.market.symbols import Instrument
from tradingtools_desktop.domain.market.ticks import is_on_tick
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
from tradingtools_desktop.domain.risk import RiskCode, RiskContext, RiskLimits, evaluate
from tradingtools_desktop.domain.trading_state import TradingMode, TradingState
from tradingtools_desktop.i18n.risk_text import check_text, decision_dict

ZONES = [UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=9)),
         timezone(timedelta(hours=-5)), timezone(timedelta(hours=14))]
aware = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31),
                     timezones=st.sampled_from(ZONES))
# mostly trading hours of weekdays, sometimes anything, sometimes naive
times = st.one_of(
    st.builds(lambda d, m: datetime(2026, 11, d, 9, 0, tzinfo=ZONES[1]) + timedelta(minutes=m),
              st.integers(23, 27), st.integers(-30, 400)),
    aware,
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31)),
)
prices = st.one_of(st.none(), st.integers(-10**6, 10**6),
                   st.integers(1, 300).map(lambda k: k * 100), st.integers(-10**18, 10**18))
tickets = st.builds(
    OrderRequest,
    symbol=st.one_of(st.sampled_from(["FPT", "fpt ", "", "VNM"]), st.text(max_size=8)),
    exchange=st.sampled_from(list(Exchange)),
    side=st.sampled_from(list(Side)),
    order_type=st.sampled_from(list(OrderType)),
    quantity=st.one_of(st.integers(-10**6, 10**6), st.sampled_from([0, 1, 50, 99, 100, 150,
                                                                    500_000, 500_100]),
                       st.integers(-10**18, 10**18)),
    price=prices,
    idempotency_key=st.text(max_size=10),
)
stamps = st.lists(st.one_of(aware, times), max_size=8)
instruments = st.one_of(st.none(), st.builds(
    Instrument, symbol=st.sampled_from(["FPT", "VNM"]), exchange=st.sampled_from(list(Exchange)),
    kind=st.sampled_from(list(SecurityKind)), reference_price=prices,
    first_trading_day=st.booleans()))
bands = st.one_of(st.none(), st.builds(PriceBand, st.integers(1, 10**6), st.integers(-10, 10**6),
                                       st.integers(-10, 10**6)))
limits = st.builds(RiskLimits, st.integers(-10, 10**12), st.integers(-10, 10**4),
                   st.integers(-2, 6), st.integers(-10, 10**4), st.integers(-10, 10**4),
                   st.integers(-1, 10))
contexts = st.builds(
    RiskContext,
    now=times,
    trading_state=st.sampled_from(list(TradingState)),
    mode=st.sampled_from(list(TradingMode)),
    live_armed=st.booleans(),
    guardrails_healthy=st.booleans(),
    guardrail_problems=st.lists(st.text(max_size=10), max_size=2).map(tuple),
    symbol_known=st.booleans(),
    kind=st.sampled_from(list(SecurityKind)),
    reference_price=prices,
    first_trading_day=st.booleans(),
    limits=st.one_of(st.just(RiskLimits()), limits),
    buying_power=st.integers(-10**12, 10**15),
    sellable_qty=st.integers(-10, 10**7),
    position_qty=st.integers(-10, 10**7),
    equity_at_open=st.integers(-10**9, 10**13),
    loss_today=st.integers(-10**9, 10**12),
    recent_rejects=stamps,
    recent_orders=stamps,
    duplicate_key=st.booleans(),
    calendar=st.just(TradingCalendar()),
    instrument=instruments,
    band=bands,
)


@settings(max_examples=1500, deadline=None)
@given(tickets, contexts)
def test_property_any_ticket_gets_one_check_per_code_and_never_raises(ticket, ctx) -> None:
    d = evaluate(ticket, ctx)
    assert [c.code for c in d.checks] == list(RiskCode)
    assert all(check_text(c).strip() and not check_text(c).startswith(c.code.value)
               for c in d.checks)  # every (code, reason) has its sentence
    assert d.allowed == (not d.failed)
    json.dumps(decision_dict(d))  # always serialisable for the CLI


# plausible tickets in healthy contexts, so that most decisions are "allowed"
@st.composite
def plausible(draw: st.DrawFn) -> tuple[OrderRequest, RiskContext]:
    ex = draw(st.sampled_from(list(Exchange)))
    minute = draw(st.one_of(st.integers(0, 149), st.integers(240, 359), st.integers(0, 360)))
    now = datetime(2026, 11, 25, 9, 0, tzinfo=ZONES[1]) + timedelta(minutes=minute)
    types = sorted(allowed_order_types(ex, session_phase(ex, now, TradingCalendar())))
    order_type = draw(st.sampled_from(types or [OrderType.LO]))
    price = (None if order_type in MARKET_TYPES
             else draw(st.integers(884, 1_016)) * 100)
    qty = draw(st.one_of(st.integers(1, 40).map(lambda k: k * 100), st.integers(1, 99),
                         st.integers(1, 6_000)))
    ticket = OrderRequest("FPT", ex, draw(st.sampled_from(list(Side))), order_type, qty,
                          price, "k")
    held = draw(st.one_of(st.just(10_000), st.integers(0, 10_000)))
    ctx = RiskContext(
        now=now, trading_state=draw(st.sampled_from([TradingState.ACTIVE] * 4 + list(
            TradingState))),
        reference_price=95_000, buying_power=draw(st.one_of(st.just(10**9),
                                                            st.integers(0, 10**9))),
        sellable_qty=held, position_qty=held + draw(st.integers(0, 100)),
        equity_at_open=10**9, loss_today=draw(st.integers(0, 6 * 10**7)))
    return ticket, ctx


@settings(max_examples=300, deadline=None)
@given(plausible())
def test_property_an_allowed_ticket_obeys_the_market_rules(case) -> None:
    ticket, ctx = case
    d = evaluate(ticket, ctx)
    assume(d.allowed)
    q = ticket.quantity
    assert q > 0 and (q % BOARD_LOT == 0 or ticket.order_type is OrderType.LO)
    assert ticket.exchange is not Exchange.HOSE or q <= HOSE_MAX_ORDER_QTY
    assert ctx.trading_state is not TradingState.HALTED
    assert ctx.mode is TradingMode.DRY_RUN or ctx.live_armed
    assert not ctx.duplicate_key and ticket.idempotency_key.strip()
    session_phase(ticket.exchange, ctx.now, ctx.calendar)  # the time was usable
    if ticket.order_type in MARKET_TYPES:
        assert ticket.price is None
    else:
        kind = ctx.instrument.kind if ctx.instrument else ctx.kind
        assert ticket.price is not None and is_on_tick(ticket.exchange, ticket.price, kind)
