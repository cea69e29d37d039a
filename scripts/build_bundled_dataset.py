"""Build the small offline dataset shipped with the app (resources/market/).

From ../shared/data (real recorded data): the last N daily bars of every stock in
ohlcv/vci_daily (indices skipped), prices converted from thousands of VND to VND integers,
and each symbol's exchange (from _MANIFEST.csv) and ICB sector / name (vnstock-js listing).
The source's last bar (2025-11-13) is a partial intraday bar: it is kept and flagged.

    .venv/bin/python scripts/build_bundled_dataset.py [--bars 250]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "tradingtools_desktop" / "resources" / "market"
INDICES = {"VNINDEX", "VN30", "HNXINDEX", "UPCOMINDEX"}
PARTIAL_DAY = "2025-11-13"


def vnd(thousands: str) -> int:
    return int((Decimal(thousands) * 1000).to_integral_value())


def _num(value: str | None) -> str:
    try:
        return "" if value in (None, "") else repr(float(value))
    except ValueError:
        return ""


def write_fundamentals(stocks: set[str]) -> None:
    fund = SHARED / "fundamentals"
    vci = json.loads((fund / "vnstockjs_vci_ratios_latest_quarter.json").read_text("utf-8"))
    fiin: dict[str, dict[str, str]] = {}
    with (fund / "ssi_fiintrade_financial_ratios_quarterly.csv").open() as fh:
        for r in csv.DictReader(fh):
            key = r["quarter"].split()[1] + r["quarter"].split()[0]  # "2023Q3" sorts
            if r["symbol"] in stocks and key >= fiin.get(r["symbol"], {}).get("_key", ""):
                fiin[r["symbol"]] = {**r, "_key": key}
    cols = ["symbol", "period", "source", "pe", "pb", "roe", "roa", "debt_to_equity",
            "gross_margin", "dividend_yield", "eps", "bvps", "revenue_growth",
            "profit_growth"]
    with (OUT / "fundamentals.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        for r in vci["ratios"]:
            if r["symbol"] in stocks:
                w.writerow([r["symbol"], r["period"], "vnstock-js:vci", "", "",
                            _num(r.get("roe")), _num(r.get("roa")), _num(r.get("debtToEquity")),
                            _num(r.get("grossMargin")), _num(r.get("dividendYield")), "", "",
                            "", ""])
        for sym, r in sorted(fiin.items()):
            w.writerow([sym, r["_key"], "ssi:fiintrade", _num(r["p/e"]), _num(r["p/b"]),
                        _num(r["roe_(%)"]), _num(r["roa_(%)"]), _num(r["dept/equity"]),
                        _num(r["gross_profit_margin_(%)"]), "", _num(r["eps_(vnd)"]),
                        _num(r["bvps_(vnd)"]), _num(r["revenue_growth_(%)"]),
                        _num(r["profit_growth_(%)"])])


def write_news() -> None:
    src = SHARED / "news" / "vn_news_headlines_2025-11_buu205.jsonl"
    with (OUT / "news.jsonl").open("w", encoding="utf-8") as out:
        for line in src.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            out.write(json.dumps({k: d.get(k) for k in ("title", "short_description",
                                                        "publish_time", "url", "source")},
                                 ensure_ascii=False) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bars", type=int, default=250)
    args = ap.parse_args()
    src = SHARED / "ohlcv" / "vci_daily"
    if not src.exists():
        print(f"{src} is absent: nothing to build")
        return 1
    manifest = {r["symbol"]: r for r in csv.DictReader((src / "_MANIFEST.csv").open())}
    listing = {r["symbol"]: r for r in json.loads(
        (SHARED / "listing" / "vnstockjs_vci_symbols.json").read_text(encoding="utf-8"))}
    OUT.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT / "bars.csv.gz", "wt", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["symbol", "day", "open", "high", "low", "close", "volume", "flags"])
        for symbol in sorted(manifest):
            if symbol in INDICES:
                continue
            rows = list(csv.DictReader((src / f"{symbol}.csv").open()))[-args.bars:]
            for r in rows:
                o, h, lo, c = (vnd(r[k]) for k in ("open", "high", "low", "close"))
                flags = []
                if r["date"] == PARTIAL_DAY:
                    flags.append("partial")
                if int(float(r["volume"])) == 0:
                    flags.append("zero_volume")
                if lo > min(o, c) or h < max(o, c):
                    flags.append("ohlc_inconsistent")
                w.writerow([symbol, r["date"], o, h, lo, c, int(float(r["volume"])),
                            ";".join(flags)])
    with (OUT / "instruments.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["symbol", "exchange", "kind", "name", "sector", "vn30"])
        for symbol in sorted(manifest):
            if symbol in INDICES:
                continue
            m, li = manifest[symbol], listing.get(symbol, {})
            w.writerow([symbol, m["exchange_2025"], "STOCK", li.get("companyName", ""),
                        li.get("sectorEn") or li.get("industryEn") or "",
                        "1" if m["in_vn30_2025"] == "True" else "0"])
    stocks = {s for s in manifest if s not in INDICES}
    write_fundamentals(stocks)
    write_news()
    (OUT / "SOURCE.md").write_text(
        "# Bundled offline market data\n\n"
        f"Last {args.bars} daily bars of {len(manifest) - len(INDICES)} stocks, prices in VND.\n"
        "Origin: ../shared/data/ohlcv/vci_daily (exported from vnstock's VCI source by the\n"
        "public repository trannhanhieu14051992/market_strength), exchanges from its\n"
        "_MANIFEST.csv, names and ICB sectors from ttqteo/vnstock-js (Apache-2.0).\n"
        f"The last bar ({PARTIAL_DAY}) is a partial intraday bar and is flagged `partial`.\n"
        "fundamentals.csv: per symbol, the latest quarter of vnstock-js VCI ratios (2026Q2:\n"
        "ROE, ROA, debt/equity, gross margin, dividend yield; Apache-2.0) and the latest\n"
        "SSI/FiinTrade quarter (Q3 2023: P/E, P/B, EPS, BVPS, growth) where covered.\n"
        "news.jsonl: 78 real headlines 2025-11-20..28 (buu205 collection); their `symbols`\n"
        "field is machine-made and often wrong, so the app re-derives tickers itself.\n"
        "Rebuild: scripts/build_bundled_dataset.py\n", encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
