"""What the Gemini generator keeps: generations, their attempts, and per-key statistics.

Three tables (created by migration ``0002_generation``):

* ``generations``: one row per plain-English request handed to Gemini, with how it ended
  (``succeeded`` at some attempt, ``failed`` after every attempt, or ``unavailable`` when no model
  reply came at all: no usable key, or the API refused the request);
* ``generation_attempts``: one row per model reply that Botlab evaluated (parse → static gate →
  trial run), with the key's fingerprint, tokens, outcome, the redacted problem fed back for
  repair and the trial's ``execution_id``. These rows are what the first-try and after-repair
  success rates (``botlab stats generation``) are computed from;
* ``gemini_keys``: per API-key counters and failover state, keyed by the key's HMAC
  *fingerprint*. The key itself is never stored: the caller hands fingerprints only.

Generations are human-paced (one model call each, seconds apart), so :meth:`generation_stats`
aggregates the tables directly rather than keeping running totals like the executions do.

:class:`GenerationStoreMixin` adds the methods to :class:`engine.store.Store`, which stays the one
class owning database access (the mixin only uses its ``_read``/``_write`` transactions).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from engine.store import backend
from engine.store.errors import NotFoundError
from engine.store.sanitize import to_float, to_int, to_text, to_utc
from engine.store.schema import Base

# -- names shared with engine.generation ---------------------------------------------------------

RUNNING = "running"
SUCCEEDED = "succeeded"
FAILED = "failed"
#: No model reply at all (no usable key, or the API refused the request): left out of the rates.
UNAVAILABLE = "unavailable"
GENERATION_STATUSES = (RUNNING, SUCCEEDED, FAILED, UNAVAILABLE)
FINISHED_GENERATION_STATUSES = (SUCCEEDED, FAILED, UNAVAILABLE)

#: How one attempt ended. Everything but ``succeeded`` and ``inexpressible`` is fed back to the
#: model for repair.
ATTEMPT_OUTCOMES = (
    "succeeded",
    "malformed",  # the reply was not the JSON object the schema asks for
    "truncated",  # the reply hit the output-token limit (finish reason MAX_TOKENS)
    "blocked",  # the reply was empty: blocked by a safety filter or similar
    "gate",  # the code failed the static gate (engine.generation.gate)
    "error",  # the trial run failed: exception, timeout, limit
    "no_trades",  # the trial run made no trades
    "look_ahead",  # the trial's return is implausibly far above buy-and-hold
    # a spec reading that says the spec cannot express the idea: Botlab asks for free code next
    # (not fed back for repair; the next attempt is a code attempt)
    "inexpressible",
)

#: How one API call ended, as counted per key.
KEY_CALL_OUTCOMES = ("ok", "rate_limit", "failure")
#: Why a key is cooling: a 429 (``rate_limit``) or a 5xx/timeout/connection error (``error``).
COOLING_KINDS = ("rate_limit", "error")

_NAME_LENGTH = 200
_MODEL_LENGTH = 100


# -- tables ----------------------------------------------------------------------------------


class Generation(Base):
    """One request to turn a description into a bot, and how it ended."""

    __tablename__ = "generations"
    # Generation ids name bot files (g12-a1-…), so SQLite must never reuse one.
    __table_args__ = (
        sa.Index("ix_generations_created", "created_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(sa.String(16))
    name: Mapped[str] = mapped_column(sa.String(_NAME_LENGTH))
    model: Mapped[str] = mapped_column(sa.String(_MODEL_LENGTH))
    attempt_count: Mapped[int] = mapped_column(server_default=sa.text("0"))
    succeeded_attempt: Mapped[int | None]
    class_name: Mapped[str | None] = mapped_column(sa.String(_NAME_LENGTH))
    execution_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("executions.id", ondelete="SET NULL")
    )
    prompt_tokens: Mapped[int] = mapped_column(server_default=sa.text("0"))
    output_tokens: Mapped[int] = mapped_column(server_default=sa.text("0"))
    duration_s: Mapped[float | None]
    error_type: Mapped[str | None] = mapped_column(sa.String(64))
    error_message: Mapped[str | None] = mapped_column(sa.Text)
    description: Mapped[str] = mapped_column(sa.Text)


class GenerationAttempt(Base):
    """One model reply of a generation and what Botlab found when it checked it."""

    __tablename__ = "generation_attempts"
    __table_args__ = (
        sa.UniqueConstraint("generation_id", "attempt", name="uq_generation_attempts_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    generation_id: Mapped[int] = mapped_column(sa.ForeignKey("generations.id", ondelete="CASCADE"))
    attempt: Mapped[int]
    key_fingerprint: Mapped[str | None] = mapped_column(sa.String(32))
    model: Mapped[str] = mapped_column(sa.String(_MODEL_LENGTH))
    started_at: Mapped[datetime]
    duration_s: Mapped[float | None]
    prompt_tokens: Mapped[int | None]
    output_tokens: Mapped[int | None]
    finish_reason: Mapped[str | None] = mapped_column(sa.String(32))
    outcome: Mapped[str] = mapped_column(sa.String(32))
    execution_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("executions.id", ondelete="SET NULL")
    )
    code_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    class_name: Mapped[str | None] = mapped_column(sa.String(_NAME_LENGTH))
    # big columns last
    error_message: Mapped[str | None] = mapped_column(sa.Text)
    code: Mapped[str | None] = mapped_column(sa.Text)


class GeminiKey(Base):
    """Counters and failover state of one API key, known only by its HMAC fingerprint."""

    __tablename__ = "gemini_keys"

    fingerprint: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    calls: Mapped[int] = mapped_column(server_default=sa.text("0"))
    rate_limits: Mapped[int] = mapped_column(server_default=sa.text("0"))
    failures: Mapped[int] = mapped_column(server_default=sa.text("0"))
    prompt_tokens: Mapped[int] = mapped_column(server_default=sa.text("0"))
    output_tokens: Mapped[int] = mapped_column(server_default=sa.text("0"))
    bots_succeeded: Mapped[int] = mapped_column(server_default=sa.text("0"))
    bots_failed: Mapped[int] = mapped_column(server_default=sa.text("0"))
    last_used_at: Mapped[datetime | None]
    cooled_until: Mapped[datetime | None]
    cooled_model: Mapped[str | None] = mapped_column(sa.String(_MODEL_LENGTH))
    cooled_kind: Mapped[str | None] = mapped_column(sa.String(16))
    cooled_reason: Mapped[str | None] = mapped_column(sa.Text)
    disabled_at: Mapped[datetime | None]
    disabled_reason: Mapped[str | None] = mapped_column(sa.Text)


_G: sa.Table = Generation.__table__
_A: sa.Table = GenerationAttempt.__table__
_K: sa.Table = GeminiKey.__table__


# -- records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptRecord:
    """One evaluated model reply (``error_message`` is already redacted)."""

    id: int
    generation_id: int
    attempt: int
    key_fingerprint: str | None
    model: str
    started_at: datetime
    duration_s: float | None
    prompt_tokens: int | None
    output_tokens: int | None
    finish_reason: str | None
    outcome: str
    execution_id: int | None
    code_sha256: str | None
    class_name: str | None
    error_message: str | None
    code: str | None

    @property
    def succeeded(self) -> bool:
        return self.outcome == SUCCEEDED


@dataclass(frozen=True)
class GenerationRecord:
    """One generation; ``attempts`` is filled by ``get_generation`` only."""

    id: int
    created_at: datetime
    finished_at: datetime | None
    status: str
    name: str
    model: str
    attempt_count: int
    succeeded_attempt: int | None
    class_name: str | None
    execution_id: int | None
    prompt_tokens: int
    output_tokens: int
    duration_s: float | None
    error_type: str | None
    error_message: str | None
    description: str
    attempts: tuple[AttemptRecord, ...] = field(default=())


@dataclass(frozen=True)
class KeyStats:
    """Counters and state of one API key (by fingerprint; never the key)."""

    fingerprint: str
    calls: int = 0
    rate_limits: int = 0
    failures: int = 0
    prompt_tokens: int = 0
    output_tokens: int = 0
    bots_succeeded: int = 0
    bots_failed: int = 0
    last_used_at: datetime | None = None
    cooled_until: datetime | None = None
    cooled_model: str | None = None
    cooled_kind: str | None = None
    cooled_reason: str | None = None
    disabled_at: datetime | None = None
    disabled_reason: str | None = None

    @property
    def disabled(self) -> bool:
        return self.disabled_at is not None

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.output_tokens

    @property
    def bot_success_rate(self) -> float | None:
        """Share of the evaluated replies obtained with this key that passed, or ``None``."""
        bots = self.bots_succeeded + self.bots_failed
        return self.bots_succeeded / bots if bots else None

    def cooling(self, now: datetime, model: str | None = None) -> bool:
        """Whether the key is cooling at ``now`` for ``model`` (a cooldown without a model is
        for every model; Gemini quotas are per project *and model*)."""
        if self.cooled_until is None or self.cooled_until <= now:
            return False
        return self.cooled_model is None or model is None or self.cooled_model == model

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-friendly values (ISO timestamps), plus ``bot_success_rate``."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, value in values.items():
            if isinstance(value, datetime):
                values[name] = value.isoformat()
        values["disabled"] = self.disabled
        values["bot_success_rate"] = self.bot_success_rate
        return values


_ATTEMPT_FIELDS = tuple(f.name for f in fields(AttemptRecord))
_GENERATION_FIELDS = tuple(f.name for f in fields(GenerationRecord) if f.name != "attempts")
_KEY_FIELDS = tuple(f.name for f in fields(KeyStats))


# -- the Store's methods ---------------------------------------------------------------------


class GenerationStoreMixin:
    """Generation and key-statistics methods of :class:`engine.store.Store`.

    Relies on the store's ``_read()`` / ``_write()`` transaction context managers.
    """

    def _read(self) -> AbstractContextManager[Connection]:  # provided by Store
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[Connection]:  # provided by Store
        raise NotImplementedError

    # -- generations ----------------------------------------------------------------------------

    def start_generation(self, description: str, *, name: str, model: str) -> int:
        """Record a new generation (``running``); returns its id."""
        description = (description or "").strip()
        if not description:
            raise ValueError("a generation needs a description")
        values = {
            "created_at": datetime.now(UTC),
            "status": RUNNING,
            "name": _bounded(name, _NAME_LENGTH, "name", required=True),
            "model": _bounded(model, _MODEL_LENGTH, "model", required=True),
            "attempt_count": 0,
            "prompt_tokens": 0,
            "output_tokens": 0,
            "description": description,
        }
        with self._write() as conn:
            return conn.execute(sa.insert(_G).values(values)).inserted_primary_key[0]

    def record_attempt(
        self,
        generation_id: int,
        attempt: int,
        *,
        model: str,
        outcome: str,
        started_at: datetime | None = None,
        key_fingerprint: str | None = None,
        duration_s: float | None = None,
        prompt_tokens: int | None = None,
        output_tokens: int | None = None,
        finish_reason: str | None = None,
        error_message: str | None = None,
        execution_id: int | None = None,
        code: str | None = None,
        class_name: str | None = None,
    ) -> AttemptRecord:
        """Store one evaluated reply and add its tokens to the generation, in one transaction.

        ``error_message`` must already be redacted (see :func:`engine.generation.keys.redact`).
        """
        if outcome not in ATTEMPT_OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(ATTEMPT_OUTCOMES)}: {outcome!r}")
        values = {
            "generation_id": generation_id,
            "attempt": to_int(attempt),
            "key_fingerprint": _bounded(key_fingerprint, 32, "key_fingerprint"),
            "model": _bounded(model, _MODEL_LENGTH, "model", required=True),
            "started_at": to_utc(started_at) or datetime.now(UTC),
            "duration_s": to_float(duration_s),
            "prompt_tokens": to_int(prompt_tokens),
            "output_tokens": to_int(output_tokens),
            "finish_reason": _clipped(finish_reason, 32),
            "outcome": outcome,
            "execution_id": to_int(execution_id),
            "code_sha256": None if code is None else _sha256(code),
            "class_name": _clipped(class_name, _NAME_LENGTH),
            "error_message": to_text(error_message),
            "code": code,
        }
        with self._write() as conn:
            _require_generation(conn, generation_id)
            new_id = conn.execute(sa.insert(_A).values(values)).inserted_primary_key[0]
            conn.execute(
                sa.update(_G)
                .where(_G.c.id == generation_id)
                .values(
                    # the highest attempt number seen (portable: no max()/greatest())
                    attempt_count=sa.case(
                        (_G.c.attempt_count < values["attempt"], values["attempt"]),
                        else_=_G.c.attempt_count,
                    ),
                    prompt_tokens=_G.c.prompt_tokens + (values["prompt_tokens"] or 0),
                    output_tokens=_G.c.output_tokens + (values["output_tokens"] or 0),
                )
            )
        return AttemptRecord(id=new_id, **values)

    def finish_generation(
        self,
        generation_id: int,
        *,
        status: str,
        succeeded_attempt: int | None = None,
        class_name: str | None = None,
        execution_id: int | None = None,
        error_type: str | None = None,
        error_message: str | None = None,
    ) -> None:
        """Record how a generation ended (``error_message`` already redacted)."""
        if status not in FINISHED_GENERATION_STATUSES:
            raise ValueError(
                f"status must be one of {', '.join(FINISHED_GENERATION_STATUSES)}: {status!r}"
            )
        now = datetime.now(UTC)
        with self._write() as conn:
            created = _require_generation(conn, generation_id)
            conn.execute(
                sa.update(_G)
                .where(_G.c.id == generation_id)
                .values(
                    status=status,
                    finished_at=now,
                    duration_s=max((now - created).total_seconds(), 0.0),
                    succeeded_attempt=to_int(succeeded_attempt),
                    class_name=_clipped(class_name, _NAME_LENGTH),
                    execution_id=to_int(execution_id),
                    error_type=_clipped(error_type, 64),
                    error_message=to_text(error_message),
                )
            )

    def get_generation(self, generation_id: int) -> GenerationRecord | None:
        """One generation with its attempts in order."""
        with self._read() as conn:
            row = conn.execute(sa.select(_G).where(_G.c.id == generation_id)).one_or_none()
            if row is None:
                return None
            query = sa.select(_A).where(_A.c.generation_id == generation_id).order_by(_A.c.attempt)
            attempts = tuple(_attempt_record(r) for r in conn.execute(query))
        return _generation_record(row, attempts)

    def list_generations(self, *, limit: int = 50, offset: int = 0) -> list[GenerationRecord]:
        """Generations newest first (without their attempts)."""
        query = (
            sa.select(_G).order_by(_G.c.created_at.desc(), _G.c.id.desc()).limit(limit)
        ).offset(offset)
        with self._read() as conn:
            return [_generation_record(row) for row in conn.execute(query)]

    def generation_stats(self) -> dict[str, Any]:
        """How well Gemini generation works here: the numbers behind ``botlab stats generation``.

        Rates are over *evaluated* generations (``succeeded`` + ``failed``): those that never got
        a model reply (``unavailable``) measure key/API availability, not code quality, and are
        counted separately. ``None`` when there is nothing to divide by.

        Keys: ``generations`` (evaluated), ``succeeded``, ``failed``, ``unavailable``,
        ``running``, ``first_try_success_rate``, ``after_repair_success_rate``, ``avg_attempts``
        (per evaluated generation), ``succeeded_at_attempt`` ({attempt: count}),
        ``attempt_outcomes`` ({outcome: count} over every attempt), ``attempts``,
        ``prompt_tokens``, ``output_tokens``, ``avg_duration_s`` and ``keys`` (one dict per
        key fingerprint, see :class:`KeyStats`).
        """
        with self._read() as conn:
            by_status = _count_by(conn, _G.c.status)
            succeeded_at = _count_by(conn, _G.c.succeeded_attempt, _G.c.status == SUCCEEDED)
            outcomes = _count_by(conn, _A.c.outcome)
            evaluated = _G.c.status.in_((SUCCEEDED, FAILED))
            sums = conn.execute(
                sa.select(
                    sa.func.coalesce(sa.func.sum(_G.c.attempt_count), 0),
                    sa.func.avg(_G.c.duration_s),
                ).where(evaluated)
            ).one()
            tokens = conn.execute(
                sa.select(
                    sa.func.coalesce(sa.func.sum(_G.c.prompt_tokens), 0),
                    sa.func.coalesce(sa.func.sum(_G.c.output_tokens), 0),
                )
            ).one()
        keys = self.key_stats()
        succeeded, failed = by_status.get(SUCCEEDED, 0), by_status.get(FAILED, 0)
        total = succeeded + failed
        return {
            "generations": total,
            "succeeded": succeeded,
            "failed": failed,
            "unavailable": by_status.get(UNAVAILABLE, 0),
            "running": by_status.get(RUNNING, 0),
            "first_try_success_rate": _ratio(succeeded_at.get(1, 0), total),
            "after_repair_success_rate": _ratio(succeeded, total),
            "avg_attempts": _ratio(int(sums[0]), total),
            "succeeded_at_attempt": {int(k): v for k, v in sorted(succeeded_at.items())},
            "attempt_outcomes": dict(sorted(outcomes.items(), key=lambda item: -item[1])),
            "attempts": sum(outcomes.values()),
            "prompt_tokens": int(tokens[0]),
            "output_tokens": int(tokens[1]),
            "avg_duration_s": to_float(sums[1]),
            "keys": [key.to_dict() for key in keys],
        }

    # -- per-key statistics and failover state ----------------------------------------------------

    def key_stats(self, fingerprints: Iterable[str] | None = None) -> list[KeyStats]:
        """Stats of every key seen (most used first), or of ``fingerprints`` in their order
        (a fingerprint never seen gets zeros)."""
        query = sa.select(_K)
        wanted = None if fingerprints is None else list(fingerprints)
        if wanted is not None:
            query = query.where(_K.c.fingerprint.in_(wanted))
        with self._read() as conn:
            found = {row.fingerprint: _key_record(row) for row in conn.execute(query)}
        if wanted is None:
            return sorted(found.values(), key=lambda k: (-k.calls, k.fingerprint))
        return [found.get(fp) or KeyStats(fingerprint=fp) for fp in wanted]

    def record_key_call(
        self,
        fingerprint: str,
        *,
        outcome: str,
        prompt_tokens: int | None = 0,
        output_tokens: int | None = 0,
    ) -> None:
        """Count one API call made with the key (``outcome``: ok, rate_limit or failure)."""
        if outcome not in KEY_CALL_OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(KEY_CALL_OUTCOMES)}: {outcome!r}")
        amounts = {
            "calls": 1,
            "rate_limits": int(outcome == "rate_limit"),
            "failures": int(outcome == "failure"),
            "prompt_tokens": to_int(prompt_tokens) or 0,
            "output_tokens": to_int(output_tokens) or 0,
        }
        with self._write() as conn:
            _add_to_key(conn, fingerprint, amounts)
            _set_key(conn, fingerprint, last_used_at=datetime.now(UTC))

    def cool_key(
        self,
        fingerprint: str,
        *,
        until: datetime,
        kind: str,
        reason: str,
        model: str | None = None,
    ) -> None:
        """Keep the key out of use until ``until`` (for ``model`` only, when given)."""
        if kind not in COOLING_KINDS:
            raise ValueError(f"kind must be one of {', '.join(COOLING_KINDS)}: {kind!r}")
        with self._write() as conn:
            _add_to_key(conn, fingerprint, {})
            _set_key(
                conn,
                fingerprint,
                cooled_until=to_utc(until),
                cooled_model=_clipped(model, _MODEL_LENGTH),
                cooled_kind=kind,
                cooled_reason=to_text(reason),
            )

    def disable_key(self, fingerprint: str, *, reason: str) -> None:
        """Take the key out of use until :meth:`reset_key` (invalid, leaked, forbidden)."""
        with self._write() as conn:
            _add_to_key(conn, fingerprint, {})
            _set_key(
                conn, fingerprint, disabled_at=datetime.now(UTC), disabled_reason=to_text(reason)
            )

    def record_key_bot(self, fingerprint: str, *, succeeded: bool) -> None:
        """Count one evaluated reply obtained with the key as a working bot or not."""
        column = "bots_succeeded" if succeeded else "bots_failed"
        with self._write() as conn:
            _add_to_key(conn, fingerprint, {column: 1})

    def reset_key(self, fingerprint: str | None = None) -> int:
        """Clear the cooldown and disabled state of one key (or all); returns rows changed.

        For a key fixed at the provider's end (e.g. a 403 after the API was enabled on its
        project): the same key keeps its fingerprint, so it would stay disabled otherwise.
        """
        query = sa.update(_K).values(
            cooled_until=None,
            cooled_model=None,
            cooled_kind=None,
            cooled_reason=None,
            disabled_at=None,
            disabled_reason=None,
        )
        if fingerprint is not None:
            query = query.where(_K.c.fingerprint == fingerprint)
        with self._write() as conn:
            return conn.execute(query).rowcount


# -- helpers -------------------------------------------------------------------------------------


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _bounded(value: Any, limit: int, what: str, *, required: bool = False) -> str | None:
    """``value`` as text, refusing a missing (when ``required``) or too long value."""
    text = to_text(value)
    text = None if text is None else text.strip()
    if required and not text:
        raise ValueError(f"{what} is required")
    if text is not None and len(text) > limit:
        raise ValueError(f"{what} is limited to {limit} characters, got {len(text)}")
    return text or None


def _clipped(value: Any, limit: int) -> str | None:
    """``value`` as text cut to ``limit`` (for values the model chose, e.g. a class name)."""
    text = to_text(value)
    return None if text is None else text[:limit]


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _require_generation(conn: Connection, generation_id: int) -> datetime:
    created = conn.execute(
        sa.select(_G.c.created_at).where(_G.c.id == generation_id)
    ).scalar_one_or_none()
    if created is None:
        raise NotFoundError(f"no generation with id {generation_id}")
    return created


def _count_by(conn: Connection, column: sa.Column, *where: Any) -> dict[Any, int]:
    query = sa.select(column, sa.func.count()).where(*where).group_by(column)
    return {value: count for value, count in conn.execute(query) if value is not None}


def _add_to_key(conn: Connection, fingerprint: str, amounts: dict[str, int]) -> None:
    """Add ``amounts`` to the key's counters, creating its row on first sight (an upsert).

    With no amounts, adds 0 calls: that only makes sure the row exists.
    """
    fingerprint = _bounded(fingerprint, 32, "fingerprint", required=True)
    backend.increment(conn, _K, {"fingerprint": fingerprint}, amounts or {"calls": 0})


def _set_key(conn: Connection, fingerprint: str, **values: Any) -> None:
    conn.execute(sa.update(_K).where(_K.c.fingerprint == fingerprint).values(values))


def _attempt_record(row) -> AttemptRecord:
    return AttemptRecord(**{name: row._mapping[name] for name in _ATTEMPT_FIELDS})


def _generation_record(row, attempts: tuple[AttemptRecord, ...] = ()) -> GenerationRecord:
    values = {name: row._mapping[name] for name in _GENERATION_FIELDS}
    return GenerationRecord(**values, attempts=attempts)


def _key_record(row) -> KeyStats:
    return KeyStats(**{name: row._mapping[name] for name in _KEY_FIELDS})
