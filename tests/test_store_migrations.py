"""The store's schema: created by the packaged migrations, idempotent, and matching the models."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import sqlalchemy as sa

from engine.config import load_settings
from engine.store import SchemaError, Store, migrate
from engine.store.schema import Base

TABLES = {"strategies", "executions", "execution_totals", "trades", "equity_curves"}


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_migrations_create_the_schema_from_empty(tmp_path):
    db = tmp_path / "nested" / "dir" / "botlab.db"
    with Store(_url(db)) as store, store.engine.connect() as conn:
        assert TABLES | {"alembic_version"} <= set(sa.inspect(conn).get_table_names())
        assert migrate.current_revision(conn) == migrate.head_revision()
        query = (
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'executions'"
        )
        indexes = dict(conn.exec_driver_sql(query).all())
    assert "lower(symbol)" in indexes["ix_executions_status_symbol_sharpe"]
    assert {"ix_executions_history", "ix_executions_status_sharpe"} <= set(indexes)
    assert "ix_executions_strategy_created" not in indexes  # replaced on SQLite by 0004
    assert db.exists()


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path):
    with Store(_url(tmp_path / "botlab.db")) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5_000
        with pytest.raises(sa.exc.IntegrityError):  # foreign keys are enforced
            conn.exec_driver_sql("INSERT INTO trades (execution_id, seq) VALUES (999, 1)")


def test_migrating_again_is_a_no_op(tmp_path):
    url = _url(tmp_path / "botlab.db")
    with Store(url) as store:
        strategy = store.save_strategy("kept", "code")
        engine = store.engine
        assert migrate.ensure_schema(engine) is False
        migrate.upgrade(engine)  # Alembic itself finds nothing to do
    with Store(url) as store:
        assert store.get_strategy(strategy.id) == strategy


def test_reopening_an_up_to_date_store_does_not_import_alembic(tmp_path):
    url = _url(tmp_path / "botlab.db")
    Store(url).close()
    code = (
        "import sys; from engine.store import Store; "
        f"Store({url!r}).close(); print('alembic' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"


def test_models_match_the_migrated_schema(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with (
        Store(_url(tmp_path / "botlab.db")) as store,
        store.engine.connect() as conn,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")  # SQLite can't reflect expression indexes: skipped
        opts = {"compare_type": True, "include_object": migrate.include_object("sqlite")}
        context = MigrationContext.configure(conn, opts=opts)
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrations_are_numbered_and_linear():
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert scripts.get_heads() == [migrate.head_revision()]
    revisions = list(reversed(list(scripts.walk_revisions())))
    for number, script in enumerate(revisions, start=1):
        assert script.revision == f"{number:04d}"
        assert Path(script.path).name.startswith(script.revision + "_")
        assert script.down_revision == (None if number == 1 else f"{number - 1:04d}")


def test_downgrade_to_nothing_and_back(tmp_path):
    from alembic import command

    url = _url(tmp_path / "botlab.db")
    with Store(url) as store:
        with store.engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "base")
        with store.engine.connect() as conn:
            assert not TABLES & set(sa.inspect(conn).get_table_names())
        assert migrate.ensure_schema(store.engine) is True
        assert store.performance_summary()["total_executions"] == 0


def test_0010_adds_a_sweeps_error_hints_and_takes_it_away_again(tmp_path):
    """A stopped sweep's hints (0010): a nullable JSON column up, gone down, kept rows intact."""
    from alembic import command

    def columns(conn) -> set[str]:
        return {c["name"] for c in sa.inspect(conn).get_columns("sweeps")}

    with Store(_url(tmp_path / "botlab.db")) as store:
        with store.engine.begin() as conn:
            assert "error_hints" in columns(conn)
            command.downgrade(migrate.alembic_config(conn), "0009")
        with store.engine.connect() as conn:
            assert migrate.current_revision(conn) == "0009"
            assert "error_hints" not in columns(conn)
            assert "error_hints" in {c["name"] for c in sa.inspect(conn).get_columns("executions")}
        assert migrate.ensure_schema(store.engine) is True
        with store.engine.connect() as conn:
            assert migrate.current_revision(conn) == "0010"
            (column,) = [
                c for c in sa.inspect(conn).get_columns("sweeps") if c["name"] == "error_hints"
            ]
        assert column["nullable"] is True
        strategy = store.save_strategy("kept", "code")
        sweep = store.create_sweep(
            strategy_id=strategy.id, objective="sharpe", combinations=1, definition={}
        )
        assert store.get_sweep(sweep.id).error_hints is None
        hint = {
            "code": "start_worker",
            "change": "machine",
            "name": "cluster",
            "value": "tcp://x:1",
        }
        store.update_sweep(sweep.id, status="failed", error_hints=[hint])
        assert store.get_sweep(sweep.id).error_hints == [hint]


def test_a_newer_schema_is_refused_with_a_clear_error(tmp_path):
    url = _url(tmp_path / "botlab.db")
    with Store(url) as store, store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaError, match="newer than this Botlab"):
        Store(url)


def test_open_uses_the_settings_and_creates_the_home(tmp_path):
    home = tmp_path / "home"
    settings = load_settings({"BOTLAB_HOME": str(home)})
    with Store.open(settings) as store:
        store.save_strategy("x", "y")
    assert (home / "botlab.db").exists()
    assert "botlab.db" in repr(Store.open(settings, migrate=False))


def _open_and_write(url: str, name: str) -> None:
    with Store(url) as store:
        strategy = store.save_strategy(name, "code")
        store.create_execution(strategy_id=strategy.id)


def test_processes_opening_a_fresh_database_at_once_both_succeed(tmp_path):
    url = _url(tmp_path / "botlab.db")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_open_and_write, args=(url, f"s{i}")) for i in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0, 0, 0]
    with Store(url) as store:
        assert store.performance_summary()["total_executions"] == 3
