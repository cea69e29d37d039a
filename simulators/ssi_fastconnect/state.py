"""Server-side state of the simulated SSI FastConnect Trading API.

Consumers (consumerID/consumerSecret, the PUBLIC key their requests are verified with,
PIN or OTP two-factor), their stock accounts (cash, holdings), instruments (reference,
ceiling, floor, market price), the order book and issued tokens. One re-entrant lock
guards everything: the HTTP server is threaded.

Holdings: ``settled`` is on hand and sellable minus ``hold_for_trade`` (quantity in open
sell orders); buys arrive as ``buy_t0`` and settle at T+2 (:meth:`SimState.advance_day`).
Buys become sellable at the roll after T+2 (SSI credits them on the afternoon of T+2; the
simulator has no intraday clock). Cash: ``cash_bal``; open buy orders hold cash
(``cash_on_hold``); sell proceeds wait in ``receiving`` = [due in 2 days, due in 1 day]
and reach ``cash_bal`` on T+2. purchasingPower = cash_bal - cash_on_hold.
Fees and sell tax are 0 unless ``fee_bps`` / ``sell_tax_bps`` are set.

Tokens are HS256 JWTs signed with a per-simulator secret; ``exp`` is what clients read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

VN_TZ = timezone(timedelta(hours=7))
PIN, OTP = 0, 1


@dataclass
class Consumer:
    consumer_id: str
    consumer_secret: str
    public_key: rsa.RSAPublicKey
    two_factor_type: int = PIN
    pin: str = "123456"
    accounts: set[str] = field(default_factory=set)
    otp: str | None = None
    otp_expires_at: float = 0.0
    otp_history: list[str] = field(default_factory=list)


@dataclass
class Holding:
    settled: int = 0
    hold_for_trade: int = 0
    buy_t: list[int] = field(default_factory=lambda: [0, 0, 0])
    sell_t: list[int] = field(default_factory=lambda: [0, 0, 0])
    cost: int = 0  # total VND cost of settled + pending shares (for avgPrice)
    block: int = 0
    mortgage: int = 0

    @property
    def total(self) -> int:
        return self.settled + sum(self.buy_t)

    @property
    def sellable(self) -> int:
        return max(0, self.settled - self.hold_for_trade - self.block - self.mortgage)


@dataclass
class Account:
    account: str
    consumer_id: str
    cash_bal: int = 0
    cash_on_hold: int = 0
    receiving: list[int] = field(default_factory=lambda: [0, 0])  # [due T+2, due T+1]
    holdings: dict[str, Holding] = field(default_factory=dict)

    @property
    def purchasing_power(self) -> int:
        return self.cash_bal - self.cash_on_hold

    def holding(self, symbol: str) -> Holding:
        return self.holdings.setdefault(symbol, Holding())


@dataclass
class Instrument:
    symbol: str
    reference: int
    ceiling: int
    floor: int
    market_price: int
    exchange: str = "HOSE"


@dataclass
class SimOrder:
    order_id: str
    unique_id: str  # the NewOrder requestID
    account: str
    consumer_id: str
    instrument_id: str
    market_id: str
    buy_sell: str
    order_type: str
    price: int
    quantity: int
    day: date
    input_ms: int
    modified_ms: int
    status: str = "QU"
    filled_qty: int = 0
    filled_value: int = 0
    cancel_qty: int = 0
    reject_reason: str = "0"
    held_cash: int = 0  # cash still on hold for this (buy) order
    last_error: dict[str, object] | None = None
    request_ids: list[str] = field(default_factory=list)  # every requestID that touched it

    @property
    def remaining(self) -> int:
        return self.quantity - self.filled_qty - self.cancel_qty

    @property
    def live(self) -> bool:
        return self.status in ("WA", "RS", "SD", "QU", "PF", "WM", "WC", "IAV")


@dataclass
class TokenInfo:
    jti: str
    consumer_id: str
    expires_at: float
    code_saved: bool
    revoked: bool = False


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def load_public_key(key: rsa.RSAPublicKey | str | bytes) -> rsa.RSAPublicKey:
    if isinstance(key, rsa.RSAPublicKey):
        return key
    data = key.encode("ascii") if isinstance(key, str) else key
    loaded = serialization.load_pem_public_key(data)
    if not isinstance(loaded, rsa.RSAPublicKey):
        raise ValueError("an RSA public key is required")
    return loaded


class SimState:
    def __init__(self, *, clock: Callable[[], float] = time.time, token_ttl: float = 8 * 3600,
                 otp_ttl: float = 120.0, fee_bps: int = 0, sell_tax_bps: int = 0) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.token_ttl = token_ttl
        self.otp_ttl = otp_ttl
        self.fee_bps = fee_bps
        self.sell_tax_bps = sell_tax_bps
        self.day_shift = 0
        self.consumers: dict[str, Consumer] = {}
        self.accounts: dict[str, Account] = {}
        self.instruments: dict[str, Instrument] = {}
        self.orders: list[SimOrder] = []
        self.tokens: dict[str, TokenInfo] = {}
        self.used_request_ids: dict[tuple[str, date], set[int]] = {}
        self.prefix = secrets.token_hex(2)[:3]
        self._jwt_key = secrets.token_bytes(32)
        # told (consumerID, code) each time GetOTP "sends" a code: the demo server prints
        # it, as the SMS / email / Smart OTP app would show it to the user
        self.on_otp: Callable[[str, str], None] | None = None
        # told after every change of orders a test or the scenario makes (the order stream)
        self.on_change: list[Callable[[], object]] = []

    def changed(self) -> None:
        """Orders changed outside a request (a scripted fill, cancel or expiry)."""
        for listener in self.on_change:
            listener()

    # ---- setup ---------------------------------------------------------------------------

    def add_consumer(self, consumer_id: str, consumer_secret: str,
                     public_key: rsa.RSAPublicKey | str | bytes, *, pin: str = "123456",
                     two_factor_type: int = PIN) -> Consumer:
        with self.lock:
            c = Consumer(consumer_id, consumer_secret, load_public_key(public_key),
                         two_factor_type, pin)
            self.consumers[consumer_id] = c
            return c

    def add_account(self, consumer_id: str, account: str, *, cash: int = 0,
                    positions: dict[str, int] | None = None) -> Account:
        with self.lock:
            acct = Account(account, consumer_id, cash_bal=cash)
            for symbol, qty in (positions or {}).items():
                inst = self.instruments.get(symbol)
                h = acct.holding(symbol)
                h.settled = qty
                h.cost = qty * (inst.reference if inst else 0)
            self.accounts[account] = acct
            self.consumers[consumer_id].accounts.add(account)
            return acct

    def add_instrument(self, symbol: str, reference: int, *, band_pct: int = 7,
                       market_price: int | None = None, exchange: str = "HOSE") -> Instrument:
        with self.lock:
            tick = tick_size(reference)
            ceiling = (reference * (100 + band_pct) // 100) // tick * tick
            floor = -(-(reference * (100 - band_pct) // 100) // tick) * tick
            inst = Instrument(symbol, reference, ceiling, floor,
                              market_price if market_price is not None else reference, exchange)
            self.instruments[symbol] = inst
            return inst

    # ---- time ----------------------------------------------------------------------------

    def today(self) -> date:
        now = datetime.fromtimestamp(self.clock(), tz=UTC).astimezone(VN_TZ).date()
        return now + timedelta(days=self.day_shift)

    def now_ms(self) -> int:
        return int(self.clock() * 1000)

    def advance_day(self) -> None:
        """Settlement roll: T+2 buys become settled shares, T+2 sell proceeds become cash."""
        with self.lock:
            for acct in self.accounts.values():
                acct.cash_bal += acct.receiving[1]
                acct.receiving = [0, acct.receiving[0]]
                for h in acct.holdings.values():
                    h.settled += h.buy_t[2]
                    h.buy_t = [0, h.buy_t[0], h.buy_t[1]]
                    h.sell_t = [0, h.sell_t[0], h.sell_t[1]]
            self.day_shift += 1

    # ---- tokens and two-factor -----------------------------------------------------------

    def issue_token(self, consumer_id: str, *, code_saved: bool) -> str:
        with self.lock:
            now = self.clock()
            info = TokenInfo(secrets.token_hex(8), consumer_id, now + self.token_ttl,
                             code_saved)
            self.tokens[info.jti] = info
            header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
            claims = {"sub": consumer_id, "jti": info.jti, "iat": int(now),
                      "exp": int(info.expires_at), "code_saved": code_saved}
            payload = _b64url(json.dumps(claims).encode())
            sig = hmac.new(self._jwt_key, f"{header}.{payload}".encode(), hashlib.sha256)
            return f"{header}.{payload}.{_b64url(sig.digest())}"

    def check_token(self, token: str) -> TokenInfo | None:
        """The live token's info, or None (bad signature, unknown, revoked or expired)."""
        parts = token.split(".")
        if len(parts) != 3:
            return None
        expected = hmac.new(self._jwt_key, f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256)
        if not hmac.compare_digest(_b64url(expected.digest()), parts[2]):
            return None
        try:
            claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
        except ValueError:
            return None
        with self.lock:
            info = self.tokens.get(str(claims.get("jti")))
            if info is None or info.revoked or self.clock() >= info.expires_at:
                return None
            return info

    def revoke_tokens(self, consumer_id: str | None = None) -> int:
        """Invalidate issued tokens (all, or one consumer's): the next call gets HTTP 401."""
        with self.lock:
            hit = [t for t in self.tokens.values()
                   if consumer_id is None or t.consumer_id == consumer_id]
            for t in hit:
                t.revoked = True
            return len(hit)

    def new_otp(self, consumer_id: str) -> str:
        """A fresh 6-digit, single-use code valid for ``otp_ttl`` seconds (the previous one
        stops working, as with an SMS OTP)."""
        with self.lock:
            c = self.consumers[consumer_id]
            c.otp = f"{secrets.randbelow(1_000_000):06d}"
            c.otp_expires_at = self.clock() + self.otp_ttl
            c.otp_history.append(c.otp)
            code = c.otp
        if self.on_otp is not None:
            self.on_otp(consumer_id, code)
        return code

    def expire_otps(self) -> None:
        """Every outstanding OTP runs out now (test control: "the user waited too long")."""
        with self.lock:
            for c in self.consumers.values():
                c.otp_expires_at = 0.0

    def last_otp(self, consumer_id: str) -> str | None:
        """The OTP SSI would have sent by SMS/email (what a test or demo user reads)."""
        with self.lock:
            return self.consumers[consumer_id].otp

    def verify_code(self, consumer_id: str, code: str) -> bool:
        """PIN for PIN users; the current single-use OTP for OTP users."""
        with self.lock:
            c = self.consumers[consumer_id]
            if c.two_factor_type == PIN:
                return hmac.compare_digest(code, c.pin)
            if c.otp is None or self.clock() >= c.otp_expires_at:
                return False
            if hmac.compare_digest(code, c.otp):
                c.otp = None
                return True
            return False

    # ---- lookups -------------------------------------------------------------------------

    def orders_of(self, account: str, day: date | None = None) -> list[SimOrder]:
        with self.lock:
            return [o for o in self.orders
                    if o.account == account and (day is None or o.day == day)]

    def find_order(self, ref: str) -> SimOrder | None:
        """By orderID, or by the NewOrder requestID (today's first)."""
        with self.lock:
            for o in self.orders:
                if o.order_id == ref:
                    return o
            for o in self.orders:
                if ref.isdigit() and o.unique_id.isdigit() and int(o.unique_id) == int(ref):
                    return o
            return None


def tick_size(price: int) -> int:
    """HOSE stock price steps: 10 below 10,000, 50 below 50,000, else 100 VND."""
    if price < 10_000:
        return 10
    if price < 50_000:
        return 50
    return 100
