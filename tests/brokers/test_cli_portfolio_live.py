"""``tradingtools portfolio --live``: the SSI account through the CLI, keys from the
environment (as a shell would give them), the simulator as the broker."""

from __future__ import annotations

import json

import pytest
from live_env import WED_10AM, make_sim
from simulators.ssi_fastconnect import SsiSimulator

from tradingtools_desktop.brokers.ssi.signing import private_key_to_ssi_xml
from tradingtools_desktop.cli import main
from tradingtools_desktop.services.clock import ManualClock


@pytest.fixture
def live_sim(user_key, monkeypatch, tt_home):
    sim = make_sim(ManualClock(WED_10AM), user_key)
    for name, value in {
        "SSI_URL": sim.url, "SSI_CONSUMER_ID": "968d7b5940f5437583021aea2b038f35",
        "SSI_CONSUMER_SECRET": "11ab3fc6af954c59ba646fac016f30cb",
        "SSI_PRIVATE_KEY": private_key_to_ssi_xml(user_key), "SSI_ACCOUNT": "0901351",
        "SSI_TWO_FACTOR": "PIN", "SSI_PIN": "123456",
        "FROZEN_TIME": WED_10AM.isoformat()}.items():
        monkeypatch.setenv(f"TRADINGTOOLS_{name}", value)
    yield sim
    sim.stop()


def test_portfolio_live_positions_come_from_the_broker(live_sim: SsiSimulator, capsys) -> None:
    assert main(["portfolio", "positions", "--live", "--json"]) == 0
    rows = {p["symbol"]: p for p in json.loads(capsys.readouterr().out)}
    assert rows["FPT"]["total_qty"] == 200 and rows["SSI"]["total_qty"] == 1_000
    assert main(["portfolio", "--live", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["source"] == "SSI FastConnect" and summary["buying_power_vnd"] == 1_000_000_000


def test_portfolio_live_when_keys_missing_then_clear_error(tt_home, monkeypatch, capsys) -> None:
    assert main(["portfolio", "--live"]) == 1
    assert "not configured" in capsys.readouterr().err


@pytest.fixture
def vault_sim(user_key, monkeypatch, tt_home):
    """The SSI keys stored in a passphrase vault (not in the environment): only
    TRADINGTOOLS_VAULT_PASSPHRASE is given to the command, as on a headless machine."""
    import io

    from tradingtools_desktop.cli import secrets as cli_secrets

    sim = make_sim(ManualClock(WED_10AM), user_key)
    monkeypatch.setattr(cli_secrets, "has_terminal", lambda: False)
    monkeypatch.setenv("TRADINGTOOLS_VAULT_PASSPHRASE", "headless vault passphrase 7")
    monkeypatch.setenv("TRADINGTOOLS_FROZEN_TIME", WED_10AM.isoformat())
    for name, value in {
            "ssi.consumer_id": "968d7b5940f5437583021aea2b038f35",
            "ssi.consumer_secret": "11ab3fc6af954c59ba646fac016f30cb",
            "ssi.private_key": private_key_to_ssi_xml(user_key), "ssi.account": "0901351",
            "ssi.two_factor": "PIN", "ssi.pin": "123456"}.items():
        monkeypatch.setattr("sys.stdin", io.StringIO(value))
        assert main(["secrets", "set", name]) == 0
    assert main(["settings", "set", "ssi_url", sim.url]) == 0
    monkeypatch.setenv("TRADINGTOOLS_SSI_URL", sim.url)  # an address, not a secret
    yield sim
    sim.stop()


def test_portfolio_live_unlocks_a_passphrase_vault_from_the_environment(
        vault_sim: SsiSimulator, capsys, monkeypatch) -> None:
    capsys.readouterr()
    assert main(["portfolio", "positions", "--live", "--json"]) == 0
    rows = {p["symbol"]: p for p in json.loads(capsys.readouterr().out)}
    assert rows["FPT"]["total_qty"] == 200
    # without the passphrase (and no terminal) the vault stays locked: said so, exit 4
    monkeypatch.delenv("TRADINGTOOLS_VAULT_PASSPHRASE")
    assert main(["portfolio", "--live"]) == 4
    assert "passphrase" in capsys.readouterr().err


def test_doctor_unlocks_a_passphrase_vault_from_the_environment(
        vault_sim: SsiSimulator, capsys, monkeypatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # vnstock stays offline
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")  # the simulator is reached
    capsys.readouterr()
    main(["doctor", "--json"])
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert "services" not in rows  # no "keys unreadable": the checks ran with the keys
    ssi = [r for name, r in rows.items() if "SSI" in name and "Data" not in name]
    assert ssi and all(r["status"] == "OK" for r in ssi), rows
    monkeypatch.delenv("TRADINGTOOLS_VAULT_PASSPHRASE")
    main(["doctor", "--json"])
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["services"]["status"] == "SKIP" and "passphrase" in rows["services"]["detail"]
