"""The store's tests again, on PostgreSQL (optional: skipped with a reason when unavailable).

Uses ``BOTLAB_TEST_POSTGRES_URL`` (a server URL whose user may create databases) if set, else
starts a throwaway cluster with the local PostgreSQL binaries (``initdb``/``pg_ctl``; as root, run
as the ``postgres`` user). Needs the ``psycopg`` driver (``pip install "psycopg[binary]"``). Each
test gets a fresh database.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import socket
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest
import sqlalchemy as sa

from engine.store import Store, migrate, totals
from engine.store.schema import Base
from tests.test_store import *  # noqa: F403 - the same tests, collected here against PostgreSQL
from tests.test_store_concurrency import _check, _worker
from tests.test_store_sweeps import *  # noqa: F403 - the sweeps' store tests, on PostgreSQL

pytest.importorskip(
    "psycopg", reason='PostgreSQL tests need psycopg: pip install "psycopg[binary]"'
)

PG_BIN_DIRS = [Path("/usr/lib/postgresql") / v / "bin" for v in ("17", "16", "15", "14")]
_numbers = count()


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    candidates = [Path(found)] if found else []
    candidates += [directory / name for directory in PG_BIN_DIRS]
    return next((str(path) for path in candidates if path.exists()), None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def pg_server() -> Iterator[sa.URL]:
    """A PostgreSQL server URL (admin database): from the environment, or a throwaway cluster."""
    configured = os.environ.get("BOTLAB_TEST_POSTGRES_URL")
    if configured:
        yield sa.make_url(configured).set(drivername="postgresql+psycopg")
        return
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found")
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    base = Path(tempfile.mkdtemp(prefix="botlab-pg-"))
    if as_postgres:
        shutil.chown(base, "postgres", "postgres")
    data = base / "data"
    try:
        _run([*as_postgres, initdb, "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"])
        port = _start_on_a_free_port([*as_postgres, pg_ctl, "-D", data, "-l", base / "log"], base)
        yield sa.make_url(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres")
    finally:
        subprocess.run([*as_postgres, pg_ctl, "-D", data, "-m", "fast", "stop"], check=False)
        shutil.rmtree(base, ignore_errors=True)


def _start_on_a_free_port(pg_ctl: list, sockets: Path, attempts: int = 3) -> int:
    """Start the server on a port that was free a moment ago; another process (an xdist worker
    starting its own server) can take it in between, so a failed start tries a new port."""
    for attempt in range(attempts):
        port = _free_port()
        options = (
            f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        started = subprocess.run(
            [str(part) for part in [*pg_ctl, "-w", "-o", options, "start"]],
            capture_output=True,
            text=True,
        )
        if started.returncode == 0:
            return port
        if attempt == attempts - 1:
            pytest.skip(f"could not start PostgreSQL: {started.stderr.strip()[-300:]}")
    raise AssertionError("unreachable")


def _run(command: list) -> None:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True)
    if result.returncode:
        pytest.skip(f"could not start PostgreSQL: {result.stderr.strip()[-300:]}")


@pytest.fixture
def pg_url(pg_server) -> Iterator[str]:
    """A fresh, empty database on the server; dropped afterwards."""
    name = f"botlab_test_{os.getpid()}_{next(_numbers)}"
    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield pg_server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def store(pg_url) -> Iterator[Store]:
    """Overrides ``tests.test_store.store``: every imported test runs on PostgreSQL."""
    with Store(pg_url) as opened:
        assert opened.engine.dialect.name == "postgresql"
        yield opened


def test_postgres_schema_matches_the_models_and_uses_jsonb(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        opts = {"include_object": migrate.include_object("postgresql")}
        differences = compare_metadata(MigrationContext.configure(conn, opts=opts), Base.metadata)
        stats_type = conn.exec_driver_sql(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'executions' AND column_name = 'stats'"
        ).scalar()
        created_type = conn.exec_driver_sql(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'executions' AND column_name = 'created_at'"
        ).scalar()
    assert differences == []
    assert (stats_type, created_type) == ("jsonb", "timestamp with time zone")


def test_postgres_migrating_again_is_a_no_op(pg_url):
    with Store(pg_url) as first:
        strategy = first.save_strategy("kept", "code")
    with Store(pg_url) as second:
        assert second.get_strategy(strategy.id) == strategy


def test_postgres_two_processes_writing_at_once_lose_nothing(pg_url):
    Store(pg_url).close()
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_worker, args=(pg_url, n)) for n in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(240)
    assert [process.exitcode for process in processes] == [0, 0]
    with Store(pg_url) as store:
        _check(store, 2)
        with store.engine.connect() as conn:
            assert totals.drift(conn) == []
