"""The suite's one set of shared fixtures: every test gets its own BOTLAB_HOME (a real SQLite file
in a temp dir), and asks by name for what else it needs: ``home``, ``store``, ``executor``,
``clock``, ``no_gemini_keys`` (``_anywhere``: for the processes it starts too), ``bot_file``,
``pg_server``/``pg_url`` (PostgreSQL). The dashboard's own fixtures (a home filled with real
runs, Streamlit's caches, no worker) are in :mod:`tests.app_fixtures`. A module may still override
one of these for itself, as the PostgreSQL tests do with ``store``."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path

import pytest
import sqlalchemy as sa

BOTS = Path(__file__).parent / "bots"
EXAMPLES = Path(__file__).parent.parent / "examples"
#: Where a test's :class:`Clock` starts.
CLOCK_START = datetime(2026, 11, 20, 14, 2, tzinfo=UTC)


@pytest.fixture(autouse=True)
def botlab_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "botlab-home"
    monkeypatch.setenv("BOTLAB_HOME", str(home))
    monkeypatch.delenv("BOTLAB_DATABASE_URL", raising=False)
    monkeypatch.delenv("BOTLAB_DATA_SOURCE", raising=False)
    return home


@pytest.fixture
def home(botlab_home) -> Path:
    """The test's BOTLAB_HOME (``botlab_home``, by the name the data and dashboard tests use)."""
    return botlab_home


@pytest.fixture
def store(botlab_home) -> Iterator:
    """The test's store: a real SQLite file in its BOTLAB_HOME, closed after the test."""
    from engine.config import load_settings
    from engine.store import Store

    with Store.open(load_settings()) as opened:
        yield opened


@pytest.fixture
def executor(botlab_home):
    """A real executor (sandbox, store) that records its runs in the test's BOTLAB_HOME."""
    from engine.execution.executor import BotExecutor

    return BotExecutor(verbose=False)


class Clock:
    """A clock the tests move, from :data:`CLOCK_START`; ``sleep`` advances it (Gemini's
    retries and the key pool's cool-downs wait on it instead of the wall clock)."""

    def __init__(self, now: datetime = CLOCK_START) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def no_gemini_keys(monkeypatch) -> None:
    """Whatever the developer's environment holds, no Gemini key (tests set one if they want)."""
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("GEMINI_API_KEYS", raising=False)
    monkeypatch.setattr("engine.generation.keys.default_secrets_paths", lambda: [])


@pytest.fixture
def no_gemini_keys_anywhere(no_gemini_keys, monkeypatch, tmp_path) -> None:
    """``no_gemini_keys``, for the ``botlab`` processes the test starts too: no
    .streamlit/secrets.toml in their working directory or their HOME."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))


@pytest.fixture
def bot_file(tmp_path):
    """Write a bot's source to a file and return its path."""

    def write(source: str, name: str = "bot_under_test.py") -> Path:
        path = tmp_path / name
        path.write_text(source)
        return path

    return write


# -- PostgreSQL (the store's tests on a real server) ---------------------------------------------

PG_BIN_DIRS = [Path("/usr/lib/postgresql") / v / "bin" for v in ("17", "16", "15", "14")]
_numbers = count()


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    candidates = [Path(found)] if found else []
    candidates += [directory / name for directory in PG_BIN_DIRS]
    return next((str(path) for path in candidates if path.exists()), None)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def pg_server() -> Iterator[sa.URL]:
    """A PostgreSQL server URL (admin database), one per test module: the server of
    ``BOTLAB_TEST_POSTGRES_URL`` (its user may create databases), else a throwaway cluster of the
    local PostgreSQL binaries (``initdb``/``pg_ctl``; as root, run as the ``postgres`` user).
    Skips the test, saying why, without the binaries or the ``psycopg`` driver."""
    pytest.importorskip(
        "psycopg", reason='PostgreSQL tests need psycopg: pip install "psycopg[binary]"'
    )
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
        port = free_port()
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


def pytest_report_header(config):
    return f"BOTLAB_SANDBOX={os.environ.get('BOTLAB_SANDBOX', 'strict (default)')}"


def dead_pid() -> int:
    """The pid of a process that has exited (what a crashed runner leaves behind)."""
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def orphaned_run(store, name: str = "ghost") -> int:
    """A run recorded as running by a process that has died; returns its id."""
    strategy = store.save_strategy(name, "pass")
    return store.create_execution(
        strategy_id=strategy.id,
        status="running",
        runner_host=socket.gethostname(),
        runner_pid=dead_pid(),
    )
