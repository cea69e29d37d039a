"""The providers the history refresh reads, behind its two fetcher contracts, with their
failures classified (offline / refused / rate limited / this symbol only).

- :class:`SsiMarketDays`: SSI FastConnect Data ``DailyStockPrice`` for one whole-market day
  per call (raw prices, the day's reference and adjusted close); also per symbol.
- :class:`VnstockHistory`: vnstock ``Quote.history`` per symbol through the sandboxed worker
  process, paced to ``per_minute`` calls (vnstock's guest limit is 20 a minute).
- :func:`ssi_data_client`: the client for the profile's FastConnect Data key, or None when
  the key is not stored (or the vault is locked: then ``why`` says so).
"""

from __future__ import annotations

import asyncio
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..market.ssi_data.errors import (
    DataAuthError,
    DataRateLimited,
    DataRejected,
    DataUnavailable,
    SsiDataError,
)
from ..market.vnstock_bars import bars_from_records
from ..market.vnstock_worker import ProviderError, VnstockProvider
from ..store.db import Database
from .history_refresh import (
    FetchedDay,
    FetchError,
    HistoryRefresh,
    Pacer,
    Problem,
    ProgressFn,
    RefreshResult,
)

if TYPE_CHECKING:
    from ..market.ssi_data.client import SsiDataClient
    from ..market.ssi_data.rows import DailyPrice
    from ..vault import Vault

GUEST_CALLS_PER_MINUTE = 18.0  # vnstock allows guests 20 a minute; keep a margin
KEY_CALLS_PER_MINUTE = 55.0  # with an API key ("community" tier) 60 a minute
_OFFLINE = re.compile(r"ConnectionError|ConnectTimeout|ReadTimeout|Timeout|NameResolution|"
                      r"Max retries|getaddrinfo|Temporary failure|Network is unreachable|"
                      r"did not answer within|timed out|ConnectionRefused|Connection refused",
                      re.IGNORECASE)
_LIMITED = re.compile(r"\b429\b|rate limit|too many requests|quota", re.IGNORECASE)
_REFUSED = re.compile(r"\b40[13]\b|forbidden|unauthori[sz]ed|blocked", re.IGNORECASE)


def _ssi_problem(exc: SsiDataError) -> Problem:
    if isinstance(exc, DataRateLimited):
        return Problem.RATE_LIMITED
    if isinstance(exc, DataUnavailable):
        return Problem.OFFLINE
    if isinstance(exc, DataAuthError):
        return Problem.REFUSED
    return Problem.FAILED


def _from_price(p: DailyPrice) -> FetchedDay | None:
    if None in (p.open, p.high, p.low, p.close) or not p.close:
        return None  # no trade that day (SSI sends zeros / blanks)
    assert p.open is not None and p.high is not None and p.low is not None
    assert p.close is not None
    o, h, lo = p.open or p.close, p.high or p.close, p.low or p.close
    vol = p.volume or 0
    flags = [f for f, bad in (("zero_volume", vol == 0),
                              ("ohlc_inconsistent", lo > min(o, p.close) or h < max(o, p.close)))
             if bad]
    return FetchedDay(p.symbol, p.day, o, h, lo, p.close, vol, p.reference or None,
                      p.close_adjusted or None, ";".join(flags))


class SsiMarketDays:
    name = "ssi_data:DailyStockPrice"

    def __init__(self, client: SsiDataClient) -> None:
        self._client = client

    async def market_day(self, day: date) -> list[FetchedDay]:
        try:
            prices = await self._client.daily_stock_price(day, day)
        except SsiDataError as exc:
            raise FetchError(_ssi_problem(exc), str(exc)) from None
        return [f for p in prices if (f := _from_price(p)) is not None]

    async def history(self, symbol: str, start: date, end: date) -> list[FetchedDay]:
        try:
            prices = await self._client.daily_stock_price(start, end, symbol=symbol)
        except DataRejected as exc:
            raise FetchError(Problem.FAILED, str(exc)) from None
        except SsiDataError as exc:
            raise FetchError(_ssi_problem(exc), str(exc)) from None
        return [f for p in prices if (f := _from_price(p)) is not None]


def vnstock_problem(text: str) -> Problem:
    """What a vnstock worker failure (``ProviderError`` text) means for the user: offline,
    rate-limited, refused, or a plain failure. Shared by every vnstock fetch."""
    if _OFFLINE.search(text):
        return Problem.OFFLINE
    if _LIMITED.search(text):
        return Problem.RATE_LIMITED
    if _REFUSED.search(text):
        return Problem.REFUSED
    return Problem.FAILED


class VnstockHistory:
    """vnstock's bars are the provider's adjusted series (VCI: back-adjusted), so a gap
    against older cached bars is healed by fetching the series again (``adjusted_series``)."""

    adjusted_series = True

    def __init__(self, provider: VnstockProvider | Any, *, source: str = "VCI",
                 pacer: Pacer | None = None) -> None:
        self._provider = provider
        self._source = source
        self._pacer = pacer or Pacer(GUEST_CALLS_PER_MINUTE)
        self.name = f"vnstock:{source}"

    async def history(self, symbol: str, start: date, end: date) -> list[FetchedDay]:
        await self._pacer.wait()
        try:
            records = await self._provider.call("history", symbol=symbol, start=start.isoformat(),
                                                end=end.isoformat(), source=self._source)
        except ProviderError as exc:
            raise FetchError(vnstock_problem(str(exc)), str(exc)) from None
        try:
            bars = bars_from_records(symbol, records or [], self._source)
        except (KeyError, ValueError, ArithmeticError, TypeError) as exc:
            raise FetchError(Problem.FAILED, f"vnstock sent bars we cannot read "
                                             f"({type(exc).__name__})") from None
        return [FetchedDay(b.symbol, b.day, b.open, b.high, b.low, b.close, b.volume,
                           flags=b.flags) for b in bars]


def vnstock_history(cache_dir: Path, *, timeout_s: float = 60.0, source: str = "VCI",
                    api_key: str | None = None) -> VnstockHistory:
    """The worker-backed fetcher; with the user's vnstock API key (passed to the worker's
    environment as VNSTOCK_API_KEY, never on a command line) paced to the keyed limit."""
    extra = {"VNSTOCK_API_KEY": api_key} if api_key else None
    return VnstockHistory(VnstockProvider(cache_dir, timeout_s=timeout_s, extra_env=extra),
                          source=source,
                          pacer=Pacer(KEY_CALLS_PER_MINUTE if api_key else GUEST_CALLS_PER_MINUTE))


async def vnstock_api_key(vault: Vault | None) -> str | None:
    if vault is None:
        return None
    from ..vault.errors import VaultError

    try:
        return await vault.get("vnstock.api_key")
    except VaultError:
        return None


async def vnstock_worker(vault: Vault | None, cache_dir: Path | None, timeout_s: float
                         ) -> tuple[VnstockProvider, Pacer]:
    """The sandboxed vnstock worker with the profile's key (in its environment, never on a
    command line) and the pace that key allows."""
    key = await vnstock_api_key(vault)
    if cache_dir is None:
        raise ValueError("vnstock needs the profile's cache folder")
    provider = VnstockProvider(cache_dir, timeout_s=timeout_s,
                               extra_env={"VNSTOCK_API_KEY": key} if key else None)
    return provider, Pacer(KEY_CALLS_PER_MINUTE if key else GUEST_CALLS_PER_MINUTE)


async def ssi_data_client(vault: Vault | None, url: str | None
                          ) -> tuple[SsiDataClient | None, str | None]:
    """(client, None) when the FastConnect Data key is available; (None, why) otherwise."""
    if vault is None:
        return None, "no vault"
    from ..vault.errors import VaultError

    try:
        cid = await vault.get("ssi_data.consumer_id")
        secret = await vault.get("ssi_data.consumer_secret")
    except VaultError as exc:
        return None, getattr(exc, "user_message", type(exc).__name__)
    if not cid or not secret:
        return None, "no FastConnect Data key"
    from dataclasses import replace

    from ..market.ssi_data import SsiDataClient, SsiDataConfig, SsiDataCredentials

    config = SsiDataConfig()
    if url:
        config = replace(config, base_url=url.rstrip("/"))
    return SsiDataClient(config, SsiDataCredentials(cid, secret)), None


def default_universe_tx(tx: Any) -> list[str]:
    """The symbols a per-symbol refresh keeps fresh by default: those with cached bars and
    the user's watchlist (the whole listing would take vnstock's guest limit ~90 minutes)."""
    return [str(r[0]) for r in tx.execute(
        "SELECT DISTINCT symbol FROM daily_bars UNION SELECT symbol FROM universe_members "
        "WHERE universe = 'WATCHLIST' ORDER BY 1")]


async def refresh_market_data(refresh: HistoryRefresh, db: Database, *, vault: Vault | None,
                              data_url: str | None, cache_dir: Path | None,
                              universe: str | None = None,
                              progress: ProgressFn | None = None,
                              cancel: asyncio.Event | None = None,
                              vnstock_source: str = "VCI",
                              vnstock_timeout_s: float = 60.0) -> RefreshResult:
    """The refresh the app and ``data refresh`` run: SSI Data when its key is there (the
    whole market when ``universe`` is None or ALL), else vnstock for the universe."""
    from ..agents.snapshot_loader import resolve_universe

    client, _why = await ssi_data_client(vault, data_url)
    whole = universe is None or universe.strip().upper() == "ALL"
    if whole and client is None:
        symbols = await db.call(default_universe_tx)
    elif whole:
        symbols = []
    else:
        assert universe is not None
        symbols = await db.call(lambda tx: resolve_universe(tx, universe))
    if client is not None:
        async with client:
            fetcher = SsiMarketDays(client)
            if whole:
                return await refresh.whole_market(fetcher, progress=progress, cancel=cancel)
            return await refresh.symbols(fetcher, symbols, progress=progress, cancel=cancel)
    if cache_dir is None:
        raise ValueError("vnstock needs the profile's cache folder")
    vnstock = vnstock_history(cache_dir, timeout_s=vnstock_timeout_s, source=vnstock_source,
                              api_key=await vnstock_api_key(vault))
    return await refresh.symbols(vnstock, symbols, progress=progress, cancel=cancel)
