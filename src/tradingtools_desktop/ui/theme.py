"""Colours with a meaning: the mode badge and the VN price-board convention."""

from __future__ import annotations

from ..domain.trading_state import TradingMode, TradingState
from ..i18n import tr

MODE_COLOURS: dict[TradingMode, tuple[str, str]] = {
    # (background, text): LIVE is red on purpose, it must not be missed
    TradingMode.DRY_RUN: ("#1565c0", "#ffffff"),
    TradingMode.LIVE: ("#c62828", "#ffffff"),
}
STATE_COLOURS: dict[TradingState, tuple[str, str]] = {
    TradingState.ACTIVE: ("#2e7d32", "#ffffff"),
    TradingState.REDUCING: ("#ef6c00", "#ffffff"),
    TradingState.HALTED: ("#000000", "#ffeb3b"),
}
MODE_LABELS = {TradingMode.DRY_RUN: "DRY-RUN", TradingMode.LIVE: "LIVE"}
STATE_LABELS = {TradingState.ACTIVE: "ACTIVE", TradingState.REDUCING: "REDUCING",
                TradingState.HALTED: "HALTED"}


def mode_label(mode: TradingMode) -> str:
    """DRY-RUN / LIVE in the user's language."""
    return tr(MODE_LABELS[mode])


def state_label(state: TradingState) -> str:
    """ACTIVE / REDUCING / HALTED in the user's language."""
    return tr(STATE_LABELS[state])

# VN price boards: ceiling purple, floor cyan, reference yellow, up green, down red
BOARD_CEILING = "#b24bf3"
BOARD_FLOOR = "#00bcd4"
BOARD_REFERENCE = "#f2c200"
BOARD_UP = "#16a34a"
BOARD_DOWN = "#dc2626"
BOARD_OLD = "#7d8796"  # a price older than the current session: greyed (and italic)


def badge_css(bg: str, fg: str) -> str:
    return (
        f"QLabel {{ background: {bg}; color: {fg}; font-weight: bold; "
        "padding: 2px 10px; border-radius: 4px; }"
    )
