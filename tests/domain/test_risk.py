"""Pre-trade risk: every code fires on its rule, with a sentence carrying the numbers."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tradingtools_desktop.domain.market.bands import PriceBand
from tradingtools_desktop.domain.market.calendar import TradingCalendar
from tradingtools_desktop.domain.market.exchange import Exchange, SecurityKind
from tradingtools_desktop.domain.market.fees import FeeSchedule
from tradingtools_desktop.domain.market.quotes import TradingStatus
from tradingtools_desktop.domain.market.symbols import Instrument
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
from tradingtools_desktop.domain.risk import (
    RiskCode,
    RiskContext,
    RiskDecision,
    RiskLimits,
    evaluate,
)
from tradingtools_desktop.domain.trading_state import TradingMode, TradingState
from tradingtools_desktop.i18n.risk_text import check_text, decision_dict, decision_summary

VN = timezone(timedelta(hours=7))
OPEN = datetime(2026, 11, 25, 10, 0, tzinfo=VN)  # Wednesday, continuous on every exchange
C, OT = RiskCode, OrderType


def req(**kw) -> OrderRequest:
    base = dict(symbol="FPT", exchange=Exchange.HOSE, side=Side.BUY, order_type=OT.LO,
                quantity=100, price=95_300, idempotency_key="k1")
    base.update(kw)
    return OrderRequest(**base)


CTX = RiskContext(now=OPEN, reference_price=95_000, buying_power=1_000_000_000,
                  sellable_qty=1_000, position_qty=1_000, equity_at_open=1_000_000_000)


def failed(d: RiskDecision) -> set[RiskCode]:
    return {c.code for c in d.failed}


def msg(d: RiskDecision, code: RiskCode) -> str:
    check = d.check(code)
    assert check is not None
    return check_text(check)


def test_good_ticket_is_allowed_with_every_code_reported_in_order() -> None:
    d = evaluate(req(), CTX)
    assert d.allowed and not d.failed, decision_summary(d.checks)
    assert [c.code for c in d.checks] == list(RiskCode)
    assert decision_summary(d.checks) == "All pre-trade checks passed."


def test_risk_codes_are_exactly_the_issue_list() -> None:
    assert [c.value for c in RiskCode] == [
        "TRADING_HALTED", "TRADING_REDUCING", "LIVE_NOT_ARMED", "GUARDRAILS_UNHEALTHY",
        "SESSION_CLOSED", "ORDER_TYPE_NOT_ALLOWED", "SYMBOL_UNKNOWN", "INVALID_QUANTITY",
        "INVALID_PRICE", "LOT_SIZE", "TICK_SIZE", "PRICE_BAND", "MAX_QTY", "MAX_NOTIONAL",
        "BUYING_POWER", "SELLABLE_QTY", "DAILY_LOSS", "COOLDOWN", "RATE_LIMIT", "DUPLICATE_KEY",
        # issue 11: a halted / suspended / delisted symbol is refused (appended: earlier
        # codes keep their places)
        "SECURITY_STATUS"]


def test_to_dict_is_the_cli_json_shape() -> None:
    d = evaluate(req(price=95_320), CTX)
    out = json.loads(json.dumps(decision_dict(d)))
    assert out["allowed"] is False
    assert len(out["checks"]) == len(RiskCode)
    tick = {"code": "TICK_SIZE", "passed": False, "reason": "off_tick", "message":
            msg(d, C.TICK_SIZE), "context": {"price": 95_320, "tick": 100, "exchange": "HOSE",
                                             "down": 95_300, "up": 95_400}}
    assert out["checks"][10] == tick


CASES = [
    (req(), replace(CTX, trading_state=TradingState.HALTED), C.TRADING_HALTED),
    (req(), replace(CTX, trading_state=TradingState.REDUCING), C.TRADING_REDUCING),
    (req(), replace(CTX, mode=TradingMode.LIVE), C.LIVE_NOT_ARMED),
    (req(), replace(CTX, mode=TradingMode.LIVE, live_armed=True, guardrails_healthy=False,
                    guardrail_problems=("broker disconnected",)), C.GUARDRAILS_UNHEALTHY),
    (req(), replace(CTX, now=OPEN.replace(hour=12)), C.SESSION_CLOSED),
    (req(order_type=OT.ATO, price=None), CTX, C.ORDER_TYPE_NOT_ALLOWED),
    (req(), replace(CTX, symbol_known=False), C.SYMBOL_UNKNOWN),
    (req(quantity=0), CTX, C.INVALID_QUANTITY),
    (req(price=0), CTX, C.INVALID_PRICE),
    (req(quantity=150), CTX, C.LOT_SIZE),
    (req(price=95_320), CTX, C.TICK_SIZE),
    (req(price=102_000), CTX, C.PRICE_BAND),
    (req(quantity=600_000, price=90_000), CTX, C.MAX_QTY),
    (req(quantity=10_000, price=95_000), CTX, C.MAX_NOTIONAL),
    (req(), replace(CTX, buying_power=1_000_000), C.BUYING_POWER),
    (req(side=Side.SELL, quantity=2_000), CTX, C.SELLABLE_QTY),
    (req(), replace(CTX, loss_today=60_000_000), C.DAILY_LOSS),
    (req(), replace(CTX, recent_rejects=[OPEN - timedelta(minutes=m) for m in (1, 2, 3)]),
     C.COOLDOWN),
    (req(), replace(CTX, recent_orders=[OPEN - timedelta(milliseconds=10 * m)
                                        for m in range(5)]), C.RATE_LIMIT),
    (req(), replace(CTX, duplicate_key=True), C.DUPLICATE_KEY),
    (req(), replace(CTX, trading_status=TradingStatus.SUSPENDED), C.SECURITY_STATUS),
]


def test_every_code_has_a_case() -> None:
    assert {code for _, _, code in CASES} == set(RiskCode)


@pytest.mark.parametrize(("ticket", "ctx", "code"), CASES, ids=[c.value for _, _, c in CASES])
def test_each_rule_fires_with_its_code_and_a_sentence(ticket, ctx, code) -> None:
    d = evaluate(ticket, ctx)
    assert code in failed(d), decision_summary(d.checks)
    assert not d.allowed
    assert msg(d, code).endswith(".") and not msg(d, code)[0].islower()
    assert [c.code for c in d.checks] == list(RiskCode)


# -- messages --------------------------------------------------------------------------------

def test_tick_message_names_the_tick_and_the_nearest_prices() -> None:
    assert msg(evaluate(req(price=95_320), CTX), C.TICK_SIZE) == (
        "Price 95.32 is not on the 100 VND tick for HOSE at this price; "
        "nearest 95.30 or 95.40.")
    assert "50 VND tick" in msg(evaluate(req(price=12_345), replace(
        CTX, reference_price=12_000)), C.TICK_SIZE)


def test_band_message_gives_floor_ceiling_and_reference() -> None:
    m = msg(evaluate(req(price=102_000), CTX), C.PRICE_BAND)
    assert m == ("Price 102.00 is above the ceiling: today's band is 88.40-101.60 "
                 "(reference 95.00, ±7 %).")
    assert "below the floor" in msg(evaluate(req(price=88_300), CTX), C.PRICE_BAND)
    assert evaluate(req(price=101_600), CTX).allowed and evaluate(req(price=88_400), CTX).allowed


def test_lot_message_says_how_to_split_a_mixed_quantity() -> None:
    m = msg(evaluate(req(quantity=150), CTX), C.LOT_SIZE)
    assert "150" in m and "place 100 (board lots) and 50 (a separate odd-lot LO order)" in m


def test_guardrail_message_lists_the_problems() -> None:
    ctx = replace(CTX, mode=TradingMode.LIVE, live_armed=True, guardrails_healthy=False,
                  guardrail_problems=("broker disconnected", "portfolio not reconciled"))
    assert msg(evaluate(req(), ctx), C.GUARDRAILS_UNHEALTHY) == (
        "Live orders are blocked: broker disconnected; portfolio not reconciled.")


# -- trading state and mode ------------------------------------------------------------------

def test_reducing_allows_only_sells_that_shrink_the_position() -> None:
    ctx = replace(CTX, trading_state=TradingState.REDUCING, position_qty=500, sellable_qty=500)
    assert evaluate(req(side=Side.SELL, quantity=500), ctx).allowed
    assert C.TRADING_REDUCING in failed(evaluate(req(side=Side.SELL, quantity=600), ctx))
    assert C.TRADING_REDUCING in failed(evaluate(req(side=Side.BUY), ctx))


def test_halted_refuses_sells_too() -> None:
    ctx = replace(CTX, trading_state=TradingState.HALTED)
    assert failed(evaluate(req(side=Side.SELL), ctx)) == {C.TRADING_HALTED}


def test_live_needs_arming_and_healthy_guardrails_dry_run_does_not() -> None:
    live = replace(CTX, mode=TradingMode.LIVE, live_armed=True)
    assert evaluate(req(), live).allowed
    assert failed(evaluate(req(), replace(live, live_armed=False))) == {C.LIVE_NOT_ARMED}
    dry = replace(CTX, live_armed=False, guardrails_healthy=False)
    assert evaluate(req(), dry).allowed


# -- session, type, lots ---------------------------------------------------------------------

@pytest.mark.parametrize("now", [
    OPEN.replace(hour=8, minute=30),                       # pre-open
    OPEN.replace(hour=12),                                 # lunch
    OPEN.replace(hour=15),                                 # after the close
    datetime(2026, 11, 28, 10, 0, tzinfo=VN),              # Saturday
    datetime(2025, 1, 29, 10, 0, tzinfo=VN),               # Tet
])
def test_session_closed_outside_trading_hours(now) -> None:
    d = evaluate(req(), replace(CTX, now=now))
    assert C.SESSION_CLOSED in failed(d) and "Vietnam time" in msg(d, C.SESSION_CLOSED)


def test_session_closed_on_an_extra_closure() -> None:
    ctx = replace(CTX, calendar=TradingCalendar([date(2026, 11, 25)]))
    assert C.SESSION_CLOSED in failed(evaluate(req(), ctx))


def test_same_instant_in_utc_or_plus_nine_gives_the_same_decision() -> None:
    for tz in (UTC, timezone(timedelta(hours=9)), timezone(timedelta(hours=-5))):
        assert evaluate(req(), replace(CTX, now=OPEN.astimezone(tz))) == evaluate(req(), CTX)
    lunch_utc = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)  # 12:00 in Hanoi
    assert C.SESSION_CLOSED in failed(evaluate(req(), replace(CTX, now=lunch_utc)))


@pytest.mark.parametrize(("ticket", "when", "ok"), [
    (req(order_type=OT.ATO, price=None), (9, 5), True),
    (req(order_type=OT.ATO, price=None), (10, 0), False),
    (req(order_type=OT.ATC, price=None), (10, 0), True),      # HOSE ATC in continuous
    (req(order_type=OT.ATC, price=None), (14, 35), True),
    (req(order_type=OT.MP, price=None), (10, 0), True),
    (req(order_type=OT.MP, price=None), (14, 35), False),
    (req(order_type=OT.MTL, price=None), (10, 0), False),     # not a HOSE type
    (req(exchange=Exchange.HNX, order_type=OT.MTL, price=None), (10, 0), True),
    (req(exchange=Exchange.HNX, order_type=OT.PLO, price=None), (14, 50), True),
    (req(exchange=Exchange.HNX, order_type=OT.LO, price=95_000), (14, 50), False),
    (req(exchange=Exchange.UPCOM, order_type=OT.MP, price=None), (10, 0), False),
    (req(exchange=Exchange.UPCOM, order_type=OT.ATC, price=None), (14, 35), False),
])
def test_order_type_allowed_by_exchange_and_session(ticket, when, ok) -> None:
    ctx = replace(CTX, now=OPEN.replace(hour=when[0], minute=when[1]))
    assert (C.ORDER_TYPE_NOT_ALLOWED not in failed(evaluate(ticket, ctx))) is ok


def test_type_message_says_where_the_type_is_accepted() -> None:
    assert msg(evaluate(req(order_type=OT.MTL, price=None), CTX), C.ORDER_TYPE_NOT_ALLOWED) \
        == "MTL is not an order type of HOSE."
    m = msg(evaluate(req(order_type=OT.ATO, price=None), CTX), C.ORDER_TYPE_NOT_ALLOWED)
    assert m == "ATO is not accepted on HOSE during continuous; it is accepted in: ATO."


def test_odd_lot_only_as_lo_in_the_continuous_session() -> None:
    assert evaluate(req(quantity=50), CTX).allowed
    assert evaluate(req(quantity=1, exchange=Exchange.UPCOM, price=95_000), CTX).allowed
    ato = replace(CTX, now=OPEN.replace(hour=9, minute=5))
    assert failed(evaluate(req(quantity=50), ato)) == {C.LOT_SIZE}
    atc = replace(CTX, now=OPEN.replace(hour=14, minute=35))
    assert failed(evaluate(req(quantity=99), atc)) == {C.LOT_SIZE}
    d = evaluate(req(quantity=50, order_type=OT.MP, price=None), CTX)
    assert failed(d) == {C.LOT_SIZE} and "only as LO" in msg(d, C.LOT_SIZE)


@pytest.mark.parametrize("qty", [150, 1_001, 100_050])
def test_mixed_quantity_is_a_lot_size_error(qty) -> None:
    assert C.LOT_SIZE in failed(evaluate(req(quantity=qty, price=10_000), replace(
        CTX, reference_price=10_000)))


def test_hose_caps_one_order_at_500000_shares_other_exchanges_do_not() -> None:
    rich = replace(CTX, reference_price=10_000, buying_power=10**13,
                   limits=RiskLimits(max_order_notional=10**13))
    assert evaluate(req(quantity=500_000, price=10_000), rich).allowed
    d = evaluate(req(quantity=500_100, price=10_000), rich)
    assert failed(d) == {C.MAX_QTY} and "500,000" in msg(d, C.MAX_QTY)
    assert evaluate(req(exchange=Exchange.HNX, quantity=600_000, price=10_000), rich).allowed


# -- inputs that cannot be judged -----------------------------------------------------------

@pytest.mark.parametrize("qty", [0, -100])
def test_invalid_quantity_marks_dependent_checks_not_checked(qty) -> None:
    d = evaluate(req(quantity=qty), CTX)
    assert {C.INVALID_QUANTITY, C.LOT_SIZE, C.MAX_QTY, C.MAX_NOTIONAL, C.BUYING_POWER} <= failed(d)
    for code in (C.LOT_SIZE, C.MAX_QTY, C.MAX_NOTIONAL, C.BUYING_POWER):
        assert msg(d, code).startswith("Not checked:")


def test_limit_order_without_price_marks_tick_and_band_not_checked() -> None:
    d = evaluate(req(price=None), CTX)
    assert {C.INVALID_PRICE, C.TICK_SIZE, C.PRICE_BAND, C.MAX_NOTIONAL} <= failed(d)
    assert msg(d, C.INVALID_PRICE) == "LO needs a positive limit price (got None)."
    assert msg(d, C.TICK_SIZE) == "Not checked: the price is invalid."


def test_market_order_with_a_price_is_invalid() -> None:
    d = evaluate(req(order_type=OT.MP, price=95_300), CTX)
    assert {C.INVALID_PRICE, C.TICK_SIZE, C.PRICE_BAND} <= failed(d)
    assert "carry no price" in msg(d, C.INVALID_PRICE)


def test_no_reference_price_means_band_and_market_value_unknown() -> None:
    ctx = replace(CTX, reference_price=None)
    d = evaluate(req(), ctx)
    assert failed(d) == {C.PRICE_BAND}
    assert msg(d, C.PRICE_BAND).startswith("Not checked: no reference price is known for FPT")
    d = evaluate(req(order_type=OT.MP, price=None), ctx)
    assert {C.PRICE_BAND, C.MAX_NOTIONAL, C.BUYING_POWER} <= failed(d)


def test_naive_time_is_reported_not_raised() -> None:
    d = evaluate(req(), replace(CTX, now=datetime(2026, 11, 25, 10, 0)))
    assert failed(d) == {C.SESSION_CLOSED, C.ORDER_TYPE_NOT_ALLOWED, C.COOLDOWN, C.RATE_LIMIT}
    assert msg(d, C.SESSION_CLOSED).startswith("Order time is invalid")
    assert msg(d, C.COOLDOWN) == "Not checked: the order time has no timezone."


# -- symbol and instrument ------------------------------------------------------------------

def test_symbol_unknown_and_blank_symbol() -> None:
    assert msg(evaluate(req(), replace(CTX, symbol_known=False)), C.SYMBOL_UNKNOWN) == \
        "Symbol FPT is not known on HOSE."
    assert msg(evaluate(req(symbol="  "), CTX), C.SYMBOL_UNKNOWN) == "No symbol was given."


def test_instrument_supplies_reference_kind_and_exchange() -> None:
    etf = Instrument("E1VFVN30", Exchange.HOSE, SecurityKind.ETF, 25_000)
    ctx = replace(CTX, reference_price=None, instrument=etf)
    # 25,010 is off the 50 tick of a stock but on the 10 tick of an ETF
    assert evaluate(req(symbol="e1vfvn30", price=25_010), ctx).allowed
    wrong = evaluate(req(symbol="E1VFVN30", exchange=Exchange.HNX, price=25_000), ctx)
    assert msg(wrong, C.SYMBOL_UNKNOWN) == "E1VFVN30 is listed on HOSE, not HNX."


def test_first_trading_day_widens_the_band() -> None:
    new = Instrument("NEW", Exchange.UPCOM, SecurityKind.STOCK, 10_000, first_trading_day=True)
    ctx = replace(CTX, reference_price=None, instrument=new)
    assert evaluate(req(symbol="NEW", exchange=Exchange.UPCOM, price=14_000), ctx).allowed
    assert C.PRICE_BAND in failed(evaluate(
        req(symbol="NEW", exchange=Exchange.UPCOM, price=14_000),
        replace(ctx, instrument=replace(new, first_trading_day=False))))


def test_explicit_band_wins_over_the_computed_one() -> None:
    ctx = replace(CTX, band=PriceBand(95_000, 96_000, 94_000))
    assert C.PRICE_BAND in failed(evaluate(req(price=96_100), ctx))


# -- money -----------------------------------------------------------------------------------

def test_buying_power_includes_the_fee_to_the_dong() -> None:
    # 100 x 95,300 = 9,530,000; fee 14,295 -> needs 9,544,295
    ok = evaluate(req(), replace(CTX, buying_power=9_544_295))
    assert ok.allowed and "9,544,295" in msg(ok, C.BUYING_POWER)
    short = evaluate(req(), replace(CTX, buying_power=9_544_294))
    assert failed(short) == {C.BUYING_POWER}
    assert msg(short, C.BUYING_POWER) == (
        "Needs 9,544,295 VND (value 9,530,000 VND + fee 14,295 VND) but buying power is "
        "9,544,294 VND.")


def test_buying_power_uses_the_profile_fee_rate() -> None:
    ctx = replace(CTX, buying_power=9_539_530, fees=FeeSchedule(broker_fee_bps=10))
    assert evaluate(req(), ctx).allowed  # 9,530,000 + 9,530


def test_market_buy_is_valued_at_the_ceiling_and_says_so() -> None:
    d = evaluate(req(order_type=OT.MP, price=None, quantity=5_000), CTX)
    # 5,000 x 101,600 = 508,000,000 > 500,000,000
    assert failed(d) == {C.MAX_NOTIONAL}
    assert msg(d, C.MAX_NOTIONAL) == (
        "Order value 508,000,000 VND (5,000 x ceiling 101.60, as MP has no price) exceeds "
        "the profile's maximum of 500,000,000 VND per order.")
    assert "ceiling" in msg(d, C.BUYING_POWER)


def test_market_sell_notional_is_valued_at_the_ceiling_too() -> None:
    ctx = replace(CTX, sellable_qty=10_000, position_qty=10_000)
    assert C.MAX_NOTIONAL in failed(evaluate(
        req(side=Side.SELL, order_type=OT.MP, price=None, quantity=5_000), ctx))
    assert evaluate(req(side=Side.SELL, order_type=OT.MP, price=None, quantity=4_000),
                    ctx).allowed


def test_notional_limit_edge() -> None:
    ctx = replace(CTX, limits=RiskLimits(max_order_notional=9_530_000))
    assert evaluate(req(), ctx).allowed
    assert failed(evaluate(req(), replace(ctx, limits=RiskLimits(
        max_order_notional=9_529_999)))) == {C.MAX_NOTIONAL}


def test_sells_need_shares_not_buying_power() -> None:
    ctx = replace(CTX, buying_power=0, sellable_qty=300)
    assert evaluate(req(side=Side.SELL, quantity=300), ctx).allowed
    d = evaluate(req(side=Side.SELL, quantity=400), ctx)
    assert failed(d) == {C.SELLABLE_QTY} and "T+2" in msg(d, C.SELLABLE_QTY)


# -- daily loss, cooldown, rate, key --------------------------------------------------------

def test_daily_loss_trips_at_the_limit_and_still_lets_a_trader_reduce() -> None:
    # 5 % of 1,000,000,000 = 50,000,000
    assert evaluate(req(), replace(CTX, loss_today=49_999_999)).allowed
    d = evaluate(req(), replace(CTX, loss_today=50_000_000))
    assert failed(d) == {C.DAILY_LOSS} and "50,000,000" in msg(d, C.DAILY_LOSS)
    assert "5 %" in msg(d, C.DAILY_LOSS)
    assert evaluate(req(side=Side.SELL, quantity=500), replace(CTX, loss_today=60_000_000)).allowed
    assert evaluate(req(), replace(CTX, equity_at_open=0, loss_today=10**9)).allowed


def test_cooldown_starts_at_the_third_reject_and_lasts_fifteen_minutes() -> None:
    t0 = OPEN - timedelta(minutes=12)
    rejects = [t0, t0 + timedelta(minutes=1), t0 + timedelta(minutes=2)]  # 09:48..09:50
    ctx = replace(CTX, recent_rejects=rejects)
    # 12 minutes after the first reject: only one is inside the 10-minute window, but the
    # pause that began at 09:50 runs to 10:05
    d = evaluate(req(), ctx)
    assert failed(d) == {C.COOLDOWN}
    assert msg(d, C.COOLDOWN) == ("3 orders were rejected within 10 minutes: new orders are "
                                  "paused until 10:05:00 Vietnam time.")
    assert evaluate(req(), replace(ctx, now=OPEN + timedelta(minutes=5))).allowed


def test_cooldown_needs_the_rejects_within_the_window() -> None:
    spread = [OPEN - timedelta(minutes=m) for m in (0, 6, 11)]
    assert evaluate(req(), replace(CTX, recent_rejects=spread)).allowed
    shuffled = [OPEN - timedelta(minutes=m) for m in (3, 1, 2)]
    assert C.COOLDOWN in failed(evaluate(req(), replace(CTX, recent_rejects=shuffled)))
    utc = [t.astimezone(UTC) for t in shuffled]
    assert C.COOLDOWN in failed(evaluate(req(), replace(CTX, recent_rejects=utc)))
    off = RiskLimits(cooldown_rejects=0)
    assert evaluate(req(), replace(CTX, recent_rejects=shuffled, limits=off)).allowed


def test_rate_limit_counts_the_last_second_only() -> None:
    four = [OPEN - timedelta(milliseconds=100 * i) for i in range(4)]
    assert evaluate(req(), replace(CTX, recent_orders=four)).allowed
    edge = [*four, OPEN - timedelta(seconds=1)]  # exactly one second ago: outside
    assert evaluate(req(), replace(CTX, recent_orders=edge)).allowed
    five = [*four, OPEN - timedelta(milliseconds=999)]
    d = evaluate(req(), replace(CTX, recent_orders=five))
    assert failed(d) == {C.RATE_LIMIT} and "limit of 5 per second" in msg(d, C.RATE_LIMIT)


def test_duplicate_or_missing_idempotency_key() -> None:
    assert "no second order" in msg(evaluate(req(), replace(CTX, duplicate_key=True)),
                                    C.DUPLICATE_KEY)
    assert C.DUPLICATE_KEY in failed(evaluate(req(idempotency_key=" "), CTX))


# -- limits ----------------------------------------------------------------------------------

def test_limits_defaults_and_mapping() -> None:
    lim = RiskLimits()
    assert lim.as_dict() == {"max_order_notional": 500_000_000, "max_daily_loss_bps": 500,
                             "cooldown_rejects": 3, "cooldown_window_s": 600,
                             "cooldown_s": 900, "max_orders_per_second": 5}
    assert lim.max_daily_loss_pct_bps == 500
    assert RiskLimits.from_mapping({"max_order_notional": "1", "bogus": 2}).max_order_notional == 1
    assert RiskLimits.from_mapping({"max_daily_loss_pct_bps": 300}).max_daily_loss_bps == 300
    assert RiskLimits.from_mapping(lim.as_dict()) == lim
