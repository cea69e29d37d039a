"""The wizard's SSI check against the local simulator: token, then balance; a wrong
secret fails with a reason and no secret in it."""

from __future__ import annotations

import asyncio

from tradingtools_desktop.brokers.ssi.signing import private_key_to_ssi_xml
from tradingtools_desktop.services.connection_checks import CheckState, Endpoints, run_checks

DEAD = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}


def _values(demo, user_key, secret: str | None = None) -> dict[str, str]:
    return {"ssi.consumer_id": demo.consumer_id,
            "ssi.consumer_secret": secret or demo.consumer_secret,
            "ssi.private_key": private_key_to_ssi_xml(user_key), "ssi.account": demo.account,
            "ssi.two_factor": "PIN", "ssi.pin": "123456"}


def test_ssi_check_gets_a_token_and_the_balance(sim, demo, user_key, tmp_path) -> None:
    results = asyncio.run(run_checks(_values(demo, user_key), tmp_path,
                                     Endpoints(ssi_url=sim.url, vnstock_env=DEAD),
                                     timeout_s=30))
    ssi = next(r for r in results if r.service == "SSI FastConnect")
    assert ssi.state is CheckState.OK, ssi.detail
    assert "token received" in ssi.detail and demo.account in ssi.detail


def test_ssi_check_with_a_wrong_secret_fails_without_leaking(sim, demo, user_key,
                                                             tmp_path) -> None:
    wrong = "wrong-secret-CANARY-5521"
    results = asyncio.run(run_checks(_values(demo, user_key, wrong), tmp_path,
                                     Endpoints(ssi_url=sim.url, vnstock_env=DEAD),
                                     timeout_s=30))
    ssi = next(r for r in results if r.service == "SSI FastConnect")
    assert ssi.state is CheckState.FAILED and ssi.detail
    assert wrong not in ssi.detail
