"""The walk-forward fitted supervisor: a weight fitted at date D reads nothing after D (data
after D changed = the same weight at D, different weights later), weights favour the agent
whose past IC was good, and the fitted configuration sits beside the fixed one in a record
on the bundled real data."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date

import numpy as np
import pytest

from tradingtools_desktop.domain.market.fees import FeeSchedule
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.services.track_record import fitted, metrics
from tradingtools_desktop.services.track_record.evaluate import (
    Params,
    _fitted,
    evaluate,
    rebalance_dates,
)
from tradingtools_desktop.services.track_record.panel import Panel, load_panel, stock_universe
from tradingtools_desktop.services.track_record.scores import compute

H = fitted.FIT_HORIZON


def _market(seed: int, t_count: int = 600, n: int = 40) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    close = 10_000 * np.exp(np.cumsum(rng.normal(0, 0.02, (t_count, n)), axis=0))
    return close, np.ones((t_count, n))


def _weights(close: np.ndarray, vol: np.ndarray, dates: np.ndarray,
             scores: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    fwd = metrics.forward_returns(close, close, vol, dates, H, FeeSchedule())
    return fitted.walk_forward_weights(scores, dates, fwd)


def _planted(close: np.ndarray, vol: np.ndarray, dates: np.ndarray, seed: int
             ) -> dict[str, np.ndarray]:
    """technical knows the next 20 sessions' return (plus noise); the others are noise."""
    rng = np.random.default_rng(seed)
    fwd = metrics.forward_returns(close, close, vol, dates, H, FeeSchedule())
    tech = np.nan_to_num(fwd, nan=0.0) + rng.normal(0, 0.05, fwd.shape)
    return {"technical": tech, "fundamental": rng.normal(0, 1, fwd.shape),
            "news": np.full(fwd.shape, np.nan)}


def test_a_weight_at_d_does_not_change_when_data_after_d_changes() -> None:
    close, vol = _market(1)
    dates = np.arange(30, 560, 21, dtype=np.int64)
    scores = _planted(close, vol, dates, 2)
    before = _weights(close, vol, dates, scores)
    k = 15  # date D = calendar row dates[k]
    d_row = int(dates[k])
    close2 = close.copy()
    close2[d_row + 1:] *= np.exp(np.random.default_rng(3).normal(0, 0.2, close2[d_row + 1:]
                                                                 .shape))
    scores2 = {a: s.copy() for a, s in scores.items()}
    for a in scores2:  # every score dated after D changes too
        scores2[a][k + 1:] = np.random.default_rng(4).normal(0, 1, scores2[a][k + 1:].shape)
    after = _weights(close2, vol, dates, scores2)
    for a in fitted.DIRECTIONAL:
        assert np.array_equal(before[a][:k + 1], after[a][:k + 1]), a
    # the test can fail: later weights, which may read the changed data, do change
    assert any(not np.array_equal(before[a][k + 2:], after[a][k + 2:])
               for a in fitted.DIRECTIONAL)


def test_weights_learn_from_closed_windows_only_and_shrink_to_equal() -> None:
    close, vol = _market(5)
    dates = np.arange(30, 580, 21, dtype=np.int64)
    w = _weights(close, vol, dates, _planted(close, vol, dates, 6))
    total = sum(w[a] for a in fitted.DIRECTIONAL)
    assert np.allclose(total, 1.0, atol=1e-5)
    # monthly dates, 20-session windows: date k has k closed windows; equal until 6
    assert np.allclose(w["technical"][:fitted.MIN_WINDOWS], 1 / 3)
    assert w["technical"][fitted.MIN_WINDOWS] > 1 / 3
    # the informed agent gains weight as evidence accumulates, never all of it
    assert w["technical"][-1] > w["technical"][fitted.MIN_WINDOWS] > w["fundamental"][-1]
    assert w["fundamental"][-1] >= fitted.SHRINK_N0 / (fitted.SHRINK_N0 + len(dates)) / 3
    assert w["technical"][-1] < 1.0


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> Panel:
    home = tmp_path_factory.mktemp("fit")
    import os
    os.environ["TRADINGTOOLS_HOME"] = str(home)

    async def open_() -> Panel:
        svc = await AppServices.open(profile_paths("fit", home))
        syms = await svc.db.call(lambda tx: stock_universe(tx, "ALL"))
        panel = await svc.db.call(lambda tx: load_panel(tx, syms, date(2025, 11, 13)))
        await svc.stop()
        return panel

    return asyncio.run(open_())


def _shocked_after(panel: Panel, day: date) -> Panel:
    """The same panel with every price after ``day`` changed."""
    rng = np.random.default_rng(11)
    t = panel.calendar.index(day)
    cal = {k: getattr(panel, k).copy() for k in ("cal_open", "cal_close")}
    factor = np.exp(rng.normal(0, 0.1, cal["cal_close"][t + 1:].shape))
    for a in cal.values():
        a[t + 1:] *= factor
    bars = {k: getattr(panel, k).copy() for k in ("bars_open", "bars_high", "bars_low",
                                                  "bars_close")}
    late = panel.bars_day > day.toordinal()
    own = np.exp(rng.normal(0, 0.1, late.shape))
    for a in bars.values():
        a[late] *= own[late]
    return dataclasses.replace(panel, **cal, **bars)


def test_on_real_data_the_fitted_supervisor_at_d_ignores_prices_after_d(market) -> None:
    params = Params(date(2025, 1, 1), date(2025, 10, 31), ("weekly",), (20,))
    dates = rebalance_dates(market.calendar, params.start, params.end, "weekly")
    k = len(dates) // 2
    day = market.calendar[int(dates[k])]
    runs = []
    for panel in (market, _shocked_after(market, day)):
        scores = compute(panel, dates)
        runs.append(_fitted(panel, dates, scores, "weekly", params, lambda *_: None,
                            lambda: False))
    (sup1, w1), (sup2, w2) = runs
    for a in fitted.DIRECTIONAL:
        assert np.array_equal(w1[a][:k + 1], w2[a][:k + 1])
    assert np.array_equal(sup1[:k + 1], sup2[:k + 1], equal_nan=True)
    assert not np.array_equal(sup1[k + 1:], sup2[k + 1:], equal_nan=True)
    assert np.isfinite(sup1).sum() > 0.8 * np.isfinite(compute(market, dates)["technical"]
                                                        ).sum()


def test_the_record_shows_the_fitted_configuration_beside_the_fixed_one(market) -> None:
    res = evaluate(market, Params(date(2025, 3, 1), date(2025, 10, 31), ("monthly",), (20,)))
    per = res["frequencies"]["monthly"]["horizons"]["20"]
    assert "supervisor" in per and "supervisor_fitted" in per
    assert per["supervisor_fitted"]["observations"] > 0
    assert "supervisor_fitted" in res["verdicts"]
    fw = res["frequencies"]["monthly"]["supervisor_fitted_weights"]
    assert set(fw["mean"]) == set(fitted.DIRECTIONAL)
