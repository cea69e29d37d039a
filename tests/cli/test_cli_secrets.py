"""``tradingtools secrets``: values only from stdin or a hidden prompt, masked listings,
revoke, rotate, import-env, clear errors (the sandbox has no keychain: passphrase path)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import duckdb
import pytest

from tradingtools_desktop.cli import main
from tradingtools_desktop.cli import profile as cli_profile
from tradingtools_desktop.cli import secrets as cli_secrets

API_KEY = "sk-cli-test-0123456789abcd"
VAULT_PASS = "cli vault passphrase one"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def no_keychain(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())


@pytest.fixture(autouse=True)
def no_terminal(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never prompt on a developer's real terminal (tests opt in to a scripted one), and the
    passphrase path unless the test is about the keychain (even under with-test-keyring)."""
    for module in (cli_secrets, cli_profile):
        monkeypatch.setattr(module, "has_terminal", lambda: False)
    if "keychain" not in request.keywords:
        no_keychain(monkeypatch)
    monkeypatch.delenv("TRADINGTOOLS_VAULT_NEW_PASSPHRASE", raising=False)


@pytest.fixture
def vault_pass(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TRADINGTOOLS_VAULT_PASSPHRASE", VAULT_PASS)
    return VAULT_PASS


def cli(monkeypatch: pytest.MonkeyPatch, args: list[str], stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(args)


def test_set_when_value_piped_then_stored_and_list_shows_only_the_mask(
        tt_home, vault_pass, monkeypatch, capsys) -> None:
    assert cli(monkeypatch, ["secrets", "set", "ai.api_key"], API_KEY + "\n") == 0
    assert cli(monkeypatch, ["secrets", "set", "ssi.two_factor"], "otp") == 0
    out = capsys.readouterr()
    assert "stored ai.api_key (****abcd)" in out.out and "protected by a passphrase" in out.err
    assert main(["secrets", "list", "--json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["ai.api_key"]["masked"] == "****abcd" and rows["ai.api_key"]["source"] == "vault"
    assert rows["ssi.two_factor"]["masked"] == "OTP"
    assert rows["ssi.pin"]["source"] is None and rows["ai.api_key"]["updated_at"]
    assert main(["secrets", "list"]) == 0
    text = capsys.readouterr()
    assert API_KEY not in text.out + text.err and "****abcd" in text.out


def test_set_when_value_given_in_argv_then_refused_without_echoing_it(
        tt_home, vault_pass, monkeypatch, capsys) -> None:
    assert cli(monkeypatch, ["secrets", "set", "ai.api_key", API_KEY]) == 2
    assert cli(monkeypatch, ["secrets", "set", API_KEY], "x") == 2  # pasted into NAME
    out = capsys.readouterr()
    assert API_KEY not in out.out + out.err
    assert "never taken from the command line" in out.err


def test_set_when_on_a_terminal_then_value_read_from_a_hidden_prompt(
        tt_home, vault_pass, monkeypatch, capsys) -> None:
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return API_KEY

    monkeypatch.setattr(cli_secrets.getpass, "getpass", fake_getpass)
    monkeypatch.setattr("sys.stdin", _Tty())
    assert main(["secrets", "set", "ai.api_key"]) == 0
    assert prompts == ["Value for ai.api_key (input is hidden): "]
    assert API_KEY not in capsys.readouterr().out


def test_set_when_no_keychain_and_no_passphrase_then_exit_4_with_the_way_out(
        tt_home, monkeypatch, capsys) -> None:
    monkeypatch.delenv("TRADINGTOOLS_VAULT_PASSPHRASE", raising=False)
    assert cli(monkeypatch, ["secrets", "set", "ai.api_key"], API_KEY) == 4
    err = capsys.readouterr().err
    assert "no OS keychain" in err and "TRADINGTOOLS_VAULT_PASSPHRASE" in err


def test_set_when_value_invalid_then_exit_2_and_value_not_echoed(
        tt_home, vault_pass, monkeypatch, capsys) -> None:
    assert cli(monkeypatch, ["secrets", "set", "ai.base_url"], "gopher://sneaky-host") == 2
    err = capsys.readouterr().err
    assert "ai.base_url" in err and "sneaky" not in err


def test_list_when_wrong_passphrase_then_exit_4(tt_home, vault_pass, monkeypatch,
                                                  capsys) -> None:
    assert cli(monkeypatch, ["secrets", "set", "ai.api_key"], API_KEY) == 0
    monkeypatch.setenv("TRADINGTOOLS_VAULT_PASSPHRASE", "not the passphrase at all")
    assert main(["secrets", "list"]) == 4
    assert "passphrase is wrong" in capsys.readouterr().err


def test_revoke_rotate_audit_when_run_then_values_follow_and_trail_has_no_values(
        tt_home, vault_pass, monkeypatch, capsys) -> None:
    assert cli(monkeypatch, ["secrets", "set", "ai.api_key"], API_KEY) == 0
    assert cli(monkeypatch, ["secrets", "set", "ssi.pin"], "975310") == 0
    assert main(["secrets", "revoke", "ssi.pin"]) == 0
    assert main(["secrets", "rotate"]) == 2  # a passphrase vault needs the new one
    monkeypatch.setenv("TRADINGTOOLS_VAULT_NEW_PASSPHRASE", "cli vault passphrase two")
    assert main(["secrets", "rotate"]) == 0
    assert "1 secrets re-encrypted" in capsys.readouterr().out
    assert main(["secrets", "list"]) == 4  # the old passphrase is dead
    monkeypatch.setenv("TRADINGTOOLS_VAULT_PASSPHRASE", "cli vault passphrase two")
    capsys.readouterr()
    assert main(["secrets", "list", "--json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["ssi.pin"]["source"] is None and rows["ai.api_key"]["masked"] == "****abcd"
    assert main(["secrets", "audit", "--json"]) == 0
    trail = json.loads(capsys.readouterr().out)
    assert [(t["name"], t["action"]) for t in trail][:4] == [
        ("vault key", "UNLOCK_FAILED"), ("*", "ROTATE"), ("ssi.pin", "REVOKE"),
        ("ssi.pin", "SET")]
    assert main(["secrets", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["protection"] == "PASSPHRASE" and status["kdf"] == "scrypt n=131072 r=8 p=1"
    assert status["keychain_usable"] is False


def test_import_env_when_file_given_then_moved_into_vault_and_user_told_to_delete_it(
        tt_home, vault_pass, monkeypatch, capsys, tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"TRADINGTOOLS_AI_API_KEY={API_KEY}\nTELEGRAM_CHAT_ID=-100123\n"
                        "TRADINGTOOLS_HOME=/x\n", encoding="utf-8")
    assert main(["secrets", "import-env", str(env_file)]) == 0
    out = capsys.readouterr().out
    assert "imported ai.api_key (from TRADINGTOOLS_AI_API_KEY)" in out
    assert "imported telegram.chat_id (from TELEGRAM_CHAT_ID)" in out
    assert "skipped TRADINGTOOLS_HOME" in out and f"DELETE {env_file}" in out
    assert API_KEY not in out and env_file.exists()
    assert main(["secrets", "list", "--json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["telegram.chat_id"]["masked"] == "****3"  # 7 characters: 1 shown


def test_list_when_env_override_set_then_shown_as_env_and_note_on_set(
        tt_home, vault_pass, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TRADINGTOOLS_AI_API_KEY", "sk-env-override-99998888")
    assert cli(monkeypatch, ["secrets", "set", "ai.api_key"], API_KEY) == 0
    assert "overrides it" in capsys.readouterr().err
    assert main(["secrets", "list", "--json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert (rows["ai.api_key"]["source"], rows["ai.api_key"]["masked"]) == ("env", "****8888")


def test_list_when_a_stored_value_was_tampered_then_exit_1_naming_it(
        tt_home, vault_pass, monkeypatch, capsys) -> None:
    assert cli(monkeypatch, ["secrets", "set", "ai.api_key"], API_KEY) == 0
    db = tt_home / "profiles" / "default" / "trading.duckdb"
    con = duckdb.connect(str(db))
    blob = bytes(con.execute("SELECT ciphertext FROM vault_secrets").fetchone()[0])
    con.execute("UPDATE vault_secrets SET ciphertext = ?", [blob[:-1]])
    con.close()
    capsys.readouterr()
    assert main(["secrets", "list"]) == 1
    assert "tampered" in capsys.readouterr().out


def test_names_when_listed_then_every_secret_with_env_var_and_where_to_get_it(capsys) -> None:
    assert main(["secrets", "names", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 14 and all(r["where"] and r["where_vi"] for r in rows)
    assert {"name": "ssi.consumer_secret", "env": "TRADINGTOOLS_SSI_CONSUMER_SECRET"}.items() \
        <= next(r for r in rows if r["name"] == "ssi.consumer_secret").items()


def test_reset_when_not_confirmed_then_refused(tt_home, vault_pass, monkeypatch,
                                               capsys) -> None:
    assert cli(monkeypatch, ["secrets", "set", "ai.api_key"], API_KEY) == 0
    assert main(["secrets", "reset"]) == 2
    assert main(["secrets", "reset", "--yes"]) == 0
    capsys.readouterr()
    assert main(["secrets", "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["initialised"] is False


@pytest.mark.keychain
def test_set_when_a_real_keychain_is_usable_then_it_protects_the_vault_without_passphrase(
        tt_home, monkeypatch, capsys) -> None:
    import os

    if os.environ.get("TRADINGTOOLS_TEST_KEYRING") != "1":
        pytest.skip("needs a throwaway keyring: run under scripts/with-test-keyring.sh")
    monkeypatch.delenv("TRADINGTOOLS_VAULT_PASSPHRASE", raising=False)
    assert cli(monkeypatch, ["secrets", "set", "ai.api_key"], API_KEY) == 0
    assert "protected by keyring.backends.SecretService" in capsys.readouterr().err
    assert main(["secrets", "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["protection"] == "KEYCHAIN"
    assert main(["secrets", "list", "--json"]) == 0  # no passphrase asked for
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["ai.api_key"]["masked"] == "****abcd"
    assert main(["secrets", "rotate"]) == 0
    assert main(["secrets", "reset", "--yes"]) == 0  # and its keychain entry goes too
