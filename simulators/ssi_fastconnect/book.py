"""Order-book rules of the simulator: accept, modify, cancel, fill, reject, expire.

Rejections raise :class:`Reject` with the spec's appendix 7.1 message text (first
column), which the HTTP layer returns as ``{"status": 400, "message": ...}``. requestIDs
are numeric and unique per consumer and trading day; only ACCEPTED requests consume one,
so a "duplicate" answer always means something was accepted under that requestID.
All functions expect the caller to hold ``state.lock``.
"""

from __future__ import annotations

from decimal import Decimal

from .state import SimOrder, SimState, tick_size

MARKET_TYPES = frozenset({"ATO", "ATC", "MP", "MTL", "MOK", "MAK"})
ORDER_TYPES = MARKET_TYPES | {"LO", "PLO"}
DUPLICATE_MESSAGE = "RequestID is duplicated"
APPENDIX = {  # spec v2.4 appendix 7.1, "Message" column
    "ORD001": "Security ticker does not exist.",
    "ORD002": "Price is under floor level",
    "ORD003": "Price exceeds ceiling level.",
    "ORD004": "Invalid Price Unit (Spread)",
    "ORD005": "Invalid trading lot/block",
    "ORD006": "Invalid parameters",
    "ORD007": "Quantity exceeds the allowance",
    "ORD008": "Not enough purchasing power",
    "ORD012": "This order cannot be modified",
    "ORD013": "Order Is Null Error!",
    "ORD014": "Price and Quantity have no changes",
    "ORD017": "This stock is suspended or terminated",
    "ORD018": "Odd lot is not allowed",
    "ORD031": "Reduce qty more than outstanding qty",
}


class Reject(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def appendix_message(code_or_message: str) -> str:
    return APPENDIX.get(code_or_message, code_or_message)


def request_id_used(state: SimState, consumer_id: str, request_id: str) -> bool:
    return int(request_id) in state.used_request_ids.get((consumer_id, state.today()), set())


def consume_request_id(state: SimState, consumer_id: str, request_id: str) -> None:
    state.used_request_ids.setdefault((consumer_id, state.today()), set()).add(int(request_id))


def _fee(state: SimState, value: int, sell: bool) -> int:
    bps = state.fee_bps + (state.sell_tax_bps if sell else 0)
    return value * bps // 10_000


def _hold_price(state: SimState, order_type: str, price: int, symbol: str) -> int:
    if order_type in MARKET_TYPES:
        return state.instruments[symbol].ceiling
    return price


def check_order(state: SimState, account: str, symbol: str, buy_sell: str, order_type: str,
                price: int, quantity: int, *, exclude: SimOrder | None = None) -> int:
    """Exchange and risk checks of a (new or modified) order; returns the cash to hold."""
    inst = state.instruments.get(symbol)
    if inst is None:
        raise Reject(APPENDIX["ORD001"])
    if order_type == "LO" or order_type == "PLO":
        if price < inst.floor:
            raise Reject(APPENDIX["ORD002"])
        if price > inst.ceiling:
            raise Reject(APPENDIX["ORD003"])
        if price % tick_size(price) != 0:
            raise Reject(APPENDIX["ORD004"])
    if quantity >= 100 and quantity % 100 != 0:
        raise Reject(APPENDIX["ORD005"])
    if quantity < 100 and order_type != "LO":
        raise Reject(APPENDIX["ORD018"])
    acct = state.accounts[account]
    if buy_sell == "B":
        need = quantity * _hold_price(state, order_type, price, symbol)
        need += _fee(state, need, False)
        freed = exclude.held_cash if exclude is not None else 0
        if need > acct.purchasing_power + freed:
            raise Reject(APPENDIX["ORD008"])
        return need
    h = acct.holding(symbol)
    freed_qty = exclude.remaining if exclude is not None else 0
    if quantity > h.sellable + freed_qty:
        raise Reject(APPENDIX["ORD007"])
    return 0


def place(state: SimState, consumer_id: str, body: dict[str, object], price: int,
          quantity: int) -> SimOrder:
    """A validated NewOrder body (``price`` and ``quantity`` already read as whole
    numbers) -> a queued order (or Reject)."""
    account, symbol = str(body["account"]), str(body["instrumentID"]).upper()
    buy_sell, order_type = str(body["buySell"]), str(body["orderType"])
    rid = str(body["requestID"])
    held = check_order(state, account, symbol, buy_sell, order_type, price, quantity)
    now, today = state.now_ms(), state.today()
    order = SimOrder(
        order_id=f"T{today:%Y%m%d}{state.prefix}{int(rid):08d}", unique_id=rid,
        account=account, consumer_id=consumer_id, instrument_id=symbol,
        market_id=str(body.get("market", "VN")), buy_sell=buy_sell, order_type=order_type,
        price=price, quantity=quantity, day=today, input_ms=now, modified_ms=now,
        held_cash=held, request_ids=[rid])
    acct = state.accounts[account]
    acct.cash_on_hold += held
    if buy_sell == "S":
        acct.holding(symbol).hold_for_trade += quantity
    state.orders.append(order)
    consume_request_id(state, consumer_id, rid)
    return order


def _release(state: SimState, order: SimOrder) -> None:
    """Free what the order still holds (cash for buys, shares for sells)."""
    acct = state.accounts[order.account]
    acct.cash_on_hold -= order.held_cash
    order.held_cash = 0
    if order.buy_sell == "S":
        acct.holding(order.instrument_id).hold_for_trade -= order.remaining


def reject_async(state: SimState, order: SimOrder, message: str) -> None:
    """The exchange/RMS refused an accepted order: RJ with a lastErrorEvent."""
    _release(state, order)
    order.status, order.reject_reason = "RJ", message
    order.cancel_qty = order.quantity - order.filled_qty
    order.modified_ms = state.now_ms()
    order.last_error = {"uniqueID": order.unique_id, "orderStatus": "RJ",
                        "rejectReason": message}


def modify(state: SimState, consumer_id: str, order: SimOrder, price: int, quantity: int,
           rid: str) -> None:
    if not order.live or order.status == "WC":
        raise Reject(APPENDIX["ORD012"])
    if price == order.price and quantity == order.quantity:
        raise Reject(APPENDIX["ORD014"])
    if quantity < order.filled_qty + order.cancel_qty:
        raise Reject(APPENDIX["ORD031"])
    new_remaining = quantity - order.filled_qty - order.cancel_qty
    held = check_order(state, order.account, order.instrument_id, order.buy_sell,
                       order.order_type, price, new_remaining, exclude=order)
    _release(state, order)
    acct = state.accounts[order.account]
    order.price, order.quantity, order.held_cash = price, quantity, held
    acct.cash_on_hold += held
    if order.buy_sell == "S":
        acct.holding(order.instrument_id).hold_for_trade += order.remaining
    order.modified_ms = state.now_ms()
    order.request_ids.append(rid)
    consume_request_id(state, consumer_id, rid)


def cancel(state: SimState, consumer_id: str, order: SimOrder, rid: str, *,
           pending: bool = False) -> None:
    """Cancel the remainder (CL, or FFPC once something traded); WC when ``pending``."""
    if not order.live or order.status == "WC":
        raise Reject(APPENDIX["ORD012"])
    order.request_ids.append(rid)
    consume_request_id(state, consumer_id, rid)
    order.modified_ms = state.now_ms()
    if pending:
        order.status = "WC"
        return
    confirm_cancel(state, order)


def confirm_cancel(state: SimState, order: SimOrder) -> None:
    _release(state, order)
    order.cancel_qty += order.remaining
    order.status = "FFPC" if order.filled_qty > 0 else "CL"
    order.modified_ms = state.now_ms()


def fill(state: SimState, order: SimOrder, quantity: int, price: int) -> None:
    """Match ``quantity`` at ``price``: PF/FF, cash and holdings move (T+2 pending)."""
    if not order.live:
        raise ValueError(f"order {order.order_id} is {order.status}, not live")
    if quantity <= 0 or quantity > order.remaining:
        raise ValueError(f"fill of {quantity} exceeds remaining {order.remaining}")
    acct = state.accounts[order.account]
    h = acct.holding(order.instrument_id)
    value = quantity * price
    if order.buy_sell == "B":
        hold_part = order.held_cash * quantity // order.remaining
        acct.cash_on_hold -= hold_part
        order.held_cash -= hold_part
        acct.cash_bal -= value + _fee(state, value, False)
        h.buy_t[0] += quantity
        h.cost += value
    else:
        avg_cost = h.cost // h.total if h.total else 0
        h.settled -= quantity
        h.hold_for_trade -= quantity
        h.sell_t[0] += quantity
        h.cost -= avg_cost * quantity
        acct.receiving[0] += value - _fee(state, value, True)
    order.filled_qty += quantity
    order.filled_value += value
    order.status = "FF" if order.remaining == 0 else "PF"
    order.modified_ms = state.now_ms()
    if order.remaining == 0:
        _release(state, order)
    state.instruments[order.instrument_id].market_price = price


def expire_open(state: SimState) -> list[SimOrder]:
    """End of day: every live order's remainder expires (EX)."""
    out = []
    for o in state.orders:
        if o.live:
            _release(state, o)
            o.cancel_qty += o.remaining
            o.status = "EX"
            o.modified_ms = state.now_ms()
            out.append(o)
    return out


def avg_price(order: SimOrder) -> Decimal:
    if order.filled_qty == 0:
        return Decimal(0)
    return Decimal(order.filled_value) / Decimal(order.filled_qty)
