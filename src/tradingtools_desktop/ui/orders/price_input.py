"""Reading a price a person typed: thousands of VND as the boards show them ("95.3").

Every refusal is a sentence in the user's language that says what to type instead: a
price typed in VND ("99600" or "99,600") where thousands are expected, a decimal comma
("95,3"), a negative or zero, sub-VND precision, text that is not a number.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ...domain.market.bands import PriceBand
from ...i18n import tr

# a share above 1,000,000 VND does not trade in Vietnam; "99600" meant 99,600 VND
LIKELY_VND_THOUSANDS = Decimal(1000)
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+$")


def parse_price_input(text: str, band: PriceBand | None = None) -> tuple[int | None, str]:
    """(price in VND, "") or (None, why). Empty text is (None, "")."""
    raw = text.strip()
    if not raw:
        return None, ""
    if "," in raw:
        if _GROUPED.match(raw):
            vnd = int(raw.replace(",", ""))
            return None, tr("Prices are typed in thousands of VND: for {vnd} VND type "
                            "{hint}.").format(vnd=f"{vnd:,}", hint=_hint(vnd))
        return None, tr("Use a dot for decimals: for {text} thousand VND type {fixed}.").format(
            text=raw, fixed=raw.replace(",", "."))
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None, tr("'{text}' is not a price: type it in thousands of VND, e.g. 95.3 for "
                        "95,300 VND.").format(text=raw)
    if not value.is_finite():
        return None, tr("'{text}' is not a price: type it in thousands of VND, e.g. 95.3 for "
                        "95,300 VND.").format(text=raw)
    if value <= 0:
        return None, tr("A price must be above zero.")
    vnd_exact = value * 1000
    if vnd_exact != vnd_exact.to_integral_value():
        return None, tr("{text} is finer than 1 VND: prices have at most three decimals in "
                        "thousands of VND.").format(text=raw)
    vnd = int(vnd_exact)
    if value >= LIKELY_VND_THOUSANDS and (band is None or vnd > 10 * band.ceiling):
        return None, tr("{text} thousand VND is {vnd} VND a share: prices are typed in "
                        "thousands, so {text} VND is {hint}.").format(
            text=raw, vnd=f"{vnd:,}", hint=_hint(int(value)))
    return vnd, ""


def _hint(vnd: int) -> str:
    """99600 -> '99.6' (thousands, no trailing zeros)."""
    text = f"{Decimal(vnd) / 1000:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
