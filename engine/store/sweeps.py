"""Parameter sweeps: one ``sweeps`` row per sweep, one execution per finished combination.

A sweep is recorded (``running``, with the process running it) before any combination runs; its
``definition`` keeps everything needed to expand the same grid again, so a cancelled or
interrupted sweep can be resumed. Each combination's result is an ordinary execution (so the
leaderboard, compare and run pages see it) carrying ``sweep_id``, ``sweep_key`` (the
combination's identity) and ``params``; the unique index on (``sweep_id``, ``sweep_key``) plus an
insert that skips existing keys means a result is never stored twice, whatever is retried.

Created by migration ``0007_sweeps``; ``error_hints`` (what to change to get past a stopped
sweep's error, as a run's) by ``0010_sweep_error_hints``. :class:`SweepStoreMixin` adds the
methods to :class:`engine.store.Store`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from engine.store import totals
from engine.store.errors import NotFoundError
from engine.store.records import FINISHED_STATUSES, HEADLINE_METRICS
from engine.store.sanitize import sanitize, work_values
from engine.store.schema import Base, Execution, JSONType

SWEEP_RUNNING, SWEEP_SUCCEEDED, SWEEP_FAILED, SWEEP_CANCELLED = (
    "running",
    "succeeded",
    "failed",
    "cancelled",
)
SWEEP_STATUSES = (SWEEP_RUNNING, SWEEP_SUCCEEDED, SWEEP_FAILED, SWEEP_CANCELLED)


class Sweep(Base):
    """One parameter sweep: a strategy, a grid, symbols, a period, an objective."""

    __tablename__ = "sweeps"
    __table_args__ = (
        sa.Index("ix_sweeps_created", "created_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    strategy_id: Mapped[int] = mapped_column(sa.ForeignKey("strategies.id", ondelete="RESTRICT"))
    strategy_name: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(16))
    objective: Mapped[str] = mapped_column(sa.String(32))
    combinations: Mapped[int]
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    runner_host: Mapped[str | None] = mapped_column(sa.String(255))
    runner_pid: Mapped[int | None]
    cancel_requested: Mapped[bool] = mapped_column(server_default=sa.false())
    best_execution_id: Mapped[int | None]
    error_type: Mapped[str | None] = mapped_column(sa.String(64))
    error_message: Mapped[str | None] = mapped_column(sa.Text)
    # what to change to get past the sweep's error (migration 0010): engine.results.Hint as JSON
    error_hints: Mapped[list | None]
    definition: Mapped[dict] = mapped_column(JSONType)
    summary: Mapped[dict | None] = mapped_column(JSONType)


_W: sa.Table = Sweep.__table__
_E: sa.Table = Execution.__table__


@dataclass(frozen=True)
class SweepRecord:
    """One sweep as the store hands it back."""

    id: int
    strategy_id: int
    strategy_name: str
    status: str
    objective: str
    combinations: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None
    runner_host: str | None
    runner_pid: int | None
    cancel_requested: bool
    best_execution_id: int | None
    error_type: str | None
    error_message: str | None
    definition: dict
    summary: dict | None
    error_hints: list[dict[str, str]] | None = None

    @property
    def finished(self) -> bool:
        return self.status != SWEEP_RUNNING


@dataclass(frozen=True)
class SweepResult:
    """One stored combination of a sweep (a narrow view of its execution)."""

    execution_id: int
    key: str
    params: dict
    symbol: str | None
    status: str
    metrics: dict
    error_type: str | None
    error_message: str | None
    has_details: bool


_RECORD_FIELDS = tuple(f.name for f in fields(SweepRecord))
_UPDATABLE = frozenset(
    {"status", "heartbeat_at", "runner_host", "runner_pid", "started_at", "summary"}
    | {"best_execution_id", "error_type", "error_message", "cancel_requested", "finished_at"}
    | {"error_hints"}
)
# Execution columns a sweep result may set (the rest are the store's).
_RESULT_COLUMNS = frozenset(
    {"status", "symbol", "interval", "data_source", "data_start", "data_end", "bars"}
    | {"cash", "commission", "error_type", "error_message", "warnings", "stats", "duration_s"}
    | {"started_at", "finished_at", "sweep_key", "params", "kind", "runner_host", "runner_pid"}
    | set(HEADLINE_METRICS)
)


class SweepStoreMixin:
    """Sweep methods of :class:`engine.store.Store` (uses its ``_read``/``_write``)."""

    def create_sweep(
        self,
        *,
        strategy_id: int,
        objective: str,
        combinations: int,
        definition: dict,
        runner_host: str | None = None,
        runner_pid: int | None = None,
    ) -> SweepRecord:
        """Record a new sweep as ``running`` (before any combination runs)."""
        from engine.store.schema import Strategy

        strategies = Strategy.__table__
        now = datetime.now(UTC)
        with self._write() as conn:
            name = conn.execute(
                sa.select(strategies.c.name).where(strategies.c.id == strategy_id)
            ).scalar()
            if name is None:
                raise NotFoundError(f"no strategy with id {strategy_id}")
            row = {
                "strategy_id": strategy_id,
                "strategy_name": name,
                "status": SWEEP_RUNNING,
                "objective": objective,
                "combinations": int(combinations),
                "created_at": now,
                "started_at": now,
                "heartbeat_at": now,
                "runner_host": runner_host,
                "runner_pid": runner_pid,
                "cancel_requested": False,
                "definition": sanitize(definition),
            }
            sweep_id = conn.execute(sa.insert(_W).values(row)).inserted_primary_key[0]
        return self.get_sweep(sweep_id)

    def get_sweep(self, sweep_id: int) -> SweepRecord | None:
        with self._read() as conn:
            row = conn.execute(sa.select(_W).where(_W.c.id == sweep_id)).one_or_none()
        return None if row is None else _sweep_record(row)

    def list_sweeps(self, *, limit: int = 50) -> list[SweepRecord]:
        """Newest first."""
        query = sa.select(_W).order_by(_W.c.created_at.desc(), _W.c.id.desc()).limit(limit)
        with self._read() as conn:
            return [_sweep_record(row) for row in conn.execute(query)]

    def update_sweep(self, sweep_id: int, **values: Any) -> None:
        """Set some columns of a sweep (status, heartbeat, summary, best run, ...)."""
        unknown = set(values) - _UPDATABLE
        if unknown:
            raise TypeError(f"unknown sweep field(s): {', '.join(sorted(unknown))}")
        if "status" in values and values["status"] not in SWEEP_STATUSES:
            raise ValueError(f"sweep status must be one of {', '.join(SWEEP_STATUSES)}")
        if "summary" in values:
            values["summary"] = sanitize(values["summary"])
        with self._write() as conn:
            done = conn.execute(sa.update(_W).where(_W.c.id == sweep_id).values(**values))
        if done.rowcount == 0:
            raise NotFoundError(f"no sweep with id {sweep_id}")

    def request_sweep_cancel(self, sweep_id: int) -> SweepRecord:
        """Ask the process running a sweep to stop it (it does within a slice's time)."""
        sweep = self.get_sweep(sweep_id)
        if sweep is None:
            raise NotFoundError(f"no sweep with id {sweep_id}")
        if not sweep.finished:
            self.update_sweep(sweep_id, cancel_requested=True)
        return self.get_sweep(sweep_id)

    def sweep_cancel_requested(self, sweep_id: int) -> bool:
        """Beat the sweep's heartbeat; return whether its cancellation was requested."""
        with self._write() as conn:
            conn.execute(
                sa.update(_W).where(_W.c.id == sweep_id).values(heartbeat_at=datetime.now(UTC))
            )
            flag = conn.execute(sa.select(_W.c.cancel_requested).where(_W.c.id == sweep_id))
            return bool(flag.scalar())

    def record_sweep_results(self, sweep_id: int, rows: Iterable[Mapping[str, Any]]) -> int:
        """Store finished combinations as executions of the sweep's strategy, in one transaction.

        Each row has ``sweep_key``, ``params``, ``status`` (a finished status) and any of the
        execution's result columns (metrics by their column names). Keys already stored are
        skipped, so storing the same results again changes nothing; returns how many were new.
        """
        from engine.store.store import _clean_stats, _execution_values

        sweep = self.get_sweep(sweep_id)
        if sweep is None:
            raise NotFoundError(f"no sweep with id {sweep_id}")
        prepared = []
        for row in rows:
            unknown = set(row) - _RESULT_COLUMNS
            if unknown:
                raise TypeError(f"unknown sweep result field(s): {', '.join(sorted(unknown))}")
            fields_ = dict(row)
            status = fields_.pop("status", None)
            if status not in FINISHED_STATUSES:
                raise ValueError(f"a sweep result is finished, not {status!r}")
            stats = fields_.pop("stats", None)
            values = _execution_values(fields_)
            values.update(
                status=status,
                stats=None if stats is None else _clean_stats(stats),
                strategy_id=sweep.strategy_id,
                strategy_name=sweep.strategy_name,
                sweep_id=sweep_id,
                created_at=values.get("finished_at") or datetime.now(UTC),
            )
            prepared.append(values)
        if not prepared:
            return 0
        for attempt in range(3):
            try:
                return self._insert_new_results(sweep_id, prepared)
            except sa.exc.IntegrityError:  # another writer stored some of these keys meanwhile
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _insert_new_results(self, sweep_id: int, prepared: list[dict]) -> int:
        """Insert the rows whose key is not stored yet, in one transaction; how many."""
        with self._write() as conn:
            keys = [values["sweep_key"] for values in prepared]
            stored = set(
                conn.execute(
                    sa.select(_E.c.sweep_key).where(
                        _E.c.sweep_id == sweep_id, _E.c.sweep_key.in_(keys)
                    )
                ).scalars()
            )
            new = []
            for values in prepared:
                if values["sweep_key"] not in stored:
                    stored.add(values["sweep_key"])
                    new.append({"kind": "strategy", "priority": 0, **values})
            if new:
                columns = set().union(*new)  # one executemany: every row sets the same columns
                conn.execute(sa.insert(_E), [dict.fromkeys(columns) | v for v in new])
            for values in new:
                totals.record_change(conn, None, totals.contribution(_Row(values)))
        return len(new)

    def sweep_results(self, sweep_id: int) -> list[SweepResult]:
        """Every stored combination of a sweep, in the order they were stored."""
        from engine.store.schema import EquityCurve

        curves = EquityCurve.__table__
        has_curve = sa.exists().where(curves.c.execution_id == _E.c.id)
        query = (
            sa.select(
                _E.c.id,
                _E.c.sweep_key,
                _E.c.params,
                _E.c.symbol,
                _E.c.status,
                _E.c.error_type,
                _E.c.error_message,
                has_curve.label("has_details"),
                *(_E.c[name] for name in HEADLINE_METRICS),
            )
            .where(_E.c.sweep_id == sweep_id)
            .order_by(_E.c.id)
        )
        with self._read() as conn:
            return [
                SweepResult(
                    execution_id=row.id,
                    key=row.sweep_key,
                    params=row.params or {},
                    symbol=row.symbol,
                    status=row.status,
                    metrics={name: getattr(row, name) for name in HEADLINE_METRICS},
                    error_type=row.error_type,
                    error_message=row.error_message,
                    has_details=bool(row.has_details),
                )
                for row in conn.execute(query)
            ]

    def close_interrupted_sweeps(self, *, is_alive) -> list[int]:
        """Mark ``failed`` (``interrupted``, resumable) the running sweeps whose process is
        gone; ``is_alive(host, pid)`` as for executions. Returns their ids."""
        query = sa.select(_W.c.id, _W.c.runner_host, _W.c.runner_pid).where(
            _W.c.status == SWEEP_RUNNING
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        dead = [row.id for row in rows if not is_alive(row.runner_host, row.runner_pid)]
        for sweep_id in dead:
            with self._write() as conn:
                conn.execute(
                    sa.update(_W)
                    .where(_W.c.id == sweep_id, _W.c.status == SWEEP_RUNNING)
                    .values(
                        status=SWEEP_FAILED,
                        finished_at=datetime.now(UTC),
                        error_type="interrupted",
                        # the fact only: each front end says how to resume it
                        error_message="interrupted: the process running it is gone",
                    )
                )
        return dead

    def sweep_keys(self, sweep_id: int) -> set[str]:
        """The combination keys of a sweep already stored (what a resume skips)."""
        query = sa.select(_E.c.sweep_key).where(_E.c.sweep_id == sweep_id)
        with self._read() as conn:
            return set(conn.execute(query).scalars())


class _Row:
    """Attribute access to a dict, for :func:`engine.store.totals.contribution`."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> Any:
        return self._values.get(name)


def _sweep_record(row) -> SweepRecord:
    values = work_values(row, _RECORD_FIELDS)
    values["definition"] = values["definition"] or {}
    return SweepRecord(**values)
