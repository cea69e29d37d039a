"""FastConnect Trading paths, exactly as spec v2.4 writes them (section and line).

Hosts (spec section 3, lines 139-146): REST https://fc-tradeapi.ssi.com.vn, order stream
https://fc-tradehub.ssi.com.vn. ASP.NET routing is case-insensitive, which is why SSI's
python client can write ``orderBook`` where the spec writes ``OrderBook``.
"""

from __future__ import annotations

__all__ = [
    "ACCESS_TOKEN", "AUDIT_ORDER_BOOK", "CANCEL_ORDER", "CASH_ACCT_BAL", "GET_OTP",
    "MAX_BUY_QTY", "MAX_SELL_QTY", "MODIFY_ORDER", "NEW_ORDER", "ORDER_BOOK",
    "ORDER_HISTORY", "PPMMR_ACCOUNT", "PROD_BASE_URL", "SIGNED", "STOCK_POSITION",
    "VERIFY_CODE",
]

PROD_BASE_URL = "https://fc-tradeapi.ssi.com.vn"
_P = "/api/v2/Trading/"

GET_OTP = _P + "GetOTP"  # 5.2, line 169, POST
VERIFY_CODE = _P + "verifyCode"  # 5.3, line 237, POST
ACCESS_TOKEN = _P + "AccessToken"  # 5.4, line 295, POST
NEW_ORDER = _P + "NewOrder"  # 5.5, line 384, POST, signed
MODIFY_ORDER = _P + "ModifyOrder"  # 5.6, line 567, POST, signed
CANCEL_ORDER = _P + "CancelOrder"  # 5.7, line 698, POST, signed
ORDER_HISTORY = _P + "orderHistory"  # 5.11, line 1200, GET
STOCK_POSITION = _P + "stockPosition"  # 5.12, line 1281, GET
MAX_BUY_QTY = _P + "maxBuyQty"  # 5.14, line 1532, GET
MAX_SELL_QTY = _P + "maxSellQty"  # 5.15, line 1608, GET
CASH_ACCT_BAL = _P + "cashAcctBal"  # 5.16, line 1673, GET
PPMMR_ACCOUNT = _P + "ppmmraccount"  # 5.17, line 1782, GET
AUDIT_ORDER_BOOK = _P + "auditOrderBook"  # 5.19, line 2152, GET
ORDER_BOOK = _P + "OrderBook"  # 5.20, line 2284, GET

SIGNED = frozenset({NEW_ORDER, MODIFY_ORDER, CANCEL_ORDER})
