"""``tradingtools profile``: list, create, switch, rename, delete (confirmation + backup),
export / import with order history and secrets onto a second, fresh TRADINGTOOLS_HOME."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tradingtools_desktop.cli import main
from tradingtools_desktop.cli import profile as cli_profile
from tradingtools_desktop.cli import secrets as cli_secrets

EXPORT_PASS = "profile export passphrase"
VAULT_PASS = "profile vault passphrase"
ORDER = ["order", "place", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy", "--qty",
         "100", "--price", "99.6", "--json"]


def no_keychain(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (cli_secrets, cli_profile):
        monkeypatch.setattr(module, "has_terminal", lambda: False)
    no_keychain(monkeypatch)
    monkeypatch.setenv("TRADINGTOOLS_VAULT_PASSPHRASE", VAULT_PASS)


def cli(monkeypatch: pytest.MonkeyPatch, args: list[str], stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(args)


def _profiles(capsys) -> dict[str, dict[str, object]]:
    capsys.readouterr()
    assert main(["profile", "list", "--json"]) == 0
    return {p["name"]: p for p in json.loads(capsys.readouterr().out)}


def test_create_switch_rename_delete_when_confirmed_then_backup_kept(
        tt_home, monkeypatch, capsys) -> None:
    assert main(["profile", "create", "paper", "--switch"]) == 0
    assert main(["profile", "create", "ssi-main"]) == 0
    assert main(["profile", "create", "paper"]) == 2
    assert main(["profile", "create", "../x"]) == 2
    assert {n: p["active"] for n, p in _profiles(capsys).items()} == {
        "paper": True, "ssi-main": False}
    assert main(["profile", "switch", "ssi-main"]) == 0
    assert main(["profile", "switch", "nope"]) == 2
    assert main(["profile", "rename", "ssi-main", "ssi"]) == 0
    assert {n: p["active"] for n, p in _profiles(capsys).items()} == {
        "paper": False, "ssi": True}
    assert cli(monkeypatch, ["profile", "delete", "ssi"]) == 2  # no terminal, no --yes
    assert "ssi" in _profiles(capsys)
    assert main(["profile", "delete", "ssi", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "backup kept at" in out and "active profile: paper" in out
    assert list(_profiles(capsys)) == ["paper"]
    assert [p.name.split("-")[0] for p in (tt_home / "deleted-profiles").iterdir()] == ["ssi"]


def test_delete_when_confirmed_on_a_terminal_by_typing_the_name(tt_home, monkeypatch,
                                                                 capsys) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert main(["profile", "create", "old"]) == 0
    monkeypatch.setattr(cli_profile, "has_terminal", lambda: True)
    monkeypatch.setattr("sys.stdin", Tty("wrong\n"))
    assert main(["profile", "delete", "old"]) == 1
    monkeypatch.setattr("sys.stdin", Tty("old\n"))
    assert main(["profile", "delete", "old"]) == 0
    assert _profiles(capsys) == {}


def test_export_import_when_moved_to_a_fresh_home_then_orders_settings_secrets_arrive(
        tt_home, monkeypatch, capsys, tmp_path: Path) -> None:
    monkeypatch.setenv("TRADINGTOOLS_FROZEN_TIME", "2026-11-25T10:00:00+07:00")
    assert main(["profile", "create", "main", "--switch"]) == 0
    capsys.readouterr()
    assert main(ORDER) == 0
    order_id = json.loads(capsys.readouterr().out)["order"]["id"]
    assert main(["settings", "set", "max_order_notional", "300000000"]) == 0
    assert cli(monkeypatch, ["secrets", "set", "ai.api_key"], "sk-travels-0123456789") == 0
    out_file = tmp_path / "exports" / "main.ttexport"
    assert cli(monkeypatch, ["profile", "export", str(out_file), "--include-secrets",
                             "--passphrase-stdin"], EXPORT_PASS + "\n") == 0
    text = capsys.readouterr().out
    assert "exported orders: 1 rows" in text and "exported secrets (encrypted): ai.api_key" in text
    plain = tmp_path / "exports" / "plain.ttexport"
    assert cli(monkeypatch, ["profile", "export", str(plain), "--passphrase-stdin"],
               EXPORT_PASS + "\n") == 0
    assert "no secrets" in capsys.readouterr().out

    home_b = tmp_path / "machine-b"
    monkeypatch.setenv("TRADINGTOOLS_HOME", str(home_b))
    monkeypatch.setenv("TRADINGTOOLS_VAULT_PASSPHRASE", "machine b vault passphrase")
    assert cli(monkeypatch, ["profile", "import", str(out_file), "--passphrase-stdin",
                             "--switch"], EXPORT_PASS + "\n") == 0
    assert "created profile main" in capsys.readouterr().out
    assert main(["order", "list", "--json"]) == 0
    assert [o["id"] for o in json.loads(capsys.readouterr().out)] == [order_id]
    assert main(["settings", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["limits"]["max_order_notional"] == 300_000_000
    assert main(["secrets", "list", "--json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["ai.api_key"]["masked"] == "****6789"
    assert main(ORDER) == 0  # the imported profile trades on (ids and sequences move on)
    # the plain export carries no secrets, so it imports without any vault question
    monkeypatch.delenv("TRADINGTOOLS_VAULT_PASSPHRASE")
    assert cli(monkeypatch, ["profile", "import", str(plain), "--name", "plain",
                             "--passphrase-stdin"], EXPORT_PASS + "\n") == 0


def test_import_when_passphrase_wrong_then_exit_4_and_no_profile(
        tt_home, monkeypatch, capsys, tmp_path: Path) -> None:
    assert main(["profile", "create", "main", "--switch"]) == 0
    out_file = tmp_path / "e.ttexport"
    assert cli(monkeypatch, ["profile", "export", str(out_file), "--passphrase-stdin"],
               EXPORT_PASS + "\n") == 0
    assert cli(monkeypatch, ["profile", "import", str(out_file), "--name", "copy",
                             "--passphrase-stdin"], "a wrong passphrase here\n") == 4
    assert "could not be decrypted" in capsys.readouterr().err
    assert "copy" not in _profiles(capsys)
    assert cli(monkeypatch, ["profile", "import", str(out_file), "--passphrase-stdin"],
               EXPORT_PASS + "\n") == 2  # "main" exists already
    assert cli(monkeypatch, ["profile", "export", str(out_file), "--passphrase-stdin"],
               "short\n") == 2
    assert cli(monkeypatch, ["profile", "export", str(out_file), "--name", "ghost",
                             "--passphrase-stdin"], EXPORT_PASS + "\n") == 2
    assert not (tt_home / "profiles" / "ghost").exists()
