"""Matching a resting practice (dry-run) order against what the market printed or quotes.

Pure: given one resting order and one market event, decide the fill (price, quantity) or
that the order keeps resting. The dry-run broker calls it for every print, book change and
auction result the quote service hears; it keeps the running totals and the volume that
several resting orders share out of one event.

The rules, as the exchange matches (a resting order trades at its own price; an order that
crosses the book trades at the resting side's price):

- a **print** (a trade on the tape) at or through an LO's limit fills it at its limit
  price (buy: printed at or below the limit; sell: at or above), up to the printed volume;
- the **book**: an LO whose limit crosses the best opposite price (buy: best ask at or
  below the limit; sell: best bid at or above) fills at that best price, up to its volume;
  a market-type order (MP, MTL, MOK, MAK) takes the best opposite price, up to its volume;
- an **auction** result (ATO at the open, ATC at the close, PLO after it): an order of that
  auction's type fills at the auction price, up to the auction's matched volume when the
  feed reports it.

No fill is ever larger than the order's remainder or the event's volume, never at a price
worse than a limit, never of zero or negative quantity or price.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..orders import OrderType, Side

MARKET_TYPES = frozenset({OrderType.MP, OrderType.MTL, OrderType.MOK, OrderType.MAK})
AUCTION_TYPES = frozenset({OrderType.ATO, OrderType.ATC, OrderType.PLO})


@dataclass(frozen=True, slots=True)
class RestingOrder:
    """What matching needs of an order: prices VND, quantities shares."""

    side: Side
    order_type: OrderType
    price: int | None  # the limit (LO, PLO); None for market and auction types
    remaining: int


@dataclass(frozen=True, slots=True)
class TapeFill:
    price: int  # VND
    quantity: int  # shares, > 0


def _crosses(order: RestingOrder, price: int) -> bool:
    limit = order.price
    if limit is None or limit <= 0:
        return False
    return price <= limit if order.side is Side.BUY else price >= limit


def _fill(price: int, *quantities: int) -> TapeFill | None:
    qty = min(quantities)
    if qty <= 0 or price <= 0:
        return None
    return TapeFill(price, qty)


def match_print(order: RestingOrder, price: int, volume: int) -> TapeFill | None:
    """A trade printed at ``price`` for ``volume`` shares: an LO it reaches fills at its
    limit, up to the printed volume. Market and auction types do not match prints (they
    take the book or the auction)."""
    if order.order_type is not OrderType.LO or not _crosses(order, price):
        return None
    return _fill(order.price or 0, order.remaining, volume)


def match_book(order: RestingOrder, bid_price: int | None, bid_volume: int | None,
               ask_price: int | None, ask_volume: int | None) -> TapeFill | None:
    """The best bid / ask now: an LO crossing the opposite side, or a market-type order,
    fills at the best opposite price, up to the volume shown there."""
    if order.side is Side.BUY:
        price, volume = ask_price, ask_volume
    else:
        price, volume = bid_price, bid_volume
    if not price or not volume:
        return None
    if order.order_type in MARKET_TYPES or (order.order_type is OrderType.LO
                                            and _crosses(order, price)):
        return _fill(price, order.remaining, volume)
    return None


def match_auction(order: RestingOrder, auction: OrderType, price: int,
                  volume: int | None = None) -> TapeFill | None:
    """The ``auction`` (ATO, ATC or PLO) ended at ``price``: an order of that type fills at
    it (a PLO only when its limit allows), up to the matched ``volume`` when known."""
    if order.order_type is not auction or auction not in AUCTION_TYPES:
        return None
    if auction is OrderType.PLO and not _crosses(order, price):
        return None
    if volume is None:
        return _fill(price, order.remaining)
    return _fill(price, order.remaining, volume)
