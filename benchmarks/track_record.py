"""The screener's track record over the whole cached market, and how fast it is computed.

The cache is built from ../shared/data: every daily-bar file of ohlcv/vci_daily (92 stocks
and the 4 indices, 2019-09..2025-11-13) and the SSI/FiinTrade quarterly ratios (74 large
caps, Q4 2016..Q3 2023; no publication day, so each quarter is used from quarter end + 45
days). Then:

1. ``tradingtools screen backtest`` equivalent: the walk-forward of every agent, the
   supervisor and the baselines, monthly and weekly rebalances, 5/20/60-session horizons,
   over every stock in the cache -- timed.
2. Same-run baseline: the naive way (load a point-in-time snapshot at each rebalance date
   and run the agent pipeline) on a sample of monthly dates, timed and extrapolated to all
   rebalance dates; its scores are compared with the walk-forward's at the same dates.
3. The evaluation protocol of docs/track-record.md: a record of the development period
   (2020-2022, cache cut at 2022-12-31) and one of the held-out period (2023-2025), both
   with the fixed and the walk-forward fitted supervisor (``periods`` in the JSON).

``TT_TRACK_RECORD_OUT`` writes the JSON elsewhere (e.g. to measure a previous commit's
code with the same benchmark). The load average is recorded with the figures.

    PYTHONPATH=src .venv/bin/python benchmarks/track_record.py   # results/track_record.json
"""

from __future__ import annotations

import asyncio
import csv
import json
import math
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

# ../shared/data beside the checkout (a worktree under wt/ has it one level further up)
SHARED = next((p / "shared" / "data" for p in Path(__file__).resolve().parents[2:4]
               if (p / "shared" / "data").exists()),
              Path(__file__).resolve().parents[2] / "shared" / "data")
BARS = SHARED / "ohlcv" / "vci_daily"
RATIOS = SHARED / "fundamentals" / "ssi_fiintrade_financial_ratios_quarterly.csv"
OUT = Path(__file__).parent / "results" / "track_record.json"
START, END = date(2020, 1, 1), date(2025, 11, 13)
# docs/track-record.md, "Evaluation protocol": choices on DEV (cache cut at its end), HELD
# OUT judged once
PERIODS = {"development": (date(2020, 1, 1), date(2022, 12, 31), date(2022, 12, 31)),
           "held_out": (date(2023, 1, 1), END, None)}
LIMIT_S = 60.0


def _num(v: str | None) -> float | None:
    try:
        return None if v in (None, "") else float(v)  # type: ignore[arg-type]
    except ValueError:
        return None


async def build_cache(svc: Any) -> dict[str, int]:
    from tradingtools_desktop.market.csv_import import parse_file, read_manifest, write_file

    manifest = read_manifest(BARS)
    now = datetime.now(UTC)
    files = 0
    for path in sorted(BARS.glob("*.csv")):
        if path.stem.startswith("_"):
            continue
        report, rows = parse_file(path)
        if report.ok and rows:
            await svc.db.transaction(lambda tx, r=rows, s=path.stem: write_file(
                tx, r, manifest.get(s.upper()), "shared:vci_daily", now))
            files += 1
    fund_rows = []
    with RATIOS.open() as fh:
        for r in csv.DictReader(fh):
            q, y = r["quarter"].split()
            fund_rows.append([r["symbol"], f"{y}{q}", "ssi:fiintrade", _num(r["p/e"]),
                              _num(r["p/b"]), _num(r["roe_(%)"]), _num(r["roa_(%)"]),
                              _num(r["dept/equity"]), _num(r["gross_profit_margin_(%)"]),
                              _num(r["eps_(vnd)"]), _num(r["bvps_(vnd)"]),
                              _num(r["revenue_growth_(%)"]), _num(r["profit_growth_(%)"]), now])

    def write(tx: Any) -> None:
        for row in fund_rows:
            tx.execute("INSERT INTO fundamentals (symbol, period, source, pe, pb, roe, roa, "
                       "debt_to_equity, gross_margin, eps, bvps, revenue_growth, "
                       "profit_growth, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                       "?, ?, ?) ON CONFLICT DO NOTHING", row)

    await svc.db.transaction(write)
    return {"bar_files": files, "fundamental_rows": len(fund_rows)}


async def naive(svc: Any, symbols: list[str], days: list[date]) -> tuple[float, dict]:
    from tradingtools_desktop.agents.pipeline import RunParams, analyse
    from tradingtools_desktop.agents.point_in_time import close_of
    from tradingtools_desktop.agents.snapshot_loader import load_snapshot

    out: dict[date, dict[str, Any]] = {}
    t0 = time.perf_counter()
    for d in days:
        snap = await svc.db.call(lambda tx, d=d: load_snapshot(tx, symbols, at=close_of(d)))
        out[d] = {v.symbol: v for v in analyse(snap, RunParams())}
    return time.perf_counter() - t0, out


def _period(rec: dict[str, Any], seconds: float) -> dict[str, Any]:
    """One period's figures: every score at every setting, the random bands, the fitted
    supervisor's weights."""
    res, p = rec["result"], rec["params"]
    keys = ("mean_ic", "ic_t", "ic_dates", "top_minus_bottom", "hit_rate", "hit_obs")
    prim = res["frequencies"]["monthly"]["horizons"]["20"]
    band = prim.get("random_band", {})
    return {
        "range": f"{p['start']}..{p['end']}", "data_until": p["data_until"],
        "seconds": round(seconds, 2), "inputs_hash": rec["inputs_hash"],
        "figures_hash": rec["figures_hash"],
        "dates": res["frequencies"]["monthly"]["dates"],
        "band_t": f"{band.get('ic_t_p05')}..{band.get('ic_t_p95')}",
        "primary": {n: {k: prim[n][k] for k in keys} for n in prim
                    if n not in ("newey_west_lags", "random_band")},
        "figures": {freq: {h: {**{n: {k: per[n][k] for k in keys} for n in per
                                  if n not in ("newey_west_lags", "random_band")},
                               "random_band": per.get("random_band")}
                           for h, per in block["horizons"].items()}
                    for freq, block in res["frequencies"].items()},
        "fitted_weights": {freq: block.get("supervisor_fitted_weights")
                           for freq, block in res["frequencies"].items()},
        "versions": rec["versions"]}


def main() -> int:
    if not BARS.exists():
        print(f"no data at {BARS}: this benchmark needs ../shared/data", file=sys.stderr)
        return 2
    os.environ.setdefault("TRADINGTOOLS_HOME", tempfile.mkdtemp(prefix="tt-bench-"))
    from tradingtools_desktop.paths import profile_paths
    from tradingtools_desktop.services.runtime import AppServices
    from tradingtools_desktop.services.track_record.evaluate import rebalance_dates
    from tradingtools_desktop.services.track_record.panel import load_panel, stock_universe
    from tradingtools_desktop.services.track_record.scores import compute

    async def go() -> dict[str, Any]:
        svc = await AppServices.open(profile_paths("bench", Path(os.environ[
            "TRADINGTOOLS_HOME"])))
        loaded = await build_cache(svc)
        symbols = await svc.db.call(lambda tx: stock_universe(tx, "ALL"))
        t0 = time.perf_counter()
        rec = await svc.track_record.run("ALL", START, END)
        walk_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        replay = await svc.track_record.replay(rec["id"])
        replay_s = time.perf_counter() - t1
        res = rec["result"]
        periods: dict[str, Any] = {}
        for pname, (p_start, p_end, p_until) in PERIODS.items():
            t2 = time.perf_counter()
            prec = await svc.track_record.run("ALL", p_start, p_end, data_until=p_until)
            periods[pname] = _period(prec, time.perf_counter() - t2)
        # same-run baseline: the agent pipeline date by date, on a sample of monthly dates
        panel = await svc.db.call(lambda tx: load_panel(tx, symbols, END))
        monthly = rebalance_dates(panel.calendar, START, END, "monthly")
        sample = monthly[:: max(1, len(monthly) // 6)][:6]
        days = [panel.calendar[int(t)] for t in sample]
        naive_s, naive_out = await naive(svc, symbols, days)
        all_dates = sum(b["dates"] for b in res["frequencies"].values())
        wf = compute(panel, sample)
        diffs: dict[str, float] = {}
        agree: dict[str, str] = {}
        for name in ("technical", "fundamental", "supervisor"):
            worst, same, total = 0.0, 0, 0
            for k, d in enumerate(days):
                for j, s in enumerate(panel.symbols):
                    v = naive_out[d].get(s)
                    if v is None:
                        ref = None
                    elif name == "supervisor":
                        ref = None if v.abstained else v.score
                    else:
                        sig = v.agents[name]
                        ref = None if sig.abstained else sig.score
                    got = wf[name][k, j]
                    total += 1
                    if ref is None or math.isnan(got):
                        same += int(ref is None and math.isnan(got))
                        continue
                    worst = max(worst, abs(ref - got))
                    same += int(abs(ref - got) < 1e-9)
            diffs[name] = round(worst, 6)
            agree[name] = f"{same}/{total} identical"
        await svc.stop()
        prim = res["frequencies"]["monthly"]["horizons"]["20"]
        figures = {freq: {h: {n: {k: per[n][k] for k in ("mean_ic", "ic_t",
                                                          "top_minus_bottom", "hit_rate",
                                                          "hit_obs", "turnover")}
                              for n in per if n not in ("newey_west_lags", "random_band")}
                          for h, per in block["horizons"].items()}
                   for freq, block in res["frequencies"].items()}
        equity = {freq: {n: e["final"] for n, e in block["equity"].items()}
                  for freq, block in res["frequencies"].items()}
        return {
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "cache": {**loaded, "stocks": len(symbols), "sessions": len(panel.calendar),
                      "first_day": panel.calendar[0].isoformat(),
                      "last_day": panel.calendar[-1].isoformat()},
            "period": [START.isoformat(), END.isoformat()],
            "walk_forward_s": round(walk_s, 2), "limit_s": LIMIT_S,
            "within_limit": walk_s <= LIMIT_S,
            "rebalance_dates": {f: b["dates"] for f, b in res["frequencies"].items()},
            "replay_s": round(replay_s, 2), "replay_identical": replay["identical"],
            "baseline_naive_per_date_s": round(naive_s / len(days), 3),
            "baseline_naive_all_dates_s_extrapolated": round(naive_s / len(days) * all_dates,
                                                             1),
            "speedup_vs_naive": round(naive_s / len(days) * all_dates / walk_s, 1),
            "agreement_with_runs": {"dates": [d.isoformat() for d in days],
                                    "max_abs_diff": diffs, "identical": agree},
            "verdicts": res["verdicts"], "calibration": res.get("calibration"),
            "primary": {n: prim[n] for n in prim if n != "newey_west_lags"},
            "random_bands": {freq: {h: per.get("random_band") for h, per in
                                    block["horizons"].items()}
                             for freq, block in res["frequencies"].items()},
            "periods": periods,
            "figures": figures, "equity_final": equity,
            "benchmarks_missing": res["benchmarks_missing"],
        }

    out = asyncio.run(go())
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    target = Path(os.environ.get("TT_TRACK_RECORD_OUT", OUT))
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(out, indent=2, ensure_ascii=False, default=str))
    print(json.dumps({k: out[k] for k in ("cache", "walk_forward_s", "within_limit",
                                          "baseline_naive_all_dates_s_extrapolated",
                                          "speedup_vs_naive", "replay_identical",
                                          "agreement_with_runs", "verdicts",
                                          "equity_final", "load_average")}, indent=1,
                     default=str))
    for pname, per in out["periods"].items():
        print(f"\n{pname} {per['range']} (data until {per['data_until']}), monthly 20 "
              f"sessions, {per['dates']} dates; random band t {per['band_t']}")
        for name, st in per["primary"].items():
            print(f"  {name:18s} IC {st['mean_ic']} t {st['ic_t']} top-bottom "
                  f"{st['top_minus_bottom']} hit {st['hit_rate']}")
    return 0 if out["within_limit"] else 1


if __name__ == "__main__":
    sys.exit(main())
