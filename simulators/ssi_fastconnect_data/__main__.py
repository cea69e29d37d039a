"""Run the SSI FastConnect Data simulator as a demo server.

    python -m simulators.ssi_fastconnect_data --host 127.0.0.1 --port 8766 [--speed 1]

Serves REST and the SignalR stream on one address, replays the recorded iBoard session
(moved to start now, looped) and, when ../shared/data exists, uses its longer history and
full listing. Point the app at it with TRADINGTOOLS_SSI_DATA_URL=<address> and the demo
consumerID / consumerSecret printed below. Ctrl-C stops it.
"""

from __future__ import annotations

import argparse
import signal
import threading
from datetime import datetime
from pathlib import Path

from . import FIXTURE_RECORDING, REPO
from .server import SsiDataSimulator
from .session import VN, read_recording
from .state import DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulators.ssi_fastconnect_data",
                                     description="Local SSI FastConnect Data simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--speed", type=float, default=1.0,
                        help="replay pace (2 = twice as fast as recorded)")
    parser.add_argument("--recording", type=Path, default=FIXTURE_RECORDING,
                        help="an SSI iBoard session (JSON lines) to replay")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data",
                        help="real data folder (history, listing); skipped when absent")
    args = parser.parse_args(argv)

    shared = args.shared if args.shared.is_dir() else None
    sim = SsiDataSimulator(host=args.host, port=args.port, shared=shared,
                           recording=read_recording(args.recording),
                           rebase_to=datetime.now(VN))
    sim.start()
    sim.replay.play(args.speed)
    print(f"SSI FastConnect Data simulator on {sim.url}")
    print(f"  consumerID     {DEMO_CONSUMER_ID}")
    print(f"  consumerSecret {DEMO_CONSUMER_SECRET}  (demo)")
    print(f"  stream         {sim.url}/v2.0/signalr (hub FcMarketDataV2Hub)")
    print(f"  market         {len(sim.market.instruments)} symbols; replaying "
          f"{len(sim.replay.pushes)} recorded pushes"
          + ("" if shared else " (../shared/data not found: bundled data only)"))
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    sim.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
