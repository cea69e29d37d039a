"""Every agent's score on every rebalance date, point-in-time, vectorised over the panel.

The same formulas as a screener run (technical.score_panel, risk_sizing.window_penalty,
fundamental.run and news.run on what was public at that close, supervisor.combine_panel),
computed once over each symbol's whole own-bar history: an indicator at a date uses only
bars up to it (the indicators are causal). One difference from a run, measured in
benchmarks/track_record.py: a run warms its EMAs up on its last 400 bars, the walk-forward
on all bars before the date.

Baselines, scored the same way: 12-1 momentum (the return from 252 to 21 sessions before
the date), one-month reversal (minus the last 21 sessions' return) and a seeded random
score.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from datetime import date

import numpy as np
from numpy.typing import NDArray

from ...agents import fundamental, news, risk_sizing, supervisor, technical
from ...agents.indicators import panel as ta
from ...agents.point_in_time import close_of, news_visible
from ...agents.snapshot import Fundamentals, Headline, Snapshot
from ...agents.snapshot_loader import fundamentals_from_rows
from ...agents.valuation import reprice
from .panel import Array, Panel

AGENTS = ("technical", "fundamental", "news", "supervisor")
BASELINES = ("momentum_12_1", "reversal_1m", "random")
Progress = Callable[[str, int, int], None]


class Cancelled(Exception):
    pass


def own_rows(panel: Panel, dates: NDArray[np.int64]) -> NDArray[np.int64]:
    """(dates x symbols): each symbol's last own bar on or before each date, -1 if none."""
    ords = np.array([panel.calendar[int(t)].toordinal() for t in dates], dtype=np.int64)
    out = np.full((len(dates), len(panel.symbols)), -1, dtype=np.int64)
    for j in range(len(panel.symbols)):
        k = int(panel.lengths[j])
        out[:, j] = np.searchsorted(panel.bars_day[:k, j], ords, side="right") - 1
    return out


def _gather(x: Array, rows: NDArray[np.int64]) -> Array:
    cols = np.arange(x.shape[1])[None, :]
    out: Array = np.where(rows >= 0, x[np.maximum(rows, 0), cols], np.nan)
    return out


def _lite(panel: Panel, syms: list[str], day: date) -> Snapshot:
    empty = np.empty((0, len(syms)))
    snap = Snapshot(syms, {}, {s: panel.sector.get(s, "") for s in syms}, {}, 0, empty,
                    empty, empty, empty, empty, np.zeros(len(syms), dtype=np.int64),
                    at=close_of(day))
    snap.peer_sectors = {s: sec for s, sec in panel.peer_sectors.items()
                         if (lst := panel.peer_listed.get(s)) is None or lst <= day}
    return snap


def compute(panel: Panel, dates: NDArray[np.int64], *, seed: int = 7,
            progress: Progress = lambda *_: None,
            cancelled: Callable[[], bool] = lambda: False) -> dict[str, Array]:
    """Score matrices (dates x symbols, NaN = abstained or not yet listed) for every agent,
    the supervisor and the baselines, and the risk penalty under "risk"."""
    n_dates, syms = len(dates), panel.symbols
    rows = own_rows(panel, dates)
    days = [panel.calendar[int(t)] for t in dates]
    listed = np.array([[(lst := panel.listed_on.get(s)) is None or lst <= d for s in syms]
                       for d in days], dtype=bool) & (rows >= 0)
    c, h, lo, v = panel.bars_close, panel.bars_high, panel.bars_low, panel.bars_volume
    progress("technical", 0, n_dates)
    tech = _gather(technical.score_panel(c, h, lo, v), rows)
    if cancelled():
        raise Cancelled("technical")
    progress("risk", 0, n_dates)
    value20 = ta.avg_traded_value(c, v, 20)
    atr = ta.atr(h, lo, c, 14)
    risk = np.full((n_dates, len(syms)), np.nan)
    back = np.arange(-250, 1)[:, None]
    for i in range(n_dates):
        r = rows[i]
        idx = r[None, :] + back
        window = np.where(idx >= 0, c[np.maximum(idx, 0), np.arange(len(syms))], np.nan)
        adv = np.nan_to_num(_gather(value20, r[None, :])[0], nan=0.0)
        pen = risk_sizing.window_penalty(window, adv)
        a = _gather(atr, r[None, :])[0]
        ok = (r + 1 >= 30) & np.isfinite(a) & (a > 0)
        risk[i] = np.where(ok, pen, np.nan)
    fund = np.full((n_dates, len(syms)), np.nan)
    nws = np.full((n_dates, len(syms)), np.nan)
    fund_cache: dict[tuple[int, int, tuple[str, ...]], dict[str, float]] = {}
    base_cache: dict[int, dict[str, Fundamentals]] = {}  # before repricing (not mutated)
    news_cache: dict[tuple[str, ...], dict[str, float]] = {}
    known: list[date] = sorted(r[3] for r in panel.fundamentals)  # type: ignore[misc]
    wanted = set(syms)
    for i, day in enumerate(days):
        if cancelled():
            raise Cancelled("fundamental")
        if i % 10 == 0:
            progress("fundamental and news", i, n_dates)
        live = [s for j, s in enumerate(syms) if listed[i, j]]
        # P/E and P/B are repriced to each day's close, so only the same day repeats
        published = bisect.bisect_right(known, day)  # rows known by then: the same rows
        key = (day.toordinal(), published, tuple(live))
        if key not in fund_cache:
            if published not in base_cache:
                base_cache[published] = fundamentals_from_rows(panel.fundamentals, day)
            snap = _lite(panel, live, day)
            snap.fundamentals = reprice(base_cache[published], panel.peer_closes, day)
            fund_cache[key] = {s: sig.score for s, sig in fundamental.run(snap).items()
                               if not sig.abstained}
        at = close_of(day)
        visible = [n for n in panel.news if news_visible(n[3], at)
                   and (wanted & set(n[4]) or (n[5] and not n[4]))]
        nkey = tuple(n[0] for n in visible)
        if nkey and nkey not in news_cache:
            snap = _lite(panel, live, day)
            for nid, title, summary, when, tickers, market in visible:
                if market and not tickers:
                    snap.market_news.append(Headline(nid, title, summary, when))
                for s in sorted(set(tickers) & set(live)):
                    snap.news.setdefault(s, []).append(Headline(nid, title, summary, when))
            news_cache[nkey] = {s: sig.score for s, sig in news.run(snap).items()
                                if not sig.abstained}
        f, nw = fund_cache[key], news_cache.get(nkey, {})
        for j, s in enumerate(syms):
            if s in f:
                fund[i, j] = f[s]
            if s in nw:
                nws[i, j] = nw[s]
    progress("supervisor and baselines", n_dates, n_dates)
    sup = supervisor.combine_panel({"technical": tech, "fundamental": fund, "news": nws},
                                   risk)
    with np.errstate(invalid="ignore", divide="ignore"):
        now, m21, m252 = (_gather(c, rows), _gather(c, rows - 21), _gather(c, rows - 252))
        m21 = np.where(rows >= 21, m21, np.nan)
        m252 = np.where(rows >= 252, m252, np.nan)
        momentum = m21 / m252 - 1
        reversal = -(now / m21 - 1)
    rand = np.random.default_rng(seed).random((n_dates, len(syms)))
    out = {"technical": tech, "fundamental": fund, "news": nws, "supervisor": sup,
           "momentum_12_1": momentum, "reversal_1m": reversal, "random": rand,
           "risk": risk}
    return {k: np.where(listed, val, np.nan) for k, val in out.items()}
