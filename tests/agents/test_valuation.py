"""P/E and P/B move to the as-of day's close: worked by hand, bars after the day are never
read, and a ratio whose price is unknown is dropped rather than kept stale."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from tradingtools_desktop.agents import fundamental
from tradingtools_desktop.agents.snapshot import Fundamentals, Snapshot
from tradingtools_desktop.agents.valuation import close_on, reprice


def _series(*rows: tuple[date, float]) -> tuple[list[int], list[float]]:
    return [d.toordinal() for d, _ in rows], [c for _, c in rows]


def _funds(pe: float, pb: float, roe: float = 0.2) -> Fundamentals:
    return Fundamentals("AAA", {"pe": pe, "pb": pb, "roe": roe},
                        {k: "2023Q3 (ssi, public 2023-11-14)" for k in ("pe", "pb", "roe")},
                        {k: date(2023, 11, 14) for k in ("pe", "pb", "roe")},
                        {k: "2023Q3" for k in ("pe", "pb", "roe")})


def test_ratios_are_repriced_from_the_quarter_end_close_to_the_days() -> None:
    closes = {"AAA": _series((date(2023, 9, 28), 20_000.0), (date(2023, 9, 29), 25_000.0),
                             (date(2024, 3, 1), 30_000.0), (date(2024, 3, 4), 50_000.0))}
    out = reprice({"AAA": _funds(10.0, 2.0)}, closes, date(2024, 3, 2))["AAA"]
    # quarter ends Sat 30 Sep: its close is Fri 29 Sep's; the day's is Fri 1 March's
    assert out.values["pe"] == pytest.approx(10.0 * 30_000 / 25_000)
    assert out.values["pb"] == pytest.approx(2.0 * 30_000 / 25_000)
    assert out.values["roe"] == 0.2  # not a price ratio
    assert "2023-09-29" in out.as_of["pe"] and "2024-03-01" in out.as_of["pe"]
    # the 4 March bar is after the day: changing it changes nothing
    closes["AAA"][1][-1] = 1.0
    assert reprice({"AAA": _funds(10.0, 2.0)}, closes, date(2024, 3, 2))["AAA"] == out


def test_a_ratio_without_a_known_price_is_dropped_not_kept_stale() -> None:
    late = {"AAA": _series((date(2023, 10, 5), 25_000.0))}  # no bar by the quarter's end
    out = reprice({"AAA": _funds(10.0, 2.0)}, late, date(2024, 1, 5))["AAA"]
    assert "pe" not in out.values and "pb" not in out.values and out.values["roe"] == 0.2
    assert "pe" not in reprice({"AAA": _funds(10.0, 2.0)}, {}, date(2024, 1, 5))["AAA"].values
    assert close_on(late["AAA"], date(2023, 10, 4)) is None


def test_a_stock_whose_price_fell_since_the_report_ranks_cheaper() -> None:
    """Two banks report the same P/E; one has since halved. Stale ratios call them equal;
    repriced, the fallen one is cheaper and scores higher on P/E."""
    syms = ["AAA", "BBB", "CCC", "DDD"]
    funds = {s: Fundamentals(s, {"pe": 10.0 + i}, {"pe": "2023Q3"}, {"pe": date(2023, 11, 14)},
                             {"pe": "2023Q3"}) for i, s in enumerate(syms)}
    funds["BBB"].values["pe"] = 10.0
    closes = {s: _series((date(2023, 9, 29), 10_000.0), (date(2024, 2, 1), 10_000.0))
              for s in syms}
    closes["BBB"] = _series((date(2023, 9, 29), 10_000.0), (date(2024, 2, 1), 5_000.0))
    empty = np.empty((0, 4))
    snap = Snapshot(syms, {}, {s: "Banks" for s in syms}, {}, 0, empty, empty, empty, empty,
                    empty, np.zeros(4, dtype=np.int64))
    snap.peer_sectors = {s: "Banks" for s in syms}
    snap.fundamentals = funds
    stale = fundamental.run(snap)
    assert stale["AAA"].score == stale["BBB"].score
    snap.fundamentals = reprice(funds, closes, date(2024, 2, 2))
    fresh = fundamental.run(snap)
    assert fresh["BBB"].score > fresh["AAA"].score
