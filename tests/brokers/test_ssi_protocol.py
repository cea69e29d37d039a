"""SSI FastConnect protocol pieces without the network: status map, requestID allocation,
the signature format, request validation, reading the spec's own JSON examples, the
circuit breaker."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from ssi_helpers import FakeClock

from tradingtools_desktop.brokers.ssi import (
    CircuitBreaker,
    CircuitState,
    NewOrderRequest,
    RequestIdAllocator,
    SigningKey,
    SsiOrder,
    UnknownSsiStatus,
    map_status,
    new_order_from_domain,
)
from tradingtools_desktop.brokers.ssi.errors import error_code_for
from tradingtools_desktop.brokers.ssi.models import (
    CashBalance,
    PpmmrAccount,
    StockPositions,
    machine_device_id,
    valid_device_id,
)
from tradingtools_desktop.brokers.ssi.request_id import RequestIdExhausted, is_valid
from tradingtools_desktop.brokers.ssi.signing import (
    KeyFormatError,
    private_key_to_ssi_xml,
    verify_signature,
)
from tradingtools_desktop.brokers.ssi.wire import (
    ROW_SKIPPED,
    UNREADABLE,
    ReadNotes,
    WireError,
    from_wire,
    parse_envelope,
    rows_from_wire,
)
from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import OrderRequest, OrderStatus, OrderType, Side

S = OrderStatus

# ---- status map (spec 7.2) -------------------------------------------------------------

STATUS_TABLE = [
    ("WA", 0, S.SUBMITTED), ("RS", 0, S.SUBMITTED), ("SD", 0, S.SUBMITTED),
    ("QU", 0, S.SUBMITTED), ("QU", 100, S.PARTIALLY_FILLED), ("PF", 100, S.PARTIALLY_FILLED),
    ("FF", 300, S.FILLED), ("FFPC", 100, S.CANCELLED), ("WM", 0, S.SUBMITTED),
    ("WM", 100, S.PARTIALLY_FILLED), ("WC", 0, S.PENDING_CANCEL), ("CL", 0, S.CANCELLED),
    ("RJ", 0, S.REJECTED), ("EX", 0, S.EXPIRED), ("EX", 100, S.EXPIRED),
    ("SOR", 0, S.SUBMITTED), ("SOS", 0, S.SUBMITTED), ("IAV", 0, S.SUBMITTED),
    ("SOI", 0, S.SUBMITTED),
    # the appendix's mixed case (lines 3031-3061)
    ("Wa", 0, S.SUBMITTED), ("Ff", 300, S.FILLED), ("Cl", 0, S.CANCELLED),
    ("Rj", 0, S.REJECTED), ("Ex", 0, S.EXPIRED), ("Sor", 0, S.SUBMITTED),
]


@pytest.mark.parametrize(("code", "filled", "expected"), STATUS_TABLE)
def test_map_status_when_spec_code_then_our_status(code: str, filled: int,
                                                   expected: OrderStatus) -> None:
    assert map_status(code, filled) is expected


def test_map_status_when_unknown_code_then_raises_never_guesses() -> None:
    with pytest.raises(UnknownSsiStatus):
        map_status("ZZ")


# ---- requestID (spec lines 422-423) ----------------------------------------------------

def test_request_id_when_same_key_and_day_then_same_8_digit_id() -> None:
    alloc = RequestIdAllocator()
    a = alloc.for_key("order-1", date(2024, 5, 2), set())
    assert a == alloc.for_key("order-1", date(2024, 5, 2), set())
    assert len(a) == 8 and a.isdigit() and a[0] != "0" and is_valid(a)
    assert a != alloc.for_key("order-1", date(2024, 5, 3), set())
    assert a != alloc.for_key("order-2", date(2024, 5, 2), set())


def test_request_id_when_candidate_used_then_probes_to_a_free_one() -> None:
    alloc = RequestIdAllocator()
    first = alloc.for_key("k", date(2024, 5, 2), set())
    second = alloc.for_key("k", date(2024, 5, 2), {first})
    assert second != first and is_valid(second)
    # a used ID written with leading zeros is the same number
    assert alloc.for_key("k", date(2024, 5, 2), {"0" * (8 - len(first)) + first}) != first


def test_request_id_when_many_keys_then_all_distinct() -> None:
    alloc, used = RequestIdAllocator(), set[str]()
    for i in range(1000):
        used.add(alloc.next(date(2024, 5, 2), used, key=f"key-{i}"))
    assert len(used) == 1000
    assert alloc.next(date(2024, 5, 2), used) not in used


def test_request_id_when_probe_budget_exhausted_then_raises() -> None:
    alloc = RequestIdAllocator(max_probes=1)
    taken = {alloc.for_key("k", date(2024, 5, 2), set())}
    with pytest.raises(RequestIdExhausted):
        alloc.for_key("k", date(2024, 5, 2), taken)


@pytest.mark.parametrize(("rid", "ok"), [("1678195", True), ("01234567", True),
                                         ("123456789", False), ("12a4", False), ("", False)])
def test_request_id_format(rid: str, ok: bool) -> None:
    assert is_valid(rid) is ok


# ---- signature format ------------------------------------------------------------------

def test_sign_when_xml_or_pem_key_then_same_lowercase_hex_pkcs1v15_sha256(
        user_key: rsa.RSAPrivateKey) -> None:
    body = b'{"instrumentID":"SSI","price":21000}'
    pem = user_key.private_bytes(serialization.Encoding.PEM,
                                 serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()).decode()
    from_xml = SigningKey.from_text(private_key_to_ssi_xml(user_key)).sign(body)
    from_pem = SigningKey.from_text(pem).sign(body)
    reference = user_key.sign(body, padding.PKCS1v15(), hashes.SHA256()).hex()
    assert from_xml == from_pem == reference
    assert from_xml == from_xml.lower() and len(from_xml) == 512
    assert verify_signature(body, from_xml, user_key.public_key())
    assert not verify_signature(body + b" ", from_xml, user_key.public_key())


def test_signing_key_when_garbage_then_key_format_error_without_the_text() -> None:
    with pytest.raises(KeyFormatError) as info:
        SigningKey.from_text("bm90IGEga2V5IGF0IGFsbA==")  # base64("not a key at all")
    assert "bm90" not in str(info.value)


# ---- requests --------------------------------------------------------------------------

def test_new_order_to_wire_when_lo_then_spec_keys_in_spec_order() -> None:
    req = NewOrderRequest("0901351", "1678195", "SSI", "B", "LO", 21000, 300)
    body = req.to_wire(device_id="8C-EC-4B-D3-0B-96", user_agent="FCTrading", code=None)
    assert list(body) == ["instrumentID", "market", "buySell", "orderType", "channelID",
                          "price", "quantity", "account", "requestID", "stopOrder",
                          "stopPrice", "stopType", "stopStep", "lossStep", "profitStep",
                          "deviceId", "userAgent"]
    assert body["market"] == "VN" and body["channelID"] == "TA" and body["stopOrder"] is False
    assert "code" in req.to_wire(device_id="8CEC4BD30B96", user_agent="", code="1")


@pytest.mark.parametrize(("order_type", "price", "rid"), [
    ("LO", 0, "1"), ("ATO", 21000, "1"), ("LO", 21000, "123456789"), ("XX", 0, "1")])
def test_new_order_when_spec_rule_broken_then_value_error(order_type: str, price: int,
                                                          rid: str) -> None:
    with pytest.raises(ValueError):
        NewOrderRequest("0901351", rid, "SSI", "B", order_type, price, 100)


def test_machine_device_id_when_built_then_spec_format() -> None:
    assert valid_device_id(machine_device_id())
    assert valid_device_id("8C:EC:4B:D3:0B:96") and valid_device_id("8CEC4BD30B96")
    assert not valid_device_id("8C-EC-4B") and not valid_device_id("")


def test_new_order_from_domain_when_market_order_then_price_zero() -> None:
    req = OrderRequest("fpt", Exchange.HOSE, Side.SELL, OrderType.MP, 100, None, "k1")
    order = new_order_from_domain(req, "12345678", "0901351")
    assert (order.instrument_id, order.buy_sell, order.order_type, order.price) == \
        ("FPT", "S", "MP", 0)


# ---- responses: the spec's own examples ------------------------------------------------

def _doc(text: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(text, parse_float=Decimal)
    return doc


def test_read_when_spec_order_history_example_then_typed_and_no_float() -> None:
    row = _doc('{"uniqueID": null, "orderID": "12626539", "buySell": "B", "price": 800.0,'
               '"quantity": 10, "filledQty": 0, "orderStatus": "RJ", "marketID": "VNFE",'
               '"inputTime": "1603157594668", "modifiedTime": "1603157594668",'
               '"instrumentID": "VN30F2012", "orderType": "LO", "cancelQty": 0,'
               '"avgPrice": 0.0, "isForcesell": null, "isShortsell": null}')
    order = from_wire(SsiOrder, row)
    assert order.price == Decimal("800.0") and order.status is S.REJECTED
    assert order.input_time is not None and order.input_time.year == 2020
    assert not order.matches_request_id("12626539")  # uniqueID is null here


def test_read_when_spec_balance_position_ppmmr_examples_then_ints() -> None:
    cash = from_wire(CashBalance, _doc(
        '{"account": "0901351", "cashBal": 7459369481, "cashOnHold": 0, "debt": 1900,'
        '"unMatchedSellVolume": 864619337, "purchasingPower": 7459367581,'
        '"totalAssets": 9726161481}'))
    assert cash.cash_bal == 7459369481 and cash.unmatched_sell_volume == 864619337
    pos = from_wire(StockPositions, _doc(
        '{"account": "0901351", "totalMarketValue": 0, "stockPositions": [{"marketID": "VN",'
        '"instrumentID": "SSI", "onHand": 50300, "bonus": 7425, "avgPrice": 18505,'
        '"sellableQty": 50300, "marketPrice": 0}]}'))
    assert pos.positions[0].on_hand == 50300 and pos.positions[0].bonus == 7425
    pp = from_wire(PpmmrAccount, _doc('{"purchasingPower": 7459367581, "marginRatio": 1,'
                                      '"ee": 7459367581, "action": ""}'))
    assert pp.purchasing_power == 7459367581 and pp.margin_ratio == 1


def test_read_when_required_field_missing_then_wire_error_naming_the_key() -> None:
    with pytest.raises(WireError, match="cashBal"):
        from_wire(CashBalance, {"account": "1", "purchasingPower": 1})
    with pytest.raises(WireError, match="cashBal"):
        from_wire(CashBalance, {"account": "1", "cashBal": None, "purchasingPower": 1})


def test_read_when_fractional_money_then_rounded_half_up_and_noted() -> None:
    notes = ReadNotes()
    cash = from_wire(CashBalance, _doc(
        '{"account": "1", "cashBal": 1500.5, "purchasingPower": "2000.49",'
        '"cashOnHold": 0.5, "debt": -0.5}'), notes)
    assert (cash.cash_bal, cash.purchasing_power, cash.cash_on_hold, cash.debt) == \
        (1501, 2000, 1, -1)  # half up = away from zero on .5, as round_vnd does
    assert {k for k, _p, _n in notes} == {"cashBal", "purchasingPower", "cashOnHold", "debt"}
    assert all(isinstance(v, int) for v in (cash.cash_bal, cash.purchasing_power))


def test_read_when_optional_columns_null_or_odd_then_defaults_and_noted() -> None:
    notes = ReadNotes()
    order = from_wire(SsiOrder, _doc(
        '{"orderID": "1", "orderStatus": "QU", "instrumentID": null, "price": null,'
        '"quantity": null, "filledQty": null, "marketID": null, "orderType": null,'
        '"inputTime": "yesterday", "cancelQty": "n/a", "avgPrice": null, "uniqueID": 12345678}'),
        notes)
    assert (order.instrument_id, order.price, order.quantity, order.filled_qty) == \
        ("", 0, 0, 0)
    assert order.input_time is None and order.cancel_qty == 0
    assert order.matches_request_id("12345678")  # a numeric uniqueID reads as its text
    assert {(k, p) for k, p, _n in notes} == {("inputTime", UNREADABLE),
                                              ("cancelQty", UNREADABLE)}


def test_read_rows_when_one_row_unreadable_then_skipped_and_the_rest_returned() -> None:
    notes = ReadNotes()
    rows = _doc('[{"orderID": "1", "orderStatus": "QU"}, {"orderID": null, "orderStatus":'
                '"QU"}, null, "garbage", {"orderID": "4", "orderStatus": "FF",'
                '"filledQty": 100.0}]')
    orders = rows_from_wire(SsiOrder, rows, "orders", notes)
    assert [o.order_id for o in orders] == ["1", "4"] and orders[1].filled_qty == 100
    assert sum(n for _k, p, n in notes if p.startswith(ROW_SKIPPED)) == 3
    positions = from_wire(StockPositions, _doc(
        '{"stockPositions": [{"instrumentID": "SSI", "onHand": null}, {"instrumentID": "FPT",'
        '"onHand": 200, "avgPrice": 101234.5678, "sellableQty": null}]}'))
    assert [p.instrument_id for p in positions.positions] == ["FPT"]
    assert positions.positions[0].sellable_qty is None and positions.account == ""


def test_envelope_when_not_json_or_no_status_then_wire_error() -> None:
    assert parse_envelope(b'{"message":"Success","status":200,"data":null}').ok
    for bad in (b'{"message": "Succ', b"[]", b'{"message":"x"}', b"\xff"):
        with pytest.raises(WireError):
            parse_envelope(bad)


@pytest.mark.parametrize(("message", "code"), [
    ("Not enough purchasing power", "ORD008"), ("Price exceeds ceiling level.", "ORD003"),
    ("ATC is not allowed in this session", "ORD016"), ("ORD015: channel blocked", "ORD015"),
    ("Account is not exist.", "400")])
def test_error_code_for_when_appendix_message_then_its_code(message: str, code: str) -> None:
    assert error_code_for(400, message) == code


# ---- circuit breaker -------------------------------------------------------------------

def test_circuit_when_threshold_failures_then_opens_half_opens_and_closes() -> None:
    clock = FakeClock(100.0)
    seen: list[CircuitState] = []
    cb = CircuitBreaker(failure_threshold=3, reset_timeout=10.0, clock=clock)
    cb.add_listener(lambda status: seen.append(status.state))
    for _ in range(2):
        cb.record_failure(TimeoutError())
    assert cb.state is CircuitState.CLOSED and cb.allow()
    cb.record_failure(TimeoutError())
    assert cb.is_open and not cb.allow()
    status = cb.status()
    assert not status.broker_available and "broker unavailable" in status.summary
    assert status.last_error == "TimeoutError" and status.retry_at == 110.0
    clock.now = 110.0
    assert cb.status().state is CircuitState.HALF_OPEN
    assert cb.allow() and not cb.allow()  # a single trial call at a time
    cb.record_failure("BrokerUnavailable")
    assert cb.is_open  # the trial failed: open again for another reset_timeout
    clock.now = 120.0
    assert cb.allow()
    cb.record_success()
    assert cb.state is CircuitState.CLOSED and cb.status().broker_available
    assert seen == [CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.OPEN,
                    CircuitState.HALF_OPEN, CircuitState.CLOSED]


def test_circuit_when_success_between_failures_then_count_resets() -> None:
    cb = CircuitBreaker(failure_threshold=2, reset_timeout=1.0)
    cb.record_failure("x")
    cb.record_success()
    cb.record_failure("x")
    assert cb.state is CircuitState.CLOSED
