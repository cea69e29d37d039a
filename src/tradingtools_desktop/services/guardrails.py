"""Live-trading guardrails: live mode is refused unless the user armed it and every
guardrail is healthy; a guardrail that trips while live drops the app back to dry-run,
says so (event + alert) and records why.

Guardrails: limits confirmed by the user, a live broker connected, the portfolio
reconciled, the daily loss limit not tripped, the real clock in use.

The guardrails own the :class:`LiveGate` (armed or not, the problems found last): they are
its only writer; the risk engine reads it at every check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..domain.trading_state import TradingMode
from ..store.risk_repo import RiskRepository
from .bus import EventBus
from .clock import Clock, SystemClock
from .events import Alert, GuardrailTripped
from .risk_service import RiskService
from .trading_state import TradingStateService


class LiveGate:
    """Whether the user armed live trading and what the guardrails last found wrong.
    Written only by :class:`Guardrails` (and by tests that arm a simulator profile)."""

    def __init__(self) -> None:
        self._armed = False
        self._problems: tuple[str, ...] = ()

    @property
    def armed(self) -> bool:
        return self._armed

    @property
    def problems(self) -> tuple[str, ...]:
        return self._problems

    def arm(self) -> None:
        self._armed, self._problems = True, ()

    def disarm(self) -> None:
        self._armed = False

    def found(self, problems: tuple[str, ...]) -> None:
        self._problems = problems


@dataclass(frozen=True, slots=True)
class GuardrailStatus:
    name: str
    healthy: bool
    detail: str


Probe = Callable[[], GuardrailStatus]


class LiveRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("Live trading refused: " + "; ".join(problems) + ".")
        self.problems = problems


class Guardrails:
    def __init__(self, gate: LiveGate, risk: RiskService, risk_repo: RiskRepository,
                 trading: TradingStateService, bus: EventBus, clock: Clock) -> None:
        self.gate = gate
        self._risk = risk
        self._risk_repo = risk_repo
        self._trading = trading
        self._bus = bus
        self._clock = clock
        # The composition root registers the live broker's and the reconciliation's probes;
        # a missing probe is itself an unhealthy guardrail (never a silent pass).
        self.broker_probe: Probe | None = None
        self.reconciliation_probe: Probe | None = None

    async def status(self) -> list[GuardrailStatus]:
        limits = await self._risk_repo.limits()
        out = [GuardrailStatus("limits", bool(limits),
                               "risk limits confirmed" if limits else
                               "risk limits were never confirmed in Setup")]
        out.append(self.broker_probe() if self.broker_probe else GuardrailStatus(
            "broker", False, "no live broker is wired to the guardrails"))
        out.append(self.reconciliation_probe() if self.reconciliation_probe else
                   GuardrailStatus("reconciliation", False,
                                   "portfolio reconciliation with the broker is not available"))
        at_open, loss = self._risk.daily_loss(TradingMode.LIVE)  # the live account's
        max_loss = at_open * self._risk.limits.max_daily_loss_bps // 10_000
        tripped = at_open > 0 and loss >= max_loss
        out.append(GuardrailStatus("daily loss", not tripped,
                                   "daily loss limit tripped" if tripped else "within limit"))
        real = isinstance(self._clock, SystemClock)
        out.append(GuardrailStatus("clock", real, "real time" if real else
                                   "a frozen practice clock is in use"))
        return out

    async def problems(self) -> list[str]:
        return [f"{g.name}: {g.detail}" for g in await self.status() if not g.healthy]

    async def arm_live(self, acknowledged: bool) -> None:
        """Switch to LIVE: needs the user's explicit acknowledgement and healthy guardrails."""
        problems = [] if acknowledged else ["the risk acknowledgement was not given"]
        problems += await self.problems()
        if problems:
            raise LiveRefused(problems)
        self.gate.arm()
        await self._trading.set_mode(TradingMode.LIVE, reason="armed by the user")

    async def disarm(self, reason: str = "switched back by the user") -> None:
        """Back to dry-run; going live again needs ``arm_live`` again."""
        self.gate.disarm()
        await self._trading.set_mode(TradingMode.DRY_RUN, reason=reason)

    async def refresh(self) -> None:
        """Re-evaluate; a trip while live falls back to dry-run and raises the alarm."""
        problems = await self.problems()
        self.gate.found(tuple(problems))
        if problems and self._trading.mode is TradingMode.LIVE:
            await self.trip("; ".join(problems))

    async def trip(self, reason: str) -> None:
        now = self._clock.now()
        self.gate.disarm()
        await self._trading.set_mode(TradingMode.DRY_RUN, reason=f"guardrail tripped: {reason}")
        self._bus.publish(GuardrailTripped("live", reason, now))
        self._bus.publish(Alert("critical", "Live trading stopped",
                                f"Back in dry-run because {reason}.", now))
