"""The SSI FastConnect Data price feed: the SignalR stream, with REST polling behind it.

A :class:`~...feed.QuoteFeed`. ``start`` returns at once; a supervisor task signs in (REST
AccessToken), opens the stream (``v2.0/signalr`` on the data host, hub
``FcMarketDataV2Hub``, bearer token in ``Authorization``), sends ``SwitchChannels`` for the
wanted symbols (``X:`` quotes and prints, ``R:`` foreign room, ``F:`` status, ``B:`` bars
when the sink takes them, ``MI:`` indices plus a heartbeat index) and hands every push to
the sink on the loop, in order. Then:

- **Dropped** (socket lost, keep-alive lost, server asked to reconnect): reconnect with
  capped exponential backoff and full jitter; re-subscribe; a refused token (HTTP 401) is
  dropped and a new one fetched first.
- **Silent** (the socket is open, keep-alives come, but no data while an exchange is in a
  trading phase - :mod:`...domain.market.sessions`; lunch and nights are quiet by right):
  after ``silence_after`` s the feed also polls REST (DailyStockPrice for today, DailyIndex)
  every ``poll_interval`` s, paced by the client, and goes back to the stream alone at the
  first push. A stream down that long in session polls the same way.
- **Outside the session** it reads the last session's prices once over REST (its
  DailyStockPrice and DailyIndex; :func:`.poll.last_session_day`), again when the symbols
  or that day change, so a user opening the app at night sees the day's close.
- The state is always one of LIVE / CONNECTING / POLLING / OLD, told to the sink on every
  change with a fixed English sentence (``DETAILS``; the catalogue has their Vietnamese,
  so a consumer shows ``tr(detail)``).

Malformed pushes are counted and skipped (:attr:`SsiDataFeed.stats`); a failing sink call
is logged and counted; nothing raises into the sink or the loop. This module runs the
stream's lifecycle; the channel names are :mod:`.feed_channels`, the state decision
:mod:`.feed_state`, the pushes' parsing :mod:`.stream_parse`, the REST poll :mod:`.poll`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from ...domain.market.calendar import TradingCalendar
from ...domain.market.exchange import Exchange
from ...domain.market.quotes import (
    Bar,
    FeedState,
    IndexQuote,
    Quote,
    SecurityStatusUpdate,
    Trade,
)
from ...domain.market.sessions import accepts_orders, session_phase
from ...transport.backoff import Backoff
from ...transport.signalr_classic import (
    HubConnection,
    HubConnectionConfig,
    HubInvocationError,
    HubUnauthorized,
    SignalRError,
)
from ..feed import BarSink, QuoteSink
from .client import SsiDataClient
from .errors import DataAuthError, SsiDataError, clean
from .feed_channels import channels, split_symbols
from .feed_config import (
    CONNECTING,
    DETAILS,
    HUB,
    INDEX_IDS,
    SIGNALR_PATH,
    FeedStats,
    StreamConfig,
)
from .feed_state import decide
from .poll import last_session_day, poll_rest
from .stream_parse import StreamParser

__all__ = ["DETAILS", "HUB", "INDEX_IDS", "SIGNALR_PATH", "SsiDataFeed", "StreamConfig"]

log = logging.getLogger("tradingtools_desktop.market.ssi_data")
CLOSE_RETRY_S = 60.0  # a failed close read outside the session is tried again this late


class SsiDataFeed:
    name = "ssi-data"

    def __init__(self, client: SsiDataClient, config: StreamConfig | None = None, *,
                 calendar: TradingCalendar | None = None,
                 now: Callable[[], datetime] | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 rng: random.Random | None = None) -> None:
        self.client = client
        self.config = config or StreamConfig()
        self._calendar = calendar or TradingCalendar()
        self._now = now or (lambda: datetime.now(UTC))
        self._monotonic = monotonic
        self._backoff = Backoff(self.config.reconnect_base,
                                max(self.config.reconnect_cap, self.config.reconnect_base),
                                rng or random.Random())  # noqa: S311 - jitter
        self._parser = StreamParser(self._now)
        self.stats = FeedStats()
        self._state = FeedState.OLD
        self._detail = ""
        self._sink: QuoteSink | None = None
        self._bar_sink: BarSink | None = None
        self._stocks: frozenset[str] = frozenset()
        self._indices: dict[str, str] = {}  # SSI id upper-cased -> the id asked for
        self._conn: HubConnection | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._poller: asyncio.Task[None] | None = None
        self._poll_ok: bool | None = None
        self._last_data: float | None = None
        self._down_since: float | None = None
        self._key_refused = False
        self._ever_connected = False
        self._stopped = False
        self._channels_lock = asyncio.Lock()
        self._close_read: tuple[object, ...] | None = None  # what the last close read was for
        self._close_retry_at = 0.0
        self._close_task: asyncio.Task[None] | None = None

    # ---- QuoteFeed ---------------------------------------------------------------------

    @property
    def state(self) -> FeedState:
        return self._state

    @property
    def detail(self) -> str:
        return self._detail

    @property
    def bad_frames(self) -> int:
        """Frames that were not SignalR JSON, over every connection so far."""
        conn = self._conn
        return self.stats.bad_frames + (conn.bad_frames if conn is not None else 0)

    async def start(self, sink: QuoteSink) -> None:
        if self._tasks:
            return
        self._sink = sink
        self._bar_sink = sink if callable(getattr(sink, "on_bar", None)) else None  # type: ignore[assignment]
        self._stopped = False
        self._set(FeedState.CONNECTING, CONNECTING)
        self._tasks = [asyncio.create_task(self._run(), name="ssi-data-stream"),
                       asyncio.create_task(self._monitor(), name="ssi-data-monitor")]

    async def subscribe(self, symbols: Sequence[str]) -> None:
        self._stocks, self._indices = split_symbols(symbols)
        conn = self._conn
        if conn is not None and conn.is_open:
            with contextlib.suppress(SignalRError):
                await self._send_channels(conn)
        self._evaluate()

    async def stop(self) -> None:
        self._stopped = True
        tasks = [*self._tasks, *([self._poller] if self._poller else []),
                 *([self._close_task] if self._close_task else [])]
        self._tasks, self._poller, self._close_task = [], None, None
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()
        self._sink = self._bar_sink = None

    # ---- the stream --------------------------------------------------------------------

    async def _run(self) -> None:
        attempt = 0
        while not self._stopped:
            conn = await self._open()
            if conn is None:
                attempt += 1
                await asyncio.sleep(self._backoff.delay(attempt))
                continue
            attempt = 0
            reason = await conn.wait_closed()
            self.stats.bad_frames += conn.bad_frames
            if self._conn is conn:
                self._conn = None
            await conn.close()
            if self._stopped:
                return
            log.info("SSI Data stream closed: %s", reason)
            self.stats.drops += 1
            self._down_since = self._monotonic()
            self._evaluate()
            await asyncio.sleep(self._backoff.delay(1))

    async def _open(self) -> HubConnection | None:
        """One attempt: token, negotiate/connect/start, subscribe. None on failure."""
        try:
            token = await self.client.access_token()
        except DataAuthError as exc:
            self._key_refused = True
            log.warning("%s", exc)
            self._note_down()
            return None
        except SsiDataError as exc:
            log.warning("SSI Data sign-in failed: %s", exc)
            self._note_down()
            return None
        self._key_refused = False
        cfg = self.config
        conn = HubConnection(HubConnectionConfig(
            self.client.config.stream_base + SIGNALR_PATH, HUB,
            headers={"Authorization": f"Bearer {token}"}, open_timeout=cfg.open_timeout,
            invoke_timeout=cfg.invoke_timeout, keep_alive_timeout=cfg.keep_alive_timeout))
        conn.on("Broadcast", self._on_broadcast)
        conn.on("Error", self._on_hub_error)
        try:
            await conn.open()
            self._conn = conn
            self._last_data = self._monotonic()  # silence counts from the connect
            await self._send_channels(conn)
        except HubUnauthorized as exc:
            log.info("SSI Data stream refused the token (%s); signing in again", exc)
            self.client.drop_token()
            await self._abandon(conn)
            return None
        except SignalRError as exc:
            log.warning("SSI Data stream: %s", exc)
            await self._abandon(conn)
            return None
        self.stats.connects += 1
        self._ever_connected = True
        self._down_since = None
        self._evaluate()
        return conn

    async def _abandon(self, conn: HubConnection) -> None:
        if self._conn is conn:
            self._conn = None
        await conn.close()
        self._note_down()

    def _note_down(self) -> None:
        if self._down_since is None:
            self._down_since = self._monotonic()
        self._evaluate()

    async def _send_channels(self, conn: HubConnection) -> None:
        async with self._channels_lock:
            for channel in channels(self._stocks, self._indices.values(), self.config,
                                    bars=bool(self._bar_sink)):
                try:
                    await conn.invoke("SwitchChannels", channel)
                except HubInvocationError as exc:
                    self.stats.hub_errors += 1
                    log.warning("SSI Data SwitchChannels refused: %s", clean(str(exc)))

    # ---- pushes ------------------------------------------------------------------------

    def _on_broadcast(self, args: list[Any]) -> None:
        parser = self._parser
        before = parser.malformed
        events = parser.parse(args[0] if args else None)
        self.stats.malformed += parser.malformed - before
        if parser.malformed != before:
            return
        self.stats.messages += 1
        self._last_data = self._monotonic()
        if self._state is not FeedState.LIVE:
            self._evaluate()
        for ev in events:
            self._deliver(ev)

    def _deliver(self, ev: Quote | Trade | IndexQuote | SecurityStatusUpdate | Bar) -> None:
        sink = self._sink
        if sink is None:
            return
        try:
            if isinstance(ev, IndexQuote):
                wanted = self._indices.get(ev.index_id.upper())
                if wanted is None:
                    return
                sink.on_index(ev if wanted == ev.index_id else replace(ev, index_id=wanted))
            elif ev.symbol not in self._stocks:
                return
            elif isinstance(ev, Quote):
                sink.on_quote(ev)
            elif isinstance(ev, Trade):
                sink.on_trade(ev)
            elif isinstance(ev, SecurityStatusUpdate):
                sink.on_status(ev)
            elif self._bar_sink is not None:
                self._bar_sink.on_bar(ev)
            else:
                return
            self.stats.delivered += 1
        except Exception:
            self.stats.sink_errors += 1
            log.exception("the quote sink failed on a %s", type(ev).__name__)

    def _on_hub_error(self, args: list[Any]) -> None:
        self.stats.hub_errors += 1
        text = args[0] if args and isinstance(args[0], str) else "hub error"
        log.warning("SSI Data stream error push: %s", clean(text))

    # ---- state, silence and polling ----------------------------------------------------

    def _in_session(self) -> bool:
        now = self._now()
        return any(accepts_orders(session_phase(ex, now, self._calendar)) for ex in Exchange)

    def _evaluate(self) -> None:
        if self._stopped:
            return
        mono = self._monotonic()
        wanted = bool(self._stocks or self._indices)
        conn = self._conn
        decision = decide(now=mono, grace=self.config.silence_after, wanted=wanted,
                          talking=wanted and self._in_session(),
                          connected=conn is not None and conn.is_open,
                          last_data=self._last_data, down_since=self._down_since,
                          key_refused=self._key_refused, poll_ok=self._poll_ok,
                          ever_connected=self._ever_connected)
        self._poll(decision.poll)
        self._set(decision.state, decision.detail)
        if wanted and not self._in_session():
            self._read_close(mono)

    def _read_close(self, mono: float) -> None:
        """Outside the session, one REST read of the last session's prices for what is
        subscribed (a user opening the app at night sees that day's close, not older
        bars); again only when the symbols or the session day change, and after a failed
        read not before ``CLOSE_RETRY_S``."""
        key = (self._stocks, tuple(sorted(self._indices)),
               last_session_day(self._now(), self._calendar))
        busy = self._close_task is not None and not self._close_task.done()
        if key == self._close_read or busy or mono < self._close_retry_at:
            return
        self._close_read = key
        self._close_task = asyncio.get_running_loop().create_task(
            self._close_once(key), name="ssi-data-close")

    async def _close_once(self, key: tuple[object, ...]) -> None:
        day = key[2]
        assert isinstance(day, date)
        if not await self._poll_once(day=day):
            self._close_read = None
            self._close_retry_at = self._monotonic() + CLOSE_RETRY_S

    def _set(self, state: FeedState, detail: str) -> None:
        if (state, detail) == (self._state, self._detail):
            return
        self._state, self._detail = state, detail
        log.info("SSI Data feed %s: %s", state.value, detail)
        sink = self._sink
        if sink is not None:
            try:
                sink.on_state(self.name, state, detail)
            except Exception:
                self.stats.sink_errors += 1
                log.exception("the quote sink failed on a state change")

    def _poll(self, wanted: bool) -> None:
        running = self._poller is not None and not self._poller.done()
        if wanted and not running:
            self._poll_ok = None
            self._poller = asyncio.get_running_loop().create_task(self._poll_loop(),
                                                                 name="ssi-data-poll")
        elif not wanted and running:
            assert self._poller is not None
            self._poller.cancel()
            self._poller = None
            self._poll_ok = None

    async def _monitor(self) -> None:
        while not self._stopped:
            await asyncio.sleep(self.config.check_interval)
            self._evaluate()

    async def _poll_loop(self) -> None:
        while not self._stopped:
            ok = await self._poll_once()
            self.stats.polls += 1
            if not ok:
                self.stats.poll_failures += 1
            if ok != self._poll_ok:
                self._poll_ok = ok
                self._evaluate()
            await asyncio.sleep(self.config.poll_interval)

    async def _poll_once(self, *, day: date | None = None) -> bool:
        try:
            quotes, indices = await poll_rest(self.client, self._stocks, self._indices,
                                              self._now(), self.config.poll_symbol_limit,
                                              day=day)
        except DataAuthError as exc:
            self._key_refused = True
            log.warning("SSI Data polling: %s", exc)
            return False
        except SsiDataError as exc:
            log.warning("SSI Data polling failed: %s", exc)
            return False
        for quote in quotes:
            self._deliver(quote)
        for index in indices:
            self._deliver(index)
        return True
