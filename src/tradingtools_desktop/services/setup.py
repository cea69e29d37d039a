"""What the setup wizard does when the user presses Finish (also usable headless).

Order: the vault is created (keychain or passphrase) if the profile has none, the entered
secrets are stored encrypted in one transaction, limits are confirmed, the SSI server address
(the ``ssi_url`` setting, not a secret) is saved and the live link pointed at it, SSI is
connected when its keys or address changed, and the mode is set:
dry-run always works; live is only *requested* here and goes through the guardrails, which
refuse it while they are unhealthy (the result says why). Nothing typed is kept in memory
after Finish beyond what the vault holds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ..domain.risk import RiskLimits
from ..domain.trading_state import TradingMode
from ..vault import Protection, VaultStatus
from .guardrails import LiveRefused
from .runtime import AppServices
from .settings import SettingError, load_settings, set_setting, ssi_url_problem

log = logging.getLogger(__name__)

SETUP_DONE_KEY = "setup.completed"


@dataclass(frozen=True)
class SetupRequest:
    protection: Protection = Protection.KEYCHAIN
    passphrase: str | None = None
    secrets: dict[str, str] = field(default_factory=dict)
    limits: RiskLimits = field(default_factory=RiskLimits)
    want_live: bool = False
    live_acknowledged: bool = False
    # the SSI FastConnect address (setting ``ssi_url``): None = leave the profile's setting
    # as it is; "" = SSI's own production address; else e.g. a local simulator
    ssi_url: str | None = None
    # the dry-run starting cash (VND); None = leave it. Changed only before practice begins.
    starting_cash: int | None = None

    def __repr__(self) -> str:  # never the secrets or the passphrase
        return (f"SetupRequest(protection={self.protection.value}, "
                f"secrets={sorted(self.secrets)}, want_live={self.want_live}, "
                f"ssi_url={self.ssi_url!r})")


@dataclass(frozen=True)
class SetupResult:
    stored: tuple[str, ...]
    mode: TradingMode
    live_refused: str | None


async def needs_setup(services: AppServices) -> bool:
    done = await services.app_state.get(SETUP_DONE_KEY)
    return done is None


async def vault_status(services: AppServices) -> VaultStatus | None:
    return await services.vault.status() if services.vault is not None else None


async def apply_setup(services: AppServices, req: SetupRequest) -> SetupResult:
    if req.ssi_url is not None and (why := ssi_url_problem(req.ssi_url)):
        raise SettingError(why)  # before anything is stored
    stored: tuple[str, ...] = ()
    vault = services.vault
    secrets = {k: v for k, v in req.secrets.items() if v and v.strip()}
    if vault is not None and secrets:
        status = await vault.status()
        if not status.initialised:
            await vault.initialise(req.protection, req.passphrase, source="wizard")
        elif req.protection is Protection.PASSPHRASE and not vault.is_unlocked:
            await vault.unlock(req.passphrase)
        stored = await vault.set_many(secrets, source="wizard")
    await services.risk.set_limits(req.limits)
    if req.starting_cash is not None and req.starting_cash > 0:
        await services.ledger.set_starting_cash(req.starting_cash, "dry-run starting cash "
                                                "(chosen in setup)")
    moved = False  # the live link now points at another SSI server
    if req.ssi_url is not None:
        current = await load_settings(services.app_state)
        wanted = req.ssi_url.strip().rstrip("/") or None
        if wanted != current.ssi_url:
            await set_setting(services.app_state, current, "ssi_url", wanted or "")
        if services.live is not None:
            before = services.live.url
            moved = services.live.set_url(wanted) != before
    live = services.live
    new_keys = any(k.startswith("ssi.") for k in stored)
    if live is not None and (new_keys or moved):
        try:  # new SSI keys or server: connect now, so the guardrails can judge them at once
            if moved:  # never keep trading on the previous server
                await live.disconnect("SSI server address changed")
            if new_keys or await live.configured():
                await live.connect()
                await services.sync_live()
        except Exception as exc:  # dry-run is not blocked by a broker problem
            log.warning("SSI FastConnect not connected after setup: %s", exc)
    refused = None
    if req.want_live:
        try:
            await services.guardrails.arm_live(req.live_acknowledged)
        except LiveRefused as exc:
            refused = str(exc)
    await services.app_state.set(SETUP_DONE_KEY, "1", reason="setup wizard finished",
                                 source="wizard")
    return SetupResult(stored, services.trading.mode, refused)
