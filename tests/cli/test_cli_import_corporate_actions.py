"""A CSV of raw (unadjusted) prices is flagged on import, not accepted silently, and the
screener refuses to score across the gap; ``--adjust`` back-adjusts it.

The raw file is CONSTRUCTED from the real adjusted FPT bars (tests/fixtures/ohlcv/FPT.csv)
and a 20 % stock dividend on 2024-06-12: prices before it multiplied by 1.2, as the raw
tape shows them (no real split exists in our back-adjusted data)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import duckdb

from tradingtools_desktop.cli import main

FIX = Path(__file__).parents[1] / "fixtures" / "ohlcv"
EX_DATE = "2024-06-12"


def _raw_fpt(folder: Path) -> list[dict[str, str]]:
    folder.mkdir()
    with open(FIX / "FPT.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with open(folder / "FPT.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["date", "open", "high", "low", "close", "volume"])
        w.writeheader()
        for r in rows:
            if r["date"] < EX_DATE:
                r = {**r, **{k: str(Decimal(r[k]) * Decimal("1.2"))
                             for k in ("open", "high", "low", "close")},
                     "volume": str(round(int(r["volume"]) / 1.2))}
            w.writerow(r)
    return rows


def _db(home: Path) -> Path:
    (found,) = list(home.glob("profiles/*/trading.duckdb"))  # not the daily backups
    return found


def test_raw_prices_are_flagged_and_the_screener_will_not_score_across_them(
        tt_home, tmp_path, capsys) -> None:
    _raw_fpt(tmp_path / "raw")
    assert main(["data", "import", str(tmp_path / "raw")]) == 0
    out = capsys.readouterr().out
    assert "FPT.csv: 600 bars (flagged: " in out and "unadjusted_gap=1" in out
    assert (f"{EX_DATE}: stock dividend (ratio 1.2): these prices are not adjusted for it; "
            "the screener will not score this symbol across it") in out
    assert main(["screen", "run", "--universe", "FPT,VCB", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["symbol"] for r in doc["results"]] == ["VCB"]
    note = doc["run"]["missing"]["unadjusted"]
    assert note["symbols"] == [{"symbol": "FPT", "day": EX_DATE, "kind": "stock_dividend",
                                "ratio": 1.2}]
    assert "FPT (stock dividend 1.2 on 2024-06-12)" in note["text"]
    # alone, FPT is refused with the reason
    assert main(["screen", "run", "--universe", "FPT"]) == 2
    assert "not adjusted for a corporate action: FPT" in capsys.readouterr().err


def test_adjust_back_adjusts_the_raw_bars_to_the_real_series(tt_home, tmp_path,
                                                              capsys) -> None:
    real = _raw_fpt(tmp_path / "raw")
    assert main(["data", "import", str(tmp_path / "raw"), "--adjust", "--json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert report["flags"].get("adjusted_for_corporate_action") == 1
    assert "unadjusted_gap" not in report["flags"]
    assert [(g["day"], g["ratio"], g["adjusted"]) for g in report["corporate_actions"]] == \
        [(EX_DATE, 1.2, True)]
    with duckdb.connect(str(_db(tt_home))) as conn:
        got = {str(d): (o, c) for d, o, c in conn.execute(
            "SELECT day, open, close FROM daily_bars WHERE symbol = 'FPT' AND day >= ? "
            "ORDER BY day", [real[0]["date"]]).fetchall()}
        flagged = conn.execute("SELECT adjusted FROM corporate_actions WHERE symbol = 'FPT'"
                               ).fetchall()
    assert flagged == [(True,)]
    for r in real:  # the real adjusted prices again, to the VND
        o, c = got[r["date"]]
        assert abs(o - round(float(r["open"]) * 1000)) <= 1
        assert abs(c - round(float(r["close"]) * 1000)) <= 1
    assert main(["screen", "run", "--universe", "FPT", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["symbol"] for r in doc["results"]] == ["FPT"]
    assert "unadjusted" not in doc["run"]["missing"]
