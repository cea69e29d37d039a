"""Build the "profile DB of the first release" test fixture (tests/store/test_upgrade_rollback.py).

    .venv/bin/python scripts/make_release_fixture.py [--ref baseline-local-roadmap-r1]
        [--out tests/fixtures/profiles/r1/trading.duckdb]

The first release's own code writes it: the release's source tree is taken from git
(`git archive REF src`, nothing in the working tree changes) and its CLI is run in a
throwaway TRADINGTOOLS_HOME, with its own migrations, in dry-run against the bundled real
prices, at a pinned clock (a HOSE session):

- a passphrase vault (key protection PASSPHRASE, the keychain pinned to keyring's `fail`
  backend) holding two made-up values (no real secret anywhere: the values say so);
- orders: two buys filled by the dry-run broker (fills, fees, cash ledger, audit), one
  limit order left open, one cancelled, one denied by the risk engine (price band);
- the kill switch pulled (it cancels what is open) and released (app_state,
  state_changes), a risk limit changed,
  a watchlist, one screener run over VN30 (runs and results).

The rows are then rewritten into a compact file (see compact_copy: the release's own DDL,
16 KiB blocks, the seeded price history cut to 90 days) at --out; the script prints its size
and row counts. Re-running it gives the same rows (ids and timestamps differ).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REF = "baseline-local-roadmap-r1"
FROZEN = "2026-11-25T10:00:00+07:00"  # a Tuesday, HOSE continuous session
PASSPHRASE = "fixture-passphrase-not-a-secret"  # made up, documented
FAKE_SECRETS = {
    "ai.model": "fixture-model-not-real",
    "ssi.account": "FIXTURE-NOT-A-REAL-ACCOUNT",
}


def checkout(ref: str, into: Path) -> Path:
    """The release's src/ tree, from git objects (the working tree is not touched)."""
    blob = subprocess.run(["git", "archive", "--format=tar", ref, "src"], cwd=ROOT,
                          capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(blob)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _statements(sql: str) -> list[str]:
    """Split a migration file like the release's store/migrations.py does."""
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


def compact_copy(db: Path, target: Path, src: Path) -> tuple[dict[str, int], int]:
    """The same rows in a small, freshly written file: the release's own migration DDL in a
    file with 16 KiB blocks (DuckDB's default 256 KiB blocks make even a near-empty profile
    ~10 MB), then every table's rows copied and each sequence moved past its column's largest
    id. The seeded price history (daily_bars) is cut to its last 90 days (~60 sessions of
    the 92 stocks); every other table is copied whole."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{target}' AS fx (BLOCK_SIZE 16384)")
    con.execute("USE fx")
    for f in sorted((src / "tradingtools_desktop" / "store" / "migrations").glob("*.sql")):
        for stmt in _statements(f.read_text(encoding="utf-8")):
            con.execute(stmt)
    con.execute(f"ATTACH '{db}' AS old (READ_ONLY)")
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'old' "
        "AND table_schema = 'main' ORDER BY table_name").fetchall()]
    counts: dict[str, int] = {}
    for t in tables:
        where = ("WHERE day >= (SELECT max(day) FROM old.main.daily_bars) - INTERVAL 90 DAY"
                 if t == "daily_bars" else "")
        con.execute(f'INSERT INTO fx.main."{t}" SELECT * FROM old.main."{t}" {where}')
        counts[t] = int(_scalar(con, f'SELECT count(*) FROM fx.main."{t}"'))
    # sequences: DEFAULT nextval('x_seq') on an id column; continue after the copied ids
    for table, column, default in con.execute(
            "SELECT table_name, column_name, column_default FROM information_schema.columns "
            "WHERE table_catalog = 'fx' AND column_default LIKE 'nextval%'"
            ).fetchall():
        seq = default.split("'")[1]
        top = _scalar(con, f'SELECT coalesce(max("{column}"), 0) FROM fx.main."{table}"')
        if top:
            con.execute(f"SELECT max(nextval('{seq}')) FROM range({int(top)})")
    version = _scalar(con, "SELECT max(version) FROM schema_version")
    con.execute("DETACH old")
    con.execute("CHECKPOINT fx")
    con.close()
    return counts, int(version)


def make(ref: str, out: Path) -> int:
    work = Path(tempfile.mkdtemp(prefix="tt-release-fixture-"))
    try:
        src = checkout(ref, work / "tree")
        home = work / "data"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("TRADINGTOOLS_", "OTEL_")) and k != "PYTHONPATH"}
        env.update(TRADINGTOOLS_HOME=str(home), HOME=str(work / "home"),
                   TRADINGTOOLS_FROZEN_TIME=FROZEN, QT_QPA_PLATFORM="offscreen",
                   TRADINGTOOLS_VAULT_PASSPHRASE=PASSPHRASE,
                   TRADINGTOOLS_VAULT_NEW_PASSPHRASE=PASSPHRASE,
                   PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
        (work / "home").mkdir()
        boot = ("import sys; sys.path.insert(0, sys.argv.pop(1)); "
                "import tradingtools_desktop as t; "
                "assert t.__file__.startswith(sys.path[0]), t.__file__; "
                "from tradingtools_desktop.cli import main; sys.exit(main())")

        def cli(*args: str, stdin: str | None = None, may_fail: bool = False) -> str:
            proc = subprocess.run([sys.executable, "-c", boot, str(src), *args], env=env,
                                  input=stdin, capture_output=True, text=True, check=False)
            if proc.returncode != 0 and not may_fail:
                raise SystemExit(f"release CLI failed: {' '.join(args)}\n{proc.stdout}\n"
                                 f"{proc.stderr}")
            return proc.stdout

        cli("secrets", "init", "--protection", "passphrase")
        for name, value in FAKE_SECRETS.items():
            cli("secrets", "set", name, stdin=value + "\n")
        cli("order", "place", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy",
            "--qty", "1000", "--price", "99600")
        cli("order", "place", "--exchange", "HOSE", "--symbol", "VCB", "--side", "buy",
            "--qty", "500", "--price", "60000")
        opened = cli("order", "place", "--exchange", "HOSE", "--symbol", "VNM", "--side",
                     "buy", "--qty", "100", "--price", "56000", "--json")  # the floor
        cli("order", "place", "--exchange", "HOSE", "--symbol", "VNM", "--side", "buy",
            "--qty", "100", "--price", "55000", may_fail=True)  # below the band: DENIED
        cli("order", "cancel", str(json.loads(opened)["order"]["id"])[:8])
        cli("settings", "set", "max_order_notional", "300000000")
        cli("state", "halt")
        cli("state", "resume")
        cli("order", "place", "--exchange", "HOSE", "--symbol", "HPG", "--side", "buy",
            "--qty", "200", "--price", "25000")  # below the market: stays open
        cli("universe", "add", "WATCHLIST", "FPT", "VCB", "HPG")
        cli("screen", "run", "--universe", "VN30")

        db = home / "profiles" / "default" / "trading.duckdb"
        compact = work / "compact.duckdb"
        counts, version = compact_copy(db, compact, src)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(compact, out)
        print(f"{out}: {out.stat().st_size / 1e6:.2f} MB, schema version {version} ({ref})")
        for t, n in counts.items():
            print(f"  {t:20} {n}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", default=DEFAULT_REF,
                    help=f"git ref of the release (default: the tag {DEFAULT_REF})")
    ap.add_argument("--out", type=Path,
                    default=ROOT / "tests" / "fixtures" / "profiles" / "r1" / "trading.duckdb")
    args = ap.parse_args()
    ok = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{args.ref}^{{commit}}"],
                        cwd=ROOT, capture_output=True, check=False)
    if ok.returncode != 0:
        print(f"git ref {args.ref!r} not found: pass the release commit with --ref",
              file=sys.stderr)
        return 2
    return make(args.ref, args.out)


if __name__ == "__main__":
    raise SystemExit(main())
