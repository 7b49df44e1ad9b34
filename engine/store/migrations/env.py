"""Alembic environment for Botlab's store.

Programmatic use (what :func:`engine.store.migrate.ensure_schema` does) passes an open connection in
``config.attributes["connection"]``; the migrations then run inside the caller's transaction.

From the command line the database is, in order: ``-x url=<SQLAlchemy URL>``, ``sqlalchemy.url`` in
the ini file, else Botlab's configured database (``BOTLAB_DATABASE_URL`` / ``BOTLAB_HOME``)::

    alembic -c engine/store/migrations/alembic.ini upgrade head
    alembic -c engine/store/migrations/alembic.ini -x url=sqlite:///tmp/x.db current
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from engine.store import backend, migrate
from engine.store.schema import Base

config = context.config
target_metadata = Base.metadata


def _configure(dialect_name: str, **kwargs) -> None:
    # Batch mode lets future ALTERs work on SQLite; on other backends it emits plain ALTERs.
    # include_object: autogenerate compares only the indexes that belong on this backend.
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=migrate.include_object(dialect_name),
        **kwargs,
    )


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if url:
        return url
    from engine.config import load_settings

    return load_settings().database_url


def run_offline() -> None:
    """Emit the migrations' SQL (``alembic upgrade head --sql``)."""
    url = _url()
    _configure(sa.make_url(url).get_backend_name(), url=url, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Apply the migrations on the given connection, or on a new one."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection.dialect.name, connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = backend.create_engine(_url())
    try:
        with engine.execution_options(**backend.WRITE).begin() as connection:
            backend.lock_for_migration(connection)
            _configure(connection.dialect.name, connection=connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
