"""Only the command group a command names is imported: ``--version`` imports none, ``order
list`` imports ``order`` (and what it uses) but no other group; the top-level help still
lists every group."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tradingtools_desktop.cli import main, named_group

SRC = Path(__file__).resolve().parents[2] / "src"
GROUPS = ("data", "dlq", "doctor", "news", "order", "portfolio", "profile", "quote", "replay",
          "screen", "secrets", "settings", "ssi", "state", "universe")
PROBE = """
import json, sys
from tradingtools_desktop.cli import main
code = main(sys.argv[1:])
loaded = sorted(m.rsplit(".", 1)[1] for m in sys.modules
                if m.startswith("tradingtools_desktop.cli."))
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def _loaded(tt_home: Path, *argv: str) -> tuple[int, set[str]]:
    env = {**os.environ, "TRADINGTOOLS_HOME": str(tt_home), "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], env=env, capture_output=True,
                          text=True, check=False, timeout=120)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], set(report["loaded"]) & set(GROUPS)


def test_the_group_is_the_first_word_that_is_not_an_option() -> None:
    assert named_group(["order", "list"]) == "order"
    assert named_group(["--profile", "paper", "state"]) == "state"
    assert named_group(["--profile=paper", "state", "--json"]) == "state"
    assert named_group(["--prof", "order", "data"]) == "data"  # an abbreviated --profile
    assert named_group(["--version"]) == "-"
    assert named_group(["--help"]) is None and named_group(["-h"]) is None
    assert named_group([]) is None
    assert named_group(["order", "--help"]) == "order"


def test_version_imports_no_group_and_a_command_only_its_own(tt_home) -> None:
    code, loaded = _loaded(tt_home, "--version")
    assert code == 0 and loaded == set()
    code, loaded = _loaded(tt_home, "order", "list")
    assert code == 0 and "order" in loaded
    assert loaded <= {"order", "secrets"}, loaded  # secrets: the vault's prompt helpers
    code, loaded = _loaded(tt_home, "state", "--json")
    assert code == 0 and loaded == {"state"}


def test_the_help_and_a_mistyped_group_still_list_every_group(capsys) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in GROUPS), out
    assert main(["ordr", "list"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'ordr'" in err and "'order'" in err
