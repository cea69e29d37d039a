from __future__ import annotations

import json
import shutil
from pathlib import Path

from tradingtools_desktop.cli import main

FIX = Path(__file__).parents[1] / "fixtures" / "ohlcv"


def test_import_reports_bad_rows_by_file_and_line_and_keeps_good_files_whole(
    tt_home, tmp_path, capsys
) -> None:
    src = tmp_path / "csv"
    src.mkdir()
    shutil.copy(FIX / "ACV.csv", src / "ACV.csv")  # real dirt: a partial last bar
    (src / "NEW.csv").write_text("date,open,high,low,close,volume\n"
                                 "2025-11-10,10.0,10.5,9.9,10.2,1000\n"
                                 "2025-11-11,10.2,10.6,10.1,10.4,1200\n")
    (src / "BAD.csv").write_text("date,open,high,low,close,volume\n"
                                 "2025-11-10,10.0,10.5,9.9,10.2,1000\n"
                                 "2025-11-11,ten,10.6,10.1,10.4,1200\n")
    code = main(["data", "import", str(src), "--exchange", "HOSE", "--json"])
    reports = {r["symbol"]: r for r in json.loads(capsys.readouterr().out)}
    assert code == 1
    assert reports["BAD"]["imported"] == 0
    assert reports["BAD"]["errors"] == [
        "BAD.csv:3: not a valid bar: 2025-11-11,ten,10.6,10.1,10.4,1200"]
    assert reports["NEW"]["imported"] == 2
    rows = len((FIX / "ACV.csv").read_text().splitlines()) - 1
    assert reports["ACV"]["imported"] == rows
    assert reports["ACV"]["flags"].get("possibly_partial") == 1  # the real 2025-11-13 bar
    assert main(["data", "status", "--json"]) == 0
    status = {r["symbol"]: r for r in json.loads(capsys.readouterr().out)}
    assert "BAD" not in status or status["BAD"]["bars"] == 0
    assert status["NEW"]["last"] == "2025-11-11"
    # prices were converted from thousands to VND integers (the CLI takes thousands too)
    assert main(["order", "check", "--exchange", "HOSE", "--symbol", "NEW", "--side", "buy",
                 "--qty", "100", "--price", "10.4", "--at", "2026-11-25T10:00:00+07:00",
                 "--json"]) == 0


def test_watchlist_and_custom_lists_feed_the_screener(tt_home, capsys) -> None:
    assert main(["universe", "add", "WATCHLIST", "FPT,VCB", "HPG", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["symbols"] == ["FPT", "HPG", "VCB"]
    assert main(["universe", "add", "banks", "VCB", "ZZZ"]) == 1  # unknown symbol reported
    assert main(["universe", "remove", "WATCHLIST", "HPG"]) == 0
    assert main(["universe", "add", "HOSE", "FPT"]) == 2
    capsys.readouterr()
    assert main(["screen", "run", "--universe", "WATCHLIST", "--json"]) == 0
    run = json.loads(capsys.readouterr().out)
    assert sorted(v["symbol"] for v in run["results"]) == ["FPT", "VCB"]
