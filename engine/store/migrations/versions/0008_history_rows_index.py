"""SQLite: a strategy's history rows read from an index of their own.

Revision ID: 0008
Revises: 0007

``Store.strategy_history`` reads history rows (``engine.store.records.HISTORY_FIELDS``, 15 of a
list row's 37 fields) from ``ix_executions_history``, which covers every column of a list row
(0004, 0005) and so is more than twice the size of what that query needs. On SQLite,
``ix_executions_history_rows`` holds the same keys (strategy_name, created_at, id) plus only the
history row's columns: a 2,000-run history reads under half the index pages. The wide index stays
for list rows (``strategy_history(full=True)``).

Other backends keep their plain (strategy_name, created_at) index: on PostgreSQL an index entry
is limited to about 2.7 kB, so carrying ``error_message`` and ``warnings`` could make finishing a
run with long ones fail.
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEX = "ix_executions_history_rows"
COLUMNS = [
    "strategy_name",
    "created_at",
    "id",
    "strategy_id",
    "status",
    "symbol",
    "data_start",
    "data_end",
    "return_pct",
    "sharpe_ratio",
    "trades",
    "error_type",
    "error_message",
    "warnings",
]


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    if not _sqlite():
        return
    op.create_index(INDEX, "executions", COLUMNS)
    # A database whose other indexes have planner statistics (``PRAGMA optimize`` gathers them)
    # needs this one's too: without, SQLite guesses it matches ~10 rows a name against the
    # others' thousands, and reads list rows through it and the table instead of their own
    # covering index.
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
        bind.exec_driver_sql(f"ANALYZE {INDEX}")


def downgrade() -> None:
    if _sqlite():
        op.drop_index(INDEX, table_name="executions")
