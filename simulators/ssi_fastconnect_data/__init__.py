"""A local simulator of SSI FastConnect Data v2.2 (test and demo tool, not shipped).

The REST API (AccessToken, Securities, SecuritiesDetails, IndexComponents, IndexList,
DailyOhlc, IntradayOhlc, DailyIndex, DailyStockPrice; tokens with expiry, paging) and the
classic ASP.NET SignalR stream (hub ``FcMarketDataV2Hub`` at ``/v2.0/signalr``: negotiate,
connect, start, abort, ``SwitchChannels``, ``Broadcast`` / ``Error`` pushes, keep-alives)
on one 127.0.0.1 port. The market is the app's bundled real daily bars (plus
``../shared/data`` when given) and a real recorded SSI iBoard session replayed as
FastConnect messages; faults on demand. Built from the spec and SSI's published clients
(python-fcdata, node ssi-fcdata, dotnet-fcdata), not from this app's client.
"""

from __future__ import annotations

from pathlib import Path

from .market_data import MarketData
from .server import SsiDataSimulator
from .session import Push, Replay, read_recording
from .state import DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET, SimState

REPO = Path(__file__).resolve().parents[2]
FIXTURE_RECORDING = REPO / "tests" / "fixtures" / "ssi_iboard_ws" / \
    "session-2026-04-14T06-32-07-325Z.jsonl"

__all__ = ["DEMO_CONSUMER_ID", "DEMO_CONSUMER_SECRET", "FIXTURE_RECORDING", "MarketData",
           "Push", "Replay", "SimState", "SsiDataSimulator", "read_recording"]
