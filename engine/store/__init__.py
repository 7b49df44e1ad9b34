"""Botlab's run store: one :class:`Store` owns every read and write of the database.

It keeps strategies (each version of their code), executions (lifecycle, inputs, headline metrics
as typed columns, backtesting.py's full stats as JSON, errors and result paths), their trades and
downsampled equity curves, and answers the history, leaderboard and summary queries. Any
SQLAlchemy URL works; the default is a SQLite file in ``BOTLAB_HOME`` (WAL mode). The schema is
managed by the numbered Alembic migrations in ``engine/store/migrations/versions``.

Typical use::

    from engine.store import Store, SUCCEEDED

    with Store.open() as store:  # BOTLAB_DATABASE_URL, or $BOTLAB_HOME/botlab.db
        strategy = store.save_strategy("SMA cross", code, source="template")
        run_id = store.create_execution(strategy_id=strategy.id, symbol="AAPL", cash=10_000)
        store.finish_execution(
            run_id,
            status=SUCCEEDED,
            metrics={"return_pct": 12.5, "sharpe_ratio": 1.1, "win_rate": 0.55},
            stats=stats,  # backtesting.py's stats; sanitised here
            trades=[{"entry_time": ..., "exit_time": ..., "pnl": 42.0, "return_pct": 1.2}],
            equity={"time": index, "equity": equity},  # full resolution; downsampled here
        )
        page = store.list_executions(symbol="aapl", sort="sharpe_ratio")  # the leaderboard
        summary = store.performance_summary()

Every backend-specific detail lives in :mod:`engine.store.backend`; timestamps are handled in
:class:`engine.store.schema.UTCDateTime` and values in :mod:`engine.store.sanitize`.
"""

from engine.store.equity import MAX_POINTS as MAX_EQUITY_POINTS
from engine.store.errors import AlreadyFinishedError, NotFoundError, SchemaError, StoreError
from engine.store.records import (
    ACTIVE_STATUSES,
    CANCELLED,
    DETAIL_FIELDS,
    FAILED,
    FINISHED_STATUSES,
    HEADLINE_METRICS,
    HISTORY_FIELDS,
    INTERRUPTED,
    KINDS,
    QUEUED,
    RUNNING,
    SORTABLE_COLUMNS,
    SOURCES,
    STATUSES,
    SUCCEEDED,
    TIMEOUT,
    TRADE_COLUMNS,
    ExecutionRecord,
    Page,
    StrategyRecord,
    StrategySummary,
    TradeRecord,
)
from engine.store.sanitize import sanitize
from engine.store.store import EXECUTION_FIELDS, Store

__all__ = [
    "ACTIVE_STATUSES",
    "CANCELLED",
    "DETAIL_FIELDS",
    "HISTORY_FIELDS",
    "EXECUTION_FIELDS",
    "FAILED",
    "FINISHED_STATUSES",
    "HEADLINE_METRICS",
    "INTERRUPTED",
    "KINDS",
    "MAX_EQUITY_POINTS",
    "QUEUED",
    "RUNNING",
    "SORTABLE_COLUMNS",
    "SOURCES",
    "STATUSES",
    "SUCCEEDED",
    "TIMEOUT",
    "TRADE_COLUMNS",
    "AlreadyFinishedError",
    "ExecutionRecord",
    "NotFoundError",
    "Page",
    "SchemaError",
    "Store",
    "StoreError",
    "StrategyRecord",
    "StrategySummary",
    "TradeRecord",
    "sanitize",
]
