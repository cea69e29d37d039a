"""``tradingtools --replay DATE [--speed N] ...``: the replay command's run as a top-level
option, read by the one parse layer (cli/inputs.py); misuse is one sentence and exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tradingtools_desktop.cli import main

ORDERS = ["--order", "BUY MBB 1000 LO 26.55", "--order", "BUY FPT 500 MP"]


def _without_times(doc: dict) -> dict:
    for order in doc["orders"]:
        for key in ("id", "client_order_id", "created_at", "updated_at", "idempotency_key"):
            order.pop(key, None)
        for event in order["events"]:
            event.pop("at", None)
    return doc


def test_the_option_runs_the_same_replay_as_the_command(tt_home, capsys) -> None:
    assert main(["--replay", "2026-04-14", "--speed", "60", *ORDERS, "--json"]) == 0
    by_option = json.loads(capsys.readouterr().out)
    assert main(["replay", "2026-04-14", "--speed", "60", *ORDERS, "--json"]) == 0
    by_command = json.loads(capsys.readouterr().out)
    assert by_option["replay"] == by_command["replay"]
    assert by_option["replay"]["day"] == "2026-04-14" and by_option["replay"]["speed"] == 60
    mbb, fpt = by_option["orders"]
    assert (mbb["status"], mbb["filled_qty"], mbb["avg_price"]) == ("FILLED", 1_000, 26_550)
    assert (fpt["status"], fpt["avg_price"]) == ("FILLED", 76_400)
    assert [o["status"] for o in by_option["orders"]] == \
        [o["status"] for o in by_command["orders"]]
    assert [[e["reason"] for e in o["events"]] for o in by_option["orders"]] == \
        [[e["reason"] for e in o["events"]] for o in by_command["orders"]]


def test_the_option_takes_the_dd_mm_yyyy_date_and_lists_days(tt_home, capsys) -> None:
    assert main(["--replay", "14/04/2026", "--speed", "60x"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Replay of 14/04/2026 (recorded session), 13:32:08-13:32:51 "
                          "Vietnam time, at 60x; dry-run only")
    assert main(["--replay", "list"]) == 0
    assert "14/04/2026 13:32:08-13:32:51 (recorded session: FPT, MBB, VCB)" in \
        capsys.readouterr().out


@pytest.mark.parametrize(("argv", "sentence"), [
    (["--replay", "yesterday"], "argument --replay: 'yesterday' is not a date: write it as "
                                "2026-04-14 or 14/04/2026."),
    (["--replay", "2026-04-14", "--speed", "0"], "argument --speed: The replay speed is a "
                                                 "number from 1 to 60"),
    (["--replay", "2026-04-14", "--speed", "nan"], "The replay speed is a number from 1 to 60"),
    (["--replay", "2026-04-14", "--order", "BUY MBB lots"], "Cannot read the order"),
    (["--replay", "2026-04-14", "--order", "BUY MBB 100 LO"], "needs a price"),
    (["--replay", "2026-04-14", "--order", "BUY MBB 100 LO 26550"],
     "'BUY MBB 100 LO 26550': Prices are typed in thousands of VND as the boards show them"),
    (["--replay", "2026-04-14", "--fetch", ","], "Name at least one symbol"),
    (["--replay", "2026-04-14", "portfolio"], "--replay DATE runs a replay on its own: leave "
                                              "out the command 'portfolio'"),
    (["--speed", "10", "portfolio"], "--speed: a replay's option(s); write `tradingtools "
                                     "--replay DATE --speed ...`"),
    (["--json", "--order", "BUY MBB 1 MP", "replay", "2026-04-14"], "--order, --json: a "
                                                                     "replay's option(s)"),
    ([], "name a command (see `tradingtools --help`), or --replay DATE"),
])
def test_misuse_is_one_sentence_and_exit_2(tt_home, capsys, argv, sentence) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and captured.out == ""
    assert sentence in captured.err.strip().splitlines()[-1]


def test_a_day_without_data_is_the_commands_sentence(tt_home, capsys) -> None:
    assert main(["--replay", "15/04/2026"]) == 2
    assert capsys.readouterr().err.strip() == (
        "error: No market data to replay for 15/04/2026. Days that can be replayed: "
        "14/04/2026.")


def test_the_installed_command_takes_the_option(tmp_path: Path) -> None:
    env = {**os.environ, "TRADINGTOOLS_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "tradingtools_desktop.cli", "--replay",
                          "2026-04-14", "--order", "BUY MBB 1000 LO 26.55"],
                         env=env, capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "BUY MBB 1,000 LO 26.55: FILLED, filled 1,000 of 1,000 @ 26.55" in out.stdout
    helped = subprocess.run([sys.executable, "-m", "tradingtools_desktop.cli", "--help"],
                            env=env, capture_output=True, text=True, timeout=60, check=False)
    assert "--replay DATE" in helped.stdout and "--speed N" in helped.stdout
