"""Per-profile trading settings, persisted: risk limits, broker fee rate, cash advance and
the exchange-announced extra closures (bridge days no public-holiday calendar knows)."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlsplit

from ..domain.market.fees import FeeSchedule
from ..domain.risk import RiskLimits, limit_problem
from ..store.app_state import AppStateRepository

FEE_KEY = "settings.broker_fee_bps"
ADVANCE_KEY = "settings.cash_advance"
CLOSURES_KEY = "settings.extra_closures"
SSI_URL_KEY = "settings.ssi_url"
SSI_DATA_URL_KEY = "settings.ssi_data_url"
ENV_SSI_DATA_URL = "TRADINGTOOLS_SSI_DATA_URL"
log = logging.getLogger(__name__)


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
        ssi_url=_stored_url(ssi_url, "ssi_url"), ssi_data_url=_stored_url(ssi_data_url,
                                                                          "ssi_data_url"),
        fees=_stored_fees(fee), cash_advance=advance == "true",
        extra_closures=_stored_closures(closures))


# A stored value this version cannot use (written by hand, by another version, or damaged)
# falls back to the default with a warning: no value can keep a profile from opening.

def _fallback(name: str, default: object) -> None:
    log.warning("stored setting %s is not usable: using the default (%s); set it again "
                "with `tradingtools settings set %s`", name, default, name)


def _stored_fees(text: str | None) -> FeeSchedule:
    if not text:
        return FeeSchedule()
    try:
        bps = int(text)
    except ValueError:
        bps = -1
    if not 0 <= bps <= 100:
        _fallback("broker_fee_bps", FeeSchedule().broker_fee_bps)
        return FeeSchedule()
    return FeeSchedule(broker_fee_bps=bps)


def _stored_closures(text: str | None) -> tuple[date, ...]:
    if not text:
        return ()
    try:
        days = json.loads(text)
        return tuple(sorted({date.fromisoformat(str(d)) for d in days}))
    except (ValueError, TypeError):
        _fallback("extra_closures", "none")
        return ()


def _stored_url(text: str | None, name: str) -> str | None:
    if not text:
        return None
    if ssi_url_problem(text) is not None:
        _fallback(name, "SSI's own address")
        return None
    return text


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
    if (problem := limit_problem(name, number)) is not None:
        raise SettingError(problem)
    return replace(limits, **{name: number})


def _int(value: str, name: str) -> int:
    cleaned = value.strip().replace(",", "").replace("_", "")
    digits = cleaned.removeprefix("-")
    if not digits.isascii() or not digits.isdigit() or len(digits) > 40:
        shown = value if len(value) <= 30 else value[:30] + "…"
        raise SettingError(f"{name} must be a whole number (got {shown!a}).")
    return int(cleaned)
