"""A run's confidence is measured: the out-of-sample hit rate of similar supervisor scores
in the universe's newest track record, with its observations; without one, it says so."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.services.screener import measured_hit

AT = datetime(2025, 11, 13, 8, tzinfo=UTC)


def test_confidence_is_measured_on_the_track_record_or_says_there_is_none(tt_home) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("m1", tt_home))
        first = await svc.screener.run("VN30", at=AT)
        assert "No track record" in first.meta["measured"]["none"]
        assert all(measured_hit(v["score"], first.meta["measured"]) is None
                   for v in first.verdicts)
        assert svc.track_record is not None
        rec = await svc.track_record.run("VN30", date(2024, 12, 1), date(2025, 11, 13),
                                         frequencies=("monthly",), horizons=(20,))
        second = await svc.screener.run("VN30", at=AT)
        measured = second.meta["measured"]
        assert measured["track_record_id"] == rec["id"] and measured["horizon"] == 20
        scored = [v for v in second.verdicts if v["score"] is not None]
        hits = [measured_hit(v["score"], measured) for v in scored]
        assert any(h is not None for h in hits)
        for v, h in zip(scored, hits, strict=True):
            if h is not None:
                assert h["lo"] <= v["score"] <= h["hi"] and h["n"] > 0
                assert 0 <= h["hit_rate"] <= 1
        stored = await svc.screener.result(second.run_id)
        assert stored.meta["measured"] == measured
        assert (await svc.screener.replay(second.run_id))["identical"]
        sized = [v for v in second.verdicts if v["suggested_qty"]]
        assert all("not a forecast" in v["rationale"] for v in sized)
        await svc.stop()

    asyncio.run(go())
