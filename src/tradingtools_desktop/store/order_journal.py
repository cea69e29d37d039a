"""The order journal: the durable write-first record of a new order, ahead of DuckDB.

Why: a DuckDB commit of an order row and its audit rows costs several milliseconds of
statement planning and execution (a 23-column insert alone ~1.3 ms), while an fsync'd
append of the same rows costs a fraction of one. So a new order (its row with its
idempotency key, its audit rows, and whatever is written with it) is first appended here
and fsync'd — from then on it cannot be lost, and the placement is acknowledged — and
brought into DuckDB right after, in batches.

Contract (every call on the profile database's own worker thread, see :mod:`.db`):

- ``append`` checks the idempotency key against every key stored (a set read from DuckDB
  once, then kept with each record; dropped and read again should any other statement
  write the ``orders`` keys: :meth:`OrderJournal.forget_keys`) — a key seen before:
  False, nothing written — then writes ONE record — length, CRC32,
  the statements of the order's write-first transaction as JSON — and fsyncs it. A
  failed write is cut off again, so the file only ever holds whole records.
- ``apply_pending`` brings every appended record into DuckDB in ONE transaction (the same
  statements, in order), then empties the file. :class:`.db.Database` runs it before ANY
  other statement on the connection, so whatever reads the database — a screen, the risk
  book, a compare-and-set on the same order — sees every acknowledged order: DuckDB is
  behind the journal only between two statements, never when it is read.
- ``recover`` (at open, before migrations; also on a copy set aside) brings in the whole
  records of a journal left by a crash, idempotently: a record whose order row exists was
  committed already (a record is applied in one transaction with the row) and is
  skipped; a torn last record (the process died inside its write, so it was never
  acknowledged) is dropped. Then the file is emptied.

A record's statements are only the placement's own rows (keyed by the new order's id),
so bringing them in cannot conflict with anything but a bug. The file is private (0600)
like the database and holds nothing the database does not.
"""

from __future__ import annotations

import json
import logging
import os
import struct
import zlib
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from .tracing import tracer

log = logging.getLogger(__name__)
SUFFIX = ".journal"
_HEAD = struct.Struct(">II")  # payload length, CRC32 of the payload
Statement = tuple[str, list[Any]]


def journal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX)


def pending_in(db_path: Path) -> bool:
    """Whether a journal beside ``db_path`` holds records (a crash left orders to bring
    in: the database alone is not the whole story until it is opened read-write)."""
    path = journal_path(db_path)
    return path.is_file() and path.stat().st_size > 0


def _default(value: object) -> object:
    if isinstance(value, datetime):
        return {"$t": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    raise TypeError(f"cannot journal a {type(value).__name__}")


def _hook(obj: dict[str, Any]) -> object:
    if len(obj) == 1:
        if "$t" in obj:
            return datetime.fromisoformat(obj["$t"])
        if "$d" in obj:
            return date.fromisoformat(obj["$d"])
    return obj


def encode(order_id: str, key: str, statements: Sequence[Statement]) -> bytes:
    payload = json.dumps({"o": order_id, "k": key, "s": list(statements)},
                         default=_default, ensure_ascii=False,
                         separators=(",", ":")).encode()
    return _HEAD.pack(len(payload), zlib.crc32(payload)) + payload


def decode(data: bytes) -> tuple[list[dict[str, Any]], int]:
    """The whole records in ``data`` and the length they take (a torn tail after it)."""
    records, at = [], 0
    while at + _HEAD.size <= len(data):
        length, crc = _HEAD.unpack_from(data, at)
        body = data[at + _HEAD.size:at + _HEAD.size + length]
        if len(body) < length or zlib.crc32(body) != crc:
            break
        records.append(json.loads(body, object_hook=_hook))
        at += _HEAD.size + length
    return records, at


def _run(conn: duckdb.DuckDBPyConnection, sql: str,
         params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
    from .db import traced_execute  # (db imports this module)

    return traced_execute(conn, sql, params)


def _execute(conn: duckdb.DuckDBPyConnection, statements: Sequence[Sequence[Any]]) -> None:
    for sql, params in statements:
        _run(conn, sql, params)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def recover(conn: duckdb.DuckDBPyConnection, db_path: Path) -> int:
    """Bring in what a journal beside ``db_path`` holds and DuckDB lacks (see the module
    docstring); returns how many orders were brought in. The file is emptied after."""
    path = journal_path(db_path)
    if not path.is_file():
        return 0
    data = path.read_bytes()
    records, whole = decode(data)
    if whole < len(data):
        log.warning("order journal %s: a torn last record (%d bytes) dropped: the process "
                    "stopped inside its write, before it was acknowledged", path.name,
                    len(data) - whole)
    brought = 0
    if records:
        with tracer().start_as_current_span("JOURNAL recover") as span:
            span.set_attribute("db.system", "duckdb")
            _run(conn, "BEGIN TRANSACTION")
            try:
                for record in records:
                    if _run(conn, "SELECT 1 FROM orders WHERE id = ?", [record["o"]]):
                        continue  # committed before the crash
                    _execute(conn, record["s"])
                    brought += 1
                _run(conn, "COMMIT")
            except BaseException:
                _run(conn, "ROLLBACK")
                raise
            span.set_attribute("db.rows", brought)
    if data:
        with open(path, "r+b") as f:
            f.truncate(0)
            os.fsync(f.fileno())
    if brought:
        log.warning("order journal %s: %d acknowledged order(s) brought into the database "
                    "after an abrupt stop", path.name, brought)
    return brought


class OrderJournal:
    """The open journal of one profile database (see the module docstring)."""

    def __init__(self, db_path: Path) -> None:
        self.path = journal_path(db_path)
        created = not self.path.exists()
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.chmod(self.path, 0o600)
        if created:
            _fsync_dir(self.path.parent)  # the file itself survives a crash
        self._size = os.fstat(self._fd).st_size
        self._pending: list[tuple[str, str, list[Statement]]] = []
        # every idempotency key stored or journaled; None: to be read again from DuckDB
        self._known: set[str] | None = None

    @property
    def pending(self) -> int:
        return len(self._pending)

    def forget_keys(self) -> None:
        """Another statement wrote the ``orders`` keys (an import, a delete): the set of
        known keys is read again before the next append."""
        self._known = None

    def append(self, conn: duckdb.DuckDBPyConnection, order_id: str, key: str,
               statements: list[Statement]) -> bool:
        """Durably record a new order's write-first statements; False (nothing written)
        when ``key`` was used before."""
        with tracer().start_as_current_span("JOURNAL orders") as span:
            span.set_attribute("db.system", "duckdb")
            span.set_attribute("db.operation", "JOURNAL")
            known = self._known
            if known is None:  # once per open (and after a foreign write of the keys)
                known = {str(r[0]) for r in _run(conn, "SELECT idempotency_key FROM orders")}
                known.update(k for _o, k, _s in self._pending)
                self._known = known
            if key in known:
                span.set_attribute("db.rows", 0)
                return False
            record = encode(order_id, key, statements)
            try:
                written = os.write(self._fd, record)
                if written != len(record):
                    raise OSError(f"short write to the order journal ({written} bytes)")
                os.fsync(self._fd)
            except BaseException:
                os.ftruncate(self._fd, self._size)  # only whole records, ever
                raise
            self._size += len(record)
            self._pending.append((order_id, key, statements))
            known.add(key)
            span.set_attribute("db.rows", 1)
            return True

    def apply_pending(self, conn: duckdb.DuckDBPyConnection) -> None:
        """Bring every appended record into DuckDB in one transaction, then empty the
        file. On failure nothing is lost: the records stay, in the file and here."""
        if not self._pending:
            return
        with tracer().start_as_current_span("JOURNAL apply") as span:
            span.set_attribute("db.system", "duckdb")
            span.set_attribute("db.rows", len(self._pending))
            _run(conn, "BEGIN TRANSACTION")
            try:
                for _order_id, _key, statements in self._pending:
                    _execute(conn, statements)
                _run(conn, "COMMIT")
            except BaseException:
                _run(conn, "ROLLBACK")
                raise
            self._pending.clear()
            os.ftruncate(self._fd, 0)
            os.fsync(self._fd)
            self._size = 0

    def close(self) -> None:
        """Close the file (records not brought in stay in it for the next start)."""
        os.close(self._fd)
