"""What the store hands back: plain frozen dataclasses, plus the names other modules share.

Import the status and metric names from here instead of repeating strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from engine.dates import bar_time

# Execution lifecycle. A run is created ``queued`` (waiting for a worker) or ``running``, and ends
# in exactly one of the finished statuses.
QUEUED = "queued"
RUNNING = "running"
SUCCEEDED = "succeeded"
FAILED = "failed"
TIMEOUT = "timeout"
CANCELLED = "cancelled"
STATUSES = (QUEUED, RUNNING, SUCCEEDED, FAILED, TIMEOUT, CANCELLED)
ACTIVE_STATUSES = (QUEUED, RUNNING)
FINISHED_STATUSES = (SUCCEEDED, FAILED, TIMEOUT, CANCELLED)

#: What an execution ran: a strategy class driven by Botlab, or a user script.
KINDS = ("strategy", "script")

#: Where a strategy's code came from.
SOURCES = ("file", "offline", "gemini", "upload", "template", "edited")

#: ``error_type`` of runs found ``running`` after their process died (see ``close_interrupted``).
INTERRUPTED = "interrupted"

#: The headline metrics, each a typed column of ``executions``. Units: ``*_pct`` in percent
#: (``max_drawdown_pct`` stored <= 0: a positive value is taken as the magnitude), ``win_rate`` a
#: fraction 0-1 (anything else is refused), ``trades`` an int, the rest plain ratios or money
#: (``final_equity``).
HEADLINE_METRICS = (
    "return_pct",
    "buy_hold_return_pct",
    "cagr_pct",
    "sharpe_ratio",
    "sortino_ratio",
    "calmar_ratio",
    "max_drawdown_pct",
    "win_rate",
    "trades",
    "profit_factor",
    "exposure_pct",
    "sqn",
    "final_equity",
)

#: Columns ``list_executions`` can sort by (each backed by an index).
SORTABLE_COLUMNS = (
    "created_at",
    "return_pct",
    "sharpe_ratio",
    "max_drawdown_pct",
    "win_rate",
    "trades",
    "cagr_pct",
    "profit_factor",
    "duration_s",
)

#: The columns of one trade, in order.
TRADE_COLUMNS = (
    "seq",
    "entry_time",
    "exit_time",
    "entry_price",
    "exit_price",
    "size",
    "pnl",
    "return_pct",
    "entry_bar",
    "exit_bar",
    "commission",
    "exit_reason",
    "tag",
    "mae_pct",
    "mfe_pct",
)


#: The ExecutionRecord fields a strategy's history (``strategy_history``) loads: what the
#: dashboard's chart and table of a strategy's runs show, and why a run failed or warned, on
#: which data. The other fields are ``None`` there: a 2,000-run history reads 15 fields a row
#: instead of 40.
HISTORY_FIELDS = frozenset(
    {
        "id",
        "strategy_id",
        "strategy_name",
        "strategy_version",
        "status",
        "created_at",
        "symbol",
        "return_pct",
        "sharpe_ratio",
        "trades",
        "error_type",
        "error_message",
        "warnings",
        "data_start",
        "data_end",
    }
)

#: ExecutionRecord fields that list queries (``list_executions``, ``strategy_history``) leave
#: unloaded (``None``): the big JSON/text columns and what only a run's own page needs. Keeping list
#: rows narrow is what keeps a 2,000-run history fast. They are the record's last fields.
DETAIL_FIELDS = (
    "heartbeat_at",
    "runner_host",
    "runner_pid",
    "log_path",
    "json_path",
    "metrics_path",
    "stats",
    "sandbox_report",
    "spread",
    "analysis",
    "sweep_id",
    "params",
    "error_hints",
)


@dataclass(frozen=True)
class StrategyRecord:
    """One version of a strategy."""

    id: int
    name: str
    version: int
    description: str | None
    source: str
    code: str
    code_sha256: str
    spec: dict | None
    created_at: datetime


@dataclass(frozen=True)
class StrategySummary:
    """A strategy name with all its versions and runs rolled up (``list_strategies``)."""

    name: str
    versions: int
    latest_version: int
    latest_id: int
    source: str
    description: str | None
    created_at: datetime
    updated_at: datetime
    runs: int
    successful_runs: int
    best_return_pct: float | None
    last_run_at: datetime | None


class ExecutionRecord(NamedTuple):
    """One execution with every column, plus its strategy's version.

    Rows from list queries (``list_executions``, ``strategy_history``) leave the
    :data:`DETAIL_FIELDS` unloaded: there they are ``None`` and ``details_loaded`` is false.
    ``get_execution`` loads everything.

    A named tuple rather than a dataclass because a 2,000-run history builds 2,000 of them:
    a tuple is built in one C call from the database row (2,000 frozen dataclasses took 8 ms,
    2,000 of these 1.5 ms). Use it by attribute; ``_asdict()`` gives a dict.
    """

    id: int
    strategy_id: int
    strategy_name: str
    strategy_version: int | None
    kind: str
    status: str
    priority: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    duration_s: float | None
    symbol: str | None
    interval: str | None
    data_source: str | None
    data_start: datetime | None
    data_end: datetime | None
    bars: int | None
    test_period_days: int | None
    cash: float | None
    commission: float | None
    return_pct: float | None
    buy_hold_return_pct: float | None
    cagr_pct: float | None
    sharpe_ratio: float | None
    sortino_ratio: float | None
    calmar_ratio: float | None
    max_drawdown_pct: float | None
    win_rate: float | None
    trades: int | None
    profit_factor: float | None
    exposure_pct: float | None
    sqn: float | None
    final_equity: float | None
    error_type: str | None
    error_message: str | None
    warnings: list[str] | None
    buy_hold_start: datetime | None = None  # added by migration 0005 (see ``data``)
    # the DETAIL_FIELDS, in that order
    heartbeat_at: datetime | None = None
    runner_host: str | None = None
    runner_pid: int | None = None
    log_path: str | None = None
    json_path: str | None = None
    metrics_path: str | None = None
    stats: dict[str, Any] | None = None
    sandbox_report: str | None = None
    spread: float | None = None
    analysis: dict[str, Any] | None = None
    sweep_id: int | None = None
    params: dict[str, Any] | None = None
    error_hints: list[dict[str, str]] | None = None
    details_loaded: bool = False

    @property
    def metrics(self) -> dict[str, float | int | None]:
        """The headline metrics, keyed by :data:`HEADLINE_METRICS`."""
        return {name: getattr(self, name) for name in HEADLINE_METRICS}

    @property
    def data(self) -> dict[str, Any]:
        """The market data the run used, as ``MarketData.describe()`` gave it when it ran:
        ``{"symbol", "source", "start", "end", "bars", "interval", "buy_hold_start"}``, times
        as text. ``buy_hold_start`` is the bar whose close buy and hold is bought at (the first
        bar the bot could trade)."""
        return {
            "symbol": self.symbol,
            "source": self.data_source,
            "start": None if self.data_start is None else bar_time(self.data_start),
            "end": None if self.data_end is None else bar_time(self.data_end),
            "bars": self.bars,
            "interval": self.interval,
            "buy_hold_start": (
                None if self.buy_hold_start is None else bar_time(self.buy_hold_start)
            ),
        }

    @property
    def finished(self) -> bool:
        """Whether the run has reached one of :data:`FINISHED_STATUSES`."""
        return self.status in FINISHED_STATUSES


@dataclass(frozen=True)
class TradeRecord:
    """One closed trade (``return_pct`` in percent)."""

    id: int
    execution_id: int
    seq: int
    entry_time: datetime | None
    exit_time: datetime | None
    entry_price: float | None
    exit_price: float | None
    size: float | None
    pnl: float | None
    return_pct: float | None
    entry_bar: int | None
    exit_bar: int | None
    commission: float | None
    exit_reason: str | None
    tag: str | None
    mae_pct: float | None = None
    mfe_pct: float | None = None


@dataclass(frozen=True)
class Page:
    """One page of ``list_executions``: ``items`` plus the ``total`` matching every filter."""

    items: list[ExecutionRecord] = field(default_factory=list)
    total: int = 0
    limit: int = 50
    offset: int = 0

    @property
    def has_more(self) -> bool:
        """Whether another page follows this one."""
        return self.offset + len(self.items) < self.total
