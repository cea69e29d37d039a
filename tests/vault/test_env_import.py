""".env parsing and import into the vault: quoting, multi-line keys, aliases, reports
without values, the file left for the user to delete."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.vault.helpers import with_vault

from tradingtools_desktop.store import Database
from tradingtools_desktop.vault import InvalidSecretValue, Vault
from tradingtools_desktop.vault.env_import import import_env_file, parse_env_text

PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\nhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----"

ENV_TEXT = f"""# my keys
export TRADINGTOOLS_SSI_CONSUMER_ID=cid-123456
TRADINGTOOLS_SSI_CONSUMER_SECRET = "sec \\"quoted\\" value"
TRADINGTOOLS_SSI_PRIVATE_KEY="{PEM.replace(chr(10), chr(92) + 'n')}"
SSI_ACCOUNT='1234561'
OPENAI_API_KEY=sk-alias-should-lose   # alias, loses to the explicit one below
TRADINGTOOLS_AI_API_KEY=sk-explicit-wins # comment
TELEGRAM_BOT_TOKEN='123456:literal_token-x'
OPENAI_MODEL='model-$HOME-literal'
TRADINGTOOLS_HOME=/somewhere
UNRELATED=abc
TRADINGTOOLS_TELEGRAM_CHAT_ID=
this line is junk
"""


def test_parse_when_dotenv_forms_then_values_and_a_report_without_values() -> None:
    entries = parse_env_text(ENV_TEXT)
    assert entries.values == {
        "ssi.consumer_id": "cid-123456",
        "ssi.consumer_secret": 'sec "quoted" value',
        "ssi.private_key": PEM,
        "ssi.account": "1234561",
        "ai.api_key": "sk-explicit-wins",
        "telegram.bot_token": "123456:literal_token-x",
        "ai.model": "model-$HOME-literal",
    }
    assert entries.sources["ai.api_key"] == "TRADINGTOOLS_AI_API_KEY"
    assert entries.skipped == ("TRADINGTOOLS_HOME", "UNRELATED")
    assert entries.problems == ("line 12: TRADINGTOOLS_TELEGRAM_CHAT_ID is empty, ignored",
                                "line 13: not KEY=VALUE, ignored")
    assert "sk-" not in repr(entries)


def test_parse_when_single_quoted_value_spans_lines_then_kept_verbatim() -> None:
    text = f"SSI_PRIVATE_KEY='{PEM}'\nSSI_PIN=135790\n"
    entries = parse_env_text(text)
    assert entries.values["ssi.private_key"] == PEM
    assert entries.values["ssi.pin"] == "135790"


def test_parse_when_quote_never_closes_then_reported_not_guessed() -> None:
    entries = parse_env_text('TRADINGTOOLS_AI_API_KEY="sk-open\nSSI_PIN=1\n')
    assert entries.values == {}
    assert entries.problems == ("line 1: TRADINGTOOLS_AI_API_KEY has no closing quote, "
                                "ignored",)


def test_import_env_when_file_valid_then_all_stored_and_file_untouched(
        tmp_path: Path, db_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(ENV_TEXT, encoding="utf-8")
    before = env_file.read_bytes()

    async def body(db: Database, vault: Vault) -> dict[str, str]:
        report = await import_env_file(vault, env_file)
        assert set(report.imported) == {"ssi.consumer_id", "ssi.consumer_secret",
                                        "ssi.private_key", "ssi.account", "ai.api_key",
                                        "telegram.bot_token", "ai.model"}
        trail = {(e.name, e.source) for e in await vault.audit_trail()}
        assert ("ssi.private_key", "import-env") in trail
        return await vault.stored_values()

    stored = with_vault(db_path, body)
    assert stored["ssi.private_key"] == PEM and stored["ai.api_key"] == "sk-explicit-wins"
    assert env_file.read_bytes() == before  # the user deletes it, not us


def test_import_env_when_one_value_invalid_then_nothing_imported(
        tmp_path: Path, db_path: Path) -> None:
    env_file = tmp_path / "bad.env"
    env_file.write_text("TRADINGTOOLS_AI_API_KEY=sk-fine-value\n"
                        "TRADINGTOOLS_SSI_TWO_FACTOR=carrier-pigeon\n", encoding="utf-8")

    async def body(db: Database, vault: Vault) -> dict[str, str]:
        with pytest.raises(InvalidSecretValue) as info:
            await import_env_file(vault, env_file)
        assert "carrier-pigeon" not in str(info.value)
        return await vault.stored_values()

    assert with_vault(db_path, body) == {}
