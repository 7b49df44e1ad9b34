"""What traders read beside the headline metrics: spread, buy and hold's start, the analysis.

Revision ID: 0005
Revises: 0004

``executions`` gains ``spread`` (backtesting.py's relative bid-ask spread, beside
``commission``), ``buy_hold_start`` (the bar whose close the buy-and-hold comparison buys at:
the first bar the bot could trade) and ``analysis`` (JSON: monthly returns, the long/short split,
the strategy's parameters; see ``engine.execution.analysis``). ``trades`` gains ``mae_pct`` and
``mfe_pct``: each trade's worst and best excursion while open, in percent of its entry price.

``spread`` and ``analysis`` are detail columns (a run's own page reads them; list rows do not).
``buy_hold_start`` is part of a list row's data, so on SQLite the history index, which covers
every column of a list row (0004), is rebuilt with it at the end.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")

HISTORY_INDEX = "ix_executions_history"
# 0004's index columns: the keys, then every other column of a list row
HISTORY_0004 = [
    "strategy_name",
    "created_at",
    "id",
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
    # Plain ADD COLUMN (nullable, no default): no table rebuild on any backend.
    op.add_column("executions", sa.Column("spread", sa.Double(), nullable=True))
    op.add_column(
        "executions", sa.Column("buy_hold_start", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("executions", sa.Column("analysis", JSON, nullable=True))
    op.add_column("trades", sa.Column("mae_pct", sa.Double(), nullable=True))
    op.add_column("trades", sa.Column("mfe_pct", sa.Double(), nullable=True))
    if _sqlite():
        op.drop_index(HISTORY_INDEX, table_name="executions")
        op.create_index(HISTORY_INDEX, "executions", [*HISTORY_0004, "buy_hold_start"])


def downgrade() -> None:
    if _sqlite():
        op.drop_index(HISTORY_INDEX, table_name="executions")
        op.create_index(HISTORY_INDEX, "executions", HISTORY_0004)
    with op.batch_alter_table("trades") as batch:
        batch.drop_column("mfe_pct")
        batch.drop_column("mae_pct")
    with op.batch_alter_table("executions") as batch:
        batch.drop_column("analysis")
        batch.drop_column("buy_hold_start")
        batch.drop_column("spread")
