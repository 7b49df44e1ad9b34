"""The store's tests again, on PostgreSQL (optional: skipped with a reason when unavailable).

Each test gets a fresh database from the suite's ``pg_url`` (``tests/conftest.py``: the server of
``BOTLAB_TEST_POSTGRES_URL``, or a throwaway cluster of the local PostgreSQL binaries).
"""

from __future__ import annotations

import multiprocessing
import warnings
from collections.abc import Iterator

import pytest

from engine.store import Store, migrate, totals
from engine.store.schema import Base
from tests.test_store import *  # noqa: F403 - the same tests, collected here against PostgreSQL
from tests.test_store_concurrency import _check, _worker
from tests.test_store_sweeps import *  # noqa: F403 - the sweeps' store tests, on PostgreSQL

pytest.importorskip(
    "psycopg", reason='PostgreSQL tests need psycopg: pip install "psycopg[binary]"'
)


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
