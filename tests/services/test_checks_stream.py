"""Connection checks report each result as it ends: a check without its key ends at once as
SKIPPED, before a slow one (a local server that accepts and never answers) times out."""

from __future__ import annotations

import asyncio
import socket

from tradingtools_desktop.services.connection_checks import CheckState, Endpoints, run_checks

DEAD = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}


def test_skipped_checks_are_told_before_a_slow_one_ends(tmp_path) -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)  # accepts connections, never answers
    url = f"http://127.0.0.1:{silent.getsockname()[1]}"
    heard: list[tuple[str, CheckState]] = []

    def told(r) -> None:
        heard.append((r.service, r.state))
        if sum(state is CheckState.SKIPPED for _, state in heard) == 3:
            silent.close()  # only now can the Telegram check end (its connection drops)

    try:
        results = asyncio.run(run_checks(
            {"telegram.bot_token": "1:x"}, tmp_path,
            Endpoints(telegram_api=url, vnstock_env=DEAD), timeout_s=60, on_result=told))
    finally:
        silent.close()
    skipped = [s for s, state in heard if state is CheckState.SKIPPED]
    assert set(skipped) == {"SSI FastConnect", "SSI FastConnect Data", "AI provider"}
    order = [s for s, _ in heard]
    assert order.index("Telegram") > max(order.index(s) for s in skipped)
    assert dict(heard)["Telegram"] is CheckState.FAILED
    assert len(results) == 5
