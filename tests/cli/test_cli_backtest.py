"""``tradingtools screen backtest`` on the bundled real data: figures with baselines in one
run, stored, shown again, replayed to identical figures; bad input is a sentence."""

from __future__ import annotations

import json

from tradingtools_desktop.cli import main


def test_backtest_json_then_show_then_replay_identical(tt_home, capsys) -> None:
    code = main(["screen", "backtest", "--universe", "VN30", "--from", "2025-01-01", "--to",
                 "2025-11-13", "--frequency", "monthly", "--horizon", "20", "--json"])
    captured = capsys.readouterr()
    assert code == 0
    rec = json.loads(captured.out)  # stdout is only the JSON; progress went to stderr
    assert "technical" in captured.err
    per = rec["result"]["frequencies"]["monthly"]["horizons"]["20"]
    for name in ("technical", "fundamental", "news", "supervisor", "momentum_12_1",
                 "reversal_1m", "random"):
        assert name in per and name in rec["result"]["verdicts"]
    assert per["supervisor"]["observations"] > 100
    # no headline before 2025-11-20 and under 252 bars of history: no figure, not a flat one
    assert rec["result"]["frequencies"]["monthly"]["equity"]["news"]["final"] is None
    assert rec["params"]["data_until"] == "2025-11-13" and len(rec["inputs_hash"]) == 64
    assert main(["screen", "track", rec["id"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["result"] == rec["result"] and shown["figures_hash"] == rec["figures_hash"]
    assert main(["screen", "backtest-replay", rec["id"]]) == 0
    assert json.loads(capsys.readouterr().out)["identical"] is True
    assert main(["screen", "backtest", "--universe", "VN30", "--from", "2025-01-01", "--to",
                 "2025-11-13", "--frequency", "monthly", "--horizon", "20"]) == 0
    text = capsys.readouterr().out
    assert "no reliable edge" in text or "better than chance" in text or "wrong way" in text


def test_backtest_bad_input_is_a_sentence(tt_home, capsys) -> None:
    assert main(["screen", "backtest", "--universe", "VN30", "--from", "2025-06-01", "--to",
                 "2025-01-01"]) == 2
    assert "before the start date" in capsys.readouterr().err
    assert main(["screen", "backtest", "--universe", "NOPE1", "--json"]) == 2
    assert "no stocks" in capsys.readouterr().err
    assert main(["screen", "backtest", "--horizon", "2", "--json"]) == 2
    assert "T+2" in capsys.readouterr().err
