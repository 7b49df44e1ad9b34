"""The database's environment faults, as errors that say what happened and what to do.

A raw driver error ("unable to open database file", "file is not a database", "database or disk
is full", with a link) tells a user nothing. :func:`translate` turns the ones that are the
environment's fault into a :class:`StoreUnavailable` naming the file or home concerned:

* :class:`ReadOnlyStore`: the home (or the database file) cannot be written. Reading still
  works: a SQLite store on a read-only home is opened read-only (see
  :func:`engine.store.backend.create_engine`); what writes says the home is read-only.
* :class:`DamagedStore`: the file is not a SQLite database, or its pages are damaged (e.g. a
  truncated copy). The way out (restore a backup, or move the file aside) is a hint it carries
  (``restore_database``, the file as its value): each front end says it its own way, the
  command line with the commands to type.
* :class:`DiskFull`: the disk holding the home is full. A transaction that could not be written
  is rolled back whole: a run is never left half-stored.

The CLI exits with its environment code (3) on these; the API answers 503.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import sqlalchemy as sa

from engine.results import HINTS, Hint
from engine.store.errors import StoreError

#: The free space Botlab asks for when the disk is full: room for a run's results and the
#: database's write-ahead log.
SPACE_NEEDED_BYTES = 64 * 1024 * 1024


class StoreUnavailable(StoreError):
    """The database cannot be used as asked, through no fault of the request; ``hints``: what
    to change (see :class:`engine.results.Hint`)."""

    def __init__(self, message: str, *, hints: list[Hint] | None = None) -> None:
        super().__init__(message)
        self.hints = hints or []


class ReadOnlyStore(StoreUnavailable):
    """The home or the database is read-only: reads work, writes cannot."""


class DamagedStore(StoreUnavailable):
    """The database file is not a database, or it is damaged."""


class DiskFull(StoreUnavailable):
    """No space is left where the database (or the home) is written."""


def database_file(url: str) -> Path | None:
    """The SQLite file of ``url`` (``None`` for other databases or in-memory ones)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    database = parsed.database
    if database == ":memory:":
        return None
    if database.startswith("file:"):
        database = database[len("file:") :].split("?", 1)[0]
    return Path(database)


def read_only_message(place: Path | str, what: str = "saving anything new") -> str:
    return (
        f"Botlab's home {place} is read-only: reading runs works, but {what} needs to write "
        "there. Make it writable, or point BOTLAB_HOME at a writable folder."
    )


def disk_full_message(place: Path | str) -> str:
    free = _free_bytes(place)
    has = "" if free is None else f" (it has {_megabytes(free)} free)"
    return (
        f"The disk holding Botlab's home {place} is full{has}: free at least "
        f"{_megabytes(SPACE_NEEDED_BYTES)} there and try again. Nothing was half-stored: the "
        "write was rolled back whole."
    )


def damaged(path: Path | str) -> DamagedStore:
    """The database at ``path`` is damaged: said, with the way out as a hint."""
    return DamagedStore(
        f"The database {path} is damaged or is not a Botlab database.",
        hints=[HINTS["restore_database"].given(path)],
    )


def translate(exc: BaseException, url: str) -> StoreUnavailable | None:
    """The environment fault behind a driver error or OSError, or ``None`` when it is not one."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    path = database_file(url)
    home = path.parent if path is not None else _safe_url(url)
    code = getattr(getattr(exc, "orig", exc), "errno", None) or getattr(exc, "errno", None)
    if code == errno.ENOSPC or "database or disk is full" in text or "no space left" in text:
        return DiskFull(disk_full_message(home))
    if code == errno.EROFS or "readonly database" in text or "read-only file system" in text:
        return ReadOnlyStore(read_only_message(home))
    if "disk i/o error" in text:  # SQLite's word when it cannot grow its -wal or -shm file
        free = _free_bytes(home)
        if free is not None and free < SPACE_NEEDED_BYTES:
            return DiskFull(disk_full_message(home))
        return StoreUnavailable(
            f"The disk holding Botlab's home {home} reported an I/O error: check the disk "
            "(dmesg) and that the folder is writable."
        )
    if "database is locked" in text and path is not None:  # waited the whole busy timeout
        return StoreUnavailable(
            f"Botlab's database {path} stayed locked by another Botlab process (a run or a "
            "sweep writing) for longer than Botlab waits: try again in a moment."
        )
    if "file is not a database" in text or "disk image is malformed" in text:
        return damaged(path or _safe_url(url))
    unreachable = ("could not connect", "connection", "server closed", "timeout expired")
    if (
        path is None
        and isinstance(exc, sa.exc.OperationalError)
        and any(  # server out of reach
            words in text for words in unreachable
        )
    ):
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        return StoreUnavailable(
            f"Botlab cannot reach its database {_safe_url(url)}: {reason}. Check that it runs "
            "and that BOTLAB_DATABASE_URL is right."
        )
    if "unable to open database file" in text and path is not None:
        if path.exists():
            return DamagedStore(
                f"The database {path} cannot be opened (a permission or a file in the way?); "
                "check it can be read, or move it aside."
            )
        return ReadOnlyStore(read_only_message(home, "creating its database"))
    return None


def _safe_url(url: str) -> str:
    return sa.make_url(url).render_as_string(hide_password=True)


def _free_bytes(place: Path | str) -> int | None:
    try:
        return shutil.disk_usage(place).free
    except (OSError, TypeError):
        return None


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size / 1024:,.0f} KB"
