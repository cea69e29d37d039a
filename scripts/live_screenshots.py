"""Screenshots of live trading against the SSI simulator, rendered by the real app under
Xvfb: the Go live dialog with every guardrail healthy (docs/screenshots/go-live.png) and the
Portfolio tab in LIVE after a filled order (docs/screenshots/portfolio-live.png).

    .venv/bin/python scripts/live_screenshots.py

A throwaway TRADINGTOOLS_HOME; SSI keys come from TRADINGTOOLS_SSI_* overrides (the demo
user of the simulator, a fresh RSA key); time is a real clock shifted into Wednesday's
continuous session, the same input the e2e test uses.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from xvfb import rerun_under_xvfb  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (1280, 800)


def main() -> int:
    if (rc := rerun_under_xvfb(__file__, [], size=SIZE)) is not None:
        return rc
    home = Path(tempfile.mkdtemp(prefix="tt-live-shot-"))
    os.environ["TRADINGTOOLS_HOME"] = str(home)
    os.environ["HOME"] = str(home / "home")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "brokers")]
    import qasync
    from cryptography.hazmat.primitives.asymmetric import rsa
    from live_env import FPT_REF, WED_10AM, make_sim
    from PySide6.QtWidgets import QApplication

    from tradingtools_desktop.brokers.ssi.signing import private_key_to_ssi_xml
    from tradingtools_desktop.domain.market.exchange import Exchange
    from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
    from tradingtools_desktop.domain.risk import RiskLimits
    from tradingtools_desktop.paths import profile_paths
    from tradingtools_desktop.services.clock import SystemClock
    from tradingtools_desktop.services.runtime import AppServices
    from tradingtools_desktop.ui.main_window import MainWindow

    class SessionClock(SystemClock):
        def __init__(self) -> None:
            self._start = time.monotonic()

        def now(self) -> datetime:
            return WED_10AM + timedelta(seconds=time.monotonic() - self._start)

    clock = SessionClock()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sim = make_sim(clock, key)
    os.environ.update({
        "TRADINGTOOLS_SSI_URL": sim.url,
        "TRADINGTOOLS_SSI_CONSUMER_ID": "968d7b5940f5437583021aea2b038f35",
        "TRADINGTOOLS_SSI_CONSUMER_SECRET": "11ab3fc6af954c59ba646fac016f30cb",
        "TRADINGTOOLS_SSI_PRIVATE_KEY": private_key_to_ssi_xml(key),
        "TRADINGTOOLS_SSI_ACCOUNT": "0901351", "TRADINGTOOLS_SSI_TWO_FACTOR": "PIN",
        "TRADINGTOOLS_SSI_PIN": "123456"})

    app = QApplication(sys.argv[:1])
    app.setApplicationName("TradingTools Desktop")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def shoot() -> None:
        services = await AppServices.open(profile_paths("live-demo", home), clock=clock)
        await services.risk.set_limits(RiskLimits())  # confirmed, as the wizard does
        assert services.live is not None
        await services.live.connect()
        await services.sync_live()
        window = MainWindow()
        window.resize(*SIZE)
        window.move(0, 0)
        window.attach(services)
        window.show()
        window.open_go_live()
        dialog = window.go_live
        for _ in range(100):
            if dialog.healthy:
                break
            await asyncio.sleep(0.1)
        else:
            raise SystemExit("guardrails not healthy: " + "; ".join(
                await services.guardrails.problems()))
        dialog.ack.setChecked(True)
        await asyncio.sleep(0.5)
        dialog.grab().save(str(OUT / "go-live.png"))
        dialog.arm.click()
        while services.trading.mode.value != "LIVE":
            await asyncio.sleep(0.1)
        result = await services.orders.place(OrderRequest(
            "FPT", Exchange.HOSE, Side.BUY, OrderType.LO, 500, FPT_REF, "shot-1"), source="ui")
        sim.scenario.fill(sim.state.orders[-1].order_id, 500, FPT_REF)
        await services.orders.poll()
        assert (await services.orders.status(result.order.id)).status.value == "FILLED"
        sim.scenario.fill_crossing("FPT", FPT_REF + 700)  # the market moves up after the buy
        await services.sync_live()
        window.tabs.setCurrentWidget(window.portfolio_tab)
        window.portfolio_tab.refresh()
        await asyncio.sleep(2.5)
        window.grab().save(str(OUT / "portfolio-live.png"))
        window.detach()
        await services.stop()

    with loop:
        loop.run_until_complete(shoot())
    sim.stop()
    print(f"saved {OUT / 'go-live.png'} and {OUT / 'portfolio-live.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
