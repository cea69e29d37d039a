"""Fundamental agent: valuation and quality against sector peers.

Each available measure becomes a percentile among the symbol's ICB-sector peers in the
cache (all cached stocks when a sector has fewer than MIN_PEERS), so "cheap" and
"profitable" are relative to comparable companies, whichever universe is screened. Every
value carries its as-of period. P/E and P/B arrive repriced to the as-of day's close
(agents/valuation.py): a quarter's ratio at its quarter-end price would compare stocks at
prices months old.
"""

from __future__ import annotations

import bisect
from statistics import median

from .point_in_time import trading_day_of
from .signal import AgentSignal, clip, r
from .snapshot import Fundamentals, Snapshot

NAME, VERSION = "fundamental", "1.2"  # 1.2: P/E and P/B at the as-of day's price
MIN_PEERS = 4
STALE_DAYS = 200
# measure -> (direction: +1 higher is better, -1 lower is better, weight)
MEASURES: dict[str, tuple[int, float]] = {
    "roe": (1, 0.3), "pe": (-1, 0.2), "pb": (-1, 0.15), "profit_growth": (1, 0.15),
    "debt_to_equity": (-1, 0.1), "roa": (1, 0.1),
}
FINANCIALS = {"Banks", "Financial Services", "Insurance", "Ngân hàng"}


def _percentile(value: float, peers: list[float]) -> float:
    """Share of ``peers`` (sorted ascending) below ``value``, ties counting half."""
    below = bisect.bisect_left(peers, value)
    equal = bisect.bisect_right(peers, value) - below
    return (below + 0.5 * equal) / len(peers)


def run(snap: Snapshot) -> dict[str, AgentSignal]:
    out: dict[str, AgentSignal] = {}
    by_sector: dict[str, list[str]] = {}
    peers_all = sorted(snap.peer_sectors) or snap.symbols
    for s in peers_all:
        by_sector.setdefault(snap.peer_sectors.get(s) or snap.sector.get(s) or "?",
                             []).append(s)
    # each peer group's sorted values of a measure, computed once per run
    values_of: dict[tuple[str | None, str], list[float]] = {}

    def group_values(key: str | None, group: list[str], measure: str) -> list[float]:
        if (key, measure) not in values_of:
            values_of[key, measure] = sorted(
                v for p in group if (v := _value(snap, p, measure)) is not None)
        return values_of[key, measure]

    for sym in snap.symbols:
        f = snap.fundamentals.get(sym)
        if f is None or not f.values:
            out[sym] = AgentSignal.abstain(NAME, VERSION, "no fundamentals in the cache")
            continue
        sector = snap.sector.get(sym) or "?"
        peers = by_sector.get(sector, [])
        group = peers if len(peers) >= MIN_PEERS else peers_all
        parts: list[tuple[str, float, float]] = []
        evidence: dict[str, object] = {"sector": sector, "peer_group": (
            f"{len(group)} {sector} peers" if group is peers else
            f"all cached stocks ({len(group)}; sector has {len(peers)})")}
        for measure, (direction, weight) in MEASURES.items():
            value = f.values.get(measure)
            if value is None or (measure in ("pe", "pb") and value <= 0):
                continue
            if measure == "debt_to_equity" and sector in FINANCIALS:
                continue  # deposits make bank leverage incomparable
            peer_values = group_values(sector if group is peers else None, group, measure)
            if len(peer_values) < 3:
                continue
            pct = _percentile(value, peer_values)
            parts.append((measure, (pct - 0.5) * 2 * direction, weight))
            evidence[measure] = {"value": r(value), "sector_median": r(median(peer_values)),
                                 "percentile": r(pct, 2), "as_of": f.as_of.get(measure)}
        if not parts:
            out[sym] = AgentSignal.abstain(NAME, VERSION, "no measure has enough peers to "
                                           "compare", evidence)
            continue
        total_w = sum(w for _, _, w in parts)
        score = clip(sum(s * w for _, s, w in parts) / total_w)
        coverage = total_w / sum(w for _, w in MEASURES.values())
        stale = _stale(snap, f, [m for m, _, _ in parts])
        confidence = clip(0.7 * coverage * (0.7 if stale else 1.0), 0.0, 1.0)
        best = max(parts, key=lambda p: p[1])
        worst = min(parts, key=lambda p: p[1])
        text = (f"Against {evidence['peer_group']}: strongest {best[0]} "
                f"({_fmt(best[0], f.values[best[0]])}), weakest {worst[0]} "
                f"({_fmt(worst[0], f.values[worst[0]])})")
        if stale:
            text += (f"; figures published over {STALE_DAYS} days before the as-of day "
                     "weigh less")
        out[sym] = AgentSignal(NAME, VERSION, r(score), r(confidence), text + ".", evidence)
    return out


def _stale(snap: Snapshot, f: Fundamentals, measures: list[str]) -> bool:
    """A measure is stale when it was published over STALE_DAYS before the snapshot's
    as-of day (two quarterly reports missed)."""
    if snap.at is None:
        return False
    day = trading_day_of(snap.at)
    return any((day - f.known_on[m]).days > STALE_DAYS for m in measures if m in f.known_on)


def _value(snap: Snapshot, symbol: str, measure: str) -> float | None:
    f = snap.fundamentals.get(symbol)
    v = f.values.get(measure) if f else None
    if v is None or (measure in ("pe", "pb") and v <= 0):
        return None
    return v


def _fmt(measure: str, value: float) -> str:
    if measure in ("roe", "roa", "profit_growth", "gross_margin", "dividend_yield"):
        return f"{value:.1%}"
    return f"{value:.2f}"
