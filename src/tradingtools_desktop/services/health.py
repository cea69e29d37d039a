"""Environment health checks behind ``tradingtools doctor`` and the diagnostics page.

Each check returns a :class:`CheckResult`; a check never raises. FAIL means the app cannot
work as configured; WARN means a feature is degraded (e.g. no keychain: the passphrase path
is used); SKIP says plainly why a check did not run (e.g. offline, nothing configured). Details are
in the language chosen (:func:`..i18n.tr`); names and statuses are codes.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from ..i18n import tr
from ..paths import ProfilePaths


class CheckStatus(StrEnum):
    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"
    SKIP = "SKIP"


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    status: CheckStatus
    detail: str


def check_python() -> CheckResult:
    v = sys.version_info
    text = f"Python {v.major}.{v.minor}.{v.micro}"
    if (v.major, v.minor) == (3, 12):
        return CheckResult("python", CheckStatus.OK, text)
    return CheckResult("python", CheckStatus.FAIL,
                       tr("{version}; TradingTools needs Python 3.12").format(version=text))


def check_data_dir(paths: ProfilePaths) -> CheckResult:
    try:
        paths.ensure()
        with tempfile.NamedTemporaryFile(dir=paths.dir, prefix=".doctor-", delete=True) as f:
            f.write(b"ok")
            f.flush()
    except OSError as exc:
        return CheckResult("data dir", CheckStatus.FAIL,
                           tr("{dir} is not writable ({why})").format(
                               dir=paths.dir, why=exc.strerror or type(exc).__name__))
    return CheckResult("data dir", CheckStatus.OK, tr("{dir} is writable").format(dir=paths.dir))


def check_duckdb(paths: ProfilePaths) -> CheckResult:
    """The profile database, fully: opened read-only and every column of every table read
    back (so each page's checksum is verified), plus whether it can be written. Truncated,
    damaged, read-only and locked files each get their own sentence and way out."""
    import duckdb

    from ..store.db import connect_file, traced_execute
    from ..store.faults import classify_open_error
    from ..store.migrations import latest_version

    version = duckdb.__version__
    if not paths.db.exists():
        return CheckResult("duckdb", CheckStatus.OK,
                           tr("duckdb {version}; {file} will be created on first start").format(
                               version=version, file=paths.db.name))
    try:
        con = connect_file(paths.db, read_only=True)
    except (duckdb.Error, OSError) as exc:
        if "lock" in str(exc).lower():
            return CheckResult("duckdb", CheckStatus.OK,
                               tr("duckdb {version}; {file} is open in the running app (close "
                                  "it for a full check)").format(version=version,
                                                                 file=paths.db.name))
        return _db_fail(version, classify_open_error(exc, paths.db))
    try:
        found, tables, rows = _read_everything(con, traced_execute)
    except (duckdb.Error, OSError) as exc:
        return _db_fail(version, classify_open_error(exc, paths.db))
    finally:
        con.close()
    supported = latest_version()
    if found > supported:
        return CheckResult("duckdb", CheckStatus.FAIL,
                           tr("schema {found} is newer than this app's {supported} (see "
                              "rollback)").format(found=found, supported=supported))
    if not os.access(paths.db, os.W_OK) or not os.access(paths.dir, os.W_OK):
        from ..store.errors import DatabaseReadOnly

        return _db_fail(version, DatabaseReadOnly(
            f"The profile database {paths.db} is read-only for this user (or its disk is "
            "mounted read-only): it can be read but no order can be stored.", paths.db))
    return CheckResult("duckdb", CheckStatus.OK,
                       tr("duckdb {version}; schema {found} of {supported}; file healthy (all "
                          "{tables} tables read back, {rows} rows)").format(
                           version=version, found=found, supported=supported, tables=tables,
                           rows=f"{rows:,}"))


def _read_everything(con: Any, execute: Any) -> tuple[int, int, int]:
    """(schema version, tables, rows) after reading every column of every table."""
    names = [str(r[0]) for r in execute(
        con, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
             "AND table_type = 'BASE TABLE' ORDER BY table_name")]
    rows = 0
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        # hashing every column forces every data page to be read (and its checksum checked)
        row = execute(con, f"SELECT count(*), max(hash(COLUMNS(*))) FROM {quoted}",
                      table=name)
        rows += int(row[0][0]) if row else 0
    found = 0
    if "schema_version" in names:
        row = execute(con, "SELECT coalesce(max(version), 0) FROM schema_version")
        found = int(row[0][0]) if row else 0
    return found, len(names), rows


def _db_fail(version: str, error: Any) -> CheckResult:
    return CheckResult("duckdb", CheckStatus.FAIL,
                       f"duckdb {version}; {tr(error.user_message)} {tr(error.way_out)}")


def check_keychain() -> CheckResult:
    """The same rules the vault applies (fail, null, keyrings.alt backends are refused)."""
    from ..vault import OSKeychain

    status = OSKeychain().status()
    if status.usable:
        return CheckResult("keychain", CheckStatus.OK, status.backend)
    return CheckResult("keychain", CheckStatus.WARN,
                       tr("no usable OS keychain: {why}; secrets use the passphrase vault")
                       .format(why=tr(status.reason)))


def check_extras() -> CheckResult:
    have_ta = importlib.util.find_spec("pandas_ta") is not None
    if have_ta:
        return CheckResult("extras", CheckStatus.OK, tr("ta (pandas-ta) installed"))
    return CheckResult("extras", CheckStatus.OK,
                       tr("ta (pandas-ta) not installed: built-in indicators are used"))


def check_reachable(name: str, url: str | None, timeout: float = 2.0) -> CheckResult:
    """TCP reachability of a configured service (no request is sent, no key is used)."""
    if not url:
        return CheckResult(name, CheckStatus.SKIP, tr("not configured"))
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        return CheckResult(name, CheckStatus.FAIL, tr("configured URL has no host"))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        offline = isinstance(exc, socket.gaierror)
        status = CheckStatus.SKIP if offline else CheckStatus.WARN
        why = tr("offline (name lookup failed)") if offline else tr("unreachable")
        return CheckResult(name, status, f"{host}:{port} {why}")
    return CheckResult(name, CheckStatus.OK, f"{host}:{port} {tr('reachable')}")


def run_checks(paths: ProfilePaths,
               services: Iterable[tuple[str, str | None]] = ()) -> list[CheckResult]:
    results = [check_python(), check_data_dir(paths), check_duckdb(paths), check_keychain(),
               check_extras()]
    results.extend(check_reachable(name, url) for name, url in services)
    return results

