"""CANARY: distinctive secret values planted through the CLI must never appear in plaintext
anywhere the app writes or says something: the whole data dir (DuckDB files, WAL, backups,
deleted-profile backups, logs) of two homes, the export files, stdout/stderr, every log
record at DEBUG (unfiltered) and every trace span.

Each canary is searched as UTF-8, UTF-16-LE, base64 and hex, and by a distinctive prefix
(so a value cut short would still be caught).
"""

from __future__ import annotations

import base64
import io
import logging
from pathlib import Path

import pytest

from tradingtools_desktop.cli import main
from tradingtools_desktop.cli import profile as cli_profile
from tradingtools_desktop.cli import secrets as cli_secrets
from tradingtools_desktop.logging_setup import setup_logging
from tradingtools_desktop.vault.export import read_export

PEM = ("-----BEGIN RSA PRIVATE KEY-----\nCNRYpkLine1AbCdEfGh01\nCNRYpkLine2IjKlMnOp23\n"
       "-----END RSA PRIVATE KEY-----")
CANARIES = {
    "vnstock.api_key": "CNRYvnstk7Q2x9Zp4Lm8",
    "ssi.consumer_id": "CNRYcid8a1b2c3d4e5f6",
    "ssi.consumer_secret": "CNRYcsec9f8e7d6c5b4a",
    "ssi.private_key": PEM,
    "ssi.account": "CNRYacct0042xy",
    "ssi.pin": "CNRYpin13579z",
    "ai.base_url": "https://cnry-host-x7k2q.example/v1",
    "ai.model": "cnry-model-q9w8e7r6",
    "ai.api_key": "sk-CNRYaik5j4h3g2f1e0",
    "telegram.bot_token": "123456789:CNRYtgTokenAbCdEf0123456789xyz",
    "telegram.chat_id": "@CNRYchat7x7x7",
}
ENV_ONLY = "CNRYenvOnlyConsumer77"  # a process-only override: never written anywhere
DOTENV_ONLY = "sk-CNRYfromDotenv31415"  # arrives through import-env
PASSPHRASES = ("CNRY vault passphrase one", "CNRY vault passphrase two",
               "CNRY export passphrase", "CNRY machine-b passphrase")


def _needles() -> dict[str, list[bytes]]:
    values = [*CANARIES.values(), ENV_ONLY, DOTENV_ONLY, *PASSPHRASES]
    values += [ln for ln in PEM.splitlines() if ln.startswith("CNRY")]
    out: dict[str, list[bytes]] = {}
    for v in values:
        raw = v.encode()
        out[v] = [raw, v.encode("utf-16-le"), base64.b64encode(raw), raw.hex().encode(),
                  raw[: max(12, len(raw) - 4)]]
    return out


def _hits(label: str, blob: bytes) -> list[str]:
    return [f"{label}: {value[:8]}... ({i})" for value, forms in _needles().items()
            for i, form in enumerate(forms) if form in blob]


@pytest.fixture
def debug_logs(tmp_path: Path):  # type: ignore[no-untyped-def]
    log_dir = tmp_path / "app-logs"
    setup_logging(log_dir, logging.DEBUG)
    yield log_dir
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_tradingtools", False):
            root.removeHandler(h)
            h.close()
    root.setLevel(logging.WARNING)


def test_canary_values_never_appear_in_data_logs_traces_exports_or_output(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, caplog, spans,
        debug_logs: Path) -> None:
    caplog.set_level(logging.DEBUG)
    for module in (cli_secrets, cli_profile):
        monkeypatch.setattr(module, "has_terminal", lambda: False)
    home_a, home_b = tmp_path / "home-a", tmp_path / "home-b"
    exports = tmp_path / "exports"
    monkeypatch.setenv("TRADINGTOOLS_HOME", str(home_a))
    monkeypatch.setenv("TRADINGTOOLS_VAULT_PASSPHRASE", PASSPHRASES[0])
    monkeypatch.setenv("TRADINGTOOLS_FROZEN_TIME", "2026-11-25T10:00:00+07:00")
    output: list[str] = []

    def cli(args: list[str], stdin: str = "", expect: int = 0) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        assert main(args) == expect, args
        out = capsys.readouterr()
        output.append(out.out + out.err)

    cli(["profile", "create", "main", "--switch"])
    for name, value in CANARIES.items():
        cli(["secrets", "set", name], value + "\n")
    cli(["secrets", "set", "ssi.two_factor"], "PIN")
    cli(["secrets", "set", "ai.api_key", CANARIES["ai.api_key"]], expect=2)  # argv refused
    dotenv = tmp_path / "user-files" / ".env"  # the user's own file, outside the data dir
    dotenv.parent.mkdir()
    dotenv.write_text(f"TRADINGTOOLS_VNSTOCK_API_KEY={DOTENV_ONLY}\n", encoding="utf-8")
    cli(["secrets", "import-env", str(dotenv)])
    monkeypatch.setenv("TRADINGTOOLS_SSI_CONSUMER_ID", ENV_ONLY)
    cli(["secrets", "list"])
    cli(["secrets", "list", "--json"])
    cli(["order", "place", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy", "--qty",
         "100", "--price", "99.6", "--json"])
    monkeypatch.setenv("TRADINGTOOLS_VAULT_NEW_PASSPHRASE", PASSPHRASES[1])
    cli(["secrets", "rotate"])
    monkeypatch.setenv("TRADINGTOOLS_VAULT_PASSPHRASE", PASSPHRASES[1])
    cli(["secrets", "revoke", "telegram.chat_id"])
    cli(["secrets", "list"])
    cli(["secrets", "audit"])
    cli(["secrets", "status"])
    cli(["profile", "export", str(exports / "with-secrets.ttexport"), "--include-secrets",
         "--passphrase-stdin"], PASSPHRASES[2] + "\n")
    cli(["profile", "export", str(exports / "plain.ttexport"), "--passphrase-stdin"],
        PASSPHRASES[2] + "\n")
    cli(["profile", "create", "spare"])
    cli(["profile", "rename", "spare", "spare2"])
    cli(["profile", "delete", "spare2", "--yes"])
    monkeypatch.setenv("TRADINGTOOLS_VAULT_PASSPHRASE", "not-the-passphrase-at-all")
    cli(["secrets", "list"], expect=4)  # a failure path logs and prints too
    monkeypatch.delenv("TRADINGTOOLS_SSI_CONSUMER_ID")

    monkeypatch.setenv("TRADINGTOOLS_HOME", str(home_b))
    monkeypatch.setenv("TRADINGTOOLS_VAULT_PASSPHRASE", PASSPHRASES[3])
    cli(["profile", "import", str(exports / "with-secrets.ttexport"), "--passphrase-stdin",
         "--switch"], PASSPHRASES[2] + "\n")
    cli(["secrets", "list", "--json"])

    # the flows really ran: the moved profile holds the secrets (the env override did not
    # travel, the revoked one did not either)
    bundle = read_export(exports / "with-secrets.ttexport", PASSPHRASES[2])
    assert bundle.secrets["ai.api_key"] == CANARIES["ai.api_key"]
    assert bundle.secrets["vnstock.api_key"] == DOTENV_ONLY
    assert ENV_ONLY not in bundle.secrets.values() and "telegram.chat_id" not in bundle.secrets
    assert read_export(exports / "plain.ttexport", PASSPHRASES[2]).secrets == {}

    problems: list[str] = []
    files = [p for home in (home_a, home_b) for p in home.rglob("*") if p.is_file()]
    files += [*exports.iterdir(), *debug_logs.rglob("*")]
    # main, and main moved to home b (the daily backups beside them are scanned too)
    assert sum(p.suffix == ".duckdb" and "backups" not in p.parts for p in files) == 2
    assert any(p.suffix == ".duckdb" and "backups" in p.parts for p in files)
    for path in files:
        if path.is_file():
            problems += _hits(str(path), path.read_bytes())
    problems += _hits("stdout/stderr", "\n".join(output).encode())
    problems += _hits("log records (unfiltered)", caplog.text.encode())
    span_text = "\n".join(f"{s.name} {dict(s.attributes or {})} {s.events}"
                          for s in spans.get_finished_spans())
    assert span_text  # the DB work was traced
    problems += _hits("trace spans", span_text.encode())
    assert problems == []
    log_text = (debug_logs / "tradingtools.log").read_text(encoding="utf-8")
    assert "vault: stored ai.api_key" in log_text and "vault: rotated" in log_text
    assert "DEBUG" in caplog.text or any(r.levelno == logging.DEBUG for r in caplog.records)
