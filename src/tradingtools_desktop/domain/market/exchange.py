"""Exchanges, security kinds and order-size constants."""

from __future__ import annotations

from enum import StrEnum


class Exchange(StrEnum):
    HOSE = "HOSE"
    HNX = "HNX"
    UPCOM = "UPCOM"

    @classmethod
    def parse(cls, text: str) -> Exchange:
        """Accepts the aliases data sources use (HSX for HOSE)."""
        value = text.strip().upper()
        return cls.HOSE if value == "HSX" else cls(value)


class SecurityKind(StrEnum):
    STOCK = "STOCK"
    ETF = "ETF"
    CW = "CW"  # covered warrant


BOARD_LOT = 100
HOSE_MAX_ORDER_QTY = 500_000
