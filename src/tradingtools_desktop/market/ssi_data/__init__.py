"""SSI FastConnect Data v2.2: the REST client and the streaming price feed.

- :class:`SsiDataClient` (``client.py`` over ``session.py``): AccessToken, Securities,
  SecuritiesDetails, IndexComponents, IndexList, DailyOhlc, IntradayOhlc, DailyIndex,
  DailyStockPrice; typed results in integer VND; ``with_fallback`` for the last good answer.
- :class:`SsiDataFeed` (``feed.py``): the SignalR stream (``transport.signalr_classic``) as a
  ``QuoteFeed``, with reconnects and REST polling when the stream is down or silent.
- ``rows.py`` / ``stream_parse.py`` / ``wire.py``: reading SSI's values.

Loading this package imports httpx (not websockets: the feed loads it when it connects).
"""

from __future__ import annotations

from .client import Answer, SsiDataClient
from .config import PRODUCTION_REST, PRODUCTION_STREAM, SsiDataConfig, SsiDataCredentials
from .errors import (
    DataAuthError,
    DataCircuitOpen,
    DataMalformed,
    DataRateLimited,
    DataRejected,
    DataTimeout,
    DataUnavailable,
    SsiDataError,
)
from .rows import DailyPrice, IndexInfo, IndexMembers, ListedSecurity, SecurityDetails

__all__ = [
    "PRODUCTION_REST", "PRODUCTION_STREAM", "Answer", "DailyPrice", "DataAuthError",
    "DataCircuitOpen", "DataMalformed", "DataRateLimited", "DataRejected", "DataTimeout",
    "DataUnavailable", "IndexInfo", "IndexMembers", "ListedSecurity", "SecurityDetails",
    "SsiDataClient", "SsiDataConfig", "SsiDataCredentials", "SsiDataError",
]
