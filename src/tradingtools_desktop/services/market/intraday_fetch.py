"""Fetch a day's one-minute bars (FastConnect Data ``IntradayOhlc``) and its reference
price (``DailyStockPrice``) into the cache, so a market replay can play that day. Needs
the profile's FastConnect **Data** key pair; every failure is one plain sentence (no
secret, no traceback)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from ...market.ssi_data import SsiDataClient, SsiDataConfig, SsiDataCredentials
from ...market.ssi_data.errors import SsiDataError
from ...store.intraday_repo import IntradayRepository, IntradayRow
from ..runtime import AppServices
from ..settings import ENV_SSI_DATA_URL, load_settings


class FetchRefused(RuntimeError):
    """Nothing could be fetched; the message is the sentence to show."""


@dataclass
class FetchReport:
    day: date
    bars: dict[str, int] = field(default_factory=dict)  # symbol -> bars stored
    problems: dict[str, str] = field(default_factory=dict)  # symbol -> why not


async def fetch_intraday(svc: AppServices, day: date, symbols: Sequence[str], *,
                         config: SsiDataConfig | None = None) -> FetchReport:
    """Fetch ``symbols``' one-minute bars of ``day`` and store them (one transaction per
    symbol); a symbol that fails is reported and the others still come."""
    vault = svc.vault
    consumer_id = await vault.get("ssi_data.consumer_id") if vault else None
    secret = await vault.get("ssi_data.consumer_secret") if vault else None
    if not consumer_id or not secret:
        raise FetchRefused("No SSI FastConnect Data key in this profile: add it in Setup to "
                           "fetch intraday bars for a replay.")
    config = config or SsiDataConfig()
    url = os.environ.get(ENV_SSI_DATA_URL) or (await load_settings(svc.app_state)).ssi_data_url
    if url:
        config = replace(config, base_url=url.rstrip("/"))
    repo = IntradayRepository(svc.db)
    report = FetchReport(day)
    async with SsiDataClient(config, SsiDataCredentials(consumer_id, secret)) as client:
        for symbol in dict.fromkeys(s.strip().upper() for s in symbols if s.strip()):
            try:
                bars = await client.intraday_ohlc(symbol, day, day)
            except SsiDataError as exc:
                report.problems[symbol] = str(exc) or type(exc).__name__
                continue
            rows = [IntradayRow(symbol, b.start, b.open, b.high, b.low, b.close, b.volume,
                                "ssi-data") for b in bars]
            report.bars[symbol] = await repo.save(rows, svc.clock.now())
            try:  # the day's TC as SSI published it (the band of the replay)
                days = await client.daily_stock_price(day, day, symbol=symbol)
            except SsiDataError as exc:
                report.problems[symbol] = (f"bars stored, but not the day's reference price "
                                           f"({exc or type(exc).__name__})")
                continue
            ref = next((d.reference for d in days if d.day == day and d.reference), None)
            if ref:
                await repo.save_reference(symbol, day, ref, "ssi-data", svc.clock.now())
    return report
