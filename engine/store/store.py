"""The :class:`Store`: the one object through which Botlab reads and writes its database.

Writes are short transactions (on SQLite ``BEGIN IMMEDIATE``, so concurrent writers wait for each
other instead of failing). Reads use SQLAlchemy Core over the tables declared in
:mod:`engine.store.schema` and hand back the frozen records of :mod:`engine.store.records`.
Everything written goes through :func:`_coerce` (numpy → Python, NaN/inf → ``None``, timestamps →
UTC), so SQLite and PostgreSQL store the same values.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine import processors as sa_processors

from engine.config import Settings, load_settings
from engine.store import backend, faults, queries, totals
from engine.store.equity import pack_equity, unpack_equity
from engine.store.errors import AlreadyFinishedError, NotFoundError
from engine.store.generation import GenerationStoreMixin
from engine.store.idempotency import IdempotencyMixin
from engine.store.jobs import JobQueueMixin
from engine.store.migrate import ensure_schema
from engine.store.records import (
    ACTIVE_STATUSES,
    FAILED,
    FINISHED_STATUSES,
    HEADLINE_METRICS,
    INTERRUPTED,
    KINDS,
    RUNNING,
    SORTABLE_COLUMNS,
    SOURCES,
    STATUSES,
    SUCCEEDED,
    TRADE_COLUMNS,
    ExecutionRecord,
    Page,
    StrategyRecord,
    StrategySummary,
    TradeRecord,
)
from engine.store.sanitize import sanitize, to_float, to_int, to_text, to_utc
from engine.store.schema import (
    EquityCurve,
    Execution,
    Strategy,
    Trade,
    UTCDateTime,
    holds_json,
)
from engine.store.sweeps import SweepStoreMixin

_S: sa.Table = Strategy.__table__
_E: sa.Table = Execution.__table__
_T: sa.Table = Trade.__table__
_Q: sa.Table = EquityCurve.__table__

#: Execution columns a caller may pass as ``**fields`` (the others are set by the store).
EXECUTION_FIELDS = tuple(
    c.name for c in _E.columns if c.name not in {"id", "strategy_id", "strategy_name", "status"}
)
_SETTABLE = frozenset(EXECUTION_FIELDS)
# the execution columns engine.store.totals adds up (strategy_name never changes)
_TOTALLED = ("status", "return_pct", "sharpe_ratio")
# backtesting.py's DataFrames, stored in their own tables rather than in the stats JSON
_STATS_DROPPED = frozenset({"_equity_curve", "_trades"})

DEFAULT_INTERRUPTED_REASON = (
    "interrupted: the process running it is gone (Botlab was restarted or the runner died)"
)


class PreparedResults(NamedTuple):
    """A run's trades and equity curve made ready to write (:meth:`Store.prepare_results`)."""

    trade_rows: dict[str, list]
    curve: tuple[int, bytes]


class Store(GenerationStoreMixin, JobQueueMixin, IdempotencyMixin, SweepStoreMixin):
    """Botlab's database: strategies, executions, their trades and equity curves.

    ``url`` is any SQLAlchemy URL. With ``migrate`` (the default) the schema is brought up to date
    on open, which costs a single query when it already is. Thread-safe; use one per process
    (a child process must open its own).
    """

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self._local = threading.local()
        self._engine = backend.create_engine(url)
        self._writer = self._engine.execution_options(**backend.WRITE)
        if migrate:
            with self._faults():
                ensure_schema(self._engine)

    @classmethod
    def open(cls, settings: Settings | None = None, *, migrate: bool = True) -> Store:
        """The store of ``settings`` (default: :func:`engine.config.load_settings`)."""
        settings = settings or load_settings()
        settings.home.mkdir(parents=True, exist_ok=True)
        return cls(settings.database_url, migrate=migrate)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for the store's own modules, migrations and benchmarks)."""
        return self._engine

    def close(self) -> None:
        """Refresh the planner's statistics (SQLite) and close every pooled connection."""
        try:
            backend.optimize(self._engine)
        finally:
            self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({sa.make_url(self.url).render_as_string(hide_password=True)!r})"

    # -- strategies -------------------------------------------------------------------------

    def save_strategy(
        self,
        name: str,
        code: str,
        *,
        description: str | None = None,
        source: str = "file",
        spec: dict | None = None,
    ) -> StrategyRecord:
        """Save ``code`` as a version of strategy ``name``.

        The same name and code (by SHA-256) returns the existing row unchanged; different code
        becomes the next version (1, 2, 3, … per name).
        """
        name = _strategy_name(name)
        if source not in SOURCES:
            raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
        sha = hashlib.sha256(code.encode("utf-8")).hexdigest()
        for attempt in range(3):
            try:
                return self._insert_strategy(name, code, sha, description, source, spec)
            except sa.exc.IntegrityError:  # another writer took this version number first
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _insert_strategy(
        self, name: str, code: str, sha: str, description, source: str, spec
    ) -> StrategyRecord:
        with self._write() as conn:
            existing = conn.execute(
                sa.select(_S).where(_S.c.name == name, _S.c.code_sha256 == sha)
            ).one_or_none()
            if existing is not None:
                return StrategyRecord(**existing._mapping)
            latest = conn.execute(sa.select(sa.func.max(_S.c.version)).where(_S.c.name == name))
            values = {
                "name": name,
                "version": (latest.scalar() or 0) + 1,
                "description": to_text(description),
                "source": source,
                "code": code,
                "code_sha256": sha,
                "spec": sanitize(spec),
                "created_at": datetime.now(UTC),
            }
            new_id = conn.execute(sa.insert(_S).values(values)).inserted_primary_key[0]
        return StrategyRecord(id=new_id, **values)

    def get_strategy(self, strategy_id: int) -> StrategyRecord | None:
        """One strategy version by id."""
        with self._read() as conn:
            row = conn.execute(sa.select(_S).where(_S.c.id == strategy_id)).one_or_none()
        return None if row is None else StrategyRecord(**row._mapping)

    def strategy_versions(self, name: str) -> list[StrategyRecord]:
        """Every version of strategy ``name``, oldest first."""
        query = sa.select(_S).where(_S.c.name == name).order_by(_S.c.version)
        with self._read() as conn:
            return [StrategyRecord(**row._mapping) for row in conn.execute(query)]

    def list_strategies(self) -> list[StrategySummary]:
        """Every strategy name with its versions and runs rolled up, sorted by name."""
        with self._read() as conn:
            return queries.strategy_summaries(conn)

    # -- executions: writes ---------------------------------------------------------------------

    def create_execution(self, *, strategy_id: int, status: str = RUNNING, **fields: Any) -> int:
        """Record a new execution of strategy ``strategy_id``; returns its id.

        ``status`` is ``running`` (``started_at`` defaults to now) or ``queued``. ``fields`` are any
        execution columns (:data:`EXECUTION_FIELDS`): symbol, interval, cash, commission, kind,
        priority, runner_host, runner_pid, … ``created_at`` defaults to now.
        """
        if status not in ACTIVE_STATUSES:
            raise ValueError(
                f"a new execution is {' or '.join(ACTIVE_STATUSES)}, not {status!r}; "
                "record its outcome with finish_execution()"
            )
        values = _execution_values(fields)
        now = datetime.now(UTC)
        with self._write() as conn:
            name = conn.execute(sa.select(_S.c.name).where(_S.c.id == strategy_id)).scalar()
            if name is None:
                raise NotFoundError(f"no strategy with id {strategy_id}")
            row = {"kind": KINDS[0], "priority": 0, **values}
            row.update(strategy_id=strategy_id, strategy_name=name, status=status)
            row["created_at"] = row.get("created_at") or now
            if status == RUNNING and row.get("started_at") is None:
                row["started_at"] = now
            new_id = conn.execute(sa.insert(_E).values(row)).inserted_primary_key[0]
            metrics = (row.get("return_pct"), row.get("sharpe_ratio"))
            totals.record_change(conn, None, totals.Contribution(name, status, *metrics))
            return new_id

    def update_execution(self, execution_id: int, **fields: Any) -> None:
        """Set some columns of an execution (data range after loading, heartbeat, paths, …).

        ``status`` may only move between ``queued`` and ``running`` (use :meth:`finish_execution`
        to end a run); moving to ``running`` sets ``started_at`` if it is unset.
        """
        status = fields.pop("status", None)
        values = _execution_values(fields)
        with self._write() as conn:
            current = _lock_execution(conn, execution_id)
            if status is not None:
                values.update(_status_change(execution_id, current, status))
            _update_execution_row(conn, execution_id, current, values)

    def finish_execution(
        self,
        execution_id: int,
        *,
        status: str,
        metrics: Mapping[str, Any] | None = None,
        stats: Mapping[str, Any] | None = None,
        trades: Iterable[Mapping[str, Any]] | PreparedResults | None = None,
        equity: Mapping[str, Any] | PreparedResults | None = None,
        **fields: Any,
    ) -> None:
        """Record how an execution ended, with its results, in one transaction.

        ``metrics`` are headline columns (:data:`HEADLINE_METRICS`); ``stats`` all of
        backtesting.py's stats (sanitised; its ``_equity_curve``/``_trades`` DataFrames are left
        out); ``trades`` dicts of :data:`TRADE_COLUMNS` (``seq`` defaults to 1, 2, …); ``equity``
        ``{"time", "equity", "drawdown_pct"}`` at full resolution (downsampled here); either may
        be what :meth:`prepare_results` made of them. Given trades or equity replace any stored
        before. ``finished_at`` defaults to now and ``duration_s`` to ``finished_at -
        started_at``.

        Raises :class:`AlreadyFinishedError` if the run already finished with another status;
        finishing again with the same status updates it.
        """
        if status not in FINISHED_STATUSES:
            raise ValueError(f"status must be one of {', '.join(FINISHED_STATUSES)}: {status!r}")
        values = _execution_values({**fields, **_metric_values(metrics)})
        if stats is not None:
            values["stats"] = _clean_stats(stats)
        if isinstance(trades, PreparedResults):
            trade_rows = trades.trade_rows
        else:
            trade_rows = None if trades is None else _trade_rows(execution_id, trades)
        if isinstance(equity, PreparedResults):
            curve = equity.curve
        else:
            curve = None if equity is None else pack_equity(equity)
        with self._write() as conn:
            current = _lock_execution(conn, execution_id)
            if current.status in FINISHED_STATUSES and current.status != status:
                raise AlreadyFinishedError(
                    f"execution {execution_id} already finished as {current.status!r}; "
                    f"refusing to finish it again as {status!r}"
                )
            # only a finished run can hold trades or a curve (they are written here alone)
            replacing = current.status in FINISHED_STATUSES
            values["status"] = status
            _fill_timing(values, current)
            _update_execution_row(conn, execution_id, current, values)
            if trade_rows is not None:
                if replacing:
                    conn.execute(sa.delete(_T).where(_T.c.execution_id == execution_id))
                if trade_rows["execution_id"]:
                    _insert_trades(conn, trade_rows)
            if curve is not None:
                if replacing:
                    conn.execute(sa.delete(_Q).where(_Q.c.execution_id == execution_id))
                points, payload = curve
                conn.execute(
                    sa.insert(_Q).values(execution_id=execution_id, points=points, payload=payload)
                )

    def prepare_results(
        self, execution_id: int, *, trades: Iterable[Mapping[str, Any]], equity: Mapping[str, Any]
    ) -> PreparedResults:
        """A run's trades and equity curve as :meth:`finish_execution` writes them (checked,
        coerced, downsampled and packed), for a caller that has them before it knows how the
        run ended: pass the result as both ``trades`` and ``equity``."""
        return PreparedResults(_trade_rows(execution_id, trades), pack_equity(equity))

    def close_interrupted(
        self,
        *,
        is_alive: Callable[[str, int], bool],
        reason: str = DEFAULT_INTERRUPTED_REASON,
    ) -> list[int]:
        """Fail the runs whose runner process is gone; returns their ids.

        Looks at runs ``running`` or ``queued`` with a ``runner_host`` and ``runner_pid``, asks
        ``is_alive(host, pid)`` once per runner, and marks those whose runner is dead ``failed``
        with ``error_type="interrupted"``. Runs without a runner are left alone, and a run that
        changed meanwhile (e.g. finished) is not touched.
        """
        candidates = sa.select(_E.c.id, _E.c.status, _E.c.runner_host, _E.c.runner_pid).where(
            _E.c.status.in_(ACTIVE_STATUSES),
            _E.c.runner_host.is_not(None),
            _E.c.runner_pid.is_not(None),
        )
        with self._read() as conn:
            rows = conn.execute(candidates).all()
        alive: dict[tuple[str, int], bool] = {}
        for row in rows:
            runner = (row.runner_host, row.runner_pid)
            if runner not in alive:
                alive[runner] = bool(is_alive(*runner))
        dead = [row for row in rows if not alive[(row.runner_host, row.runner_pid)]]
        return self._fail_interrupted(dead, reason) if dead else []

    def _fail_interrupted(self, rows: list, reason: str) -> list[int]:
        """Mark ``rows`` failed, each only if still in the state it was seen in."""
        closed = []
        with self._write() as conn:
            for row in rows:
                current = _lock_execution(conn, row.id)
                if tuple(current[:3]) != (row.status, row.runner_host, row.runner_pid):
                    continue  # finished, or picked up by another runner, meanwhile
                values = {
                    "status": FAILED,
                    "error_type": INTERRUPTED,
                    "error_message": f"{reason} [runner {row.runner_host} pid {row.runner_pid}]",
                }
                _fill_timing(values, current)
                _update_execution_row(conn, row.id, current, values)
                closed.append(row.id)
        return closed

    # -- executions: reads ----------------------------------------------------------------------

    def get_execution(self, execution_id: int) -> ExecutionRecord | None:
        """One execution with every column (stats included) and its strategy's version."""
        query = queries.select_executions(details=True).where(_E.c.id == execution_id)
        with self._read() as conn:
            records = queries.execution_records(conn.execute(query), details=True)
        return records[0] if records else None

    def get_trades(self, execution_id: int) -> list[TradeRecord]:
        """An execution's trades in ``seq`` order."""
        query = sa.select(_T).where(_T.c.execution_id == execution_id).order_by(_T.c.seq)
        with self._read() as conn:
            return [TradeRecord(**row._mapping) for row in conn.execute(query)]

    def get_equity(self, execution_id: int) -> dict[str, list] | None:
        """An execution's stored, downsampled equity curve.

        ``{"time": [datetime, …], "equity": [...], "drawdown_pct": [...]}`` with UTC datetimes
        (or the integers/``None`` it was stored with), or ``None`` when none was stored.
        """
        query = sa.select(_Q.c.payload).where(_Q.c.execution_id == execution_id)
        with self._read() as conn:
            payload = conn.execute(query).scalar()
        return None if payload is None else unpack_equity(payload)

    def strategy_history(
        self, name: str, *, limit: int | None = None, full: bool = False
    ) -> list[ExecutionRecord]:
        """Every execution of strategy ``name`` (all versions), newest first.

        History rows: only the :data:`~engine.store.records.HISTORY_FIELDS` are loaded, the
        others are ``None``; ``full=True`` loads list rows instead (everything but the
        :data:`~engine.store.records.DETAIL_FIELDS`), for callers that show each run's data,
        warnings and settings.
        """
        with self._read() as conn:
            return queries.history_records(conn, name, limit, full=full)

    def list_executions(
        self,
        *,
        status: str | None = SUCCEEDED,
        symbol: str | None = None,
        strategy: str | None = None,
        source: str | None = None,
        since: datetime | str | None = None,
        until: datetime | str | None = None,
        sort: str = "created_at",
        descending: bool = True,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """One page of executions, filtered and sorted: the leaderboard.

        ``status=None`` means every status. ``symbol`` and ``strategy`` match case-insensitively
        and exactly; ``source`` is the strategy's source; ``since`` is inclusive and ``until``
        exclusive (on ``created_at``). ``sort`` is one of :data:`SORTABLE_COLUMNS`; NULLs sort last
        either way, ties by id in the sort's direction. List rows: the
        :data:`~engine.store.records.DETAIL_FIELDS` are not loaded.
        """
        if sort not in SORTABLE_COLUMNS:
            raise ValueError(f"sort must be one of {', '.join(SORTABLE_COLUMNS)}, not {sort!r}")
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        with self._read() as conn:
            conditions = queries.filters(conn, status, symbol, strategy, source, since, until)
            if conditions is None:
                return Page([], 0, limit, offset)
            total, ids = queries.page_ids(
                conn, conditions, _E.c[sort], descending=descending, limit=limit, offset=offset
            )
            items = queries.executions_by_id(conn, ids)
        return Page(items, total, limit, offset)

    def performance_summary(self, *, strategy: str | None = None) -> dict[str, Any]:
        """Totals over every execution, or those of ``strategy`` (case-insensitive).

        Keys: ``total_executions``, ``successful_executions``, ``success_rate`` (successful /
        total, 0.0 when there are none), ``avg_return_pct`` and ``avg_sharpe_ratio`` (over
        succeeded runs that have one; ``None`` without data), ``best_run`` and ``worst_run`` (by
        return: ``{"execution_id", "strategy_name", "return_pct", "symbol"}`` or ``None``) and
        ``by_status`` (a count for every status). Reads :mod:`engine.store.totals`, so its cost
        does not grow with the number of runs.
        """
        with self._read() as conn:
            names = None if strategy is None else queries.strategy_names(conn, strategy)
            return queries.performance_summary(conn, names)

    def rebuild_totals(self) -> None:
        """Recompute the summary totals from the executions (after loading rows directly)."""
        with self._write() as conn:
            totals.rebuild(conn)

    # -- plumbing -------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction around several store calls made by this thread: they commit
        together or not at all (a queued run, its job and the idempotency key that asked for
        them). Calls nested inside join it; other threads are not affected."""
        current = getattr(self._local, "connection", None)
        if current is not None:
            yield current
            return
        with self._faults(), self._writer.begin() as conn:
            self._local.connection = conn
            try:
                yield conn
            finally:
                self._local.connection = None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        current = getattr(self._local, "connection", None)
        if current is not None:  # inside transaction(): see its own uncommitted rows
            yield current
            return
        with self._faults(), self._engine.connect() as conn:
            yield conn

    @contextmanager
    def _faults(self) -> Iterator[None]:
        """Driver errors that are the environment's fault (read-only, damaged, full) become
        :class:`~engine.store.faults.StoreUnavailable` with what to do; others pass."""
        try:
            yield
        except (sa.exc.OperationalError, sa.exc.DatabaseError, OSError) as exc:
            fault = faults.translate(exc, self.url)
            if fault is None or isinstance(exc, sa.exc.IntegrityError):
                raise
            raise fault from exc

    @property
    def read_only(self) -> bool:
        """Opened read-only (a SQLite store on a read-only home): reads work, writes raise
        :class:`~engine.store.faults.ReadOnlyStore`."""
        return backend.is_read_only(self._engine)

    def _write(self):
        return self.transaction()


# -- helpers: values going in --------------------------------------------------------------------


def _strategy_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValueError("a strategy needs a name")
    _check_length(_S.c.name, name)
    return name


def _coerce(column: sa.Column, value: Any) -> Any:
    """``value`` made fit for ``column`` the same way on every backend."""
    return _coercer(column)(value)


@functools.cache
def _coercer(column: sa.Column) -> Callable[[Any], Any]:
    """The conversion for one column, chosen once (runs store thousands of trade values)."""
    type_ = column.type
    if isinstance(type_, UTCDateTime):
        return to_utc
    if holds_json(type_):
        return sanitize
    if isinstance(type_, sa.Integer):
        return to_int
    if isinstance(type_, sa.Float):
        return to_float
    if isinstance(type_, sa.String):

        def text(value: Any) -> str | None:
            converted = to_text(value)
            _check_length(column, converted)
            return converted

        return text
    return lambda value: value


def _check_length(column: sa.Column, text: str | None) -> None:
    length = getattr(column.type, "length", None)
    if text is not None and length and len(text) > length:
        raise ValueError(f"{column.name} is limited to {length} characters, got {len(text)}")


def _coerce_all(table: sa.Table, values: Mapping[str, Any], allowed: frozenset[str], what: str):
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(
            f"unknown {what} field(s): {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(allowed))}"
        )
    return {key: _coerce(table.c[key], value) for key, value in values.items()}


def _execution_values(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Coerce and check execution fields: unknown names, ``kind``, the metrics' units."""
    values = _coerce_all(_E, fields, _SETTABLE, "execution")
    if values.get("kind") is not None and values["kind"] not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {values['kind']!r}")
    win_rate = values.get("win_rate")
    if win_rate is not None and not 0.0 <= win_rate <= 1.0:
        raise ValueError(f"win_rate is a fraction between 0 and 1, got {win_rate} (a percentage?)")
    if values.get("max_drawdown_pct") is not None:
        # stored <= 0 like backtesting.py's; scripts often report the magnitude instead
        values["max_drawdown_pct"] = -abs(values["max_drawdown_pct"])
    return values


def _metric_values(metrics: Mapping[str, Any] | None) -> dict[str, Any]:
    metrics = dict(metrics or {})
    unknown = set(metrics) - set(HEADLINE_METRICS)
    if unknown:
        raise TypeError(
            f"unknown metric(s): {', '.join(sorted(unknown))}; known: {', '.join(HEADLINE_METRICS)}"
        )
    return metrics


def _clean_stats(stats: Mapping[str, Any]) -> dict[str, Any]:
    """backtesting.py's stats as JSON, minus the DataFrames that have their own tables."""
    items = stats.items() if hasattr(stats, "items") else dict(stats).items()
    return {str(key): sanitize(value) for key, value in items if key not in _STATS_DROPPED}


_TRADE_FIELDS = frozenset(TRADE_COLUMNS)
#: A trade row's values in the order :func:`_insert_trades` writes them.
_TRADE_ROW = ("execution_id", *TRADE_COLUMNS)
_INFINITY = float("inf")


def _trade_rows(execution_id: int, trades: Iterable[Mapping[str, Any]]) -> dict[str, list]:
    """The trades as columns of :data:`_TRADE_ROW`, every value coerced like any other written.

    Column by column: a run stores hundreds of trades of 15 values, and a value that already
    has its column's type (a finite float, an int, a short string) is kept without a call.
    """
    trades = list(trades)
    for trade in trades:
        if not trade.keys() <= _TRADE_FIELDS:
            _coerce_all(_T, trade, _TRADE_FIELDS, "trade")  # raises, naming the unknown fields
    columns = {"execution_id": [execution_id] * len(trades)}
    for name in TRADE_COLUMNS:
        columns[name] = _column_coercer(_T.c[name])([trade.get(name) for trade in trades])
    columns["seq"] = [p if seq is None else seq for p, seq in enumerate(columns["seq"], start=1)]
    return columns


@functools.cache
def _column_coercer(column: sa.Column) -> Callable[[list], list]:
    """:func:`_coercer` over a list of values, calling it only for values it would change: a
    ``None``, a finite float, an int or a string within the column's length stay as they are,
    and a naive ISO time is parsed at once (the trades' times, as the harness writes them)."""
    coerce = _coercer(column)
    type_ = column.type
    if isinstance(type_, UTCDateTime):
        return functools.partial(_utc_times, coerce=coerce)
    if holds_json(type_):
        return lambda values: [coerce(v) for v in values]
    if isinstance(type_, sa.Integer):
        return lambda values: [v if v is None or type(v) is int else coerce(v) for v in values]
    if isinstance(type_, sa.Float):
        inf = _INFINITY
        return lambda values: [
            v
            if v is None or (type(v) is float and -inf < v < inf)
            else float(v)
            if type(v) is int
            else coerce(v)
            for v in values
        ]
    if isinstance(type_, sa.String):
        longest = getattr(type_, "length", None) or _INFINITY
        return lambda values: [
            v if v is None or (type(v) is str and len(v) <= longest) else coerce(v) for v in values
        ]
    return lambda values: [coerce(v) for v in values]


def _utc_times(values: list, *, coerce: Callable[[Any], Any]) -> list:
    """``coerce`` (:func:`~engine.store.sanitize.to_utc`) over ``values``, a naive ISO string
    (how the harness writes a trade's times) parsed and pinned to UTC right here, the way
    ``to_utc`` rebuilds it, without its checks for every other type."""
    parse, times = datetime.fromisoformat, []
    for value in values:
        if type(value) is str:
            try:
                t = parse(value)
            except ValueError:  # e.g. padded with spaces: to_utc strips it, or says why not
                t = None
            if t is not None and t.tzinfo is None:
                times.append(
                    datetime(t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond, UTC)
                )
                continue
        times.append(coerce(value))
    return times


def _insert_trades(conn: Connection, columns: dict[str, list]) -> None:
    """INSERT the trades (``columns`` from :func:`_trade_rows`) in one executemany of the driver.

    The values go through their columns' bind processors as SQLAlchemy would apply them, a
    column at a time; SQLAlchemy's own executemany builds and processes a parameter dict per
    row, which made a run's hundreds of trades the biggest part of storing it.
    """
    statement, order, processors = _trade_insert(conn.dialect)
    columns = dict(columns)
    for name, process in processors:
        columns[name] = process(columns[name])
    values = zip(*(columns[name] for name in order), strict=True)
    if isinstance(order, list):  # a positional paramstyle (SQLite's "?")
        conn.exec_driver_sql(statement, list(values))
    else:  # a named one (psycopg's "%(name)s")
        conn.exec_driver_sql(statement, [dict(zip(order, row, strict=True)) for row in values])


@functools.cache
def _trade_insert(dialect: sa.Dialect) -> tuple[str, list | tuple, list]:
    """The trades INSERT as ``dialect`` writes it: its SQL, the order of its parameters (a list
    when positional, else the names) and ``(column name, bind processor over a list)`` of the
    columns that have one. A float column's ``float()`` is left out: :func:`_trade_rows` has
    made every value of one a float or None already."""
    compiled = sa.insert(_T).compile(dialect=dialect, column_keys=list(_TRADE_ROW))
    order = list(compiled.positiontup) if compiled.positional else _TRADE_ROW
    processors = []
    for name in _TRADE_ROW:
        impl = _T.c[name].type.dialect_impl(dialect)
        process = impl.bind_processor(dialect)
        if process is not None and process is not sa_processors.to_float:
            processors.append((name, _over_list(process, _is_sqlite_utc_text(impl))))
    return compiled.string, order, processors


def _over_list(process: Callable[[Any], Any], sqlite_utc_text: bool) -> Callable[[list], list]:
    """``process`` mapped over a list. A time bound for SQLite's DATETIME text, for the UTC
    datetime nearly every value already is (:func:`_utc_times` makes them), is formatted right
    here, the fields given positionally: the processor's own text through the TypeDecorator's
    two calls and a dict of seven fields cost twice as much, two times per trade."""
    if not sqlite_utc_text:
        return lambda values: [process(value) for value in values]
    utc, text = UTC, _SQLITE_DATETIME_TEXT
    return lambda values: [
        text % (v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond)
        if type(v) is datetime and v.tzinfo is utc
        else process(v)
        for v in values
    ]


#: SQLite's DATETIME storage format (``sqlite.DATETIME._storage_format``), its fields in order.
_SQLITE_DATETIME_TEXT = "%04d-%02d-%02d %02d:%02d:%02d.%06d"


def _is_sqlite_utc_text(impl: sa.types.TypeEngine) -> bool:
    """A :class:`UTCDateTime` compiled for SQLite's DATETIME with its default text format."""
    inner = getattr(impl, "impl_instance", None)
    return (
        isinstance(impl, UTCDateTime)
        and isinstance(inner, sqlite.DATETIME)
        and inner._storage_format == sqlite.DATETIME._storage_format
    )


# The statements a run's writes repeat, built once with their values bound at execution:
# building one cost more than running it.
_LOCK_EXECUTION = (
    sa.select(
        _E.c.status,
        _E.c.runner_host,
        _E.c.runner_pid,
        _E.c.strategy_name,
        _E.c.return_pct,
        _E.c.sharpe_ratio,
        _E.c.started_at,
        _E.c.finished_at,
    )
    .where(_E.c.id == sa.bindparam("execution_id"))
    .with_for_update()
)


@functools.cache
def _update_execution(columns: tuple[str, ...]) -> sa.Update:
    """UPDATE of ``columns`` of the execution ``execution_id``, each bound as ``set_<column>``."""
    values = {name: sa.bindparam(f"set_{name}", type_=_E.c[name].type) for name in columns}
    return sa.update(_E).where(_E.c.id == sa.bindparam("execution_id")).values(values)


def _lock_execution(conn: Connection, execution_id: int):
    """The columns of an execution that writes depend on, locked until the transaction ends."""
    current = conn.execute(_LOCK_EXECUTION, {"execution_id": execution_id}).one_or_none()
    if current is None:
        raise NotFoundError(f"no execution with id {execution_id}")
    return current


def _update_execution_row(
    conn: Connection, execution_id: int, current, values: dict[str, Any]
) -> None:
    """UPDATE one execution and carry the change into the summary totals."""
    if not values:
        return
    bound = {f"set_{name}": value for name, value in values.items()}
    conn.execute(_update_execution(tuple(values)), {"execution_id": execution_id, **bound})
    before = totals.contribution(current)
    changed = {key: values[key] for key in _TOTALLED if key in values}
    totals.record_change(conn, before, before._replace(**changed))


def _status_change(execution_id: int, current, status: str) -> dict[str, Any]:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    if status in FINISHED_STATUSES:
        raise ValueError(f"use finish_execution() to set status {status!r}")
    if current.status in FINISHED_STATUSES:
        raise AlreadyFinishedError(
            f"execution {execution_id} already finished as {current.status!r}; "
            f"it cannot become {status!r}"
        )
    values: dict[str, Any] = {"status": status}
    if status == RUNNING and current.started_at is None:
        values["started_at"] = datetime.now(UTC)
    return values


def _fill_timing(values: dict[str, Any], current) -> None:
    """Default ``finished_at`` (kept when finishing again) and ``duration_s``."""
    if values.get("finished_at") is None:
        values["finished_at"] = current.finished_at or datetime.now(UTC)
    if values.get("duration_s") is None:
        started = values.get("started_at") or current.started_at
        if started is not None:
            values["duration_s"] = max((values["finished_at"] - started).total_seconds(), 0.0)
