"""vnstock OHLCV records -> cache rows (prices: thousands of VND -> VND integers)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..store.market_repo import BarRow

SOURCE = "vnstock"


def bars_from_records(symbol: str, records: list[dict[str, Any]],
                      source: str = "VCI") -> list[BarRow]:
    out: list[BarRow] = []
    for r in records:
        day = date.fromisoformat(str(r["time"])[:10])
        o, h, lo, c = (int((Decimal(str(r[k])) * 1000).to_integral_value())
                       for k in ("open", "high", "low", "close"))
        vol = int(r["volume"])
        flags = []
        if vol == 0:
            flags.append("zero_volume")
        if lo > min(o, c) or h < max(o, c):
            flags.append("ohlc_inconsistent")
        out.append(BarRow(symbol.upper(), day, o, h, lo, c, vol, ";".join(flags),
                          f"{SOURCE}:{source}"))
    return out
