"""The FastConnect Data connection check speaks the real AccessToken call to the simulator,
fails with a plain reason that never shows the secret, and is skipped at once without a
key; the two vault names exist with where-to-get-it text in English and Vietnamese."""

from __future__ import annotations

import asyncio

from simulators.ssi_fastconnect_data import DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET

from tradingtools_desktop.services.connection_checks import CheckState, Endpoints, run_checks
from tradingtools_desktop.vault.names import spec

DEAD = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}


def data_result(values, tmp_path, url):
    results = asyncio.run(run_checks(values, tmp_path, Endpoints(
        ssi_data_url=url, vnstock_env=DEAD, telegram_api="http://127.0.0.1:9"), timeout_s=30))
    return next(r for r in results if r.service == "SSI FastConnect Data")


def test_the_check_gets_a_token_from_the_data_server(sim, tmp_path) -> None:
    r = data_result({"ssi_data.consumer_id": DEMO_CONSUMER_ID,
                     "ssi_data.consumer_secret": DEMO_CONSUMER_SECRET}, tmp_path, sim.url)
    assert r.state is CheckState.OK and "token received" in r.detail
    assert sim.state.calls["accesstoken"] == 1 and r.latency_ms is not None


def test_a_wrong_secret_fails_without_showing_it(sim, tmp_path) -> None:
    wrong = "not-the-secret-CANARY-51e2"
    r = data_result({"ssi_data.consumer_id": DEMO_CONSUMER_ID,
                     "ssi_data.consumer_secret": wrong}, tmp_path, sim.url)
    assert r.state is CheckState.FAILED and "refused" in r.detail and wrong not in r.detail


def test_without_a_data_key_the_check_is_skipped_at_once(tmp_path) -> None:
    r = data_result({"ssi.consumer_id": "trading-only"}, tmp_path, "http://127.0.0.1:9")
    assert r.state is CheckState.SKIPPED and r.latency_ms is None


def test_the_vault_names_say_where_to_get_the_data_key() -> None:
    for name in ("ssi_data.consumer_id", "ssi_data.consumer_secret"):
        s = spec(name)
        assert s.group == "ssi_data" and s.optional and "FastConnect Data" in s.help
        assert "FastConnect Data" in s.help_vi and s.env_var.startswith("TRADINGTOOLS_SSI_DATA_")


def test_every_feed_state_sentence_has_its_vietnamese() -> None:
    from tradingtools_desktop.i18n.vi import VI
    from tradingtools_desktop.market.ssi_data.feed import DETAILS

    assert all(VI.get(d) for d in DETAILS)


def test_the_data_address_is_a_setting_and_the_environment_wins(monkeypatch) -> None:
    import pytest

    from tradingtools_desktop.services.runtime import AppServices
    from tradingtools_desktop.services.settings import (
        SettingError,
        load_settings,
        set_setting,
        ssi_data_url,
    )

    monkeypatch.delenv("TRADINGTOOLS_SSI_DATA_URL", raising=False)

    async def go():
        services = await AppServices.open(None)
        try:
            current = await load_settings(services.app_state)
            assert ssi_data_url(current) is None  # SSI's own hosts
            with pytest.raises(SettingError, match="ssi_data_url"):
                await set_setting(services.app_state, current, "ssi_data_url", "http://x.com")
            await set_setting(services.app_state, current, "ssi_data_url",
                              "http://127.0.0.1:8766/")
            stored = await load_settings(services.app_state)
            assert stored.ssi_data_url == "http://127.0.0.1:8766"
            monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_URL", "http://127.0.0.1:9999")
            return ssi_data_url(stored)
        finally:
            await services.stop()

    assert asyncio.run(go()) == "http://127.0.0.1:9999"
