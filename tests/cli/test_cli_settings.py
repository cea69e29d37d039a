from __future__ import annotations

import json

from tradingtools_desktop.cli import main

PLACE = ["order", "place", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy", "--qty",
         "100", "--price", "99.6", "--json"]


def test_settings_persist_and_change_what_the_risk_engine_and_calendar_do(
    tt_home, capsys, monkeypatch
) -> None:
    assert main(["settings", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["limits"]["max_order_notional"] == 500_000_000
    assert shown["broker_fee_bps"] == 15 and shown["limits_confirmed"] is False
    assert main(["settings", "set", "max_order_notional", "5,000,000"]) == 0
    assert main(["settings", "set", "broker_fee_bps", "20"]) == 0
    assert main(["settings", "closure", "add", "2026-11-25"]) == 0
    capsys.readouterr()
    assert main(["settings", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["limits"]["max_order_notional"] == 5_000_000 and shown["limits_confirmed"]
    assert shown["extra_closures"] == ["2026-11-25"]

    monkeypatch.setenv("TRADINGTOOLS_FROZEN_TIME", "2026-11-25T10:00:00+07:00")
    assert main(PLACE) == 1
    failed = {c["code"] for c in json.loads(capsys.readouterr().out)["decision"]["checks"]
              if not c["passed"]}
    assert {"SESSION_CLOSED", "MAX_NOTIONAL"} <= failed  # the closure and the new limit

    assert main(["settings", "closure", "remove", "2026-11-25"]) == 0
    assert main(["settings", "set", "max_order_notional", "500000000"]) == 0
    capsys.readouterr()
    assert main(PLACE) == 0
    order = json.loads(capsys.readouterr().out)["order"]
    assert order["status"] == "FILLED"


def test_settings_refuse_nonsense(tt_home, capsys) -> None:
    assert main(["settings", "set", "max_order_notional", "-1"]) == 2
    assert main(["settings", "set", "broker_fee_bps", "abc"]) == 2
    assert main(["settings", "set", "bogus", "1"]) == 2
    assert "Unknown setting" in capsys.readouterr().err


def test_ssi_url_setting_refuses_a_lookalike_local_address(tt_home, capsys) -> None:
    assert main(["settings", "set", "ssi_url", "http://localhost.example.com"]) != 0
    assert main(["settings", "set", "ssi_url", "http://127.0.0.1:8765"]) == 0
