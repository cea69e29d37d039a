"""The feed's settings, counters, channel names and state sentences (see :mod:`.feed`).

The state sentences are fixed English text without numbers, so a consumer can show
``tr(detail)``; the catalogue (i18n/vi.py) has every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DETAILS", "HUB", "INDEX_IDS", "SIGNALR_PATH", "FeedStats", "StreamConfig"]

HUB = "FcMarketDataV2Hub"
SIGNALR_PATH = "/v2.0/signalr"
# our index ids -> SSI's spelling on the MI channel
INDEX_IDS = {"VNINDEX": "VNINDEX", "VN30": "VN30", "VN100": "VN100", "VNALLSHARE": "VNALL",
             "HNXINDEX": "HNXIndex", "HNX30": "HNX30", "UPCOMINDEX": "HNXUpcomIndex",
             "HNXUPCOMINDEX": "HNXUpcomIndex"}
CONNECTING, LIVE, LIVE_CLOSED, DROPPED, SILENT, DOWN, KEY_REFUSED, UNREACHABLE = (
    "Connecting to the SSI price stream.",
    "SSI price stream live.",
    "SSI price stream open; no exchange is trading now.",
    "SSI price stream dropped; reconnecting.",
    "SSI price stream silent; prices polled from SSI every few seconds.",
    "SSI price stream down; prices polled from SSI every few seconds.",
    "SSI refused the FastConnect Data key; prices are from the newest bars.",
    "SSI cannot be reached; prices are from the newest bars.",
)
DETAILS = (CONNECTING, LIVE, LIVE_CLOSED, DROPPED, SILENT, DOWN, KEY_REFUSED, UNREACHABLE)


@dataclass(frozen=True, slots=True)
class StreamConfig:
    silence_after: float = 30.0  # s without data in session -> poll REST too
    poll_interval: float = 5.0
    poll_symbol_limit: int = 20  # above: poll whole markets (3 x pages of 1000) instead
    reconnect_base: float = 1.0
    reconnect_cap: float = 60.0
    check_interval: float = 1.0
    open_timeout: float = 10.0
    invoke_timeout: float = 10.0
    keep_alive_timeout: float | None = None  # None: what negotiate says
    heartbeat_index: str = "VNINDEX"  # always on MI: it talks all session long
    all_threshold: int = 300  # more symbols: subscribe ALL and filter here
    bars: bool = True  # B: when the sink has on_bar


@dataclass
class FeedStats:
    messages: int = 0
    delivered: int = 0
    malformed: int = 0
    skipped: int = 0
    connects: int = 0
    drops: int = 0
    polls: int = 0
    poll_failures: int = 0
    hub_errors: int = 0
    sink_errors: int = 0
    bad_frames: int = 0
