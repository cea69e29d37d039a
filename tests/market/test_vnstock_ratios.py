"""Fundamentals ratios from vnstock 4.x's ``Fundamental().equity(SYM).ratio()`` shape (a
real recorded output) into the screener's ``fundamentals`` table: measures mapped in our
units, upserted by (symbol, period, source), no publication day invented; offline says so
in one sentence and leaves the table as it was."""

from __future__ import annotations

import asyncio
import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from tradingtools_desktop.agents.point_in_time import fundamentals_known_on
from tradingtools_desktop.agents.snapshot_loader import fundamentals_at
from tradingtools_desktop.cli.data_ratios import fetch
from tradingtools_desktop.market.vnstock_ratios import UnreadableRatios, parse
from tradingtools_desktop.market.vnstock_worker import VnstockProvider
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import AppServices

SAMPLE = Path(__file__).parents[1] / "fixtures" / "vnstock" / "ratio_FPT.json"
DEAD_PROXY = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
              "NO_PROXY": ""}


def _records() -> list[dict]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))["sample"]


def test_the_recorded_shape_maps_to_our_measures_and_units() -> None:
    parsed = parse("fpt", _records())
    by_period = {r.period: r.values for r in parsed.rows}
    assert list(by_period) == ["2026Q1", "2025Q4", "2025Q3"]  # newest first, our form
    assert by_period["2026Q1"] == {"eps": 6016.81, "bvps": 25682.0, "pe": 15.92}  # VND
    # the source sent 2025-Q4 twice with different values: the first is kept, the other
    # is reported, never averaged or guessed between
    assert by_period["2025Q4"]["eps"] == 5988.42
    assert parsed.duplicate_columns == ["2025-Q4_1"]
    assert all(r.symbol == "FPT" for r in parsed.rows)


def test_unknown_items_and_empty_values_store_nothing() -> None:
    parsed = parse("FPT", [{"item": "x", "item_id": "some_new_ratio", "2026-Q1": 1.0},
                           {"item": "P/E", "item_id": "p_e", "2026-Q1": None,
                            "2025-Q4": float("nan")}])
    assert parsed.rows == []
    with pytest.raises(UnreadableRatios):  # vnstock 3's multi-index shape, say
        parse("FPT", [{"('Meta', 'ticker')": "FPT", "('Meta', 'yearReport')": 2025}])


class _Recorded:
    """The worker's reply as vnstock gave it (the recorded sample): a provider stand-in at
    the process boundary, exactly as tests/market/test_vnstock_news.py does, not a patch of
    our adapter."""

    def __init__(self, records: list[dict]) -> None:
        self.records = records

    async def call(self, method: str, **params: object) -> list[dict]:
        assert method == "ratios" and params["symbol"] == "FPT"
        return self.records


def test_fetch_upserts_by_symbol_and_period_and_the_screener_reads_it(tt_home) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("r1", tt_home))
        first = await fetch(svc, ["fpt"], _Recorded(_records()))
        assert first[0]["error"] is None
        assert [r["period"] for r in first[0]["stored"]] == ["2026Q1", "2025Q4", "2025Q3"]
        restated = [dict(r) for r in _records()]
        restated[2]["2026-Q1"] = 16.5  # P/E restated; EPS missing from this reply
        restated[0]["2026-Q1"] = None
        await fetch(svc, ["FPT"], _Recorded(restated))
        rows = await svc.db.execute(
            "SELECT period, pe, eps, bvps, published_on FROM fundamentals WHERE symbol = "
            "'FPT' AND source = 'vnstock:KBS' ORDER BY period")
        assert len(rows) == 3  # upserted, not appended
        q1 = rows[-1]
        assert (q1[0], q1[1], q1[2], q1[3], q1[4]) == ("2026Q1", 16.5, 6016.81, 25682.0, None)

        def read(tx, day: date = date(2026, 5, 20)):
            return fundamentals_at(tx, ["FPT"], day)

        seen = (await svc.db.call(read))["FPT"]
        # no publish day from vnstock: 2026Q1 counts from 31 March + 45 days (15 May)
        assert fundamentals_known_on("2026Q1", None) == date(2026, 5, 15)
        assert seen.values["eps"] == 6016.81 and seen.values["pe"] == 16.5
        assert "vnstock:KBS" in seen.as_of["eps"]

        def read_before(tx, day: date = date(2026, 5, 14)):
            return fundamentals_at(tx, ["FPT"], day)

        assert (await svc.db.call(read_before))["FPT"].values["pe"] == 15.53  # 2025Q4
        await svc.stop()

    asyncio.run(go())


@pytest.mark.skipif(importlib.util.find_spec("vnstock") is None, reason="no vnstock")
def test_fetch_offline_says_so_in_one_sentence_and_keeps_the_table(tt_home, tmp_path) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("r2", tt_home))
        before = await svc.db.execute("SELECT count(*) FROM fundamentals")
        out = await fetch(svc, ["FPT", "VCB"], VnstockProvider(
            tmp_path / "cache", timeout_s=60, extra_env=DEAD_PROXY))
        assert len(out) == 1  # offline: the next symbol is not tried
        assert out[0]["problem"] == "offline" and out[0]["stored"] == []
        assert out[0]["error"].startswith("No internet: the fundamentals of FPT")
        assert "Traceback" not in out[0]["error"] and "\n" not in out[0]["error"]
        assert await svc.db.execute("SELECT count(*) FROM fundamentals") == before
        await svc.stop()

    asyncio.run(go())


@pytest.mark.skipif(importlib.util.find_spec("vnstock") is None, reason="no vnstock")
def test_cli_offline_prints_one_plain_sentence(tt_home, monkeypatch, capsys) -> None:
    from tradingtools_desktop.cli import main

    for var in ("HTTP_PROXY", "HTTPS_PROXY"):  # the worker's network: a dead local proxy
        monkeypatch.setenv(var, "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "")
    assert main(["data", "ratios", "FPT", "VCB"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("No internet: the fundamentals of FPT are "
                                                   "unchanged (newest stored period: ")
    assert "Traceback" not in captured.err


def test_every_ratios_sentence_has_vietnamese_with_the_same_fields() -> None:
    import string

    from tradingtools_desktop.cli.data_ratios import NONE_STORED, PROBLEM_TEXT
    from tradingtools_desktop.i18n.vi import VI

    def fields(text: str) -> set[str]:
        return {n for _, n, _, _ in string.Formatter().parse(text) if n}

    for text in [*PROBLEM_TEXT.values(), NONE_STORED, "{symbol}: {n} periods stored ({source})",
                 "dropped as ambiguous (the source sent the period twice): {cols}"]:
        assert text in VI, text
        assert fields(VI[text]) == fields(text), text
