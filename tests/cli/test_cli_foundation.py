from __future__ import annotations

import json

from tradingtools_desktop.cli import main


def test_state_when_halted_from_cli_then_persisted(tt_home, capsys) -> None:
    assert main(["--profile", "c1", "state", "halt"]) == 0
    capsys.readouterr()
    assert main(["--profile", "c1", "state", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"profile": "c1", "trading_state": "HALTED", "mode": "DRY_RUN"}
    assert main(["--profile", "c1", "state", "resume"]) == 0
    assert "ACTIVE" in capsys.readouterr().out


def test_doctor_when_run_then_table_of_checks_and_exit_code_matches(tt_home, capsys) -> None:
    code = main(["--profile", "d1", "doctor", "--json", "--offline"])
    rows = json.loads(capsys.readouterr().out)
    names = [r["name"] for r in rows]
    for expected in ("python", "qt platform", "data dir", "duckdb", "keychain", "extras"):
        assert expected in names
    assert code == (1 if any(r["status"] == "FAIL" for r in rows) else 0)
    by_name = {r["name"]: r for r in rows}
    assert by_name["qt platform"]["status"] == "OK"  # offscreen is set by the test config
    assert by_name["keychain"]["status"] == "WARN"  # tests use the fail backend: never ours


def test_doctor_when_db_is_corrupt_then_fails_with_way_out(tt_home, capsys) -> None:
    db = tt_home / "profiles" / "d2" / "trading.duckdb"
    db.parent.mkdir(parents=True)
    db.write_bytes(b"garbage" * 1000)
    assert main(["--profile", "d2", "doctor", "--offline"]) == 1
    out = capsys.readouterr().out
    assert "duckdb" in out and "FAIL" in out and "backup" in out


def test_state_when_db_is_corrupt_then_clear_error_and_exit_3(tt_home, capsys) -> None:
    db = tt_home / "profiles" / "d3" / "trading.duckdb"
    db.parent.mkdir(parents=True)
    db.write_bytes(b"garbage" * 1000)
    try:
        main(["--profile", "d3", "state"])
    except SystemExit as exc:
        assert exc.code == 3
    err = capsys.readouterr().err
    assert "damaged" in err and "backup" in err


def test_doctor_reruns_the_connection_checks_with_the_profile_keys(
    tt_home, capsys, monkeypatch
) -> None:
    from tests.servers.openai_stub import OpenAIStub

    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # vnstock stays offline
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    with OpenAIStub() as ai:
        monkeypatch.setenv("TRADINGTOOLS_AI_BASE_URL", ai.url)
        monkeypatch.setenv("TRADINGTOOLS_AI_MODEL", "qwen2.5:1.5b")
        main(["--profile", "d4", "doctor", "--json"])
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["AI provider"]["status"] == "OK"
    assert rows["vnstock"]["status"] == "WARN"  # unreachable: degraded, explained
    assert rows["Telegram"]["status"] == "SKIP"


def test_doctor_when_no_display_then_says_so_instead_of_a_qt_failure(
        tt_home, capsys, monkeypatch) -> None:
    import sys

    if not sys.platform.startswith("linux"):
        import pytest

        pytest.skip("display servers are a Linux matter here")
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    main(["doctor", "--offline", "--json"])
    import json

    qt = {r["name"]: r for r in json.loads(capsys.readouterr().out)}["qt platform"]
    assert qt["status"] == "SKIP" and "no display" in qt["detail"]
    assert "failed" not in qt["detail"]
