"""The screener's LLM path against a local OpenAI-compatible endpoint: the news agent uses
the model, abstains (and says why) on malformed replies and timeouts, and a run replays
identically from the stored replies with the server gone."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from tests.servers.openai_stub import OpenAIStub

from tradingtools_desktop.agents.llm.client import LLMClient
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.store.llm_calls import DuckDBCallStore

# the run's point in time: the close of the last bundled session, a day after the headline
AT = datetime(2025, 11, 13, 8, tzinfo=UTC)


async def _with_headline(svc: AppServices) -> None:
    await svc.db.execute(
        "INSERT INTO news (id, title, summary, published_at, url, symbols, source, fetched_at) "
        "VALUES ('t1', 'Cổ phiếu FPT tăng mạnh nhờ lợi nhuận vượt kế hoạch', "
        "'', ?, NULL, ['FPT'], 'test', now())", [datetime(2025, 11, 12, 9, tzinfo=UTC)])


def test_llm_sentiment_used_then_replayed_offline(tt_home) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("l1", tt_home))
        await _with_headline(svc)
        with OpenAIStub() as stub:
            stub.reply = {"sentiment": "negative", "score": -0.6}
            svc.screener.llm = LLMClient(stub.url, "qwen2.5:1.5b", provider="ollama",
                                         store=DuckDBCallStore(svc.db))
            result = await svc.screener.run("FPT,VCB", at=AT)
        fpt = next(v for v in result.verdicts if v["symbol"] == "FPT")
        news = fpt["agents"]["news"]
        assert not news["abstained"] and news["score"] == -0.6
        assert news["evidence"]["scorer"] == "llm:qwen2.5:1.5b"
        assert result.meta["provider"] == "ollama" and result.meta["model"] == "qwen2.5:1.5b"
        assert fpt["rationale"].startswith("Trend and quality both point up. [AI: qwen2.5")
        assert "Overall" in fpt["rationale"]  # the deterministic explanation is kept
        # the server is gone: the replay answers from the stored prompt/response pairs
        replay = await svc.screener.replay(result.run_id)
        assert replay["identical"], replay
        await svc.stop()

    asyncio.run(go())


def test_malformed_reply_or_timeout_makes_the_news_agent_abstain(tt_home) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("l2", tt_home))
        await _with_headline(svc)
        with OpenAIStub() as stub:
            for mode, why in (("malformed", "not valid JSON"), ("slow", "did not answer")):
                stub.mode = mode
                svc.screener.llm = LLMClient(stub.url, f"m-{mode}", timeout_s=0.3,
                                             store=DuckDBCallStore(svc.db))
                result = await svc.screener.run("FPT", at=AT)
                news = result.verdicts[0]["agents"]["news"]
                assert news["abstained"] and why in news["abstain_reason"], news
                # the other agents still judged: no silent default, no lost run
                assert not result.verdicts[0]["agents"]["technical"]["abstained"]
        await svc.stop()

    asyncio.run(go())


def test_ai_provider_comes_from_the_vault_overrides_and_revoke_drops_it(
    tt_home, monkeypatch
) -> None:
    async def go() -> None:
        with OpenAIStub() as stub:
            monkeypatch.setenv("TRADINGTOOLS_AI_BASE_URL", stub.url)
            monkeypatch.setenv("TRADINGTOOLS_AI_MODEL", "qwen2.5:1.5b")
            svc = await AppServices.open(profile_paths("l3", tt_home))
            await _with_headline(svc)
            result = await svc.screener.run("FPT", at=AT)
            assert result.meta["model"] == "qwen2.5:1.5b"
            assert stub.requests, "the LLM endpoint was used"
            from tradingtools_desktop.services.events import SecretRevoked

            svc.bus.publish(SecretRevoked("ai.base_url", datetime.now(UTC)))
            assert svc.screener.llm is None
            await svc.stop()

    asyncio.run(go())


def test_metadata_says_what_really_happened_vault_locked_and_llm_down(tt_home) -> None:
    from tradingtools_desktop.vault import Protection

    async def go() -> None:
        svc = await AppServices.open(profile_paths("l4", tt_home))
        await _with_headline(svc)
        assert svc.vault is not None
        await svc.vault.initialise(Protection.PASSPHRASE, "correct horse battery staple")
        await svc.vault.set("ai.base_url", "http://127.0.0.1:9/v1")
        await svc.vault.set("ai.model", "qwen2.5:1.5b")
        svc.vault.lock()
        svc.screener.llm = None
        locked = await svc.screener.run("FPT", at=AT)
        note = locked.meta["missing"]["llm"]
        assert "stored but the vault is locked" in note and "lexicon" in note, note
        assert locked.meta["provider"] is None
        # the provider is configured but its server is down: nothing claims it scored
        with OpenAIStub() as stub:
            stub.mode = "malformed"
            svc.screener.llm = LLMClient(stub.url, "qwen2.5:1.5b", provider="ollama",
                                         timeout_s=0.3, store=DuckDBCallStore(svc.db))
            down = await svc.screener.run("FPT,VCB", at=AT)
        note = down.meta["missing"]["llm"]
        assert "scored 0 of 1 headline(s)" in note and "failed" in note, note
        assert "wrote 0 of" in note and "scored the headlines" not in note
        stored = await svc.screener.result(down.run_id)
        assert stored.meta["missing"]["llm"] == note
        everything = await svc.screener.run("ALL", at=AT)
        listing = everything.meta["missing"]["listing"]  # what ALL covers of the market
        assert listing["universe"] == "ALL" and listing["listed"] > 1_000, listing
        assert listing["with_bars"] == 92, listing
        await svc.stop()

    asyncio.run(go())
