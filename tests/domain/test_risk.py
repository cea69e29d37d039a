from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
from tradingtools_desktop.domain.risk import RiskCode, RiskContext, RiskLimits, evaluate
from tradingtools_desktop.domain.trading_state import TradingMode, TradingState

VN = timezone(timedelta(hours=7))
OPEN = datetime(2026, 11, 25, 10, 0, tzinfo=VN)  # Wednesday, HOSE continuous


def req(**kw) -> OrderRequest:
    base = dict(symbol="FPT", exchange=Exchange.HOSE, side=Side.BUY, order_type=OrderType.LO,
                quantity=100, price=95_300, idempotency_key="k1")
    base.update(kw)
    return OrderRequest(**base)


CTX = RiskContext(now=OPEN, reference_price=95_000, buying_power=1_000_000_000,
                  sellable_qty=1_000, position_qty=1_000, equity_at_open=1_000_000_000)


def failed(decision) -> set[RiskCode]:
    return {c.code for c in decision.failed}


def test_evaluate_when_ticket_is_good_then_allowed_with_every_code_reported() -> None:
    d = evaluate(req(), CTX)
    assert d.allowed, d.summary()
    assert [c.code for c in d.checks] == list(RiskCode)
    assert d.to_dict()["allowed"] is True


def test_each_rule_fires_with_its_code() -> None:
    cases = [
        (req(), replace(CTX, trading_state=TradingState.HALTED), RiskCode.TRADING_HALTED),
        (req(), replace(CTX, trading_state=TradingState.REDUCING), RiskCode.TRADING_REDUCING),
        (req(), replace(CTX, mode=TradingMode.LIVE), RiskCode.LIVE_NOT_ARMED),
        (req(), replace(CTX, mode=TradingMode.LIVE, live_armed=True, guardrails_healthy=False,
                        guardrail_problems=("broker disconnected",)),
         RiskCode.GUARDRAILS_UNHEALTHY),
        (req(), replace(CTX, now=OPEN.replace(hour=12)), RiskCode.SESSION_CLOSED),
        (req(order_type=OrderType.ATO, price=None), CTX, RiskCode.ORDER_TYPE_NOT_ALLOWED),
        (req(exchange=Exchange.UPCOM, order_type=OrderType.MP, price=None), CTX,
         RiskCode.ORDER_TYPE_NOT_ALLOWED),
        (req(), replace(CTX, symbol_known=False), RiskCode.SYMBOL_UNKNOWN),
        (req(quantity=0), CTX, RiskCode.INVALID_QUANTITY),
        (req(price=0), CTX, RiskCode.INVALID_PRICE),
        (req(quantity=150), CTX, RiskCode.LOT_SIZE),
        (req(price=95_320), CTX, RiskCode.TICK_SIZE),
        (req(price=102_000), CTX, RiskCode.PRICE_BAND),
        (req(quantity=600_000, price=90_000), CTX, RiskCode.MAX_QTY),
        (req(quantity=10_000, price=95_000), CTX, RiskCode.MAX_NOTIONAL),
        (req(), replace(CTX, buying_power=1_000_000), RiskCode.BUYING_POWER),
        (req(side=Side.SELL, quantity=2_000), CTX, RiskCode.SELLABLE_QTY),
        (req(), replace(CTX, loss_today=60_000_000), RiskCode.DAILY_LOSS),
        (req(), replace(CTX, recent_rejects=[OPEN - timedelta(minutes=m) for m in (1, 2, 3)]),
         RiskCode.COOLDOWN),
        (req(), replace(CTX, recent_orders=[OPEN - timedelta(milliseconds=m * 10)
                                            for m in range(5)]), RiskCode.RATE_LIMIT),
        (req(), replace(CTX, duplicate_key=True), RiskCode.DUPLICATE_KEY),
    ]
    for ticket, ctx, code in cases:
        d = evaluate(ticket, ctx)
        assert code in failed(d), (code, d.summary())
        message = next(c.message for c in d.checks if c.code is code)
        assert message.endswith(".")


def test_messages_carry_the_numbers_a_trader_needs() -> None:
    d = evaluate(req(price=95_320), CTX)
    tick = next(c for c in d.checks if c.code is RiskCode.TICK_SIZE)
    assert "95,300" in tick.message and "95,400" in tick.message
    band = next(c for c in evaluate(req(price=102_000), CTX).checks
                if c.code is RiskCode.PRICE_BAND)
    assert "101,600" in band.message and "88,400" in band.message


def test_odd_lot_only_as_lo_in_continuous() -> None:
    assert evaluate(req(quantity=50), CTX).allowed
    ato = replace(CTX, now=OPEN.replace(hour=9, minute=5))
    assert RiskCode.ORDER_TYPE_NOT_ALLOWED in failed(evaluate(req(quantity=50), ato))


def test_reducing_allows_a_sell_that_shrinks_the_position() -> None:
    ctx = replace(CTX, trading_state=TradingState.REDUCING)
    assert evaluate(req(side=Side.SELL, quantity=500), ctx).allowed
    assert not evaluate(req(side=Side.BUY), ctx).allowed


def test_daily_loss_still_lets_a_trader_reduce() -> None:
    ctx = replace(CTX, loss_today=60_000_000)
    assert evaluate(req(side=Side.SELL, quantity=500), ctx).allowed


def test_cooldown_ends_after_its_duration() -> None:
    rejects = [OPEN - timedelta(minutes=m) for m in (3, 4, 5)]
    later = replace(CTX, recent_rejects=rejects, now=OPEN + timedelta(minutes=13))
    assert RiskCode.COOLDOWN not in failed(evaluate(req(), later))


def test_market_order_valued_at_ceiling() -> None:
    d = evaluate(req(order_type=OrderType.MP, price=None, quantity=5_000), CTX)
    notional = next(c for c in d.checks if c.code is RiskCode.MAX_NOTIONAL)
    assert "ceiling" in notional.message
    assert RiskCode.MAX_NOTIONAL in failed(d)  # 5,000 x 101,600 > 500,000,000


def test_limits_from_mapping_ignores_unknown_keys() -> None:
    assert RiskLimits.from_mapping({"max_order_notional": 1, "bogus": 2}).max_order_notional == 1


tickets = st.builds(
    OrderRequest,
    symbol=st.text(min_size=0, max_size=6),
    exchange=st.sampled_from(list(Exchange)),
    side=st.sampled_from(list(Side)),
    order_type=st.sampled_from(list(OrderType)),
    quantity=st.integers(min_value=-10**9, max_value=10**9),
    price=st.one_of(st.none(), st.integers(min_value=-10**9, max_value=10**9)),
    idempotency_key=st.text(max_size=10),
)
contexts = st.builds(
    RiskContext,
    now=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1),
                     timezones=st.sampled_from([UTC, timezone(timedelta(hours=9)),
                                                timezone(timedelta(hours=-5))])),
    trading_state=st.sampled_from(list(TradingState)),
    mode=st.sampled_from(list(TradingMode)),
    live_armed=st.booleans(),
    reference_price=st.one_of(st.none(), st.integers(min_value=-100, max_value=10**7)),
    buying_power=st.integers(min_value=-10**12, max_value=10**13),
    sellable_qty=st.integers(min_value=0, max_value=10**7),
    first_trading_day=st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(tickets, contexts)
def test_property_any_ticket_gets_a_decision_with_reasons(ticket, ctx) -> None:
    d = evaluate(ticket, ctx)
    assert [c.code for c in d.checks] == list(RiskCode)
    assert all(c.message for c in d.checks)
    if not d.allowed:
        assert d.failed
