"""A local simulator of the SSI FastConnect Trading API v2.4 (test and demo tool).

Server side of the spec's REST calls: GetOTP, verifyCode, AccessToken, NewOrder,
ModifyOrder, CancelOrder, orderHistory, OrderBook, auditOrderBook, stockPosition,
cashAcctBal, ppmmraccount, maxBuyQty, maxSellQty. Tokens are issued for consumerID /
consumerSecret with PIN or OTP two-factor (GetOTP issues a single-use code: tests read it
with ``state.last_otp``, the demo server prints it, ``state.expire_otps`` runs it out);
every order request's signature is verified against the consumer's public key; request
bodies are read as SSI's server reads what SSI's own clients send (:mod:`.wire_rules`);
fills are scripted (:mod:`.scenario`), faults injected on demand (:mod:`.faults`) and odd
answers made with ``SsiSimulator.rewrite``. The order stream (classic SignalR hub
``BroadcastHubV2`` at ``/v2.0/signalr``: orderEvent, orderMatchEvent, orderError, NotifyID
replay; drop / silence / refusal faults) is :mod:`.order_stream`. Derivatives endpoints and
the portfolio stream (derivatives positions) are not simulated.
"""

from __future__ import annotations

from .demo import DemoUser, seed_demo
from .faults import Fault, FaultInjector, FaultKind
from .scenario import Scenario
from .server import SsiSimulator
from .state import OTP, PIN, SimOrder, SimState

__all__ = ["OTP", "PIN", "DemoUser", "Fault", "FaultInjector", "FaultKind", "Scenario",
           "SimOrder", "SimState", "SsiSimulator", "seed_demo"]
