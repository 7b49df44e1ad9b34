"""SQLite: one strategy's history read from a covering index.

Revision ID: 0004
Revises: 0003

On SQLite, ``ix_executions_strategy_created`` (strategy_name, created_at) becomes
``ix_executions_history``: the same keys plus ``id`` and every other column of a list row, so
``Store.strategy_history`` never visits the table (see ``engine.store.schema``). List rows now
also carry ``error_message``, ``data_start``, ``data_end`` and ``warnings``. Other backends keep
the two-column index: PostgreSQL allows at most 32 columns in an index.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

HISTORY_KEYS = ["strategy_name", "created_at", "id"]
HISTORY_COVERED = [
    "strategy_id",
    "kind",
    "status",
    "priority",
    "started_at",
    "finished_at",
    "duration_s",
    "symbol",
    "interval",
    "data_source",
    "data_start",
    "data_end",
    "bars",
    "test_period_days",
    "cash",
    "commission",
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
    "error_type",
    "error_message",
    "warnings",
]


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    if not _sqlite():
        return
    op.drop_index("ix_executions_strategy_created", table_name="executions")
    op.create_index("ix_executions_history", "executions", HISTORY_KEYS + HISTORY_COVERED)


def downgrade() -> None:
    if not _sqlite():
        return
    op.drop_index("ix_executions_history", table_name="executions")
    op.create_index("ix_executions_strategy_created", "executions", ["strategy_name", "created_at"])
