"""Bad input never breaks a profile and never reaches the user as a traceback: values are
refused where they enter (one sentence, exit 2), tolerated where they are read (a stored
value out of range falls back to its default with a warning), and anything unexpected is
one sentence on the terminal with the details in the log file."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tradingtools_desktop.cli import EXIT_INTERNAL, main
from tradingtools_desktop.domain.risk import RiskLimits

BIG = str(2**63 - 1)
TICKET = ["order", "check", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy",
          "--qty", "100", "--price", "99.6", "--ref", "99.6"]


def one_sentence_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str],
                        *needles: str) -> str:
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 2, captured
    assert "Traceback" not in captured.err and captured.out == ""
    last = captured.err.strip().splitlines()[-1]
    for needle in needles:
        assert needle in last
    return last


@pytest.mark.parametrize("name", ["cooldown_s", "max_order_notional", "max_orders_per_second",
                                  "cooldown_window_s", "max_daily_loss_bps",
                                  "cooldown_rejects"])
def test_a_limit_of_2_pow_63_is_refused_with_its_range_and_nothing_is_stored(
        tt_home, capsys, name) -> None:
    one_sentence_exit_2(capsys, ["settings", "set", name, BIG], name, "between")
    assert main(["settings", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["limits"][name] == getattr(RiskLimits(), name)
    assert shown["limits_confirmed"] is False


def test_limits_a_user_could_mean_are_accepted(tt_home, capsys) -> None:
    for name, value in (("cooldown_s", "3600"), ("max_order_notional", "2,000,000,000"),
                        ("max_orders_per_second", "10")):
        assert main(["settings", "set", name, value]) == 0
    capsys.readouterr()
    assert main(["settings", "--json"]) == 0
    limits = json.loads(capsys.readouterr().out)["limits"]
    assert (limits["cooldown_s"], limits["max_order_notional"],
            limits["max_orders_per_second"]) == (3600, 2_000_000_000, 10)


def _write_straight_into_the_db(home: Path, sql: str, params: list[object]) -> None:
    db = home / "profiles" / "default" / "trading.duckdb"
    conn = duckdb.connect(str(db))
    try:
        conn.execute(sql, params)
    finally:
        conn.close()


def test_a_stored_out_of_range_limit_falls_back_and_the_profile_still_works(
        tt_home, capsys) -> None:
    assert main(["settings", "set", "cooldown_s", "600"]) == 0  # creates the profile
    capsys.readouterr()
    _write_straight_into_the_db(tt_home, "UPDATE risk_limits SET value = ? WHERE key = ?",
                                [2**63 - 1, "cooldown_s"])
    _write_straight_into_the_db(tt_home, "UPDATE risk_limits SET value = ? WHERE key = ?",
                                [2**63 - 1, "max_order_notional"])
    _write_straight_into_the_db(
        tt_home, "INSERT INTO app_state VALUES (?, ?, now()) ON CONFLICT (key) DO UPDATE "
                 "SET value = excluded.value", ["settings.broker_fee_bps", "lots"])
    _write_straight_into_the_db(
        tt_home, "INSERT INTO app_state VALUES (?, ?, now()) ON CONFLICT (key) DO UPDATE "
                 "SET value = excluded.value", ["settings.extra_closures", "{not json"])
    # every command still runs; the stored values fall back, with a warning
    assert main([*TICKET, "--at", "2026-11-25T10:00:00+07:00", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["allowed"] is True
    assert "cooldown_s is out of range" in captured.err
    assert "broker_fee_bps is not usable" in captured.err
    assert "Traceback" not in captured.err
    # and the command that fixes it works
    assert main(["settings", "set", "cooldown_s", "900"]) == 0
    assert main(["settings", "set", "max_order_notional", "500000000"]) == 0
    assert main(["settings", "set", "broker_fee_bps", "15"]) == 0
    capsys.readouterr()
    assert main(["settings", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["limits"]["cooldown_s"] == 900
    assert "out of range" not in captured.err


@pytest.mark.parametrize(("argv", "needle"), [
    ([*TICKET, "--at", "tomorrow"], "--at must be a date and time"),
    ([*TICKET, "--at", "2026-11-25T10:00:00+99:00"], "--at must be a date and time"),
    ([*TICKET, "--at", "2026-11-25T10:00:00"], "timezone offset"),
    (["order", "place", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy", "--qty",
      str(2**64), "--price", "99.6"], "quantity must be between"),
    (["order", "place", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy", "--qty",
      "100", "--price", str(2**64)], "thousands of VND"),
    (["order", "place", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy", "--qty",
      "100", "--price", "-5"], "price must be"),
    (["order", "place", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy", "--qty",
      "100", "--price", "99,6"], "dot for the decimals"),
    (["order", "place", "--exchange", "HOSE", "--symbol", "FP\udcffT", "--side", "buy",
      "--qty", "100", "--price", "99.6"], "symbol must be"),
    (["order", "check", "--exchange", "NYSE", "--symbol", "FPT", "--side", "buy", "--qty",
      "100"], "HOSE, HNX or UPCOM"),
    (["data", "import", ".", "--exchange", "NYSE"], "HOSE, HNX or UPCOM"),
    (["data", "ratios", "FP\udcffT"], "symbol must be"),
    (["data", "ratios", "FPT", "--timeout", "-1"], "seconds from 1 to 3600"),
    (["--profile", "p" * 300, "order", "list"], "at most 64 characters"),
    (["profile", "create", "paper\n"], "is not valid"),
    (["profile", "create", "pa\x1b[31mper"], "is not valid"),
    (["order", "list", "--limit", str(2**70)], "--limit must be"),
    (["settings", "closure", "add", "someday"], "YYYY-MM-DD"),
])
def test_hostile_values_get_one_sentence_and_exit_2(tt_home, capsys, argv, needle) -> None:
    last = one_sentence_exit_2(capsys, argv, needle)
    assert "\x1b" not in last and "\n" not in last


def test_a_price_typed_in_vnd_suggests_the_thousands_it_meant(tt_home, capsys) -> None:
    last = one_sentence_exit_2(capsys, ["order", "place", "--exchange", "HOSE", "--symbol",
                                        "FPT", "--side", "buy", "--qty", "100", "--price",
                                        "99600"], "Did you mean 99.6")
    assert "thousands of VND" in last


def test_a_garbage_frozen_time_is_a_sentence(tt_home, capsys, monkeypatch) -> None:
    monkeypatch.setenv("TRADINGTOOLS_FROZEN_TIME", "garbage")
    one_sentence_exit_2(capsys, ["order", "list"], "TRADINGTOOLS_FROZEN_TIME")


def test_a_profile_name_ending_in_a_newline_makes_no_profile(tt_home, capsys) -> None:
    assert main(["profile", "create", "paper\n"]) == 2
    assert not (tt_home / "profiles" / "paper\n").exists()


def test_a_non_utf8_env_file_is_a_sentence(tt_home, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("TRADINGTOOLS_VAULT_PASSPHRASE", "bad input vault passphrase")
    env = tmp_path / "broken.env"
    env.write_bytes(b"A=1\nTRADINGTOOLS_SSI_PIN=\xff\xfe\n")
    one_sentence_exit_2(capsys, ["secrets", "import-env", str(env)], "not a UTF-8",
                        "line 2")


def test_an_unexpected_fault_is_one_sentence_and_its_details_go_to_the_log(
        tt_home, capsys, monkeypatch) -> None:
    from tradingtools_desktop.cli import state

    def broken(_args: object) -> int:
        raise KeyError("an internal bug")

    monkeypatch.setattr(state, "run", broken)
    parser_handler = main.__globals__["build_parser"]

    def build(argv: list[str] | None = None) -> object:
        parser = parser_handler(argv)
        for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
            action.choices["state"].set_defaults(handler=broken)
        return parser

    monkeypatch.setitem(main.__globals__, "build_parser", build)
    assert main(["state"]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unexpected problem (KeyError)" in err
    log = (tt_home / "profiles" / "default" / "logs" / "tradingtools.log").read_text()
    assert "Traceback" in log and "an internal bug" in log
