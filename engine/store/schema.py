"""The store's tables as SQLAlchemy 2.0 typed models.

These models are the Python view of the schema; the schema itself is created and changed only by the
numbered Alembic migrations in ``engine/store/migrations/versions`` (a test checks that the two
agree). Nothing here is specific to one database, except where a type or an index says so:

* every timestamp is a :class:`UTCDateTime`: stored in UTC, always returned tz-aware UTC (SQLite
  drops the offset; this type is the one place that puts it back, in SQL, see below);
* JSON columns are :data:`JSONType`, plain ``JSON`` everywhere and ``JSONB`` on PostgreSQL, with
  Python ``None`` stored as SQL ``NULL``;
* ``executions`` keeps its big text/JSON columns last, and the equity curve lives in its own table,
  so that scans and index lookups over 100,000 runs stay cheap; on SQLite one strategy's history
  is read from a covering index (``ix_executions_history_rows`` for history rows,
  ``ix_executions_history`` for list rows, created there only: see ``Index.ddl_if`` below and
  :func:`engine.store.migrate.exists_on`);
* ``execution_totals`` keeps running counts and sums per (strategy name, status), so the
  performance summary reads a few hundred rows instead of aggregating every execution. Every
  change to an execution's ``status``, ``return_pct`` or ``sharpe_ratio`` must go through
  :mod:`engine.store.totals` in the same transaction (the :class:`~engine.store.Store` does);
  after bulk-loading executions directly, call ``Store.rebuild_totals()``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine.processors import str_to_datetime
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from engine.store.records import DETAIL_FIELDS, HISTORY_FIELDS, ExecutionRecord
from engine.store.sanitize import to_utc


class _TextJSON(sa.TypeDecorator[Any]):
    """``JSON`` where the driver hands back text (SQLite), read back with one call per value."""

    impl = sa.JSON(none_as_null=True)
    cache_ok = True

    def result_processor(self, dialect, coltype):
        parse = self.impl_instance.dialect_impl(dialect).result_processor(dialect, coltype)

        def process(value):
            if value is None:
                return None
            if value == "[]":  # a run without warnings: nearly every row of a history
                return []
            return parse(value)

        return process


#: JSON everywhere, JSONB on PostgreSQL (JSON has no equality operator there).
JSONType = _TextJSON().with_variant(JSONB(none_as_null=True), "postgresql")


def holds_json(type_: sa.types.TypeEngine) -> bool:
    """Whether a column of this type holds JSON (:data:`JSONType`, or a plain ``sa.JSON``)."""
    return isinstance(type_, sa.JSON | _TextJSON)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that stores UTC and always returns tz-aware UTC datetimes.

    Accepts aware or naive datetimes (naive ones are taken to be UTC), ``pandas.Timestamp``,
    ``datetime.date`` and ISO 8601 strings. This is the one place that compensates for SQLite
    returning naive datetimes.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return to_utc(value)

    def column_expression(self, column):
        # SQLite keeps naive UTC text: select it with the offset appended, so that the driver's
        # text becomes an aware datetime in a single C call (see result_processor).
        if self._is_sqlite_text():
            return column.op("||", return_type=self)(sa.literal_column("'+00:00'"))
        return column

    def result_processor(self, dialect, coltype):
        # Hot path: every timestamp of every row read (10,000 in a 2,000-run history).
        if self._is_sqlite_text():
            return str_to_datetime  # datetime.fromisoformat in C; no Python code per value
        parse = self.impl_instance.dialect_impl(dialect).result_processor(dialect, coltype)
        if parse is None:  # the driver returns datetimes (PostgreSQL)
            return _as_utc
        return lambda value: None if value is None else _as_utc(parse(value))

    def _is_sqlite_text(self) -> bool:
        # Compiled for SQLite, a TypeDecorator's impl is SQLite's own DATETIME (stored as text).
        return isinstance(self.impl_instance, sqlite.DATETIME)


class RepeatedUTCDateTime(UTCDateTime):
    """A :class:`UTCDateTime` read where its few distinct values repeat across rows (the market
    data window of a strategy's runs), by a reader that converts each distinct value once
    (:func:`engine.store.queries.history_records`): selected as stored, so SQLite does not append
    the offset to every row's text, and read back as aware UTC all the same."""

    cache_ok = True

    def column_expression(self, column):
        return column

    def result_processor(self, dialect, coltype):
        if self._is_sqlite_text():
            return _naive_text_as_utc
        return super().result_processor(dialect, coltype)


def _naive_text_as_utc(value: str | None) -> datetime | None:
    """SQLite's text of a UTC time, as an aware datetime."""
    return None if value is None else str_to_datetime(value).replace(tzinfo=UTC)


def _as_utc(value: datetime | None) -> datetime | None:
    """A datetime read back from the database, as aware UTC (SQLite's come back naive)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of the store's models."""

    # Double, not Float: a 64-bit float on every backend (MySQL's FLOAT is 32-bit).
    type_annotation_map = {
        datetime: UTCDateTime(),
        float: sa.Double(),
        dict: JSONType,
        list: JSONType,
    }


class Strategy(Base):
    """One version of a strategy's code: same name + same code hash is the same row."""

    __tablename__ = "strategies"
    __table_args__ = (
        sa.UniqueConstraint("name", "code_sha256", name="uq_strategies_name_code_sha256"),
        sa.UniqueConstraint("name", "version", name="uq_strategies_name_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    version: Mapped[int]
    description: Mapped[str | None] = mapped_column(sa.Text)
    source: Mapped[str] = mapped_column(sa.String(32))
    code: Mapped[str] = mapped_column(sa.Text)
    code_sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    spec: Mapped[dict | None]
    created_at: Mapped[datetime]


class Execution(Base):
    """One run of a strategy (or script): its lifecycle, inputs, headline metrics and results."""

    __tablename__ = "executions"
    # Execution ids name result files, so SQLite must never reuse one (PostgreSQL sequences don't).
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    strategy_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategies.id", ondelete="RESTRICT"), index=True
    )
    strategy_name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(16), default="strategy", server_default="strategy")
    status: Mapped[str] = mapped_column(sa.String(16))
    priority: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))
    # lifecycle
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    duration_s: Mapped[float | None]
    runner_host: Mapped[str | None] = mapped_column(sa.String(255))
    runner_pid: Mapped[int | None]
    # inputs
    symbol: Mapped[str | None] = mapped_column(sa.String(255))
    interval: Mapped[str | None] = mapped_column(sa.String(32))
    data_source: Mapped[str | None] = mapped_column(sa.Text)  # "sample", "yahoo", "file:/path…"
    data_start: Mapped[datetime | None]
    data_end: Mapped[datetime | None]
    bars: Mapped[int | None]
    test_period_days: Mapped[int | None]
    cash: Mapped[float | None]
    commission: Mapped[float | None]
    # headline metrics (see engine.store.records.HEADLINE_METRICS for units)
    return_pct: Mapped[float | None]
    buy_hold_return_pct: Mapped[float | None]
    cagr_pct: Mapped[float | None]
    sharpe_ratio: Mapped[float | None]
    sortino_ratio: Mapped[float | None]
    calmar_ratio: Mapped[float | None]
    max_drawdown_pct: Mapped[float | None]
    win_rate: Mapped[float | None]
    trades: Mapped[int | None]
    profit_factor: Mapped[float | None]
    exposure_pct: Mapped[float | None]
    sqn: Mapped[float | None]
    final_equity: Mapped[float | None]
    # outcome and result files
    error_type: Mapped[str | None] = mapped_column(sa.String(100))
    error_message: Mapped[str | None] = mapped_column(sa.Text)
    log_path: Mapped[str | None] = mapped_column(sa.Text)
    json_path: Mapped[str | None] = mapped_column(sa.Text)
    metrics_path: Mapped[str | None] = mapped_column(sa.Text)
    # big columns last: list rows never load them
    warnings: Mapped[list | None]
    stats: Mapped[dict | None]
    sandbox_report: Mapped[str | None] = mapped_column(sa.Text)
    # added by migration 0005 (detail columns too: a run's own page reads them)
    spread: Mapped[float | None]
    buy_hold_start: Mapped[datetime | None]
    analysis: Mapped[dict | None]
    # a combination of a parameter sweep (migration 0007, engine.store.sweeps): its sweep, its
    # identity within the sweep (unique: a result is never stored twice) and its parameters as
    # typed JSON. No foreign key on sweep_id: adding one to this, the largest table, would make
    # SQLite rebuild it in the migration; sweeps are never deleted.
    sweep_id: Mapped[int | None]
    sweep_key: Mapped[str | None] = mapped_column(sa.String(64))
    params: Mapped[dict | None]
    # what to change to get past the run's error (migration 0009): engine.results.Hint as JSON
    error_hints: Mapped[list | None]


class Trade(Base):
    """One closed trade of an execution (``return_pct`` in percent)."""

    __tablename__ = "trades"
    __table_args__ = (sa.UniqueConstraint("execution_id", "seq", name="uq_trades_execution_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    execution_id: Mapped[int] = mapped_column(sa.ForeignKey("executions.id", ondelete="CASCADE"))
    seq: Mapped[int]
    entry_time: Mapped[datetime | None]
    exit_time: Mapped[datetime | None]
    entry_price: Mapped[float | None]
    exit_price: Mapped[float | None]
    size: Mapped[float | None]
    pnl: Mapped[float | None]
    return_pct: Mapped[float | None]
    entry_bar: Mapped[int | None]
    exit_bar: Mapped[int | None]
    commission: Mapped[float | None]
    exit_reason: Mapped[str | None] = mapped_column(sa.String(64))
    tag: Mapped[str | None] = mapped_column(sa.Text)
    mae_pct: Mapped[float | None]  # worst move against the trade while open, % of entry (<= 0)
    mfe_pct: Mapped[float | None]  # best move in its favour while open, % of entry (>= 0)


class ExecutionTotal(Base):
    """Running totals of the executions of one strategy name in one status (see the module)."""

    __tablename__ = "execution_totals"

    strategy_name: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    status: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    runs: Mapped[int]
    return_count: Mapped[int]
    return_sum: Mapped[float]
    sharpe_count: Mapped[int]
    sharpe_sum: Mapped[float]


class EquityCurve(Base):
    """An execution's equity curve, downsampled and packed (see :mod:`engine.store.equity`)."""

    __tablename__ = "equity_curves"

    execution_id: Mapped[int] = mapped_column(
        sa.ForeignKey("executions.id", ondelete="CASCADE"), primary_key=True
    )
    points: Mapped[int]
    payload: Mapped[bytes] = mapped_column(sa.LargeBinary)


#: Backends other than SQLite, for indexes that differ there (``Index.ddl_if``).
NOT_SQLITE = ("postgresql", "mysql", "mariadb", "mssql", "oracle")

#: The columns of a list row (an ExecutionRecord's fields before the DETAIL_FIELDS) that the
#: SQLite history index carries after its keys (strategy_name, created_at, id).
HISTORY_COVERED = tuple(
    name
    for name in ExecutionRecord._fields[: -len(DETAIL_FIELDS) - 1]
    if name not in ("strategy_name", "created_at", "id", "strategy_version")
)
#: The columns of a history row (:data:`~engine.store.records.HISTORY_FIELDS`) that the SQLite
#: history rows index carries after the same keys.
HISTORY_ROW_COVERED = tuple(name for name in HISTORY_COVERED if name in HISTORY_FIELDS)

# Indexes on executions, each chosen for a query of engine.store (measured with bench/store.py).
# The expression ``lower(symbol)`` makes the case-insensitive symbol filter an index lookup on
# every backend.
_E = Execution
EXECUTION_INDEXES = (
    # strategy_history(): one strategy's runs, newest first. On SQLite the index also carries
    # every other column of a list row (a covering index), so a 2,000-run history reads a few
    # hundred adjacent index pages instead of 2,000 table rows spread over the file. PostgreSQL
    # allows 32 columns in an index, fewer than a list row has: there it is the plain index.
    sa.Index(
        "ix_executions_history",
        _E.strategy_name,
        _E.created_at,
        _E.id,
        *(getattr(_E, name) for name in HISTORY_COVERED),
    ).ddl_if(dialect="sqlite"),
    # strategy_history()'s history rows, the narrower and more frequent read (the dashboard's
    # strategy page), from an index with only their columns: under half the pages of the one
    # above. On PostgreSQL an index entry is limited to ~2.7 kB, too little for error_message
    # and warnings: there it is the plain index too.
    sa.Index(
        "ix_executions_history_rows",
        _E.strategy_name,
        _E.created_at,
        _E.id,
        *(getattr(_E, name) for name in HISTORY_ROW_COVERED),
    ).ddl_if(dialect="sqlite"),
    sa.Index("ix_executions_strategy_created", _E.strategy_name, _E.created_at).ddl_if(
        dialect=NOT_SQLITE
    ),
    # best/worst run and best return of one strategy: a single index seek
    sa.Index("ix_executions_strategy_status_return", _E.strategy_name, _E.status, _E.return_pct),
    # best/worst run overall, and list_executions() sorted by return
    sa.Index("ix_executions_status_return", _E.status, _E.return_pct),
    # the leaderboard: succeeded runs of one symbol by Sharpe
    sa.Index(
        "ix_executions_status_symbol_sharpe", _E.status, sa.func.lower(_E.symbol), _E.sharpe_ratio
    ),
    # list_executions() sorted by each whitelisted column within a status
    sa.Index("ix_executions_status_created", _E.status, _E.created_at),
    sa.Index("ix_executions_status_sharpe", _E.status, _E.sharpe_ratio),
    sa.Index("ix_executions_status_drawdown", _E.status, _E.max_drawdown_pct),
    sa.Index("ix_executions_status_win_rate", _E.status, _E.win_rate),
    sa.Index("ix_executions_status_trades", _E.status, _E.trades),
    sa.Index("ix_executions_status_cagr", _E.status, _E.cagr_pct),
    sa.Index("ix_executions_status_profit_factor", _E.status, _E.profit_factor),
    sa.Index("ix_executions_status_duration", _E.status, _E.duration_s),
    # list_executions(status=None): everything, newest first
    sa.Index("ix_executions_created", _E.created_at),
    # a sweep's results, and the guarantee that each combination is stored once
    sa.Index("ux_executions_sweep_key", _E.sweep_id, _E.sweep_key, unique=True),
)
