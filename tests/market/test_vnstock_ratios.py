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


# ---- the measures whose unit only the record itself can say ---------------------------
# No recorded sample carries ROE, ROA, margins or debt/equity (the recording kept 3 rows a
# symbol), so the records below are the recorded FPT rows plus rows CONSTRUCTED in the
# shape vnstock 4.0.8's KBS parser builds with display_mode="all" (item, item_en, item_id,
# unit, levels, row_number, periods): what they test is our rule, not vnstock's numbers.

def _with(*rows: dict) -> list[dict]:
    return [*_records(), *rows]


def _row(item_id: str, unit: str | None, q1: float, q4: float) -> dict:
    return {"item": item_id, "item_en": item_id, "item_id": item_id, "unit": unit,
            "levels": 0, "row_number": 9, "2026-Q1": q1, "2025-Q4": q4,
            "2025-Q4_1": q4 + 1, "2025-Q3": None}


def test_percent_measures_are_stored_as_fractions_only_when_the_unit_says_percent() -> None:
    parsed = parse("FPT", _with(_row("roe", "%", 28.4, 27.9), _row("roa", " % ", 12.5, 12.0),
                                _row("gross_profit_margin", "%", 38.0, 37.5),
                                _row("debt_equity", "Lần", 0.95, 1.02)))
    q1 = {r.period: r.values for r in parsed.rows}["2026Q1"]
    assert q1["roe"] == pytest.approx(0.284) and q1["roa"] == pytest.approx(0.125)
    assert q1["gross_margin"] == pytest.approx(0.38)
    assert q1["debt_to_equity"] == 0.95  # "times": a plain ratio, as the bundled rows
    assert q1["eps"] == 6016.81 and q1["pe"] == 15.92  # the recorded rows unchanged
    assert parsed.left_out == {}
    assert parsed.duplicate_columns == ["2025-Q4_1"]


def test_a_measure_without_a_stated_unit_is_left_out_and_named() -> None:
    parsed = parse("FPT", _with(_row("roe", None, 28.4, 27.9), _row("roa", "", 12.5, 12.0),
                                _row("gross_margin", "tỷ đồng", 38.0, 37.5),
                                _row("debt_to_equity", "", 0.95, 1.02)))
    q1 = {r.period: r.values for r in parsed.rows}["2026Q1"]
    assert not {"roe", "roa", "gross_margin", "debt_to_equity"} & set(q1)
    assert set(parsed.left_out) == {"roe", "roa", "gross_margin", "debt_to_equity"}
    # a measure the source sent no value for is not "left out": there was nothing to store
    assert parse("FPT", [_row("roe", None, float("nan"), float("nan"))]).left_out == {}


def test_vnstock_408s_renamed_ids_read_like_the_recorded_ones() -> None:
    """vnstock 4.0.8's KBS ``_apply_schema_standardization`` renames ``p_e`` to
    ``pe_ratio`` (the recording predates it): both mean P/E."""
    renamed = [dict(r, item_id={"p_e": "pe_ratio"}.get(r["item_id"], r["item_id"]))
               for r in _records()]
    assert parse("FPT", renamed).rows == parse("FPT", _records()).rows


VNSTOCK_KBS_CONST = next((Path(p) / "explorer" / "kbs" / "const.py" for p in (
    importlib.util.find_spec("vnstock").submodule_search_locations or [])), None) \
    if importlib.util.find_spec("vnstock") else None


@pytest.mark.skipif(VNSTOCK_KBS_CONST is None, reason="no vnstock")
def test_our_ids_are_the_ones_vnstocks_own_kbs_map_produces() -> None:
    """Read (never import: importing vnstock runs pip and telemetry) the installed
    vnstock's KBS ratio map: every standard id it gives for a measure we store is one we
    read, so an upgrade that renames them fails here, not silently in the screener."""
    import ast

    from tradingtools_desktop.market.vnstock_ratios import (
        LEVERAGE_MEASURES,
        MEASURES,
        PERCENT_MEASURES,
    )

    tree = ast.parse(VNSTOCK_KBS_CONST.read_text(encoding="utf-8"))
    kbs_map = next(ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
                   and getattr(n.targets[0], "id", "") == "_FINANCIAL_RATIOS_MAP")
    ours = {**MEASURES, **PERCENT_MEASURES, **LEVERAGE_MEASURES}
    wanted = {"p_e": "pe", "p_b": "pb", "roe": "roe", "roa": "roa",
              "gross_profit_margin": "gross_margin", "debt_equity": "debt_to_equity"}
    for raw, column in wanted.items():
        assert ours[kbs_map[raw]] == column, raw  # the id after vnstock's renaming
        assert ours[raw] == column, raw  # and before it (standardize_columns=False)
