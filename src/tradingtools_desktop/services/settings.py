"""Per-profile trading settings, persisted: risk limits, broker fee rate, cash advance and
the exchange-announced extra closures (bridge days no public-holiday calendar knows)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlsplit

from ..domain.market.fees import FeeSchedule
from ..domain.risk import RiskLimits
from ..store.app_state import AppStateRepository

FEE_KEY = "settings.broker_fee_bps"
ADVANCE_KEY = "settings.cash_advance"
CLOSURES_KEY = "settings.extra_closures"
SSI_URL_KEY = "settings.ssi_url"
SSI_DATA_URL_KEY = "settings.ssi_data_url"
ENV_SSI_DATA_URL = "TRADINGTOOLS_SSI_DATA_URL"


class SettingError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class ProfileSettings:
    fees: FeeSchedule = field(default_factory=FeeSchedule)
    cash_advance: bool = False
    extra_closures: tuple[date, ...] = ()
    ssi_url: str | None = None  # None: SSI's production FastConnect address
    # None: SSI's production FastConnect Data addresses (REST fc-data, stream fc-datahub);
    # a simulator serves both on one address
    ssi_data_url: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"broker_fee_bps": self.fees.broker_fee_bps,
                "sell_tax_bps": self.fees.sell_tax_bps, "cash_advance": self.cash_advance,
                "extra_closures": [d.isoformat() for d in self.extra_closures],
                "ssi_url": self.ssi_url, "ssi_data_url": self.ssi_data_url}


async def load_settings(repo: AppStateRepository) -> ProfileSettings:
    fee = await repo.get(FEE_KEY)
    advance = await repo.get(ADVANCE_KEY)
    closures = await repo.get(CLOSURES_KEY)
    ssi_url = await repo.get(SSI_URL_KEY)
    ssi_data_url = await repo.get(SSI_DATA_URL_KEY)
    return ProfileSettings(
        ssi_url=ssi_url or None, ssi_data_url=ssi_data_url or None,
        fees=FeeSchedule(broker_fee_bps=int(fee)) if fee else FeeSchedule(),
        cash_advance=advance == "true",
        extra_closures=tuple(sorted(date.fromisoformat(d) for d in json.loads(closures)))
        if closures else ())


async def set_setting(repo: AppStateRepository, current: ProfileSettings, name: str,
                      value: str) -> ProfileSettings:
    """Change one non-limit setting; returns the new settings (takes effect on reopen)."""
    if name == "broker_fee_bps":
        bps = _int(value, name)
        if not 0 <= bps <= 100:
            raise SettingError("broker_fee_bps must be between 0 and 100 (0-1 %).")
        await repo.set(FEE_KEY, str(bps), reason="set by user", source="settings")
        return replace(current, fees=replace(current.fees, broker_fee_bps=bps))
    if name == "cash_advance":
        if value.lower() not in ("true", "false"):
            raise SettingError("cash_advance must be true or false.")
        await repo.set(ADVANCE_KEY, value.lower(), reason="set by user", source="settings")
        return replace(current, cash_advance=value.lower() == "true")
    if name == "ssi_url":
        url = value.strip().rstrip("/")
        if why := ssi_url_problem(url):
            raise SettingError(why)
        await repo.set(SSI_URL_KEY, url, reason="set by user", source="settings")
        return replace(current, ssi_url=url or None)
    if name == "ssi_data_url":
        url = value.strip().rstrip("/")
        if why := ssi_url_problem(url):
            raise SettingError(why.replace("ssi_url", "ssi_data_url"))
        await repo.set(SSI_DATA_URL_KEY, url, reason="set by user", source="settings")
        return replace(current, ssi_data_url=url or None)
    raise SettingError(f"Unknown setting {name!r}.")


async def set_closures(repo: AppStateRepository, current: ProfileSettings,
                       closures: set[date]) -> ProfileSettings:
    ordered = tuple(sorted(closures))
    await repo.set(CLOSURES_KEY, json.dumps([d.isoformat() for d in ordered]),
                   reason="extra closures edited", source="settings")
    return replace(current, extra_closures=ordered)


SSI_URL_RULE = ("ssi_url must be an https:// address (plain http only for a simulator on "
                "this machine); empty = SSI's own address.")


def ssi_url_problem(value: str) -> str | None:
    """Why ``value`` cannot be the SSI server address, or None (empty is fine: SSI's own
    address). The ``ssi_url`` setting's rule — https://, or http:// only for 127.0.0.1 /
    localhost — checked on the parsed address (``http://localhost.example.com`` is no
    local simulator)."""
    url = value.strip().rstrip("/")
    if not url:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return SSI_URL_RULE
    if any(c.isspace() for c in url) or not parts.hostname:
        return SSI_URL_RULE
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost"):
        return None
    return SSI_URL_RULE


def ssi_data_url(settings: ProfileSettings) -> str | None:
    """Where FastConnect Data lives: ``TRADINGTOOLS_SSI_DATA_URL`` (e.g. the local
    simulator), else the profile's ``ssi_data_url`` setting, else None (SSI's own hosts)."""
    env = os.environ.get(ENV_SSI_DATA_URL, "").strip().rstrip("/")
    return env or settings.ssi_data_url


def parse_limit(limits: RiskLimits, name: str, value: str) -> RiskLimits:
    if name not in RiskLimits.__dataclass_fields__:
        raise SettingError(f"Unknown limit {name!r}; known: "
                           + ", ".join(RiskLimits.__dataclass_fields__))
    number = _int(value, name)
    if number <= 0:
        raise SettingError(f"{name} must be positive.")
    return replace(limits, **{name: number})


def _int(value: str, name: str) -> int:
    try:
        return int(value.replace(",", "").replace("_", ""))
    except ValueError:
        raise SettingError(f"{name} must be a whole number (got {value!r}).") from None
