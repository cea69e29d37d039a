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
