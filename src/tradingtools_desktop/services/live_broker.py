"""The live broker link: builds the SSI FastConnect broker from the profile's vault,
connects it to the OMS for LIVE orders and reports its health to the guardrails.

Where the broker lives: ``TRADINGTOOLS_SSI_URL`` (e.g. the local SSI simulator), else the
profile setting ``ssi_url``, else SSI's production address. ``set_url`` changes the
setting's address at runtime (the setup wizard); the environment variable keeps winning.
The link connects in the background (never at start-up, which must not wait on the
network), retries every ``retry_s`` seconds while it is not connected, and drops the broker
at once when an ``ssi.*`` secret is revoked.

``code_provider`` is how the app asks the user for a trading code (an OTP, or a PIN the
vault does not hold) when a LIVE order needs one: the GUI's code dialog or the CLI's hidden
prompt. It is handed to every client this link builds; None means such an order is refused
before anything is sent.

``account_book()`` is the risk engine's live book (SSI purchasing power and sellable
quantities) from the newest account read; the risk engine asks for it at every check.

``probe()`` is the guardrail: healthy only while connected and the circuit breaker is
closed; its detail also says how order reports arrive (the order stream live, or down and
the order book read every second) — a stream down is not unhealthy, the poll covers it.
An open circuit means "broker unavailable": the guardrails drop live trading back
to dry-run, and the portfolio keeps its last good broker state, labelled stale.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..brokers.base import BrokerUnavailable
from ..brokers.trading_code import CodeProvider
from ..domain.market.calendar import TradingCalendar
from ..domain.reconciliation import BrokerSnapshot
from .clock import Clock
from .guardrails import GuardrailStatus
from .oms import OrderManager
from .risk_service import AccountBook

if TYPE_CHECKING:
    from ..brokers.ssi.account import AccountView
    from ..brokers.ssi.broker import SsiBroker
    from ..brokers.ssi.client import FastConnectClient

log = logging.getLogger(__name__)
SSI_KEYS = ("ssi.consumer_id", "ssi.consumer_secret", "ssi.private_key", "ssi.account")
SecretGetter = Callable[[str], Awaitable[str | None]]


class LiveBrokerLink:
    def __init__(self, secrets: SecretGetter, orders: OrderManager, clock: Clock, *,
                 url: str | None = None, retry_s: float = 30.0,
                 timeout_s: float = 10.0, calendar: TradingCalendar | None = None) -> None:
        self._secrets = secrets
        self._orders = orders
        self._clock = clock
        self.url = os.environ.get("TRADINGTOOLS_SSI_URL") or url or None
        self.retry_s = retry_s
        self.timeout_s = timeout_s
        self._calendar = calendar
        self.broker: SsiBroker | None = None
        self._revoked: SsiBroker | None = None  # dropped on revoke, closed by stop()
        self.last_view: AccountView | None = None  # the newest account read
        self._book: AccountBook | None = None  # the risk engine's view of last_view
        self.reads = 0
        self.state = "not connected"
        self._next_try = 0.0
        self._code_provider: CodeProvider | None = None

    @property
    def code_provider(self) -> CodeProvider | None:
        return self._code_provider

    @code_provider.setter
    def code_provider(self, provider: CodeProvider | None) -> None:
        self._code_provider = provider
        if self.broker is not None:
            self.broker.client.code_provider = provider

    def set_url(self, url: str | None) -> str | None:
        """Use ``url`` (the profile's ``ssi_url`` setting; empty/None = SSI's production
        address) from the next connection on; the current one is left alone (disconnect to
        switch now). ``TRADINGTOOLS_SSI_URL``, when set, keeps winning over it. Returns the
        address the next connection will use (None = SSI's own)."""
        self.url = os.environ.get("TRADINGTOOLS_SSI_URL") or url or None
        self._next_try = 0.0  # the poller may try the new address at once
        return self.url

    @property
    def connected(self) -> bool:
        return self.broker is not None

    async def configured(self) -> bool:
        return all([await self._secrets(k) for k in SSI_KEYS])

    async def connect(self) -> str:
        """Log in and read the account; on success LIVE orders go to SSI. Raises on failure
        (the message never carries a secret)."""
        from ..brokers.ssi import (  # the SSI stack loads on first use
            CircuitBreaker,
            FastConnectClient,
            SsiConfig,
            SsiCredentials,
            TwoFactorType,
        )
        from ..brokers.ssi.broker import SsiBroker
        from ..brokers.ssi.models import machine_device_id

        values = {k: await self._secrets(k) for k in (*SSI_KEYS, "ssi.two_factor", "ssi.pin")}
        missing = [k for k in SSI_KEYS if not values.get(k)]
        if missing:
            self.state = "not configured: " + ", ".join(missing) + " missing"
            raise RuntimeError(f"SSI FastConnect is not configured ({', '.join(missing)} "
                               "missing in this profile's vault)")
        otp = (values.get("ssi.two_factor") or "PIN").upper() == "OTP"
        config = SsiConfig(account=str(values["ssi.account"]), device_id=machine_device_id(),
                           timeout=self.timeout_s)
        if self.url:
            config = replace(config, base_url=self.url)
        creds = SsiCredentials(str(values["ssi.consumer_id"]), str(values["ssi.consumer_secret"]),
                               str(values["ssi.private_key"]),
                               TwoFactorType.OTP if otp else TwoFactorType.PIN,
                               values.get("ssi.pin"))
        # the client keeps the app's time (token expiry, "today" for requestID lookups, the
        # circuit breaker's cool-down), so a practice clock moves all of them together
        now = lambda: self._clock.now().timestamp()  # noqa: E731
        client = FastConnectClient(config, creds, clock=now, breaker=CircuitBreaker(clock=now))
        client.code_provider = self._code_provider
        try:
            await client.authenticate()
            view = await self._read(client)
        except BaseException:
            await client.aclose()
            raise
        await self.disconnect()
        broker = SsiBroker(client, clock=self._clock.now, stream_url=config.stream_base)
        try:
            await self._orders.connect_live(broker)
            await broker.start()  # the order stream, in the background
        except BaseException:
            await broker.stop()
            raise
        self.broker = broker
        self.last_view = view
        self.state = f"connected to account {view.cash.account}"
        log.info("SSI FastConnect connected (%s)", config.base_url)
        return self.state

    def _client(self) -> FastConnectClient:
        if self.broker is None:
            raise BrokerUnavailable(f"no live broker: SSI FastConnect {self.state}")
        return self.broker.client

    async def _read(self, client: FastConnectClient) -> AccountView:
        from ..brokers.ssi.account import read_account

        view = await read_account(client, self._clock.now(), self._calendar)
        self._book = _book(view)
        return view

    def account_book(self) -> AccountBook | None:
        """The live book of the newest account read (None before the first)."""
        return self._book

    async def read_account(self) -> AccountView:
        """Positions, cash and live orders from SSI (stockPosition, cashAcctBal, orderBook);
        each read also refreshes the risk engine's live book and becomes ``last_view``.
        Raises when the broker cannot be read."""
        view = await self._read(self._client())
        self.last_view, self.reads = view, self.reads + 1
        return view

    async def broker_snapshot(self) -> BrokerSnapshot:
        """The reconciliation's broker side: always a fresh read."""
        return (await self.read_account()).snapshot

    async def ensure_connected(self, now: float) -> None:
        """The poller's call: try to connect when configured and due; never raises."""
        if self.broker is not None or now < self._next_try:
            return
        self._next_try = now + self.retry_s
        try:
            if not await self.configured():
                self.state = "not configured"
                return
            await self.connect()
        except Exception as exc:
            self.state = f"connection failed: {exc}"
            log.warning("SSI FastConnect: %s", exc)

    async def disconnect(self, why: str = "") -> None:
        broker, self.broker = self.broker, None
        self._orders.disconnect_live()
        if why:
            self.state = why
        if broker is not None:
            await broker.stop()

    def forget(self) -> None:
        """An ssi.* secret was revoked: stop using the broker now (closed by ``stop``)."""
        self._orders.disconnect_live()
        self._revoked, self.broker = self.broker, None
        self.state = "SSI secrets revoked"
        self._next_try = 0.0

    async def stop(self) -> None:
        revoked, self._revoked = self._revoked, None
        if revoked is not None:
            await revoked.stop()
        await self.disconnect()

    def probe(self) -> GuardrailStatus:
        if self.broker is None:
            return GuardrailStatus("broker", False, f"SSI FastConnect {self.state}")
        circuit = self.broker.circuit_status()
        if not circuit.broker_available:
            return GuardrailStatus("broker", False, circuit.summary)
        return GuardrailStatus("broker", True, f"SSI FastConnect {self.state}; "
                               f"{self.broker.stream_summary()}")


def _book(view: AccountView) -> AccountBook:
    """The risk engine's live book from the broker's account: purchasing power (which
    already holds cash for open orders) and sellable quantities (net of open sells)."""
    book = AccountBook(cash_available=view.cash.purchasing_power, cash_total=view.cash.cash_bal)
    for symbol, p in view.snapshot.positions.items():
        book.total[symbol] = p.total
        book.settled[symbol] = p.sellable
        book.market_value += view.market_prices.get(symbol, 0) * p.total
    return book
