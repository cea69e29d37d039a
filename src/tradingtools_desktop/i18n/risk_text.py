"""Pre-trade checks as sentences, in the reader's language, built at the edge.

A check (``domain.risk_rules.RiskCheck``) carries a code, pass/fail, ``reason`` (which case
of the rule answered) and its numbers as ``context``; this module holds the one English
sentence per (code, reason) and formats the numbers by what they are:

- prices (``price``, ``floor``, ``ceiling``, ``reference``, ``down``, ``up``): thousands of
  VND with two decimals, as VN boards show them (95,300 VND -> "95.30");
- money (``value``, ``limit``, ``need``, ``have``, ``fee``, ``loss``, ``max_loss``,
  ``tick``): whole VND with the unit ("9,530,000 VND" / "9,530,000 đ");
- quantities and counts: grouped by thousands ("10,000");
- ``phase`` / ``phases``: the session's name (ATO, Liên tục, Nghỉ trưa…);
- ``pct_bps``: a percentage from basis points ("5 %").

Duck-typed on purpose (``code``, ``passed``, ``reason``, ``context``): i18n imports nothing
of ours. English is the source text; the Vietnamese is in ``vi_risk``. A (code, reason)
without a sentence here shows as "CODE: reason key=value", never blank.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Protocol

from . import tr


class _Check(Protocol):
    @property
    def passed(self) -> bool: ...
    @property
    def reason(self) -> str: ...
    @property
    def context(self) -> Mapping[str, object]: ...
    @property
    def code(self) -> Any: ...


PRICE_KEYS = frozenset({"price", "floor", "ceiling", "reference", "down", "up"})
MONEY_KEYS = frozenset({"value", "limit", "need", "have", "fee", "loss", "max_loss", "tick"})
PHASES = {"PRE_OPEN": "pre-open", "ATO": "ATO", "CONTINUOUS": "continuous",
          "LUNCH": "lunch break", "ATC": "ATC", "PLO": "PLO", "CLOSED": "closed"}

# why a check could not be judged (reason "not_checked", context["why"])
WHY = {
    "time_unusable": "the order time is unusable ({problem})",
    "qty_invalid": "the quantity is invalid",
    "market_no_price": "a {type} order carries no price",
    "price_invalid": "the price is invalid",
    "no_band": "no reference price is known for {symbol} today, so the daily band is unknown",
    "no_valid_price": "the order has no valid price",
    "market_no_reference": "a priceless order is valued at the ceiling, and no reference "
                           "price is known",
    "no_timezone": "the order time has no timezone",
    "bad_time": "bad order time",
    "unreadable": "the ticket could not be read ({error})",
    "unexpected_input": "unexpected input ({error})",
    "no_rule": "no rule answered",
}

SENTENCES: dict[tuple[str, str], str] = {
    ("TRADING_HALTED", "not_halted"): "Trading is not halted.",
    ("TRADING_HALTED", "halted"): "Trading is HALTED (kill switch): only cancels are accepted.",
    ("TRADING_REDUCING", "sell_shrinks"): "Reduce-only mode: this sell shrinks the position.",
    ("TRADING_REDUCING", "not_reducing"): "Trading is not in reduce-only mode.",
    ("TRADING_REDUCING", "reduce_only"): "Trading is in reduce-only mode: only sells of at "
                                         "most the {held} shares held are accepted.",
    ("LIVE_NOT_ARMED", "armed"): "Live trading is armed.",
    ("LIVE_NOT_ARMED", "dry_run"): "Dry-run: no live arming needed.",
    ("LIVE_NOT_ARMED", "not_armed"): "Live trading is not armed: arm it in Setup first.",
    ("GUARDRAILS_UNHEALTHY", "healthy"): "Guardrails are healthy.",
    ("GUARDRAILS_UNHEALTHY", "dry_run"): "Dry-run: live guardrails not required.",
    ("GUARDRAILS_UNHEALTHY", "blocked"): "Live orders are blocked: {problems}.",
    ("GUARDRAILS_UNHEALTHY", "blocked_unknown"):
        "Live orders are blocked: a guardrail is not healthy.",
    ("SESSION_CLOSED", "bad_time"): "Order time is invalid: {problem}.",
    ("SESSION_CLOSED", "open"): "{exchange} is in the {phase} session.",
    ("SESSION_CLOSED", "closed"): "{exchange} does not accept orders now ({phase}, Vietnam "
                                  "time).",
    ("ORDER_TYPE_NOT_ALLOWED", "allowed"): "{type} is accepted on {exchange} during {phase}.",
    ("ORDER_TYPE_NOT_ALLOWED", "not_on_exchange"): "{type} is not an order type of "
                                                   "{exchange}.",
    ("ORDER_TYPE_NOT_ALLOWED", "not_now"): "{type} is not accepted on {exchange} during "
                                           "{phase}; it is accepted in: {phases}.",
    ("SYMBOL_UNKNOWN", "no_symbol"): "No symbol was given.",
    ("SYMBOL_UNKNOWN", "listed"): "{symbol} is listed on {exchange}.",
    ("SYMBOL_UNKNOWN", "other_exchange"): "{symbol} is listed on {listed_on}, not "
                                          "{exchange}.",
    ("SYMBOL_UNKNOWN", "unknown"): "Symbol {symbol} is not known on {exchange}.",
    ("INVALID_QUANTITY", "not_whole"): "Quantity must be a positive whole number of shares "
                                       "(got {got}).",
    ("INVALID_QUANTITY", "ok"): "Quantity {qty} shares.",
    ("LOT_SIZE", "odd_lot"): "Odd lot of {qty} shares as LO in the continuous session.",
    ("LOT_SIZE", "odd_lot_not_now"): "Odd lots (1-{max_odd} shares) are accepted only as LO "
                                     "orders in the continuous session (this is {type} "
                                     "during {phase}).",
    ("LOT_SIZE", "board_lots"): "{qty} is a whole number of {lot}-share board lots.",
    ("LOT_SIZE", "mixed_lots"): "Quantity {qty} mixes board and odd lots: place {lots} "
                                "(board lots) and {odd} (a separate odd-lot LO order).",
    ("MAX_QTY", "within"): "{qty} shares is within the per-order maximum.",
    ("MAX_QTY", "over"): "HOSE accepts at most {max} shares per order (got {qty}); split the "
                         "order.",
    ("INVALID_PRICE", "market_has_price"): "{type} orders carry no price; leave the price "
                                           "empty (got {got}).",
    ("INVALID_PRICE", "market"): "{type} orders carry no price.",
    ("INVALID_PRICE", "not_positive"): "{type} needs a positive limit price (got {got}).",
    ("INVALID_PRICE", "limit"): "Limit price {price}.",
    ("TICK_SIZE", "market"): "{type} carries no price, so no tick applies.",
    ("TICK_SIZE", "on_tick"): "Price {price} is on the price tick.",
    ("TICK_SIZE", "off_tick"): "Price {price} is not on the {tick} tick for {exchange} at "
                               "this price; nearest {down} or {up}.",
    ("SECURITY_STATUS", "unknown"): "No trading status is known for {symbol}; nothing "
                                    "blocks it.",
    ("SECURITY_STATUS", "trading"): "{symbol} is trading (status {status}).",
    ("SECURITY_STATUS", "halted"): "{symbol} is halted on the exchange (status {status}): no "
                                   "order can match now, so none is sent; try again when it "
                                   "trades.",
    ("SECURITY_STATUS", "suspended"): "{symbol} is suspended from trading (status {status}): "
                                      "no order can match now, so none is sent; try again "
                                      "when it trades.",
    ("SECURITY_STATUS", "delisted"): "{symbol} is delisted (status {status}): no order can "
                                     "match, so none is sent.",
    ("SECURITY_STATUS", "suspended_matching"): "{symbol} is suspended from order matching "
                                               "(status {status}): no order can match now, "
                                               "so none is sent; try again when it trades.",
    ("PRICE_BAND", "market_in_band"): "{type} trades within today's band {floor}-{ceiling}.",
    ("PRICE_BAND", "in_band"): "Price {price} is within today's band {floor}-{ceiling}.",
    ("PRICE_BAND", "above_ceiling"): "Price {price} is above the ceiling: today's band is "
                                     "{floor}-{ceiling} (reference {reference}, ±{pct} %).",
    ("PRICE_BAND", "below_floor"): "Price {price} is below the floor: today's band is "
                                   "{floor}-{ceiling} (reference {reference}, ±{pct} %).",
    ("MAX_NOTIONAL", "within"): "Order value {value} is within the {limit} limit.",
    ("MAX_NOTIONAL", "within_market"): "Order value {value} ({qty} x ceiling {ceiling}, as "
                                       "{type} has no price) is within the {limit} limit.",
    ("MAX_NOTIONAL", "over"): "Order value {value} exceeds the profile's maximum of {limit} "
                              "per order.",
    ("MAX_NOTIONAL", "over_market"): "Order value {value} ({qty} x ceiling {ceiling}, as "
                                     "{type} has no price) exceeds the profile's maximum of "
                                     "{limit} per order.",
    ("BUYING_POWER", "sell"): "Sells need no buying power.",
    ("BUYING_POWER", "enough"): "Needs {need} (value {value} + fee {fee}); buying power "
                                "{have}.",
    ("BUYING_POWER", "enough_market"): "Needs {need} (value {value} at the ceiling + fee "
                                       "{fee}); buying power {have}.",
    ("BUYING_POWER", "short"): "Needs {need} (value {value} + fee {fee}) but buying power is "
                               "{have}.",
    ("BUYING_POWER", "short_market"): "Needs {need} (value {value} at the ceiling + fee "
                                      "{fee}) but buying power is {have}.",
    ("SELLABLE_QTY", "buy"): "Buys need no sellable shares.",
    ("SELLABLE_QTY", "enough"): "{sellable} shares are sellable; selling {qty}.",
    ("SELLABLE_QTY", "short"): "Only {sellable} shares are sellable now (asked {qty}); shares "
                               "bought settle on T+2 trading days.",
    ("DAILY_LOSS", "no_equity"): "No equity at the open recorded yet: the daily loss limit "
                                 "is not set.",
    ("DAILY_LOSS", "within"): "Today's loss {loss} is within the {max_loss} limit.",
    ("DAILY_LOSS", "reached_reducing"): "Daily loss limit reached, but this sell reduces the "
                                        "position.",
    ("DAILY_LOSS", "reached"): "Daily loss limit reached: lost {loss} today (limit "
                               "{max_loss}, {pct_bps} of equity at the open); only "
                               "position-reducing sells are accepted.",
    ("COOLDOWN", "none"): "No reject cooldown in force.",
    ("COOLDOWN", "paused"): "{n} orders were rejected within {minutes} minutes: new orders "
                            "are paused until {until} Vietnam time.",
    ("RATE_LIMIT", "under"): "{n} orders in the last second (limit {limit_count}).",
    ("RATE_LIMIT", "reached"): "{n} orders in the last second reach the limit of "
                               "{limit_count} per second: wait a moment.",
    ("DUPLICATE_KEY", "no_key"): "The order has no idempotency key, so a retry could place "
                                 "it twice.",
    ("DUPLICATE_KEY", "new"): "New idempotency key.",
    ("DUPLICATE_KEY", "used"): "This idempotency key was used before: the existing order is "
                               "returned, no second order is placed.",
}


def price_text(vnd: int) -> str:
    """95,300 VND -> '95.30' (thousands of VND, two decimals, exact)."""
    return f"{Decimal(vnd) / 1000:,.2f}"


def money_text(vnd: int) -> str:
    """9530000 -> '9,530,000 VND' / '9,530,000 đ'."""
    return tr("{v} VND").format(v=f"{vnd:,}")


def phase_text(phase: str) -> str:
    """'CONTINUOUS' -> 'continuous' / 'Liên tục'; '' -> 'an unknown session'."""
    if not phase:
        return tr("an unknown session")
    return tr(PHASES.get(phase, phase))


def _value(key: str, value: object) -> str:
    if isinstance(value, bool):
        return str(value)
    if key in PRICE_KEYS and isinstance(value, int):
        return price_text(value)
    if key in MONEY_KEYS and isinstance(value, int):
        return money_text(value)
    if key == "pct_bps" and isinstance(value, int):
        return f"{(Decimal(value) / 100).normalize():f} %"
    if key == "phase":
        return phase_text(str(value))
    if key == "phases" and isinstance(value, Iterable) and not isinstance(value, str):
        return ", ".join(phase_text(str(p)) for p in value)
    if key == "symbol" and not value:
        return tr("this symbol")
    if isinstance(value, int):
        return f"{value:,}"
    return tr(str(value)) if key == "problems" else str(value)


def _fill(template: str, context: Mapping[str, object]) -> str:
    values = {k: _value(k, v) for k, v in context.items()}
    try:
        return tr(template).format(**values)
    except (KeyError, IndexError, ValueError):
        return template.format_map({**{k: "?" for k in _names(template)}, **values})


def _names(template: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def check_text(check: _Check) -> str:
    """The check as one sentence in the current language."""
    code = getattr(check.code, "value", str(check.code))
    ctx = check.context
    if check.reason == "not_checked":
        why = str(ctx.get("why", ""))
        inner = _fill(WHY[why], ctx) if why in WHY else why
        return tr("Not checked: {why}.").format(why=inner)
    template = SENTENCES.get((code, check.reason))
    if template is None:
        extra = " ".join(f"{k}={v}" for k, v in ctx.items())
        return f"{code}: {check.reason} {extra}".strip()
    return _fill(template, ctx)


def decision_summary(checks: Iterable[_Check]) -> str:
    """'All pre-trade checks passed.' or the failed checks' sentences, one line."""
    failed = [c for c in checks if not c.passed]
    if not failed:
        return tr("All pre-trade checks passed.")
    return " ".join(check_text(c) for c in failed)


def decision_dict(decision: Any) -> dict[str, object]:
    """``decision.to_dict()`` with each check's ``message`` (the CLI's JSON shape)."""
    out: dict[str, object] = decision.to_dict()
    checks = out["checks"]
    assert isinstance(checks, list)
    for row, check in zip(checks, decision.checks, strict=True):
        row["message"] = check_text(check)
    return out
