"""The price board's columns, declared once (VeighNa's BaseMonitor idea): what each shows
from a :class:`Quote`, how it reads, and which price decides its colour.

Prices are shown in thousands of VND as VN boards show them (95,300 VND -> "95.30"),
volumes in shares, the change in thousands and in percent. A column's *value* is the raw
integer (VND, shares, basis points) the model sorts on and compares to see what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from ...domain.market.quotes import BookLevel, Quote
from ...domain.money import format_thousands


class Kind(Enum):
    SYMBOL = "symbol"
    PRICE = "price"  # VND, shown in thousands
    VOLUME = "volume"  # shares
    CHANGE = "change"  # VND against the reference, signed
    PERCENT = "percent"  # basis points, signed


class Tint(Enum):
    """Which price decides a cell's colour."""

    NONE = "none"
    OWN = "own"  # the cell's own price (book levels, high, low)
    LAST = "last"  # the last matched price (symbol, last, change, %)
    REFERENCE = "reference"  # always yellow
    CEILING = "ceiling"  # always purple
    FLOOR = "floor"  # always cyan
    BID = "bid"  # the volume beside a bid takes that bid's colour
    ASK = "ask"


@dataclass(frozen=True, slots=True)
class BoardColumn:
    key: str
    group: str  # English source text of the header group ("" for none)
    title: str  # English source text
    kind: Kind
    value: Callable[[Quote], int | str | None]
    tint: Tint = Tint.NONE
    level: int = 0  # book level (1..3) for bid / ask columns
    flashes: bool = True  # a change of this cell flashes


def _level(side: str, n: int, part: str) -> Callable[[Quote], int | None]:
    def get(q: Quote) -> int | None:
        book: tuple[BookLevel, ...] | None = q.bids if side == "bid" else q.asks
        if not book or len(book) < n:
            return None
        lvl = book[n - 1]
        return lvl.price if part == "price" else lvl.volume
    return get


def _book(side: str, group: str) -> list[BoardColumn]:
    order = (3, 2, 1) if side == "bid" else (1, 2, 3)  # best price next to the last match
    out: list[BoardColumn] = []
    for n in order:
        out.append(BoardColumn(f"{side}{n}", group, f"P{n}", Kind.PRICE,
                               _level(side, n, "price"), Tint.OWN, n))
        out.append(BoardColumn(f"{side}{n}_vol", group, f"V{n}", Kind.VOLUME,
                               _level(side, n, "volume"),
                               Tint.BID if side == "bid" else Tint.ASK, n))
    return out


COLUMNS: tuple[BoardColumn, ...] = (
    BoardColumn("symbol", "", "Ticker", Kind.SYMBOL, lambda q: q.symbol, Tint.LAST,
                flashes=False),
    BoardColumn("reference", "", "Ref", Kind.PRICE, lambda q: q.reference, Tint.REFERENCE),
    BoardColumn("ceiling", "", "Ceiling", Kind.PRICE, lambda q: q.ceiling, Tint.CEILING),
    BoardColumn("floor", "", "Floor", Kind.PRICE, lambda q: q.floor, Tint.FLOOR),
    *_book("bid", "Bids"),
    BoardColumn("last", "Matched", "Price", Kind.PRICE, lambda q: q.last, Tint.LAST),
    BoardColumn("last_vol", "Matched", "Vol", Kind.VOLUME, lambda q: q.last_volume, Tint.LAST),
    BoardColumn("change", "Matched", "+/-", Kind.CHANGE, lambda q: q.change, Tint.LAST),
    BoardColumn("change_pct", "Matched", "%", Kind.PERCENT, lambda q: q.change_bps, Tint.LAST),
    *_book("ask", "Asks"),
    BoardColumn("total_vol", "", "Total vol", Kind.VOLUME, lambda q: q.total_volume),
    BoardColumn("high", "", "High", Kind.PRICE, lambda q: q.high, Tint.OWN),
    BoardColumn("low", "", "Low", Kind.PRICE, lambda q: q.low, Tint.OWN),
    BoardColumn("foreign_buy", "Foreign", "Buy", Kind.VOLUME, lambda q: q.foreign_buy),
    BoardColumn("foreign_sell", "Foreign", "Sell", Kind.VOLUME, lambda q: q.foreign_sell),
    BoardColumn("foreign_room", "Foreign", "Room", Kind.VOLUME, lambda q: q.foreign_room),
)
INDEX = {c.key: i for i, c in enumerate(COLUMNS)}
BID_COLUMNS = frozenset(i for i, c in enumerate(COLUMNS) if c.key.startswith("bid"))
ASK_COLUMNS = frozenset(i for i, c in enumerate(COLUMNS) if c.key.startswith("ask"))


def volume_text(volume: int) -> str:
    return f"{volume:,}"


def price_text(vnd: int) -> str:
    """The domain's ``format_thousands`` (95,300 -> '95.30'), without Decimal for the
    prices that are whole tens of VND (every on-tick price): the board formats thousands of
    cells a second."""
    if vnd % 10:
        return format_thousands(vnd)
    sign = "-" if vnd < 0 else ""
    whole, rest = divmod(abs(vnd), 1000)
    return f"{sign}{whole}.{rest // 10:02d}"


def cell_text(column: BoardColumn, value: int | str | None) -> str:
    """How a raw value reads on the board; an unknown value is blank, as boards leave it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    match column.kind:
        case Kind.PRICE:
            return price_text(value) if value else ""
        case Kind.VOLUME:
            return volume_text(value)
        case Kind.CHANGE:
            return ("+" if value > 0 else "") + price_text(value)
        case Kind.PERCENT:
            return f"{'+' if value > 0 else ''}{value / 100:.2f}%"
    return str(value)


def tint_price(column: BoardColumn, quote: Quote) -> int | None:
    """The price whose place against TC / Trần / Sàn colours this cell (None: no colour)."""
    match column.tint:
        case Tint.OWN:
            v = column.value(quote)
            return v if isinstance(v, int) else None
        case Tint.LAST:
            return quote.last
        case Tint.BID:
            return _level("bid", column.level, "price")(quote)
        case Tint.ASK:
            return _level("ask", column.level, "price")(quote)
    return None


class Tone(Enum):
    """A price's place in the day's band, as boards colour it."""

    NONE = "none"
    CEILING = "ceiling"  # purple
    FLOOR = "floor"  # cyan
    REFERENCE = "reference"  # yellow
    UP = "up"  # green
    DOWN = "down"  # red


def price_tone(price: int | None, quote: Quote) -> Tone:
    """Ceiling purple, floor cyan, reference yellow, above green, below red."""
    ref = quote.reference
    if not price or not ref:
        return Tone.NONE
    if quote.ceiling and price >= quote.ceiling:
        return Tone.CEILING
    if quote.floor and price <= quote.floor:
        return Tone.FLOOR
    if price == ref:
        return Tone.REFERENCE
    return Tone.UP if price > ref else Tone.DOWN


def cell_tone(column: BoardColumn, quote: Quote) -> Tone:
    match column.tint:
        case Tint.REFERENCE:
            return Tone.REFERENCE if quote.reference else Tone.NONE
        case Tint.CEILING:
            return Tone.CEILING if quote.ceiling else Tone.NONE
        case Tint.FLOOR:
            return Tone.FLOOR if quote.floor else Tone.NONE
        case Tint.NONE:
            return Tone.NONE
    return price_tone(tint_price(column, quote), quote)


def _tone_source(column: BoardColumn, position: int) -> int | Tint:
    """The column whose value colours this one, or the fixed tint (TC / Trần / Sàn / none)."""
    match column.tint:
        case Tint.OWN:
            return position
        case Tint.LAST:
            return INDEX["last"]
        case Tint.BID | Tint.ASK:
            return position - 1  # a level's volume sits right after its price
    return column.tint


TONE_SOURCE: tuple[int | Tint, ...] = tuple(_tone_source(c, i) for i, c in enumerate(COLUMNS))


Cells = tuple[list[int | str | None], list[str], list[Tone]]


def row_cells(quote: Quote, before: Quote | None = None, shown: Cells | None = None) -> Cells:
    """Every column's value, text and tone for one quote (what :func:`cell_text` and
    :func:`cell_tone` give, computed once per row: the board renders hundreds a second).
    Given what is ``shown`` for the quote ``before``, only the cells whose value (or band)
    changed are formatted again."""
    values = [c.value(quote) for c in COLUMNS]
    if shown is None or before is None:
        texts = [cell_text(c, v) for c, v in zip(COLUMNS, values, strict=True)]
        same_band = False
    else:
        old_values, old_texts, _ = shown
        texts = [old_texts[i] if v == old_values[i] else cell_text(COLUMNS[i], v)
                 for i, v in enumerate(values)]
        same_band = (quote.reference, quote.ceiling, quote.floor) == \
            (before.reference, before.ceiling, before.floor)
    seen: dict[int | str | None, Tone] = {}
    tones: list[Tone] = []
    for i, src in enumerate(TONE_SOURCE):
        if same_band and shown is not None and (
                not isinstance(src, int) or values[src] == shown[0][src]):
            tones.append(shown[2][i])
            continue
        if isinstance(src, int):
            price = values[src]
            tone = seen.get(price)
            if tone is None:
                tone = seen[price] = price_tone(price if isinstance(price, int) else None,
                                                quote)
        else:
            tone = cell_tone(_FIXED[src], quote)
        tones.append(tone)
    return values, texts, tones


_FIXED = {t: BoardColumn("", "", "", Kind.PRICE, lambda q: None, t) for t in Tint}
