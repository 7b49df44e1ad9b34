"""Everything that depends on which database is behind the store lives here, and only here.

The rest of :mod:`engine.store` is portable SQLAlchemy. This module:

* creates the :class:`~sqlalchemy.engine.Engine` for any SQLAlchemy URL, serialising JSON strictly
  (NaN/inf are refused; :func:`engine.store.sanitize.sanitize` removes them first) and replacing
  pooled connections that crossed a ``fork()``;
* on SQLite: WAL journal, a busy timeout, foreign keys on, ``synchronous=NORMAL`` (safe with WAL: a
  power cut can lose the last commits, never corrupt), memory-mapped reads, the database's
  directory created, and
  write transactions opened with ``BEGIN IMMEDIATE`` so that concurrent writers queue on the busy
  timeout instead of failing with "database is locked";
* serialises concurrent migrations (SQLite: the immediate transaction; PostgreSQL: an advisory
  lock);
* adds to counters with the backend's upsert (``INSERT … ON CONFLICT DO UPDATE``), falling back to
  update-then-insert elsewhere;
* runs ``PRAGMA optimize`` when a SQLite store closes, keeping the query planner's statistics fresh.

A transaction that will write asks for it with ``engine.execution_options(**WRITE)``.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import time
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, Engine

#: Execution options of a connection whose transactions write (see the module docstring).
WRITE = {"botlab_write": True}

#: How long a SQLite writer waits for another one before giving up.
SQLITE_BUSY_TIMEOUT_MS = 30_000

#: Read SQLite through a memory map of up to this size (address space, not memory: the pages are
#: the OS page cache, shared by every connection). Measured at 100,000 runs: a leaderboard sort
#: that must visit 14,000 scattered rows drops from ~60 ms to ~22 ms; histories ~10% faster.
SQLITE_MMAP_BYTES = 1024**3

# Arbitrary, fixed key of the PostgreSQL advisory lock held while migrating.
_MIGRATION_LOCK_KEY = 7_146_273_901

# Dialects whose insert() has on_conflict_do_update (same signature on both).
_UPSERT_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}

_json_dumps = partial(json.dumps, allow_nan=False, separators=(",", ":"), ensure_ascii=False)


def create_engine(url: str | URL) -> Engine:
    """An engine for ``url`` with the store's settings for its backend."""
    url = sa.make_url(url)
    is_sqlite = url.get_backend_name() == "sqlite"
    read_only = False
    if is_sqlite:
        read_only = _sqlite_read_only(url)
        if read_only:
            url = _read_only_url(url)
        else:
            _ensure_sqlite_directory(url)
    options = {} if is_sqlite else {"pool_pre_ping": True}
    engine = sa.create_engine(url, json_serializer=_json_dumps, **options)
    _replace_connections_after_fork(engine)
    if is_sqlite:
        _configure_sqlite(engine, read_only=read_only)
    engine.botlab_read_only = read_only  # see is_read_only()
    return engine


def is_read_only(engine: Engine) -> bool:
    """Whether :func:`create_engine` opened this database read-only."""
    return bool(getattr(engine, "botlab_read_only", False))


def _sqlite_read_only(url: URL) -> bool:
    """An existing SQLite file whose folder or file cannot be written (a read-only home)."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return False
    path = Path(database).expanduser()
    if not path.is_file():
        return False
    return not (os.access(path.parent, os.W_OK) and os.access(path, os.W_OK))


def _read_only_url(url: URL) -> URL:
    """The read-only URI of a SQLite file. Without its ``-wal`` file (a clean shutdown left all
    commits in the file) it is opened ``immutable``: SQLite then needs no ``-shm`` file, which a
    read-only folder cannot hold."""
    path = Path(url.database).expanduser().resolve()
    wal = Path(f"{path}-wal")
    query = "mode=ro" if wal.exists() and wal.stat().st_size else "mode=ro&immutable=1"
    return url.set(database=f"file:{path}?{query}", query={"uri": "true"})


def lock_for_migration(connection: Connection) -> None:
    """Make concurrent migrations of the same database wait for each other.

    Call inside the migrating transaction. On SQLite that transaction's ``BEGIN IMMEDIATE`` already
    holds the write lock.
    """
    if connection.dialect.name == "postgresql":
        lock = sa.text("SELECT pg_advisory_xact_lock(:key)")
        connection.execute(lock, {"key": _MIGRATION_LOCK_KEY})


def increment(
    connection: Connection, table: sa.Table, key: Mapping[str, Any], amounts: Mapping[str, Any]
) -> None:
    """Add ``amounts`` to the columns of ``table``'s row ``key`` (created from ``amounts`` if new).

    ``key`` must be the table's primary key.
    """
    dialect = connection.dialect.name
    if dialect in _UPSERT_INSERTS:
        upsert = _upsert(dialect, table, tuple(key), tuple(amounts))
        connection.execute(upsert, {**key, **amounts})
        return
    where = [table.c[name] == value for name, value in key.items()]
    added = {name: table.c[name] + value for name, value in amounts.items()}
    if connection.execute(sa.update(table).where(*where).values(added)).rowcount == 0:
        connection.execute(sa.insert(table).values({**key, **amounts}))


@functools.cache
def _upsert(dialect: str, table: sa.Table, key: tuple[str, ...], amounts: tuple[str, ...]):
    """The INSERT ... ON CONFLICT DO UPDATE of :func:`increment`, its values bound at execution:
    built once, as building it (its ``excluded`` columns) cost more than running it."""
    insert = _UPSERT_INSERTS[dialect](table).values(
        {name: sa.bindparam(name) for name in key + amounts}
    )
    added = {name: table.c[name] + insert.excluded[name] for name in amounts}
    return insert.on_conflict_do_update(index_elements=list(key), set_=added)


def optimize(engine: Engine) -> None:
    """Refresh the query planner's statistics where the backend needs to be told (SQLite).

    Best effort: it may write (ANALYZE), so it queues like any writer, and a failure is ignored.
    """
    if engine.dialect.name != "sqlite":
        return
    try:
        with engine.execution_options(**WRITE).begin() as connection:
            connection.exec_driver_sql("PRAGMA optimize")
    except sa.exc.OperationalError:
        pass


def _ensure_sqlite_directory(url: URL) -> None:
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(engine: Engine, *, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # pysqlite must not open transactions itself: _on_begin does, with the right mode.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if not read_only and cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            _switch_to_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        writes = connection.get_execution_options().get("botlab_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _switch_to_wal(cursor) -> None:
    """Turn WAL on (persistent). Changing the journal mode needs an exclusive lock and SQLite does
    not wait for it on the busy timeout, so retry while others hold the fresh database."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _replace_connections_after_fork(engine: Engine) -> None:
    """Never hand a pooled connection opened by the parent to a forked child."""

    @event.listens_for(engine, "connect")
    def _remember_pid(_dbapi_connection, record) -> None:
        record.info["pid"] = os.getpid()

    @event.listens_for(engine, "checkout")
    def _check_pid(_dbapi_connection, record, proxy) -> None:
        if record.info.get("pid") != os.getpid():
            record.dbapi_connection = proxy.dbapi_connection = None
            raise sa.exc.DisconnectionError("connection was opened by another process")
