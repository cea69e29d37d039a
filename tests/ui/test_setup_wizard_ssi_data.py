"""The wizard asks for the FastConnect Data key (its own two fields, with where to get it)
and checks it against the local Data simulator on the checks page."""

from __future__ import annotations

from simulators.ssi_fastconnect_data import (
    DEMO_CONSUMER_ID,
    DEMO_CONSUMER_SECRET,
    SsiDataSimulator,
)

from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.connection_checks import Endpoints
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow

PASSPHRASE = "correct horse battery staple 42"
DEAD = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}


def test_the_data_key_is_asked_for_and_checked(qtbot, arun, tt_home) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths("wizdata", tt_home)))
    window.attach(services)
    window.show()
    with SsiDataSimulator() as sim:
        window.wizard_endpoints = Endpoints(telegram_api="http://127.0.0.1:9",
                                            vnstock_env=DEAD, ssi_data_url=sim.url)
        window.open_wizard()
        wizard = window.wizard
        qtbot.waitExposed(wizard)
        wizard.profile.pass1.setText(PASSPHRASE)
        wizard.profile.pass2.setText(PASSPHRASE)
        wizard.next()
        fields = wizard.keys.fields
        assert {"ssi_data.consumer_id", "ssi_data.consumer_secret"} <= set(fields)
        fields["ssi_data.consumer_id"].setText(DEMO_CONSUMER_ID)
        fields["ssi_data.consumer_secret"].setText(DEMO_CONSUMER_SECRET)
        wizard.next()
        qtbot.waitUntil(lambda: wizard.checks.done, timeout=60_000)
        text = wizard.checks.results["SSI FastConnect Data"].text()
        assert "OK" in text and "token received" in text
        assert "SKIPPED" in wizard.checks.results["SSI FastConnect"].text()
        assert sim.state.calls["accesstoken"] == 1
    arun(services.stop())
