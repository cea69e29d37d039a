"""The async SSI FastConnect Trading API v2.4 client.

Auth (spec 5.2-5.4): AccessToken with consumerID/consumerSecret, twoFactorType and code.
PIN users log in automatically (``isSave = config.save_code``); OTP users call
:meth:`get_otp` then :meth:`authenticate` (or :meth:`verify_code`) with the OTP, and
otherwise get a read-only token. A token is reused until ``token_refresh_margin`` seconds
before its JWT expiry; an HTTP 401 drops it, logs in again and re-sends ONCE.

Reads (GET, query parameters) are retried on timeouts, transport errors, 5xx and 429 with
bounded exponential backoff and jitter. Writes (NewOrder, ModifyOrder, CancelOrder) are
signed (see :mod:`.signing`) and NEVER re-sent, except the single re-send after a 401,
which the server did not process. A write that left but got no trustworthy answer raises
:class:`OrderOutcomeUnknown`: ask :meth:`find_order_by_request_id` before any re-send.
Every call has a timeout and passes the circuit breaker.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from . import endpoints as ep
from .errors import MalformedResponse
from .models import (
    AuditOrder,
    CancelOrderRequest,
    CashBalance,
    MaxBuyQty,
    MaxSellQty,
    ModifyOrderRequest,
    NewOrderRequest,
    OrderAck,
    PpmmrAccount,
    SsiOrder,
    StockPositions,
)
from .session import VN_TZ, Session, SsiConfig
from .wire import ReadNotes, rows_from_wire

__all__ = ["FastConnectClient", "SsiConfig"]


class FastConnectClient(Session):
    """Spec v2.4 REST calls (sections 5.2-5.7, 5.11, 5.12, 5.14-5.17, 5.19, 5.20)."""

    # ---- trading rights ----------------------------------------------------------------

    async def trading_rights(self) -> float:
        """Get this session's trading rights now, asking for a code through
        :attr:`code_provider` when one is needed (see :mod:`.rights`); returns when they
        end (Unix seconds). Raises AuthError (``needs_code``) when no code was given."""
        return (await self._trading_token()).expires_at

    async def stream_token(self, *, refused: str | None = None) -> str:
        """The bearer token the order stream signs in with (this session's own, logged in
        anew when it is no longer usable; ``refused``: the value the stream host answered
        401 to, dropped first). Never logged."""
        token = self._token
        stale = token if token is not None and refused is not None \
            and token.value == refused else None
        return (await self._bearer(stale=stale)).value

    # ---- orders ------------------------------------------------------------------------

    async def new_order(self, req: NewOrderRequest, *, code: str | None = None) -> OrderAck:
        """NewOrder (spec 5.5), sent once. See the module doc for the failure contract."""
        return await self._write(ep.NEW_ORDER, req, code)

    async def modify_order(self, req: ModifyOrderRequest, *,
                           code: str | None = None) -> OrderAck:
        """ModifyOrder (spec 5.6), sent once."""
        return await self._write(ep.MODIFY_ORDER, req, code)

    async def cancel_order(self, req: CancelOrderRequest, *,
                           code: str | None = None) -> OrderAck:
        """CancelOrder (spec 5.7), sent once."""
        return await self._write(ep.CANCEL_ORDER, req, code)

    # ---- reads -------------------------------------------------------------------------

    async def _orders(self, path: str, params: Mapping[str, str], key: str) -> list[Any]:
        env = await self._read(path, params)
        rows = env.data.get(key) if isinstance(env.data, dict) else None
        if rows is None:
            return []
        if not isinstance(rows, list):
            raise MalformedResponse(path, 200, f"{key} is not a list")
        return rows

    async def order_book(self, account: str | None = None) -> list[SsiOrder]:
        """OrderBook (spec 5.20): today's orders (a row that cannot be read is skipped and
        logged; the others are returned)."""
        rows = await self._orders(ep.ORDER_BOOK, {"account": self._account(account)}, "orders")
        return self._parse_rows(ep.ORDER_BOOK, SsiOrder, rows, "orders")

    async def audit_order_book(self, account: str | None = None) -> list[AuditOrder]:
        """auditOrderBook (spec 5.19): today's orders with their last error event (an
        unreadable error event counts as none; an unreadable row is skipped, logged)."""
        rows = await self._orders(ep.AUDIT_ORDER_BOOK, {"account": self._account(account)},
                                  "orders")
        notes = ReadNotes()
        out: list[AuditOrder] = []
        for r in rows:
            orders = rows_from_wire(SsiOrder, [r], "orders", notes)
            if not orders:
                continue
            last = r.get("lastErrorEvent") if isinstance(r, dict) else None
            errors = rows_from_wire(SsiOrder, [last], "lastErrorEvent", notes) if last \
                else []
            out.append(AuditOrder(orders[0], errors[0] if errors else None))
        self._report(ep.AUDIT_ORDER_BOOK, notes)
        return out

    async def order_history(self, start: date, end: date,
                            account: str | None = None) -> list[SsiOrder]:
        """orderHistory (spec 5.11); dates go out as DD/MM/YYYY."""
        params = {"account": self._account(account), "startDate": start.strftime("%d/%m/%Y"),
                  "endDate": end.strftime("%d/%m/%Y")}
        rows = await self._orders(ep.ORDER_HISTORY, params, "orderHistories")
        return self._parse_rows(ep.ORDER_HISTORY, SsiOrder, rows, "orderHistories")

    async def stock_position(self, account: str | None = None) -> StockPositions:
        """stockPosition (spec 5.12)."""
        env = await self._read(ep.STOCK_POSITION, {"account": self._account(account)})
        return self._parse(ep.STOCK_POSITION, StockPositions, env.data)

    async def cash_account_balance(self, account: str | None = None) -> CashBalance:
        """cashAcctBal (spec 5.16)."""
        env = await self._read(ep.CASH_ACCT_BAL, {"account": self._account(account)})
        return self._parse(ep.CASH_ACCT_BAL, CashBalance, env.data)

    async def ppmmr_account(self, account: str | None = None) -> PpmmrAccount:
        """ppmmraccount (spec 5.17)."""
        env = await self._read(ep.PPMMR_ACCOUNT, {"account": self._account(account)})
        return self._parse(ep.PPMMR_ACCOUNT, PpmmrAccount, env.data)

    async def max_buy_qty(self, instrument_id: str, price: int,
                          account: str | None = None) -> MaxBuyQty:
        """maxBuyQty (spec 5.14)."""
        params = {"account": self._account(account), "instrumentID": instrument_id,
                  "price": str(price)}
        env = await self._read(ep.MAX_BUY_QTY, params)
        return self._parse(ep.MAX_BUY_QTY, MaxBuyQty, env.data)

    async def max_sell_qty(self, instrument_id: str, account: str | None = None) -> MaxSellQty:
        """maxSellQty (spec 5.15)."""
        params = {"account": self._account(account), "instrumentID": instrument_id}
        env = await self._read(ep.MAX_SELL_QTY, params)
        return self._parse(ep.MAX_SELL_QTY, MaxSellQty, env.data)

    # ---- "did my request get there?" ---------------------------------------------------

    def vn_today(self) -> date:
        return datetime.fromtimestamp(self._clock(), tz=UTC).astimezone(VN_TZ).date()

    async def find_order_by_request_id(self, request_id: str, day: date,
                                       account: str | None = None) -> SsiOrder | None:
        """The broker's order created by ``request_id`` on ``day`` (Vietnam date), or None.

        Today: OrderBook, then auditOrderBook (which also lists orders refused with an
        error event). Another day: orderHistory for that day. Reads are retried; if the
        broker cannot be asked, the typed read error propagates (never a guessed None).
        """
        if day == self.vn_today():
            for order in await self.order_book(account):
                if order.matches_request_id(request_id):
                    return order
            for audit in await self.audit_order_book(account):
                if audit.order.matches_request_id(request_id) or (
                        audit.last_error is not None
                        and audit.last_error.matches_request_id(request_id)):
                    return audit.order
            return None
        for order in await self.order_history(day, day, account):
            if order.matches_request_id(request_id):
                return order
        return None

