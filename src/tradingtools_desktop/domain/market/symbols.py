"""An instrument as the rules need it: where it trades, what it is, today's reference price."""

from __future__ import annotations

from dataclasses import dataclass

from .bands import PriceBand, price_band
from .exchange import Exchange, SecurityKind


def normalise_symbol(text: str) -> str:
    """'  fpt ' -> 'FPT' (VN tickers are upper-case letters and digits)."""
    return text.strip().upper()


@dataclass(frozen=True, slots=True)
class Instrument:
    symbol: str
    exchange: Exchange
    kind: SecurityKind
    reference_price: int | None  # VND; None when today's reference is not known
    first_trading_day: bool = False

    def band(self) -> PriceBand | None:
        """Today's band, or None without a positive reference price."""
        if self.reference_price is None or self.reference_price <= 0:
            return None
        return price_band(self.exchange, self.reference_price, self.kind,
                          self.first_trading_day)

    def matches(self, symbol: str, exchange: Exchange) -> bool:
        return normalise_symbol(symbol) == normalise_symbol(self.symbol) and \
            exchange is self.exchange
