"""The job queue's state: one ``jobs`` row per background request, kept in the database.

A job is created the moment a user clicks (or an API client posts), picked up by a worker
process, and always ends ``succeeded``, ``failed``, ``timeout`` or ``cancelled``. Two kinds:

* ``run``: run a stored strategy. Its execution row is created with the job, as ``queued``, so
  it shows in the history at once and has a shareable id before it starts;
* ``generate``: turn a description into a bot (offline compiler or Gemini), save it, then run
  it. Its execution row is created when the run starts (``execution_id`` is set then).

While a job runs, ``phase`` says what it is doing (``generating``, ``running``, ``saving``),
``progress`` says it in words ("Gemini repair attempt 2 of 3"), and the worker beats
``heartbeat_at``. A worker that dies leaves jobs whose heartbeat stops: :meth:`fail_stale_jobs`
closes them, and their executions, with the reason. Cancelling a queued job ends it at once; a
running one gets ``cancel_requested`` and its worker stops the run.

Created by migration ``0003_jobs``. :class:`JobQueueMixin` adds the methods to
:class:`engine.store.Store`, which stays the one class owning database access.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.errors import NotFoundError
from engine.store.records import (
    ACTIVE_STATUSES,
    CANCELLED,
    FAILED,
    QUEUED,
    RUNNING,
    STATUSES,
)
from engine.store.sanitize import sanitize, work_values
from engine.store.schema import Base, JSONType

#: A job goes through the same statuses as a run (engine.results.STATUS_WORDS words them).
JOB_STATUSES = STATUSES
ACTIVE_JOB_STATUSES = ACTIVE_STATUSES
JOB_KINDS = ("run", "generate")
#: What a running job is doing, in order.
PHASES = ("queued", "generating", "running", "saving", "done")


class Job(Base):
    """One background request: generate and/or run a bot."""

    __tablename__ = "jobs"
    __table_args__ = (
        sa.Index("ix_jobs_status_priority", "status", "priority", "id"),
        sa.Index("ix_jobs_execution", "execution_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    status: Mapped[str] = mapped_column(sa.String(16))
    phase: Mapped[str] = mapped_column(sa.String(16))
    priority: Mapped[int] = mapped_column(server_default=sa.text("0"))
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    worker_host: Mapped[str | None] = mapped_column(sa.String(255))
    worker_pid: Mapped[int | None]
    cancel_requested: Mapped[bool] = mapped_column(server_default=sa.false())
    strategy_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("strategies.id", ondelete="SET NULL")
    )
    execution_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("executions.id", ondelete="SET NULL")
    )
    generation_id: Mapped[int | None]
    progress: Mapped[str | None] = mapped_column(sa.Text)
    error_type: Mapped[str | None] = mapped_column(sa.String(64))
    error_message: Mapped[str | None] = mapped_column(sa.Text)
    payload: Mapped[dict] = mapped_column(JSONType)


_J: sa.Table = Job.__table__


@dataclass(frozen=True)
class JobRecord:
    """One job as the store hands it back."""

    id: int
    kind: str
    status: str
    phase: str
    priority: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None
    worker_host: str | None
    worker_pid: int | None
    cancel_requested: bool
    strategy_id: int | None
    execution_id: int | None
    generation_id: int | None
    progress: str | None
    error_type: str | None
    error_message: str | None
    payload: dict

    @property
    def finished(self) -> bool:
        return self.status not in ACTIVE_JOB_STATUSES


_RECORD_FIELDS = tuple(f.name for f in fields(JobRecord))
_UPDATABLE = frozenset(
    {"phase", "progress", "strategy_id", "execution_id", "generation_id", "heartbeat_at"}
)


class JobQueueMixin:
    """Queue methods of :class:`engine.store.Store` (uses its ``_read``/``_write``)."""

    def enqueue_job(
        self,
        kind: str,
        payload: dict,
        *,
        priority: int = 0,
        strategy_id: int | None = None,
        execution_id: int | None = None,
    ) -> JobRecord:
        """Add a job to the queue; higher ``priority`` runs first, then first come."""
        if kind not in JOB_KINDS:
            raise ValueError(f"job kind must be one of {', '.join(JOB_KINDS)}, not {kind!r}")
        row = {
            "kind": kind,
            "status": QUEUED,
            "phase": "queued",
            "priority": int(priority),
            "created_at": datetime.now(UTC),
            "cancel_requested": False,
            "strategy_id": strategy_id,
            "execution_id": execution_id,
            "payload": sanitize(payload),
        }
        with self._write() as conn:
            job_id = conn.execute(sa.insert(_J).values(row)).inserted_primary_key[0]
        return self.get_job(job_id)

    def get_job(self, job_id: int) -> JobRecord | None:
        with self._read() as conn:
            row = conn.execute(sa.select(_J).where(_J.c.id == job_id)).one_or_none()
        return _record(row) if row is not None else None

    def job_for_execution(self, execution_id: int) -> JobRecord | None:
        """The job that produced (or will produce) an execution, if it came from the queue."""
        query = sa.select(_J).where(_J.c.execution_id == execution_id).order_by(_J.c.id.desc())
        with self._read() as conn:
            row = conn.execute(query.limit(1)).one_or_none()
        return _record(row) if row is not None else None

    def list_jobs(self, *, active_only: bool = False, limit: int = 50) -> list[JobRecord]:
        """Newest first; ``active_only`` keeps queued and running jobs."""
        query = sa.select(_J).order_by(_J.c.id.desc()).limit(limit)
        if active_only:
            query = query.where(_J.c.status.in_(ACTIVE_JOB_STATUSES))
        with self._read() as conn:
            return [_record(row) for row in conn.execute(query)]

    def count_active_jobs(self) -> int:
        """Jobs queued or running (the API refuses new ones past its queue limit)."""
        query = sa.select(sa.func.count()).where(_J.c.status.in_(ACTIVE_JOB_STATUSES))
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())

    def claim_job(self, *, worker_host: str, worker_pid: int) -> JobRecord | None:
        """Take the next queued job for this worker (atomically), or ``None`` when idle."""
        candidates = (
            sa.select(_J.c.id)
            .where(_J.c.status == QUEUED)
            .order_by(_J.c.priority.desc(), _J.c.id)
            .limit(5)
            .with_for_update(skip_locked=True)
        )
        now = datetime.now(UTC)
        with self._write() as conn:
            for job_id in conn.execute(candidates).scalars().all():
                claimed = conn.execute(
                    sa.update(_J)
                    .where(_J.c.id == job_id, _J.c.status == QUEUED)
                    .values(
                        status=RUNNING,
                        started_at=now,
                        heartbeat_at=now,
                        worker_host=worker_host,
                        worker_pid=worker_pid,
                    )
                )
                if claimed.rowcount == 1:
                    row = conn.execute(sa.select(_J).where(_J.c.id == job_id)).one()
                    return _record(row)
        return None

    def update_job(self, job_id: int, **fields_: Any) -> None:
        """Set a running job's phase, progress, heartbeat or the ids it produced."""
        unknown = set(fields_) - _UPDATABLE
        if unknown:
            raise TypeError(f"unknown job field(s): {', '.join(sorted(unknown))}")
        if "phase" in fields_ and fields_["phase"] not in PHASES:
            raise ValueError(f"phase must be one of {', '.join(PHASES)}")
        with self._write() as conn:
            done = conn.execute(sa.update(_J).where(_J.c.id == job_id).values(**fields_))
        if done.rowcount == 0:
            raise NotFoundError(f"no job with id {job_id}")

    def heartbeat_jobs(self, job_ids: Iterable[int]) -> list[int]:
        """Beat the running jobs' heartbeats; returns those whose cancellation was requested."""
        ids = list(job_ids)
        if not ids:
            return []
        with self._write() as conn:
            conn.execute(
                sa.update(_J)
                .where(_J.c.id.in_(ids), _J.c.status == RUNNING)
                .values(heartbeat_at=datetime.now(UTC))
            )
            cancelled = conn.execute(
                sa.select(_J.c.id).where(_J.c.id.in_(ids), _J.c.cancel_requested.is_(True))
            )
            return list(cancelled.scalars())

    def finish_job(
        self,
        job_id: int,
        *,
        status: str,
        error_type: str | None = None,
        error_message: str | None = None,
    ) -> None:
        """End a job (once: a finished job keeps its first ending)."""
        if status in ACTIVE_JOB_STATUSES or status not in JOB_STATUSES:
            raise ValueError(f"a job ends succeeded, failed, timeout or cancelled, not {status!r}")
        with self._write() as conn:
            conn.execute(
                sa.update(_J)
                .where(_J.c.id == job_id, _J.c.status.in_(ACTIVE_JOB_STATUSES))
                .values(
                    status=status,
                    phase="done",
                    finished_at=datetime.now(UTC),
                    error_type=error_type,
                    error_message=error_message,
                )
            )

    def request_cancel(self, job_id: int) -> JobRecord:
        """Cancel a job: a queued one ends now (with its queued execution); a running one is
        flagged, and its worker stops the run within a heartbeat."""
        job = self.get_job(job_id)
        if job is None:
            raise NotFoundError(f"no job with id {job_id}")
        if job.status == QUEUED:
            with self.transaction() as conn:  # the job and its queued run end together
                conn.execute(
                    sa.update(_J)
                    .where(_J.c.id == job_id, _J.c.status == QUEUED)
                    .values(
                        status=CANCELLED,
                        phase="done",
                        finished_at=datetime.now(UTC),
                        cancel_requested=True,
                        error_type="cancelled",
                        error_message="cancelled before it started",
                    )
                )
                if job.execution_id is not None:
                    self._cancel_queued_execution(job.execution_id)
        elif job.status == RUNNING:
            with self._write() as conn:
                conn.execute(sa.update(_J).where(_J.c.id == job_id).values(cancel_requested=True))
        return self.get_job(job_id)

    def _cancel_queued_execution(self, execution_id: int) -> None:
        execution = self.get_execution(execution_id)
        if execution is not None and execution.status == QUEUED:
            self.finish_execution(
                execution_id,
                status=CANCELLED,
                error_type="cancelled",
                error_message="cancelled before it started",
                duration_s=0.0,
            )

    def fail_stale_jobs(self, *, is_alive, stale_after_s: float = 60.0) -> list[int]:
        """Close running jobs whose worker is gone (dead pid, or no heartbeat for
        ``stale_after_s``) as failed, with their unfinished executions; returns their ids."""
        cutoff = datetime.now(UTC) - timedelta(seconds=stale_after_s)
        query = sa.select(_J).where(_J.c.status == RUNNING)
        with self._read() as conn:
            running = [_record(row) for row in conn.execute(query)]
        stale = [
            job
            for job in running
            if not is_alive(job.worker_host, job.worker_pid)
            or (job.heartbeat_at is not None and job.heartbeat_at < cutoff)
        ]
        for job in stale:
            reason = (
                f"the worker running it stopped (pid {job.worker_pid} on {job.worker_host}); "
                "Botlab closed the job when it restarted"
            )
            with self.transaction():  # nobody sees the job closed while its run is still open
                self.finish_job(
                    job.id, status=FAILED, error_type="interrupted", error_message=reason
                )
                self._fail_execution_of(job, reason)
        return [job.id for job in stale]

    def _fail_execution_of(self, job: JobRecord, reason: str) -> None:
        if job.execution_id is None:
            return
        execution = self.get_execution(job.execution_id)
        if execution is not None and not execution.finished:
            self.finish_execution(
                job.execution_id, status=FAILED, error_type="interrupted", error_message=reason
            )


def _record(row) -> JobRecord:
    values = work_values(row, _RECORD_FIELDS)
    values["payload"] = values["payload"] or {}
    return JobRecord(**values)
