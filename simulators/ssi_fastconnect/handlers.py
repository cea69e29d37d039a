"""Endpoint logic of the simulator: one function per spec v2.4 path.

Each handler gets a :class:`Call` (the parsed request, the caller's token when the
endpoint needs one) and returns ``(http_status, envelope)``. Application errors are
HTTP 200 with ``{"status": 400|401, "message": ..., "data": null}``: SSI's own .NET client
calls EnsureSuccessStatusCode and could never show these messages otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import book
from .book import DUPLICATE_MESSAGE, Reject
from .state import SimOrder, SimState, TokenInfo
from .wire_rules import device_id_ok, flag, number, two_factor_type, whole

if TYPE_CHECKING:
    from .scenario import Scenario

Envelope = dict[str, Any]
Result = tuple[int, Envelope]
_RID = re.compile(r"^[0-9]{1,8}$")


@dataclass
class Call:
    state: SimState
    scenario: Scenario
    body: dict[str, Any] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    token: TokenInfo | None = None
    raw_token: str = ""


def ok(data: Any = None) -> Result:
    return 200, {"message": "Success", "status": 200, "data": data}


def fail(message: str, status: int = 400) -> Result:
    return 200, {"message": message, "status": status, "data": None}


def _require(src: dict[str, Any], *names: str) -> None:
    for name in names:
        value = src.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise Reject(f"'{name}' must not be empty")


def _owned_account(call: Call, account: str | None) -> str:
    if not account:
        raise Reject("'Account' must not be empty")
    acct = call.state.accounts.get(account)
    assert call.token is not None
    if acct is None or acct.consumer_id != call.token.consumer_id:
        raise Reject("Account is not exist.")
    return account


# ---- auth ----------------------------------------------------------------------------------


def get_otp(call: Call) -> Result:
    c = call.state.consumers.get(str(call.body.get("consumerID", "")))
    if c is None or c.consumer_secret != call.body.get("consumerSecret"):
        return fail("ConsumerID is invalid")
    call.state.new_otp(c.consumer_id)
    return 200, {"message": "Success", "status": 200}


def access_token(call: Call) -> Result:
    b = call.body
    c = call.state.consumers.get(str(b.get("consumerID", "")))
    if c is None or c.consumer_secret != b.get("consumerSecret"):
        return fail("Key does not exist.")
    if two_factor_type(b.get("twoFactorType")) != c.two_factor_type:
        return fail("twoFactorType is invalid")
    code, is_save = b.get("code"), b.get("isSave")
    if not isinstance(code, str) or not code or not isinstance(is_save, bool):
        return fail("'code' and 'isSave' are required")
    if is_save and not call.state.verify_code(c.consumer_id, code):
        return fail("Invalid login ID or password")
    return ok({"accessToken": call.state.issue_token(c.consumer_id, code_saved=is_save)})


def verify_code(call: Call) -> Result:
    assert call.token is not None
    code = call.body.get("code")
    if not isinstance(code, str) or not call.state.verify_code(call.token.consumer_id, code):
        return fail("Code is invalid")
    return ok(call.state.issue_token(call.token.consumer_id, code_saved=True))


# ---- writes (signature already verified by the server) -------------------------------------


def _write_preamble(call: Call, *required: str) -> str:
    b = call.body
    _require(b, *required, "requestID")
    rid = str(b["requestID"])
    if not _RID.match(rid):
        raise Reject("'requestID' must be a string of numbers with max length 8")
    if "deviceId" not in b or not device_id_ok(b["deviceId"]):
        raise Reject("'deviceId' is invalid")
    _owned_account(call, str(b["account"]))
    assert call.token is not None
    if not call.token.code_saved:
        code = b.get("code")
        if not isinstance(code, str) or not call.state.verify_code(call.token.consumer_id,
                                                                   code):
            raise Reject("Unauthorized: invalid trading code (PIN/OTP)", status=401)
    if book.request_id_used(call.state, call.token.consumer_id, rid):
        raise Reject(DUPLICATE_MESSAGE)
    return rid


def _echo(body: dict[str, Any], rid: str) -> Envelope:
    shown = {k: v for k, v in body.items() if k not in ("code", "deviceId", "userAgent")}
    return {"requestID": rid, "requestData": shown}


def new_order(call: Call) -> Result:
    b = call.body
    rid = _write_preamble(call, "instrumentID", "market", "buySell", "orderType",
                          "channelID", "price", "quantity", "account")
    if flag(b, "stopOrder"):  # python-fctrading's example: "only for derivatives"
        raise Reject("'stopOrder' is only for derivatives (derNewOrder)")
    for name in ("stopPrice", "stopStep", "lossStep", "profitStep"):
        if b.get(name) is not None:
            number(b, name)  # absent or null: the spec's default 0
    if b["market"] != "VN":
        raise Reject("'market' must be VN (use derNewOrder for VNFE)")
    if b["buySell"] not in ("B", "S") or b["orderType"] not in book.ORDER_TYPES:
        raise Reject(book.APPENDIX["ORD006"])
    price, quantity = whole(b, "price"), whole(b, "quantity")
    if quantity <= 0:
        raise Reject("'quantity' must be greater than 0")
    if b["orderType"] == "LO" and price <= 0:
        raise Reject("Price must be greater than zero when order is LO")
    if b["orderType"] != "LO" and price != 0:
        raise Reject("Price is null or equal zero when order is market order")
    rejection = call.scenario.take_rejection()
    if rejection is not None and rejection.sync:
        raise Reject(rejection.message)
    order = book.place(call.state, call.token.consumer_id if call.token else "", b,
                       price, quantity)
    if rejection is not None:
        book.reject_async(call.state, order, rejection.message)
    return ok(_echo(b, rid))


def _target(call: Call) -> SimOrder:
    order = call.state.find_order(str(call.body["orderID"]))
    if order is None or order.order_id != call.body["orderID"] \
            or order.account != call.body["account"]:
        raise Reject(book.APPENDIX["ORD013"])
    return order


def modify_order(call: Call) -> Result:
    rid = _write_preamble(call, "orderID", "price", "quantity", "account", "instrumentID",
                          "marketID", "buySell", "orderType")
    order = _target(call)
    assert call.token is not None
    book.modify(call.state, call.token.consumer_id, order, whole(call.body, "price"),
                whole(call.body, "quantity"), rid)
    return ok(_echo(call.body, rid))


def cancel_order(call: Call) -> Result:
    rid = _write_preamble(call, "orderID", "account", "marketID", "instrumentID", "buySell")
    order = _target(call)
    assert call.token is not None
    book.cancel(call.state, call.token.consumer_id, order, rid,
                pending=call.scenario.pending_cancels)
    return ok(_echo(call.body, rid))


# ---- reads ---------------------------------------------------------------------------------


def _num(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def order_row(o: SimOrder, *, audit: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {
        "uniqueID": o.unique_id, "orderID": o.order_id, "buySell": o.buy_sell,
        "price": o.price, "quantity": o.quantity, "filledQty": o.filled_qty,
        "orderStatus": o.status, "marketID": o.market_id, "inputTime": str(o.input_ms),
        "modifiedTime": str(o.modified_ms), "instrumentID": o.instrument_id,
        "orderType": o.order_type, "cancelQty": o.cancel_qty,
        "avgPrice": _num(book.avg_price(o)), "isForcesell": "F", "isShortsell": "F",
        "rejectReason": o.reject_reason}
    if audit:
        row["lastErrorEvent"] = ({**order_row(o), **o.last_error, "lastErrorEvent": None}
                                 if o.last_error else None)
    return row


def order_book(call: Call) -> Result:
    acct = _owned_account(call, call.query.get("account"))
    rows = [order_row(o) for o in call.state.orders_of(acct, call.state.today())]
    return ok({"account": acct, "orders": rows})


def audit_order_book(call: Call) -> Result:
    acct = _owned_account(call, call.query.get("account"))
    rows = [order_row(o, audit=True) for o in call.state.orders_of(acct, call.state.today())]
    return ok({"account": acct, "orders": rows})


def _date(text: str | None, label: str) -> date:
    if not text:
        raise Reject(f"'{label}' must not be empty; {label.replace(' ', '')} is required.")
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise Reject(f"'{label}' must be DD/MM/YYYY") from None


def order_history(call: Call) -> Result:
    acct = _owned_account(call, call.query.get("account"))
    start = _date(call.query.get("startDate"), "Start Date")
    end = _date(call.query.get("endDate"), "End Date")
    rows = [order_row(o) for o in call.state.orders_of(acct) if start <= o.day <= end]
    return ok({"orderHistories": rows, "account": acct})


def stock_position(call: Call) -> Result:
    acct = call.state.accounts[_owned_account(call, call.query.get("account"))]
    rows, total = [], 0
    for symbol, h in sorted(acct.holdings.items()):
        if h.total == 0 and not any(h.sell_t):
            continue
        price = call.state.instruments[symbol].market_price
        total += price * h.total
        rows.append({
            "marketID": "VN", "instrumentID": symbol, "onHand": h.settled,
            "block": h.block, "bonus": 0, "buyT0": h.buy_t[0], "buyT1": h.buy_t[1],
            "buyT2": h.buy_t[2], "sellT0": h.sell_t[0], "sellT1": h.sell_t[1],
            "sellT2": h.sell_t[2],
            "avgPrice": _num(Decimal(h.cost) / h.total) if h.total else 0,
            "mortgage": h.mortgage, "sellableQty": h.sellable,
            "holdForTrade": h.hold_for_trade, "marketPrice": price})
    return ok({"account": acct.account, "totalMarketValue": total, "stockPositions": rows})


def cash_acct_bal(call: Call) -> Result:
    acct = call.state.accounts[_owned_account(call, call.query.get("account"))]
    live = [o for o in call.state.orders_of(acct.account) if o.live]
    unmatched_buy = sum(o.remaining * o.price for o in live if o.buy_sell == "B")
    unmatched_sell = sum(o.remaining * o.price for o in live if o.buy_sell == "S")
    stock_value = sum(call.state.instruments[s].market_price * h.total
                      for s, h in acct.holdings.items())
    return ok({
        "account": acct.account, "cashBal": acct.cash_bal, "cashOnHold": acct.cash_on_hold,
        "secureAmount": acct.cash_on_hold, "withdrawable": acct.purchasing_power,
        "receivingCashT1": acct.receiving[1], "receivingCashT2": acct.receiving[0],
        "matchedBuyVolume": 0, "matchedSellVolume": 0, "debt": 0,
        "unMatchedBuyVolume": unmatched_buy, "unMatchedSellVolume": unmatched_sell,
        "paidCashT1": 0, "paidCashT2": 0, "cia": 0,
        "purchasingPower": acct.purchasing_power,
        "totalAssets": acct.cash_bal + sum(acct.receiving) + stock_value})


def ppmmraccount(call: Call) -> Result:
    acct = call.state.accounts[_owned_account(call, call.query.get("account"))]
    lmv = sum(call.state.instruments[s].market_price * h.total
              for s, h in acct.holdings.items())
    pp = acct.purchasing_power
    return ok({
        "collateralAsset": acct.cash_bal + lmv, "callLMW": 0, "liability": 0,
        "eeOrigin": pp, "forceLMV": 0, "equity": acct.cash_bal + lmv, "ee": pp,
        "callMargin": 0, "cashBalance": acct.cash_bal, "purchasingPower": pp,
        "callForcesell": 0, "lmv": lmv, "marginCall": 0, "withdrawal": pp,
        "collateralA": 0, "action": "", "marginRatio": 1, "debt": 0, "accruedInterest": 0,
        "holdRight": 0, "preLoan": 0, "fees": 0, "buyUnmatch": acct.cash_on_hold, "ap": 0,
        "apT1": 0, "sellUnmatch": 0, "cia": 0, "ar": sum(acct.receiving), "arT1": 0,
        "ppCredit": pp, "creditLimit": 0, "totalAssets": acct.cash_bal + lmv,
        "marginCallLMVSold": 0, "lmvNonMarginable": lmv, "eeCredit": pp,
        "totalEquity": acct.cash_bal + lmv, "eE90": pp, "eE80": pp, "eE70": pp, "eE60": pp,
        "eE50": pp})


def max_buy_qty(call: Call) -> Result:
    acct = call.state.accounts[_owned_account(call, call.query.get("account"))]
    _require(call.query, "instrumentID", "price")
    inst = call.state.instruments.get(call.query["instrumentID"].upper())
    if inst is None:
        raise Reject(book.APPENDIX["ORD001"])
    price = whole(dict(call.query), "price") or inst.ceiling
    per_share = price + price * call.state.fee_bps // 10_000
    return ok({"account": acct.account, "maxBuyQty": max(0, acct.purchasing_power) // per_share,
               "marginRatio": "100%", "purchasingPower": acct.purchasing_power})


def max_sell_qty(call: Call) -> Result:
    acct = call.state.accounts[_owned_account(call, call.query.get("account"))]
    _require(call.query, "instrumentID")
    h = acct.holdings.get(call.query["instrumentID"].upper())
    return ok({"account": acct.account, "maxSellQty": h.sellable if h else 0})


Handler = Callable[[Call], Result]
# lower-cased path -> (method, needs a token, needs a signature, handler)
ROUTES: dict[str, tuple[str, bool, bool, Handler]] = {
    "/api/v2/trading/getotp": ("POST", False, False, get_otp),
    "/api/v2/trading/accesstoken": ("POST", False, False, access_token),
    "/api/v2/trading/verifycode": ("POST", True, False, verify_code),
    "/api/v2/trading/neworder": ("POST", True, True, new_order),
    "/api/v2/trading/modifyorder": ("POST", True, True, modify_order),
    "/api/v2/trading/cancelorder": ("POST", True, True, cancel_order),
    "/api/v2/trading/orderhistory": ("GET", True, False, order_history),
    "/api/v2/trading/stockposition": ("GET", True, False, stock_position),
    "/api/v2/trading/maxbuyqty": ("GET", True, False, max_buy_qty),
    "/api/v2/trading/maxsellqty": ("GET", True, False, max_sell_qty),
    "/api/v2/trading/cashacctbal": ("GET", True, False, cash_acct_bal),
    "/api/v2/trading/ppmmraccount": ("GET", True, False, ppmmraccount),
    "/api/v2/trading/auditorderbook": ("GET", True, False, audit_order_book),
    "/api/v2/trading/orderbook": ("GET", True, False, order_book),
}
