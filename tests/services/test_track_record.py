"""The walk-forward on the bundled real data (92 stocks, 2024-11..2025-11): the evaluator
itself is checked (a score that knows the future shows IC ~ 1, a random one ~ 0), T+2 and
costs are worked by hand, the walk-forward scores what a run on that date scores, a run
replays to identical figures and cancels cleanly."""

from __future__ import annotations

import asyncio
import math
from datetime import date

import numpy as np
import pytest

from tradingtools_desktop.agents.pipeline import RunParams, analyse
from tradingtools_desktop.agents.point_in_time import close_of
from tradingtools_desktop.agents.snapshot_loader import load_snapshot
from tradingtools_desktop.domain.market.fees import FeeSchedule
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.events import TrackRecordProgress
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.services.track_record import metrics
from tradingtools_desktop.services.track_record.evaluate import (
    Params,
    evaluate,
    rebalance_dates,
    verdict,
)
from tradingtools_desktop.services.track_record.panel import Panel, load_panel, stock_universe
from tradingtools_desktop.services.track_record.scores import compute
from tradingtools_desktop.services.track_record.service import TrackRecordError

START, END = date(2024, 12, 1), date(2025, 11, 13)


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> tuple[AppServices, Panel]:
    home = tmp_path_factory.mktemp("tr")
    import os
    os.environ["TRADINGTOOLS_HOME"] = str(home)

    async def open_() -> tuple[AppServices, Panel]:
        svc = await AppServices.open(profile_paths("tr", home))
        syms = await svc.db.call(lambda tx: stock_universe(tx, "ALL"))
        panel = await svc.db.call(lambda tx: load_panel(tx, syms, END))
        return svc, panel

    return asyncio.run(open_())


def test_forward_return_respects_t_plus_2_and_pays_fees_and_tax(market) -> None:
    _, panel = market
    t = panel.calendar.index(date(2025, 6, 3))  # scored at the close of Tue 3 June
    j = panel.symbols.index("FPT")
    fwd = metrics.forward_returns(panel.cal_open, panel.cal_close, panel.cal_volume,
                                  np.array([t]), 5, FeeSchedule())
    # bought at the open of 4 June (101,740 VND + 0.15 % fee = 101,892.61 VND), sold at the
    # close of 10 June, the 5th session (99,760 VND - 0.15 % fee - 0.1 % tax = 99,510.60)
    assert panel.calendar[t + 1] == date(2025, 6, 4) and panel.calendar[t + 5] == date(
        2025, 6, 10)
    assert fwd[0, j] == pytest.approx(99_510.60 / 101_892.61 - 1, abs=1e-12)
    with pytest.raises(ValueError, match="T\\+2"):  # sold on the day after the buy: refused
        metrics.forward_returns(panel.cal_open, panel.cal_close, panel.cal_volume,
                                np.array([t]), 2, FeeSchedule())
    # nothing can be bought on a session without trades
    vol = panel.cal_volume.copy()
    vol[t + 1, j] = 0
    assert math.isnan(metrics.forward_returns(panel.cal_open, panel.cal_close, vol,
                                              np.array([t]), 5, FeeSchedule())[0, j])


def test_newey_west_is_the_plain_t_without_lags_and_wider_with_them() -> None:
    x = np.array([0.1, -0.05, 0.2, 0.05, 0.0, 0.15, -0.1, 0.12])
    mean, t, n = metrics.newey_west(x, 0)
    assert n == 8 and mean == pytest.approx(x.mean())
    assert t == pytest.approx(x.mean() / (x.std() / math.sqrt(8)))
    trend = np.linspace(0.0, 0.2, 30) + 0.01  # persistent: overlapping windows look alike
    assert abs(metrics.newey_west(trend, 5)[1]) < abs(metrics.newey_west(trend, 0)[1])
    assert metrics.overlap_lags(20, 21) == 0 and metrics.overlap_lags(60, 5) == 11


def test_ranks_average_ties() -> None:
    assert list(metrics.ranks(np.array([3.0, 1.0, 3.0, np.nan, 2.0]))[[0, 1, 2, 4]]) == [
        3.5, 1.0, 3.5, 2.0]


def _oracle(sign: float):
    """The 20-session forward return itself, blurred a little (so its IC varies by date
    and has a t-statistic): a score that knows the future."""
    def score(panel: Panel, dates: np.ndarray) -> np.ndarray:
        fwd = metrics.forward_returns(panel.cal_open, panel.cal_close, panel.cal_volume,
                                      dates, 20, FeeSchedule())
        return sign * (fwd + np.random.default_rng(1).normal(0, 0.004, fwd.shape))
    return score


def test_a_score_that_knows_the_future_shows_ic_near_one_random_near_zero(market) -> None:
    _, panel = market
    params = Params(START, END, ("monthly", "weekly"), (20,),
                    extra_scores={"oracle": _oracle(1.0), "anti_oracle": _oracle(-1.0)})
    out = evaluate(panel, params)
    for freq in ("monthly", "weekly"):
        per = out["frequencies"][freq]["horizons"]["20"]
        assert per["oracle"]["mean_ic"] > 0.95 and per["oracle"]["ic_t"] > 10
        assert per["anti_oracle"]["mean_ic"] < -0.95
        # (hit = the score's sign matches the return's side of the median; the oracle's sign
        # is the absolute return's, so only most of its signs agree)
        assert per["oracle"]["hit_rate"] > 0.7 and per["oracle"]["top_minus_bottom"] > 0.05
        assert abs(per["random"]["mean_ic"]) < 0.1
        assert abs(per["random"]["ic_t"]) < 3
        assert 0.4 < per["random"]["hit_rate"] < 0.6
    eq = out["frequencies"]["monthly"]["equity"]
    assert eq["oracle"]["final"] > eq["random"]["final"] > eq["anti_oracle"]["final"]
    assert "no reliable edge" in out["verdicts"]["random"]
    assert "better than chance" in out["verdicts"]["oracle"]
    assert "too little history" in out["verdicts"]["news"]  # no headline before 2025-11-20
    assert out["benchmarks_missing"] == ["VNINDEX", "VN30"]  # not in the bundled cache


def test_costs_on_a_book_that_never_changes(market) -> None:
    _, panel = market
    dates = rebalance_dates(panel.calendar, START, END, "monthly")
    fixed = np.tile(np.arange(len(panel.symbols), dtype=float), (len(dates), 1))
    free, _, turn = metrics.equity_curve(fixed, dates, panel.cal_open, panel.cal_close,
                                         panel.cal_volume, 5, FeeSchedule(0, 0))
    paid, _, _ = metrics.equity_curve(fixed, dates, panel.cal_open, panel.cal_close,
                                      panel.cal_volume, 5, FeeSchedule())
    assert turn == 0.0  # the same five names throughout: one buy, one sale, nothing else
    assert paid[-1] == pytest.approx(free[-1] * (1 - 0.0015) * (1 - 0.0025), rel=1e-12)


def test_the_walk_forward_scores_what_a_run_on_that_date_scores(market) -> None:
    svc, panel = market
    dates = rebalance_dates(panel.calendar, START, END, "monthly")
    scores = compute(panel, dates)
    for k in (3, len(dates) - 1):
        day = panel.calendar[int(dates[k])]
        snap = asyncio.run(svc.db.call(lambda tx, d=day: load_snapshot(
            tx, panel.symbols, at=close_of(d))))
        verdicts = {v.symbol: v for v in analyse(snap, RunParams())}
        for name in ("technical", "fundamental", "supervisor"):
            for j, sym in enumerate(panel.symbols):
                v = verdicts[sym]
                sig = v.agents[name] if name != "supervisor" else None
                run_score = (None if v.abstained else v.score) if sig is None else (
                    None if sig.abstained else sig.score)
                wf = scores[name][k, j]
                if run_score is None:
                    assert math.isnan(wf), (name, sym, day)
                else:
                    assert wf == pytest.approx(run_score, abs=2e-4), (name, sym, day)


def test_verdict_sentences() -> None:
    s, e = date(2021, 1, 1), date(2025, 12, 31)
    assert verdict("x", {"mean_ic": 0.01, "ic_t": 0.5, "ic_dates": 60}, s, e) == (
        "On 2021-2025 this score has shown no reliable edge (mean rank IC +0.010, t 0.50, "
        "60 monthly dates).")
    assert "wrong way" in verdict("x", {"mean_ic": -0.05, "ic_t": -2.5, "ic_dates": 60}, s, e)


def test_odd_bar_flags_mark_the_symbol_in_the_record(market) -> None:
    """The hook for corporate-action detection: any non-benign bar flag (as the refresh
    work writes for an unadjusted split gap) names the symbol in the figures."""
    svc, _ = market

    async def go() -> dict:
        await svc.db.execute("UPDATE daily_bars SET flags = 'corporate_action_gap' WHERE "
                             "symbol = 'HPG' AND day = '2025-06-04'")
        syms = await svc.db.call(lambda tx: stock_universe(tx, "VN30"))
        panel = await svc.db.call(lambda tx: load_panel(tx, syms, END))
        await svc.db.execute("UPDATE daily_bars SET flags = '' WHERE symbol = 'HPG' AND "
                             "day = '2025-06-04'")
        return evaluate(panel, Params(START, END, ("monthly",), (20,)))

    out = asyncio.run(go())
    assert out["flagged_symbols"] == {"HPG": ["corporate_action_gap"]}


def test_service_stores_replays_identically_and_cancels(market) -> None:
    svc, _ = market

    async def go() -> None:
        rec = await svc.track_record.run("VN30", START, END, frequencies=("monthly",),
                                         horizons=(5, 20))
        assert rec["status"] == "DONE" and rec["figures_hash"] and rec["inputs_hash"]
        stored = await svc.track_record.get(rec["id"])
        assert stored["result"] == rec["result"] and stored["params"]["data_until"]
        assert (await svc.track_record.latest_for("vn30"))["id"] == rec["id"]
        again = await svc.track_record.replay(rec["id"])
        assert again["identical"], again
        # new bars after the stored day do not change a replay
        await svc.db.execute("INSERT INTO daily_bars VALUES ('FPT', '2025-11-14', 1, 1, 1, 1, "
                             "1, '', 'test', now())")
        assert (await svc.track_record.replay(rec["id"]))["identical"]
        await svc.db.execute("DELETE FROM daily_bars WHERE source = 'test'")

        def stop(event: TrackRecordProgress) -> None:
            if event.stage == "technical":
                svc.track_record.cancel(event.run_id)

        svc.bus.subscribe(TrackRecordProgress, stop)
        cancelled = await svc.track_record.run("VN30", START, END)
        assert cancelled["status"] == "CANCELLED"
        assert (await svc.track_record.get(cancelled["id"]))["status"] == "CANCELLED"
        with pytest.raises(TrackRecordError):
            await svc.track_record.run("VN30", END, START)
        await svc.stop()

    asyncio.run(go())


def test_random_band_brackets_chance_and_the_oracle_lies_far_outside(market) -> None:
    _, panel = market
    out = evaluate(panel, Params(START, END, ("monthly", "weekly"), (20,),
                                 extra_scores={"oracle": _oracle(1.0)}))
    per = out["frequencies"]["weekly"]["horizons"]["20"]
    band = per["random_band"]
    assert band["seeds"] == 20 and band["ic_t_p05"] < 0 < band["ic_t_p95"]
    assert per["oracle"]["ic_t"] > band["ic_t_p95"] * 3
    assert "random scores gave t" in out["verdicts"]["supervisor"]
