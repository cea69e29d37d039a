"""The single owner of one profile's DuckDB connection.

Contract:
- One connection per profile file, opened and used only on one dedicated worker thread, so
  DuckDB calls never run on (or block) the asyncio / Qt thread and never race each other.
- Every statement goes through :func:`traced_execute`: one OpenTelemetry span per query with
  ``db.system=duckdb``, the operation, the table when known, duration, row count and the
  error type — never the parameter values, never the error text (which can echo values).
- ``transaction(fn)`` runs ``fn(tx)`` on the worker thread between BEGIN and COMMIT, rolling
  back on any exception.
- A file database keeps an order journal beside it (:mod:`.order_journal`): ``journal``
  durably appends a new order's write-first statements (the placement is acknowledged
  once that fsync returns) and every other call on the connection first brings what the
  journal holds into DuckDB, so nothing that reads the database ever sees it behind; an
  idle moment does the same shortly after. Opening brings in what a crash left there.
  A read-only open refuses while a crash's journal holds orders (:class:`JournalPending`).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from . import order_journal
from .errors import StoreError
from .faults import classify_open_error, classify_runtime_error
from .permissions import private_file
from .tracing import tracer

T = TypeVar("T")
JOURNAL_FLUSH_S = 0.2  # an idle database brings the journal in this soon after a placement
Row = tuple[Any, ...]
Params = Sequence[Any] | dict[str, Any]

_TABLE_RE = re.compile(
    r"\b(?:FROM|INTO|UPDATE|TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?)\s+([A-Za-z_][A-Za-z0-9_]*)",
    re.IGNORECASE,
)
_DML = {"INSERT", "UPDATE", "DELETE"}


def _operation(sql: str) -> str:
    word = sql.lstrip().split(None, 1)
    return word[0].upper() if word else ""


def _table(sql: str) -> str | None:
    m = _TABLE_RE.search(sql)
    return m.group(1).lower() if m else None


def traced_execute(
    conn: duckdb.DuckDBPyConnection, sql: str, params: Params | None = None,
    *, table: str | None = None,
) -> list[Row]:
    """Run one statement and return its rows, inside a span (the only path SQL takes)."""
    op = _operation(sql)
    tbl = table or _table(sql)
    name = f"{op} {tbl}" if tbl else op or "SQL"
    with tracer().start_as_current_span(name, record_exception=False,
                                        set_status_on_exception=False) as span:
        span.set_attribute("db.system", "duckdb")
        span.set_attribute("db.operation", op)
        if tbl:
            span.set_attribute("db.sql.table", tbl)
        start = time.perf_counter()
        try:
            rel = conn.execute(sql, params) if params is not None else conn.execute(sql)
            rows: list[Row] = rel.fetchall() if rel.description is not None else []
        except Exception as exc:
            span.set_attribute("error.type", type(exc).__name__)
            span.set_attribute("db.duration_ms", (time.perf_counter() - start) * 1000)
            from opentelemetry.trace import Status, StatusCode

            span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
            raise
        span.set_attribute("db.duration_ms", (time.perf_counter() - start) * 1000)
        if op in _DML and "RETURNING" not in sql.upper() and rows and len(rows[0]) == 1:
            span.set_attribute("db.rows", int(rows[0][0]))
        else:
            span.set_attribute("db.rows", len(rows))
        return rows


class Tx:
    """The connection as seen inside a transaction or a worker-thread call."""

    __slots__ = ("_conn",)
    deferred = False  # True for a :class:`RecordingTx`: statements are kept, not run

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Params | None = None, *,
                table: str | None = None) -> list[Row]:
        return traced_execute(self._conn, sql, params, table=table)

    def one(self, sql: str, params: Params | None = None, *,
            table: str | None = None) -> Row | None:
        rows = self.execute(sql, params, table=table)
        return rows[0] if rows else None

    def executemany(self, sql: str, rows: Sequence[Params], *, table: str | None = None) -> None:
        # one span for the batch: the operation and row count, still no values
        op = _operation(sql)
        tbl = table or _table(sql)
        with tracer().start_as_current_span(f"{op} {tbl}" if tbl else op) as span:
            span.set_attribute("db.system", "duckdb")
            span.set_attribute("db.operation", op)
            if tbl:
                span.set_attribute("db.sql.table", tbl)
            start = time.perf_counter()
            self._conn.executemany(sql, list(rows))
            span.set_attribute("db.duration_ms", (time.perf_counter() - start) * 1000)
            span.set_attribute("db.rows", len(rows))

    def register_df(self, name: str, df: Any) -> None:
        self._conn.register(name, df)

    def unregister(self, name: str) -> None:
        self._conn.unregister(name)


class RecordingTx(Tx):
    """A write-only transaction that keeps its statements instead of running them (they
    go to the order journal). Every statement returns no rows: only writes whose
    statements do not depend on what an earlier one returned may run on it."""

    __slots__ = ("statements",)
    deferred = True

    def __init__(self) -> None:
        self.statements: list[tuple[str, list[Any]]] = []

    def execute(self, sql: str, params: Params | None = None, *,
                table: str | None = None) -> list[Row]:
        if isinstance(params, dict):
            raise TypeError("a journaled statement takes positional parameters")
        self.statements.append((sql, list(params or [])))
        return []

    def executemany(self, sql: str, rows: Sequence[Params], *, table: str | None = None) -> None:
        for row in rows:
            self.execute(sql, row)

    def register_df(self, name: str, df: Any) -> None:
        raise TypeError("a journaled transaction writes statements only")


_ORDERS_WORD = re.compile(r"\borders\b", re.IGNORECASE)
_NEVER_WRITES = ("SELECT", "BEGIN", "COMMIT", "ROLLBACK", "CHECKPOINT", "PRAGMA", "EXPLAIN",
                 "DESCRIBE", "SHOW", "SUMMARIZE")


def writes_order_keys(sql: str) -> bool:
    """Whether ``sql`` may add, remove or change an ``orders`` idempotency key (judged
    generously: any statement that could write and names the table, except an UPDATE
    that does not name the key column — the compare-and-set never does)."""
    op = _operation(sql)
    if op in _NEVER_WRITES or not _ORDERS_WORD.search(sql):
        return False
    return not (op == "UPDATE" and "idempotency_key" not in sql.lower())


class _WatchedTx(Tx):
    """The connection as the Database hands it out: a statement that writes the
    ``orders`` keys makes the order journal read them again."""

    __slots__ = ("_journal",)

    def __init__(self, conn: duckdb.DuckDBPyConnection,
                 journal: order_journal.OrderJournal) -> None:
        super().__init__(conn)
        self._journal = journal

    def execute(self, sql: str, params: Params | None = None, *,
                table: str | None = None) -> list[Row]:
        try:
            return super().execute(sql, params, table=table)
        finally:
            if writes_order_keys(sql):
                self._journal.forget_keys()

    def executemany(self, sql: str, rows: Sequence[Params], *, table: str | None = None) -> None:
        try:
            super().executemany(sql, rows, table=table)
        finally:
            if writes_order_keys(sql):
                self._journal.forget_keys()


class JournalPending(StoreError):
    """A read-only open met a crash's order journal: the database alone is behind it."""


def connect_file(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB file outside a :class:`Database` (read-only inspection: doctor,
    backups, the profile list) inside a span, as every other DuckDB access is; use
    :func:`traced_execute` on the connection for the statements."""
    with tracer().start_as_current_span("CONNECT", record_exception=False,
                                        set_status_on_exception=False) as span:
        span.set_attribute("db.system", "duckdb")
        span.set_attribute("db.operation", "CONNECT")
        span.set_attribute("db.read_only", read_only)
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except Exception as exc:
            span.set_attribute("error.type", type(exc).__name__)
            raise


class Database:
    """Async façade over one DuckDB file; see the module docstring for the contract."""

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        """``read_only``: open the file for reading only (a command that only shows
        things); any write raises, and nothing about the file changes."""
        self.path = path
        self.read_only = read_only
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="duckdb")
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._thread_id: int | None = None
        self._journal: order_journal.OrderJournal | None = None
        self._flush: asyncio.TimerHandle | None = None

    # -- lifecycle ---------------------------------------------------------------------
    def _connect(self) -> None:
        target = str(self.path) if self.path else ":memory:"
        if self.path is not None and self.read_only and order_journal.pending_in(self.path):
            raise JournalPending(
                f"The profile database {self.path.name} has acknowledged orders in its "
                "journal not yet brought in (the app was stopped abruptly); it is opened "
                "the ordinary way to bring them in.", self.path)
        try:
            self._conn = connect_file(Path(target), read_only=self.read_only) if self.path \
                else duckdb.connect(target)
        except (duckdb.Error, OSError) as exc:
            raise classify_open_error(exc, self.path or Path(target)) from None
        self._thread_id = threading.get_ident()
        if self.path is not None and not self.read_only:  # orders, the vault key: private
            private_file(self.path)
            private_file(self.path.with_name(self.path.name + ".wal"))
            assert self._conn is not None
            try:
                order_journal.recover(self._conn, self.path)
                self._journal = order_journal.OrderJournal(self.path)
            except BaseException as exc:
                self._conn.close()
                self._conn = None
                if isinstance(exc, duckdb.Error | OSError):
                    raise classify_open_error(exc, self.path) from None
                raise

    async def connect(self) -> None:
        await self._submit(self._connect)

    def _close(self) -> None:
        if self._conn is not None:
            journal, self._journal = self._journal, None
            if journal is not None:
                try:
                    journal.apply_pending(self._conn)  # else it stays for the next start
                finally:
                    journal.close()
            if not self.read_only:
                with contextlib.suppress(duckdb.Error):
                    self._conn.execute("CHECKPOINT")
            self._conn.close()
            self._conn = None

    async def close(self) -> None:
        if self._flush is not None:
            self._flush.cancel()
            self._flush = None
        await self._submit(self._close)
        self._executor.shutdown(wait=True)

    def close_sync(self) -> None:
        """Close from a non-async context (atexit, crash handler)."""
        self._executor.submit(self._close).result()
        self._executor.shutdown(wait=True)

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    # -- execution ---------------------------------------------------------------------
    def _caught_up(self, fn: Callable[[], T]) -> Callable[[], T]:
        """``fn`` run after what the journal holds is brought into DuckDB."""

        def run() -> T:
            if self._journal is not None and self._conn is not None:
                self._journal.apply_pending(self._conn)
            return fn()

        return run

    async def _submit(self, fn: Callable[[], T], *, catch_up: bool = True) -> T:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(
                self._executor, self._caught_up(fn) if catch_up else fn)
        except (duckdb.Error, OSError) as exc:
            mapped = classify_runtime_error(exc, self.path)
            if mapped is None:
                raise
            raise mapped from exc

    def _tx(self) -> Tx:
        if self._conn is None:
            raise StoreError("The profile database is closed.")
        if self._journal is not None:
            return _WatchedTx(self._conn, self._journal)
        return Tx(self._conn)

    async def execute(self, sql: str, params: Params | None = None, *,
                      table: str | None = None) -> list[Row]:
        return await self._submit(lambda: self._tx().execute(sql, params, table=table))

    async def one(self, sql: str, params: Params | None = None) -> Row | None:
        rows = await self.execute(sql, params)
        return rows[0] if rows else None

    async def call(self, fn: Callable[[Tx], T]) -> T:
        """Run ``fn(tx)`` on the worker thread without a transaction (reads, batch work)."""
        return await self._submit(lambda: fn(self._tx()))

    @property
    def journaled(self) -> bool:
        """Whether new orders are written first to the order journal (a file database)."""
        return self._journal is not None

    @property
    def journal_pending(self) -> int:
        """Records appended and not yet brought into DuckDB (tests, benchmarks)."""
        return self._journal.pending if self._journal is not None else 0

    async def journal(self, order_id: str, key: str, write: Callable[[Tx], object]) -> bool:
        """Durably record a new order (``write``'s statements, see :class:`RecordingTx`)
        in the order journal; False, nothing written, when ``key`` was used before. Once
        this returns True the order survives any crash. Without a journal (in memory),
        one transaction; a used key then raises as the UNIQUE constraint does."""
        journal = self._journal
        if journal is None:
            await self.transaction(write)
            return True
        recording = RecordingTx()
        write(recording)

        def append() -> bool:
            if self._conn is None:
                raise StoreError("The profile database is closed.")
            return journal.append(self._conn, order_id, key, recording.statements)

        created = await self._submit(append, catch_up=False)
        if created and self._flush is None:
            self._flush = asyncio.get_running_loop().call_later(JOURNAL_FLUSH_S,
                                                                self._flush_soon)
        return created

    def _flush_soon(self) -> None:
        self._flush = None
        if self._conn is None or self._journal is None or not self._journal.pending:
            return
        task = asyncio.get_running_loop().create_task(self._submit(lambda: None))
        task.add_done_callback(_log_flush_failure)

    async def transaction(self, fn: Callable[[Tx], T]) -> T:
        """Run ``fn(tx)`` atomically on the worker thread; rolled back if it raises."""
        return await self._submit(lambda: self.transaction_sync(fn))

    def transaction_sync(self, fn: Callable[[Tx], T]) -> T:
        """Only for code already on the worker thread (migrations)."""
        tx = self._tx()
        tx.execute("BEGIN TRANSACTION")
        try:
            result = fn(tx)
        except BaseException:
            tx.execute("ROLLBACK")
            raise
        tx.execute("COMMIT")
        return result


def _log_flush_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        import logging

        logging.getLogger(__name__).warning(
            "bringing the order journal into the database failed (it stays in the "
            "journal and is tried again before the next statement): %s",
            type(task.exception()).__name__)
