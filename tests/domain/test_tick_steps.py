"""± one tick, across the HOSE tick boundaries and on HNX / UPCOM."""

from __future__ import annotations

import pytest

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.market.ticks import is_on_tick, step_price

H = Exchange.HOSE


@pytest.mark.parametrize(("price", "steps", "expected"), [
    (95_300, 1, 95_400), (95_300, -1, 95_200),
    (50_000, -1, 49_950), (49_950, 1, 50_000),
    (10_000, -1, 9_990), (9_990, 1, 10_000),
    (95_320, 1, 95_400), (95_320, -1, 95_300),  # off tick: snaps in the direction of travel
    (10, -1, 10),  # never to zero
    (95_300, 3, 95_600),
])
def test_hose_steps_use_the_tick_of_the_price_they_leave(price, steps, expected) -> None:
    assert step_price(H, price, steps) == expected
    assert is_on_tick(H, expected)


def test_hnx_and_upcom_step_by_100() -> None:
    assert step_price(Exchange.HNX, 12_300, 1) == 12_400
    assert step_price(Exchange.UPCOM, 12_300, -1) == 12_200
