"""Connection settings of the FastConnect client (no secrets)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import valid_device_id

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_STREAM_URL", "SsiConfig"]

DEFAULT_BASE_URL = "https://fc-tradeapi.ssi.com.vn"
DEFAULT_STREAM_URL = "https://fc-tradehub.ssi.com.vn"


@dataclass(frozen=True, slots=True)
class SsiConfig:
    """Connection settings (no secrets). ``device_id`` must match spec 5.5.1's formats.

    The trading-rights fields (``trading_slack`` ... ``decline_cooldown``) are explained in
    :mod:`.rights`.
    """

    base_url: str = DEFAULT_BASE_URL
    # the order stream's host (spec 6.1); None: SSI's own next to SSI's API, else the
    # API's address (the local simulator serves both on one port)
    stream_url: str | None = None
    account: str = ""
    device_id: str = "00-00-00-00-00-00"
    user_agent: str = "TradingToolsDesktop"
    timeout: float = 10.0
    read_attempts: int = 3
    backoff_base: float = 0.25
    backoff_max: float = 4.0
    token_refresh_margin: float = 300.0
    token_fallback_ttl: float = 3600.0
    save_code: bool = True
    trading_slack: float = 30.0  # an OTP trading token is used until this close to expiry
    code_wait: float = 300.0  # how long the user has to type a code
    code_attempts: int = 3
    otp_resend_interval: float = 60.0
    otp_max_per_hour: int = 5
    decline_cooldown: float = 30.0

    @property
    def stream_base(self) -> str:
        if self.stream_url:
            return self.stream_url
        if self.base_url.rstrip("/") == DEFAULT_BASE_URL:
            return DEFAULT_STREAM_URL
        return self.base_url

    def __post_init__(self) -> None:
        if not valid_device_id(self.device_id):
            raise ValueError("device_id must be XX:XX:XX:XX:XX:XX, XX-XX-XX-XX-XX-XX "
                             "or XXXXXXXXXXXX (spec 5.5.1)")
        if self.timeout <= 0 or self.read_attempts < 1 or self.code_attempts < 1:
            raise ValueError("timeout > 0, read_attempts >= 1 and code_attempts >= 1 "
                             "required")
