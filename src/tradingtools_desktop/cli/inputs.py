"""The one parse layer of the CLI: every value a person types, turned into a typed value or
one sentence.

Each parser is an argparse ``type=`` (it raises :class:`argparse.ArgumentTypeError`, which
argparse prints as ``tradingtools ...: error: <sentence>`` with exit code 2) and can also be
called directly on a value that does not come from argv (an environment variable, a
prompt): then :class:`UsageError` carries the sentence and ``cli.main`` exits 2 with it.

Prices a person types are in thousands of VND as the boards show them (``99.6`` = 99,600
VND); they come back as integers of VND. Money amounts (limits) are VND.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from ..domain.market.exchange import Exchange
from ..domain.orders import OrderType, Side
from ..i18n import language, said, tr
from ..paths import InvalidProfileName, validate_profile_name

EXIT_USAGE = 2
MAX_QUANTITY = 100_000_000  # shares in one order: far above any exchange's per-order cap
MAX_PRICE_THOUSANDS = Decimal(5_000)  # 5,000,000 VND: above any listed share on HOSE/HNX/UPCOM
MAX_LIST_LIMIT = 100_000
_SYMBOL = re.compile(r"[A-Z0-9]{1,12}")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")


class UsageError(ValueError):
    """A value from outside argv (environment, prompt) that cannot be used: ``str(exc)`` is
    the sentence shown to the user; the CLI exits 2."""


def _n(value: int) -> str:
    """A whole number with the language's thousands separator (1,000 / 1.000)."""
    text = f"{value:,}"
    return text.replace(",", ".") if language() == "vi" else text


def _fail(message: str) -> argparse.ArgumentTypeError:
    return argparse.ArgumentTypeError(message)


def _printable(text: str, limit: int = 40) -> str:
    """``text`` as it may be echoed back: control and undecodable characters escaped and
    long values shortened (never a raw terminal escape on the user's screen)."""
    shown = text if len(text) <= limit else text[:limit] + "…"
    return ascii(shown) if any(not c.isprintable() or "\udc80" <= c <= "\udcff"
                               for c in shown) else repr(shown)


def quantity(text: str) -> int:
    """A number of shares: a whole number from 1 to 100,000,000 (``1,000`` and ``1_000``
    accepted)."""
    cleaned = text.strip().replace(",", "").replace("_", "")
    if not cleaned.isascii() or not cleaned.isdigit():
        raise _fail(tr("The quantity must be a whole number of shares (got {typed}).").format(
            typed=_printable(text)))
    value = int(cleaned[:12]) if len(cleaned) <= 12 else MAX_QUANTITY + 1
    if not 1 <= value <= MAX_QUANTITY:
        raise _fail(tr("The quantity must be between 1 and {most} shares (got {typed}).")
                    .format(most=_n(MAX_QUANTITY), typed=_printable(text)))
    return value


def price(text: str) -> int:
    """A price in thousands of VND (``99.6`` = 99,600 VND) -> whole VND. A value that can
    only have been typed in VND (``99600``) is refused with the thousands it meant."""
    cleaned = text.strip()
    if "," in cleaned:
        raise _fail(tr("Write the price with a dot for the decimals and no thousands "
                       "separator, in thousands of VND: 99.6 means 99,600 VND (got {typed}).")
                    .format(typed=_printable(text)))
    if not cleaned.isascii() or not _DECIMAL.fullmatch(cleaned) or len(cleaned) > 20:
        raise _fail(tr("The price must be a positive number in thousands of VND, e.g. 99.6 "
                       "for 99,600 VND (got {typed}).").format(typed=_printable(text)))
    try:
        thousands = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise _fail(tr("The price {typed} is not a number.").format(
            typed=_printable(text))) from None
    if thousands <= 0:
        raise _fail(tr("The price must be above zero (in thousands of VND, e.g. 99.6)."))
    if thousands > MAX_PRICE_THOUSANDS:
        meant = (thousands / 1000).normalize()
        raise _fail(tr("Prices are typed in thousands of VND as the boards show them: {typed} "
                       "would be {vnd} VND a share. Did you mean {meant} ({meant_vnd} VND)?")
                    .format(typed=cleaned, vnd=_n(int(thousands * 1000)),
                            meant=f"{meant:f}", meant_vnd=_n(int(thousands))))
    vnd = thousands * 1000
    if vnd != vnd.to_integral_value():
        raise _fail(tr("The price {typed} (thousands of VND) is not a whole number of VND; "
                       "at most three decimals, e.g. 99.65.").format(typed=cleaned))
    return int(vnd)


def symbol(text: str) -> str:
    """A ticker: 1-12 letters or digits (``fpt`` -> ``FPT``)."""
    value = text.strip().upper()
    if not _SYMBOL.fullmatch(value):
        raise _fail(tr("The symbol must be 1-12 letters or digits, e.g. FPT (got {typed}).")
                    .format(typed=_printable(text)))
    return value


def exchange(text: str) -> Exchange:
    """HOSE (or HSX), HNX or UPCOM."""
    try:
        return Exchange.parse(text)
    except ValueError:
        raise _fail(tr("The exchange must be HOSE, HNX or UPCOM (got {typed}).").format(
            typed=_printable(text))) from None


def aware_time(text: str, what: str = "--at") -> datetime:
    """An ISO-8601 time with its UTC offset, e.g. 2026-11-25T10:00:00+07:00."""
    example = "2026-11-25T10:00:00+07:00"
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise _fail(tr("{what} must be a date and time with its offset, e.g. {example} "
                       "(got {typed}).").format(what=what, example=example,
                                                typed=_printable(text))) from None
    if when.tzinfo is None or when.utcoffset() is None:
        raise _fail(tr("{what} needs a timezone offset, e.g. {example}.").format(
            what=what, example=example))
    return when


def list_limit(text: str) -> int:
    """How many rows to show: 1 to 100,000."""
    cleaned = text.strip()
    if not cleaned.isascii() or not cleaned.isdigit() or not 1 <= int(cleaned[:7]) <= \
            MAX_LIST_LIMIT or len(cleaned) > 7:
        raise _fail(tr("--limit must be a whole number from 1 to {most} (got {typed}).")
                    .format(most=_n(MAX_LIST_LIMIT), typed=_printable(text)))
    return int(cleaned)


def profile_name(text: str) -> str:
    """A profile name (see :func:`paths.validate_profile_name`)."""
    try:
        return validate_profile_name(text)
    except InvalidProfileName as exc:
        raise _fail(said(exc)) from None


def order_id(text: str) -> str:
    """An order id or a unique prefix of one: 1-64 letters, digits or '-'."""
    if not re.fullmatch(r"[A-Za-z0-9-]{1,64}", text.strip()):
        raise _fail(tr("An order id is letters, digits and '-' (got {typed}).").format(
            typed=_printable(text)))
    return text.strip()


def key(text: str) -> str:
    """An idempotency key: 1-128 printable characters, no spaces."""
    if not 1 <= len(text) <= 128 or not text.isprintable() or any(c.isspace() for c in text) \
            or any("\udc80" <= c <= "\udcff" for c in text):
        raise _fail(tr("The key must be 1-128 printable characters without spaces."))
    return text


def from_env[T](fn: Callable[[str], T], name: str) -> T | None:
    """Parse the environment variable ``name`` with an argparse-style parser (None when it
    is unset or empty); a bad value becomes a :class:`UsageError` naming the variable."""
    value = os.environ.get(name, "")
    if not value:
        return None
    try:
        return fn(value)
    except argparse.ArgumentTypeError as exc:
        raise UsageError(f"{name}: {exc}") from None


def day(text: str) -> date:
    """A calendar day, YYYY-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise _fail(tr("A day is written YYYY-MM-DD, e.g. 2026-11-25 (got {typed}).").format(
            typed=_printable(text))) from None


def seconds(text: str) -> float:
    """A timeout in seconds: more than 0, at most an hour."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 3600:  # also refuses nan and inf
        raise _fail(tr("The timeout is a number of seconds from 1 to 3600 (got {typed}).")
                    .format(typed=_printable(text)))
    return value


def list_name(text: str) -> str:
    """A watchlist or custom list name: 1-32 letters, digits, '_' or '-' (upper-cased)."""
    value = text.strip().upper()
    if not re.fullmatch(r"[A-Z0-9_-]{1,32}", value):
        raise _fail(tr("A list name is 1-32 letters, digits, '_' or '-' (got {typed}).")
                    .format(typed=_printable(text)))
    return value


def entry_id(text: str) -> int:
    """A numbered entry (dead-letter queue): a whole number from 1 to 2,147,483,647."""
    cleaned = text.strip()
    if not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) > 10 \
            or not 1 <= int(cleaned) <= 2**31 - 1:
        raise _fail(tr("An entry number is a whole number from 1 (got {typed}).").format(
            typed=_printable(text)))
    return int(cleaned)


def text_id(text: str) -> str:
    """A run id or similar: 1-64 printable ASCII characters without spaces."""
    value = text.strip()
    if not 1 <= len(value) <= 64 or not value.isascii() or not value.isprintable() \
            or " " in value:
        raise _fail(tr("An id is 1-64 letters, digits or signs (got {typed}).").format(
            typed=_printable(text)))
    return value


# -- market replay (``tradingtools replay DATE``, ``tradingtools --replay DATE``, and the
# desktop app's ``--replay DATE``) ----------------------------------------------------------
MIN_REPLAY_SPEED, MAX_REPLAY_SPEED = 1.0, 60.0


def replay_day(text: str) -> date:
    """The day of a past session: 2026-04-14 or 14/04/2026."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise _fail(tr("{text!r} is not a date: write it as 2026-04-14 or 14/04/2026.")
                .format(text=text))


def replay_day_or_list(text: str) -> date | str:
    """A replay day, or ``list`` (the sessions that can be replayed)."""
    return "list" if text.strip().lower() == "list" else replay_day(text)


def replay_speed(text: str) -> float:
    """How fast a replay runs: 1 to 60 times real time (``10`` or ``10x``)."""
    cleaned = text.strip().lower().removesuffix("x")
    try:
        value = float(cleaned) if cleaned.isascii() and len(cleaned) <= 10 else -1.0
    except ValueError:
        value = -1.0
    if not MIN_REPLAY_SPEED <= value <= MAX_REPLAY_SPEED:  # also refuses nan and inf
        raise _fail(tr("The replay speed is a number from 1 to 60 (times real time), e.g. "
                       "10 (got {typed}).").format(typed=_printable(text)))
    return value


def replay_order(spec: str) -> tuple[Side, str, int, OrderType, int | None]:
    """``"BUY MBB 1000 LO 26.55"`` -> (side, symbol, quantity, type, price VND); the price
    in thousands of VND as the boards show it, needed for LO."""
    parts = spec.split()
    try:
        side = Side(parts[0].upper())
        ticker = symbol(parts[1])
        qty = quantity(parts[2])
        kind = OrderType(parts[3].upper()) if len(parts) > 3 else OrderType.LO
        if len(parts) > 5:
            raise ValueError(spec)
    except (IndexError, ValueError, argparse.ArgumentTypeError):
        raise _fail(tr("Cannot read the order {spec!r}: write it as \"BUY MBB 1000 LO "
                       "26.55\" (price in thousands of VND) or \"SELL FPT 100 MP\".")
                    .format(spec=spec)) from None
    try:
        vnd = price(parts[4]) if len(parts) > 4 else None
    except argparse.ArgumentTypeError as exc:  # the price's own sentence (99600 -> 99.6?)
        raise _fail(f"{spec!r}: {exc}") from None
    if kind is OrderType.LO and vnd is None:
        raise _fail(tr("The LO order {spec!r} needs a price (in thousands of VND).")
                    .format(spec=spec))
    return side, ticker, qty, kind, vnd


def symbol_list(text: str) -> list[str]:
    """Comma-separated tickers, e.g. ``MBB,FPT`` (at least one)."""
    symbols = [symbol(s) for s in text.split(",") if s.strip()]
    if not symbols:
        raise _fail(tr("Name at least one symbol, e.g. MBB,FPT (got {typed}).").format(
            typed=_printable(text)))
    return list(dict.fromkeys(symbols))
