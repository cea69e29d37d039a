"""Headlines reach the stocks they name (tickers, listing short names, brands) without
false hits from common words; market-wide headlines become every stock's market mood."""

from __future__ import annotations

import asyncio
import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tradingtools_desktop.agents import news
from tradingtools_desktop.agents.point_in_time import close_of
from tradingtools_desktop.agents.snapshot_loader import load_snapshot
from tradingtools_desktop.market.news_linking import Linker, is_market_headline, short_names
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import AppServices

LISTING = Path(__file__).parents[2] / "src" / "tradingtools_desktop" / "resources" / \
    "market" / "instruments.csv"


@pytest.fixture(scope="module")
def linker() -> Linker:
    with LISTING.open(encoding="utf-8") as fh:
        rows = [(r["symbol"], r["name"]) for r in csv.DictReader(fh)]
    return Linker([*rows, ("LAO", "Công ty Cổ phần LAO"), ("TAN", "Công ty Cổ phần Tân Cảng")])


@pytest.mark.parametrize(("text", "symbols"), [
    ("HPG tăng trần, khối ngoại mua ròng VCB", ["HPG", "VCB"]),
    ("Hòa Phát báo lãi quý III vượt kế hoạch", ["HPG"]),
    ("Vietcombank và Techcombank giảm lãi suất", ["TCB", "VCB"]),
    ("Masan High-Tech Materials lỗ ròng", ["MSR"]),  # the longest name wins over "Masan"
    ("Cổ phiếu lao dốc, nhà đầu tư bán tháo", []),  # "lao" is a word, not LAO
    ("CỔ PHIẾU LAO DỐC, NHÀ ĐẦU TƯ BÁN THÁO", []),  # in capitals neither
    ("CEO MSC: Chúng tôi muốn đưa tàu lớn hơn nữa cập cảng Việt Nam", []),  # CEO = a title
    ("Giá USD và VND ổn định", []),  # the currency is not VNDirect
    ("Cổ phiếu VND tăng mạnh, mã CEO giảm sàn", ["CEO", "VND"]),  # a stock context
    ("TP.HCM đề xuất cơ chế mới", []),  # HCM in a city name
    ("Chứng khoán HCM (HOSE) tăng vốn", ["HCM"]),
    ("Việt Nam dẫn đầu ASEAN về niềm tin tiêu dùng", []),  # "Việt Nam" names nobody
    ("Thế Giới Di Động mở thêm 100 cửa hàng", ["MWG"]),
    ("Ngân hàng Quân đội tăng vốn", []),  # a generic phrase, not a short name
])
def test_linking(linker: Linker, text: str, symbols: list[str]) -> None:
    assert linker.link(text) == symbols


def test_short_names_strip_the_legal_form() -> None:
    assert "Hòa Phát" in short_names("Công ty Cổ phần Tập đoàn Hòa Phát")
    assert short_names("Ngân hàng Thương mại Cổ phần Quân đội") == []
    assert "Vietcap" in short_names("Công ty Cổ phần Chứng khoán Vietcap")


def test_market_headlines() -> None:
    assert is_market_headline("VN-Index mất 20 điểm, khối ngoại bán ròng")
    assert not is_market_headline("Thị trường Smartphone siêu bền bùng nổ trở lại")


def test_market_headlines_reach_every_stock_as_the_market_mood(tt_home) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("nl", tt_home))
        when = datetime(2025, 11, 12, 3, tzinfo=UTC)
        await svc.db.execute(
            "INSERT INTO news (id, title, summary, published_at, url, symbols, market, source, "
            "fetched_at) VALUES ('m1', 'VN-Index lao dốc, cổ phiếu bị bán tháo', '', ?, NULL, "
            "[], true, 'test', now()), ('s1', 'Hòa Phát lãi kỷ lục, vượt kế hoạch', '', ?, "
            "NULL, ['HPG'], false, 'test', now())", [when, when])
        snap = await svc.db.call(lambda tx: load_snapshot(
            tx, ["HPG", "FPT"], at=close_of(datetime(2025, 11, 13).date())))
        out = news.run(snap)
        assert not out["FPT"].abstained and out["FPT"].score < 0  # only the market's mood
        assert out["FPT"].confidence <= 0.2 and "market mood" in out["FPT"].rationale
        assert out["HPG"].score > out["FPT"].score  # its own good news outweighs the market
        assert out["HPG"].confidence > out["FPT"].confidence
        await svc.stop()

    asyncio.run(go())


def test_bundled_headlines_link_nothing_false(tt_home) -> None:
    """The 78 bundled headlines are general news: none names a listed stock (the old
    regex attached none either, but for the wrong reason), and CEO MSC is no CEO Group."""
    async def go() -> None:
        svc = await AppServices.open(profile_paths("nb", tt_home))
        rows = await svc.db.execute("SELECT title, symbols FROM news")
        assert len(rows) == 78
        assert all(list(s or []) == [] for _, s in rows)
        await svc.stop()

    asyncio.run(go())
