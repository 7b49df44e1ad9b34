"""Bring a database's schema up to date with the migrations shipped in the package.

Migrations are numbered files in ``engine/store/migrations/versions``: ``0001_initial.py``,
``0002_….py``, … Each file's Alembic revision id is its number and its ``down_revision`` the
previous number, so history is linear and the head is simply the highest number: opening a store
that is already up to date compares that number with ``alembic_version`` and never imports Alembic.

To write a new migration: copy the latest file to the next number (or run ``alembic -c
engine/store/migrations/alembic.ini revision --rev-id 0002 -m "..."``), change the schema in
:mod:`engine.store.schema` to match, and check with ``pytest tests/test_store_migrations.py``.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from engine.store import backend
from engine.store.errors import SchemaError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
VERSION_TABLE = "alembic_version"

_NUMBERED = re.compile(r"^(\d{4})_\w+\.py$")
# Alembic keeps the running migration in module globals (alembic.context, alembic.op): two
# threads of one process migrating at once (two stores opened together) would clobber them.
_ALEMBIC = threading.Lock()


@cache
def head_revision() -> str:
    """The newest migration's revision id (its four-digit number)."""
    numbers = [m.group(1) for p in VERSIONS_DIR.iterdir() if (m := _NUMBERED.match(p.name))]
    if not numbers:
        raise SchemaError(f"no migrations found in {VERSIONS_DIR}")
    return max(numbers)


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at, or ``None`` for a database without Botlab's schema."""
    if not sa.inspect(connection).has_table(VERSION_TABLE):
        return None
    return connection.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def ensure_schema(engine: Engine) -> bool:
    """Upgrade the database to the head revision; returns whether anything was migrated.

    Cheap when the database is already at head. Concurrent callers are serialised (see
    :func:`engine.store.backend.lock_for_migration`); the later ones find nothing left to do.
    """
    head = head_revision()
    with engine.connect() as connection:
        current = current_revision(connection)
    if current == head:
        return False
    if current is not None and (not current.isdigit() or current > head):
        raise SchemaError(
            f"the database is at schema revision {current}, newer than this Botlab's {head}: "
            "upgrade Botlab or use another database"
        )
    upgrade(engine)
    return True


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run Alembic's ``upgrade`` in one transaction (DDL is transactional on SQLite and PG)."""
    from alembic import command  # imported only when there is something to migrate

    with _ALEMBIC, engine.execution_options(**backend.WRITE).begin() as connection:
        backend.lock_for_migration(connection)
        command.upgrade(alembic_config(connection), revision)


def alembic_config(connection: Connection | None = None):
    """An Alembic ``Config`` for the packaged migrations, optionally bound to ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def exists_on(item: sa.schema.SchemaItem, dialect_name: str) -> bool:
    """Whether a table, column or index of :mod:`engine.store.schema` exists on a backend.

    Everything does, except an index limited to some backends with ``Index.ddl_if(dialect=...)``
    (the history index differs on SQLite); the migrations create each only there.
    """
    condition = getattr(item, "_ddl_if", None)  # what SchemaItem.ddl_if() recorded
    if condition is None or condition.dialect is None:
        return True
    wanted = condition.dialect
    return dialect_name == wanted if isinstance(wanted, str) else dialect_name in wanted


def include_object(dialect_name: str):
    """Alembic's ``include_object`` hook for comparing the models with a ``dialect_name``
    database (autogenerate, and the tests that check models and migrations agree)."""

    def include(item, name, type_, reflected, compare_to) -> bool:
        return reflected or exists_on(item, dialect_name)

    return include
