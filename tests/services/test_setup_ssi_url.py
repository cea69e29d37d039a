"""The setup's SSI server address: validated like the ``ssi_url`` setting before anything
is stored, persisted in the profile's settings (not the vault), and handed to the live link
at once — ``TRADINGTOOLS_SSI_URL`` keeps winning over it."""

from __future__ import annotations

import asyncio

import pytest

from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.services.settings import SettingError, load_settings, ssi_url_problem
from tradingtools_desktop.services.setup import SETUP_DONE_KEY, SetupRequest, apply_setup


@pytest.mark.parametrize("url", ["", "https://fc-tradeapi.ssi.com.vn", "http://127.0.0.1:8765",
                                 "http://localhost:8765/", "https://sim.example.vn:8443"])
def test_usable_addresses(url: str) -> None:
    assert ssi_url_problem(url) is None


@pytest.mark.parametrize("url", ["http://example.com", "ftp://127.0.0.1", "127.0.0.1:8765",
                                 "http://localhost.evil.com", "https://", "https://a b",
                                 "http://127.0.0.1:99999"])
def test_refused_addresses(url: str) -> None:
    assert "https://" in (ssi_url_problem(url) or "")


def test_apply_setup_saves_the_address_and_points_the_live_link_at_it(monkeypatch) -> None:
    monkeypatch.delenv("TRADINGTOOLS_SSI_URL", raising=False)

    async def go() -> None:
        services = await AppServices.open(None)
        try:
            assert services.live is not None and services.live.url is None
            with pytest.raises(SettingError, match="https://"):
                await apply_setup(services, SetupRequest(ssi_url="http://example.com"))
            assert await services.app_state.get(SETUP_DONE_KEY) is None  # nothing applied
            assert (await load_settings(services.app_state)).ssi_url is None

            await apply_setup(services, SetupRequest(ssi_url="http://127.0.0.1:8765/"))
            assert (await load_settings(services.app_state)).ssi_url == "http://127.0.0.1:8765"
            assert services.live.url == "http://127.0.0.1:8765"
            assert "ssi_url" not in {i.name for i in await services.vault.list_secrets()}

            await apply_setup(services, SetupRequest())  # None: the setting is left alone
            assert (await load_settings(services.app_state)).ssi_url == "http://127.0.0.1:8765"

            await apply_setup(services, SetupRequest(ssi_url=""))  # back to SSI's own
            assert (await load_settings(services.app_state)).ssi_url is None
            assert services.live.url is None
        finally:
            await services.stop()

    asyncio.run(go())


def test_the_environment_variable_keeps_winning_over_set_url(monkeypatch) -> None:
    monkeypatch.setenv("TRADINGTOOLS_SSI_URL", "http://127.0.0.1:9")

    async def go() -> None:
        services = await AppServices.open(None)
        try:
            assert services.live is not None
            assert services.live.set_url("https://other.example") == "http://127.0.0.1:9"
            await apply_setup(services, SetupRequest(ssi_url="https://other.example"))
            assert services.live.url == "http://127.0.0.1:9"
            # the profile's setting is still saved (it applies once the variable is gone)
            assert (await load_settings(services.app_state)).ssi_url == "https://other.example"
        finally:
            await services.stop()

    asyncio.run(go())
