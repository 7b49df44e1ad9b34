"""Keeping a store safe: ``botlab backup``.

A SQLite store is copied with SQLite's online backup API: a consistent snapshot of the live
database, even while the dashboard, the worker or a ``botlab run`` write to it (copying the file
with ``cp`` can catch a half-written transaction, and misses what is still in the ``-wal``
file). The copy is written beside the target and renamed into place once checked, so a failed
backup never leaves a half-written file under the target's name. It is a plain, self-contained
database file (no ``-wal``): restoring is stopping Botlab and copying it over ``botlab.db``.

A PostgreSQL store is backed up with PostgreSQL's own tool; :func:`backup_store` refuses with
the ``pg_dump`` command to use.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import sqlalchemy as sa

from engine.store import faults


class BackupRefused(ValueError):
    """The backup cannot be made as asked; the message says what to do instead.
    ``replaceable``: the target exists, and asking to replace it would do."""

    def __init__(self, message: str, *, replaceable: bool = False) -> None:
        super().__init__(message)
        self.replaceable = replaceable


def backup_store(url: str, target: str | os.PathLike, *, replace: bool = False) -> str:
    """Copy the store at ``url`` to ``target``; returns a sentence saying what was copied."""
    source = faults.database_file(url)
    target = Path(target).expanduser()
    if source is None:
        raise BackupRefused(_pg_dump_advice(url, target))
    if not source.is_file():
        raise BackupRefused(f"there is no database at {source} yet: nothing to back up")
    if target.exists() and not replace:
        raise BackupRefused(f"{target} already exists; choose another file", replaceable=True)
    if target.resolve() == source.resolve():
        raise BackupRefused(f"{target} is the database itself; choose another file")
    partial = target.with_name(f".{target.name}.partial")
    try:
        _copy(source, partial)
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        fault = faults.translate(exc, f"sqlite:///{target}")
        if fault is None:
            raise BackupRefused(f"could not back up {source} to {target}: {exc}") from None
        raise fault from None
    size = target.stat().st_size
    return f"Backed up {source} to {target} ({size / 2**20:,.1f} MB, consistent as of now)."


def _copy(source: Path, partial: Path) -> None:
    partial.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    live = sqlite3.connect(source, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        check = copy.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"the copy failed its check: {check}")
    finally:
        copy.close()
        live.close()


def _pg_dump_advice(url: str, target: Path) -> str:
    parsed = sa.make_url(url)
    shown = sa.engine.URL.create(  # never the password: it would end up in shell history
        parsed.get_backend_name(),
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
    )
    dsn = shown.render_as_string(hide_password=False)
    return (
        f"the store is a {parsed.get_backend_name()} database: back it up with its own tool, "
        f"e.g. pg_dump --format=custom --file {target} '{dsn}' (it asks for the password, or "
        f"reads PGPASSWORD); restore with pg_restore --clean --dbname '{dsn}' {target}"
    )
