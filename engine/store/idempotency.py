"""Idempotency keys: a request retried with the same key is answered once, never done twice.

A client sends a key of its choosing with a request that creates work (``Idempotency-Key`` on
the HTTP API, ``idempotency_key`` in the MCP tools). The first request with a key records, in
the same transaction as the work it creates (the queued job and its run), the answer it gave.
The same key within :data:`KEY_LIFETIME` answers that recorded answer again and creates nothing;
the same key with a different request is refused. Because the key and the work commit together,
a server that crashes either did both or neither: a client retrying after the crash gets its
first answer, or (if nothing was committed) the work done once now.

A synchronous request (execute-script) holds its key while it runs: the row is written first,
without an answer, naming the process working on it (``owner``). The same key meanwhile is "in
progress"; if that process died, the next request with the key takes the row over and runs it.

Keys are stored hashed with their scope (who sent it and which operation) so one client's key
never replays another client's answer. Created by migration ``0006_idempotency``;
:class:`IdempotencyMixin` adds the methods to :class:`engine.store.Store`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.sanitize import sanitize, to_utc
from engine.store.schema import Base, JSONType

#: How long a key is remembered (Stripe's window): a retry after this is a new request.
KEY_LIFETIME = timedelta(hours=24)


class IdempotencyKey(Base):
    """One idempotency key and the answer it was given."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (sa.Index("ix_idempotency_keys_created", "created_at"),)

    key_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    operation: Mapped[str] = mapped_column(sa.String(64))
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime]
    owner: Mapped[str | None] = mapped_column(sa.String(300))
    job_id: Mapped[int | None]
    response_status: Mapped[int | None]
    response: Mapped[dict | None] = mapped_column(JSONType)


_K: sa.Table = IdempotencyKey.__table__


@dataclass(frozen=True)
class StoredKey:
    """A key as recorded: its request's fingerprint and, once answered, the answer."""

    key_hash: str
    operation: str
    request_hash: str
    created_at: datetime
    owner: str | None
    job_id: int | None
    response_status: int | None
    response: dict | None

    @property
    def answered(self) -> bool:
        return self.response_status is not None


def key_hash(scope: str, operation: str, key: str) -> str:
    """The stored form of ``key``: who sent it and for what, hashed together."""
    return hashlib.sha256(f"{scope}\0{operation}\0{key}".encode()).hexdigest()


def request_hash(request: Any) -> str:
    """A fingerprint of a request's content (key order and spacing do not count)."""
    canonical = json.dumps(sanitize(request), sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


class IdempotencyMixin:
    """Idempotency-key methods of :class:`engine.store.Store` (uses its ``_read``/``_write``)."""

    def find_idempotency_key(self, key_hash_: str) -> StoredKey | None:
        """The key's record, or ``None`` (also when it is older than :data:`KEY_LIFETIME`)."""
        with self._read() as conn:
            row = conn.execute(sa.select(_K).where(_K.c.key_hash == key_hash_)).one_or_none()
        if row is None:
            return None
        stored = _stored(row)
        return None if stored.created_at < _expired_before() else stored

    def record_idempotency_key(
        self,
        key_hash_: str,
        *,
        operation: str,
        request_hash_: str,
        response_status: int | None = None,
        response: dict | None = None,
        job_id: int | None = None,
        owner: str | None = None,
    ) -> None:
        """Record a key (call inside :meth:`Store.transaction` with the work it answers for).

        An expired record of the same key is replaced. Raises ``sqlalchemy.exc.IntegrityError``
        when another request recorded the key first: the caller's transaction then rolls back,
        and nothing it did is kept.
        """
        values = {
            "operation": operation,
            "request_hash": request_hash_,
            "created_at": datetime.now(UTC),
            "owner": owner,
            "job_id": job_id,
            "response_status": response_status,
            "response": None if response is None else sanitize(response),
        }
        with self._write() as conn:
            conn.execute(
                sa.delete(_K).where(_K.c.key_hash == key_hash_, _K.c.created_at < _expired_before())
            )
            conn.execute(sa.insert(_K).values(key_hash=key_hash_, **values))

    def answer_idempotency_key(self, key_hash_: str, status: int, response: dict) -> None:
        """Record the answer of a key held while its request ran."""
        with self._write() as conn:
            conn.execute(
                sa.update(_K)
                .where(_K.c.key_hash == key_hash_)
                .values(response_status=status, response=sanitize(response), owner=None)
            )

    def take_over_idempotency_key(
        self, key_hash_: str, *, owner: str, is_alive: Callable[[str], bool]
    ) -> bool:
        """Take an unanswered key whose owner process is gone; False if it is still held."""
        with self._write() as conn:
            row = conn.execute(
                sa.select(_K).where(_K.c.key_hash == key_hash_).with_for_update()
            ).one_or_none()
            if row is None or row.response_status is not None:
                return False
            if row.owner and is_alive(row.owner):
                return False
            conn.execute(sa.update(_K).where(_K.c.key_hash == key_hash_).values(owner=owner))
            return True

    def release_idempotency_key(self, key_hash_: str) -> None:
        """Forget an unanswered key (its request was refused before doing anything)."""
        with self._write() as conn:
            conn.execute(
                sa.delete(_K).where(_K.c.key_hash == key_hash_, _K.c.response_status.is_(None))
            )

    def purge_idempotency_keys(self) -> int:
        """Delete keys older than :data:`KEY_LIFETIME`; returns how many."""
        with self._write() as conn:
            done = conn.execute(sa.delete(_K).where(_K.c.created_at < _expired_before()))
        return done.rowcount or 0


def _expired_before() -> datetime:
    """A key recorded before this moment has expired (:data:`KEY_LIFETIME`)."""
    return datetime.now(UTC) - KEY_LIFETIME


def _stored(row) -> StoredKey:
    return StoredKey(
        key_hash=row.key_hash,
        operation=row.operation,
        request_hash=row.request_hash,
        created_at=to_utc(row.created_at),
        owner=row.owner,
        job_id=row.job_id,
        response_status=row.response_status,
        response=row.response,
    )
