from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tradingtools_desktop.market.vnstock_bars import bars_from_records

SAMPLE = Path(__file__).parents[2].parent / "shared" / "data" / "api_samples" / \
    "vnstock_schemas" / "Market_equity_SSI_ohlcv.json"
# the first rows of that recorded vnstock 4.x output, kept here so the test needs no ../shared
RECORDED = [{"time": "2025-12-03T07:00:00", "open": 29.54, "high": 29.67, "low": 29.31,
             "close": 29.49, "volume": 22047800},
            {"time": "2025-12-04T07:00:00", "open": 29.67, "high": 30.22, "low": 29.63,
             "close": 29.9, "volume": 32017100}]


def test_recorded_vnstock_ohlcv_maps_to_vnd_integer_bars() -> None:
    bars = bars_from_records("ssi", RECORDED)
    assert bars[0].symbol == "SSI" and bars[0].day == date(2025, 12, 3)
    assert (bars[0].open, bars[0].high, bars[0].low, bars[0].close) == (29540, 29670, 29310,
                                                                        29490)
    assert bars[1].volume == 32017100 and bars[1].source == "vnstock:VCI"


def test_the_full_recorded_sample_when_shared_data_is_present() -> None:
    if not SAMPLE.exists():
        pytest.skip("../shared/data is absent")
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))["sample"]
    bars = bars_from_records("SSI", sample)
    assert len(bars) == len(sample) and all(b.close > 1000 for b in bars)
