"""Fuzz the CLI: hostile values in every slot of the commands a script or a person runs,
through the real ``main(argv)`` in-process against a sandboxed TRADINGTOOLS_HOME. Zero
tracebacks and zero unexpected faults (exit 70): every value is either used or refused with
a sentence and one of the documented exit codes. Bounded (a fixed number of examples, no
network: doctor, data fetch, screen run and ssi are left out)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradingtools_desktop.cli import main

EXIT_CODES = {0, 1, 2, 3, 4}

# values a person or a script might pass by mistake, or an attacker on purpose
HOSTILE = st.one_of(
    st.sampled_from(["", " ", "-1", "0", "1e9", "nan", "inf", "99,6", "99.6.1", "1_000",
                     str(2**63), str(2**63 - 1), str(-(2**63)), str(10**40), "0x10",
                     "tomorrow", "2026-11-25T10:00:00+99:00", "2026-02-30", "2026-11-25",
                     "HSX", "NYSE", "fpt", "paper\n", "a" * 300, "../../etc", "--json",
                     "\x00", "\x1b[31mred", "FP\udcffT", "\udcff\udcfe", "Giá", "١٢٣",
                     "99600", "99.6", "95.55", "100", "FPT", "HOSE"]),
    st.text(max_size=24),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=3).map(str),
)
ORDER = ["--exchange", "HOSE", "--symbol", "FPT", "--side", "buy", "--qty", "100",
         "--price", "99.6"]
TEMPLATES: list[list[str]] = [
    ["order", "check", *ORDER, "--ref", "99.6", "--at", "2026-11-25T10:00:00+07:00"],
    ["order", "place", *ORDER, "--key", "k"],
    ["order", "modify", "abc", "--price", "99.6", "--quantity", "200"],
    ["order", "cancel", "abc"],
    ["order", "status", "abc", "--json"],
    ["order", "list", "--limit", "5"],
    ["settings", "set", "cooldown_s", "900"],
    ["settings", "set", "max_order_notional", "500000000"],
    ["settings", "set", "broker_fee_bps", "15"],
    ["settings", "set", "ssi_url", "https://example.com"],
    ["settings", "closure", "add", "2026-11-25"],
    ["portfolio", "positions"],
    ["portfolio", "pnl", "--json"],
    ["data", "import", "DIR", "--exchange", "HOSE"],
    ["data", "status"],
    ["universe", "add", "WATCHLIST", "FPT,VCB"],
    ["universe", "show", "VN30"],
    ["profile", "create", "fuzzed"],
    ["profile", "backups", "--name", "default"],
    ["dlq", "show", "1"],
    ["screen", "show", "run-1"],
    ["screen", "list", "--limit", "3"],
    ["state"],
]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-home")


@settings(max_examples=160, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(template=st.sampled_from(TEMPLATES), data=st.data())
def test_no_value_in_any_slot_gives_a_traceback(home, capsys, monkeypatch, template,
                                                data) -> None:
    monkeypatch.setenv("TRADINGTOOLS_HOME", str(home))
    monkeypatch.delenv("TRADINGTOOLS_FROZEN_TIME", raising=False)
    argv = list(template)
    # replace one or two of the values (never the command words) with hostile ones
    slots = [i for i in range(2, len(argv)) if not argv[i].startswith("--")] or [len(argv)]
    for _ in range(data.draw(st.integers(min_value=1, max_value=2))):
        i = data.draw(st.sampled_from(slots))
        value = data.draw(HOSTILE)
        if i < len(argv):
            argv[i] = value
        else:
            argv.append(value)
    if data.draw(st.booleans()):
        argv = ["--profile", data.draw(HOSTILE), *argv]
    if data.draw(st.integers(min_value=0, max_value=5)) == 0:
        monkeypatch.setenv("TRADINGTOOLS_FROZEN_TIME", data.draw(HOSTILE).replace("\x00", ""))
    argv = ["DIR" if a == "DIR" and not os.path.exists(a) else a for a in argv]
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "Traceback" not in captured.out, argv
    assert code in EXIT_CODES, (argv, code, captured.err[-500:])
