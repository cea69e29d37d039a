"""Screenshot of the Portfolio tab in live mode with a reconciliation mismatch, rendered by
the real window under Xvfb.

    .venv/bin/python scripts/portfolio_mismatch_screenshot.py [OUT.png]
    # default: docs/screenshots/portfolio-mismatch.png

The broker is the SSI FastConnect simulator on 127.0.0.1 (demo account; instruments priced
from the bundled market data so the board colours mean something). The script wires what
the runtime will wire in live mode — PortfolioService from the account, a
ReconciliationService — takes the baseline, then buys 100 FPT "on another device" (straight
through the client, not through our books) and fills it, so the next reconciliation finds
a position, a cash and no open-order mismatch. Nothing touches the internet.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from xvfb import rerun_under_xvfb  # noqa: E402

DEFAULT_OUT = ROOT / "docs" / "screenshots" / "portfolio-mismatch.png"
SYMBOLS = ("FPT", "SSI", "HPG", "VCB", "VNM")


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    if (rc := rerun_under_xvfb(__file__, [str(out)], size=(1200, 860))) is not None:
        return rc
    home = Path(tempfile.mkdtemp(prefix="tt-pf-mismatch-"))
    os.environ["TRADINGTOOLS_HOME"] = str(home)
    os.environ["HOME"] = str(home / "home")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    sys.path.insert(0, str(ROOT))
    import qasync
    from cryptography.hazmat.primitives.asymmetric import rsa
    from PySide6.QtWidgets import QApplication
    from simulators.ssi_fastconnect import SsiSimulator, seed_demo

    from tradingtools_desktop.brokers.ssi import (
        FastConnectClient,
        NewOrderRequest,
        SsiConfig,
        SsiCredentials,
        TwoFactorType,
    )
    from tradingtools_desktop.brokers.ssi.account import broker_snapshot, read_account
    from tradingtools_desktop.brokers.ssi.signing import private_key_to_ssi_xml
    from tradingtools_desktop.domain.market.calendar import to_vn_time
    from tradingtools_desktop.paths import profile_paths
    from tradingtools_desktop.services.portfolio import PortfolioService
    from tradingtools_desktop.services.reconciliation import ReconciliationService
    from tradingtools_desktop.services.runtime import AppServices
    from tradingtools_desktop.store.market_repo import quotes_tx
    from tradingtools_desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def shoot() -> None:
        services = await AppServices.open(profile_paths("default", home))
        today = to_vn_time(services.clock.now()).date()
        quotes = await services.db.call(lambda tx: quotes_tx(tx, list(SYMBOLS), today))
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        sim = SsiSimulator()
        for sym, q in quotes.items():  # the bundled day's reference and close
            sim.state.add_instrument(sym, q.reference or q.close, market_price=q.close)
        demo = seed_demo(sim.state, key.public_key())
        account = sim.state.accounts[demo.account]
        for sym, qty in (("HPG", 2_000), ("VCB", 300), ("VNM", 500)):
            inst = sim.state.instruments[sym]
            holding = account.holding(sym)
            holding.settled, holding.cost = qty, qty * inst.reference
        sim.start()
        client = FastConnectClient(
            SsiConfig(base_url=sim.url, account=demo.account, device_id="8C-EC-4B-D3-0B-96"),
            SsiCredentials(demo.consumer_id, demo.consumer_secret,
                           private_key_to_ssi_xml(key), TwoFactorType.PIN, demo.pin))
        try:
            async with client:
                clock = services.clock
                services.portfolio = PortfolioService(
                    services.db, services.risk, services.bus, clock, mode="LIVE",
                    broker_account=lambda: read_account(client, clock.now()))
                recon = ReconciliationService(services.db, services.bus, clock,
                                              lambda: broker_snapshot(client, clock.now()))
                await recon.load()
                await recon.run()  # the baseline
                fpt = sim.state.instruments["FPT"]
                await client.new_order(NewOrderRequest(demo.account, "50000001", "FPT", "B",
                                                       "LO", fpt.market_price, 100))
                sim.scenario.fill("50000001")
                # board colours: FPT at the reference (yellow), HPG at the ceiling
                # (purple), VCB at the floor (cyan), SSI up (green), VNM down (red)
                inst = sim.state.instruments
                sim.scenario.set_price("FPT", inst["FPT"].reference)
                sim.scenario.set_price("HPG", inst["HPG"].ceiling)
                sim.scenario.set_price("VCB", inst["VCB"].floor)
                sim.scenario.set_price("SSI", inst["SSI"].reference + 2 * 50)
                sim.scenario.set_price("VNM", inst["VNM"].reference - 3 * 100)
                await recon.run()
                await recon.run()  # seen twice in a row: confirmed
                services.reconciliation = recon  # type: ignore[attr-defined]
                window = MainWindow()
                window.resize(1180, 840)
                window.attach(services)
                window.select_tab("Portfolio")
                window.show()
                tab = window.portfolio_tab
                for _ in range(100):
                    if tab.mismatches.isVisible() and tab.table.rowCount():
                        break
                    await asyncio.sleep(0.1)
                await asyncio.sleep(1.5)  # pyqtgraph draws on first show
                out.parent.mkdir(parents=True, exist_ok=True)
                window.grab().save(str(out))
                window.detach()
        finally:
            sim.stop()
            await services.stop()

    with loop:
        loop.run_until_complete(shoot())
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
