"""Initial schema: strategies, executions, their totals, trades and equity curves.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "strategies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("code_sha256", sa.String(64), nullable=False),
        sa.Column("spec", JSON, nullable=True),
        sa.Column("created_at", _utc(), nullable=False),
        sa.UniqueConstraint("name", "code_sha256", name="uq_strategies_name_code_sha256"),
        sa.UniqueConstraint("name", "version", name="uq_strategies_name_version"),
    )
    op.create_index("ix_strategies_name", "strategies", ["name"])
    op.create_index("ix_strategies_code_sha256", "strategies", ["code_sha256"])

    op.create_table(
        "executions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "strategy_id",
            sa.Integer(),
            sa.ForeignKey("strategies.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("strategy_name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False, server_default="strategy"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("started_at", _utc(), nullable=True),
        sa.Column("finished_at", _utc(), nullable=True),
        sa.Column("heartbeat_at", _utc(), nullable=True),
        sa.Column("duration_s", sa.Double(), nullable=True),
        sa.Column("runner_host", sa.String(255), nullable=True),
        sa.Column("runner_pid", sa.Integer(), nullable=True),
        sa.Column("symbol", sa.String(255), nullable=True),
        sa.Column("interval", sa.String(32), nullable=True),
        sa.Column("data_source", sa.Text(), nullable=True),
        sa.Column("data_start", _utc(), nullable=True),
        sa.Column("data_end", _utc(), nullable=True),
        sa.Column("bars", sa.Integer(), nullable=True),
        sa.Column("test_period_days", sa.Integer(), nullable=True),
        sa.Column("cash", sa.Double(), nullable=True),
        sa.Column("commission", sa.Double(), nullable=True),
        sa.Column("return_pct", sa.Double(), nullable=True),
        sa.Column("buy_hold_return_pct", sa.Double(), nullable=True),
        sa.Column("cagr_pct", sa.Double(), nullable=True),
        sa.Column("sharpe_ratio", sa.Double(), nullable=True),
        sa.Column("sortino_ratio", sa.Double(), nullable=True),
        sa.Column("calmar_ratio", sa.Double(), nullable=True),
        sa.Column("max_drawdown_pct", sa.Double(), nullable=True),
        sa.Column("win_rate", sa.Double(), nullable=True),
        sa.Column("trades", sa.Integer(), nullable=True),
        sa.Column("profit_factor", sa.Double(), nullable=True),
        sa.Column("exposure_pct", sa.Double(), nullable=True),
        sa.Column("sqn", sa.Double(), nullable=True),
        sa.Column("final_equity", sa.Double(), nullable=True),
        sa.Column("error_type", sa.String(100), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("log_path", sa.Text(), nullable=True),
        sa.Column("json_path", sa.Text(), nullable=True),
        sa.Column("metrics_path", sa.Text(), nullable=True),
        # big columns last
        sa.Column("warnings", JSON, nullable=True),
        sa.Column("stats", JSON, nullable=True),
        sa.Column("sandbox_report", sa.Text(), nullable=True),
        sqlite_autoincrement=True,
    )
    _execution_indexes()

    op.create_table(
        "execution_totals",
        sa.Column("strategy_name", sa.String(200), primary_key=True),
        sa.Column("status", sa.String(16), primary_key=True),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("return_count", sa.Integer(), nullable=False),
        sa.Column("return_sum", sa.Double(), nullable=False),
        sa.Column("sharpe_count", sa.Integer(), nullable=False),
        sa.Column("sharpe_sum", sa.Double(), nullable=False),
    )

    op.create_table(
        "trades",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "execution_id",
            sa.Integer(),
            sa.ForeignKey("executions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entry_time", _utc(), nullable=True),
        sa.Column("exit_time", _utc(), nullable=True),
        sa.Column("entry_price", sa.Double(), nullable=True),
        sa.Column("exit_price", sa.Double(), nullable=True),
        sa.Column("size", sa.Double(), nullable=True),
        sa.Column("pnl", sa.Double(), nullable=True),
        sa.Column("return_pct", sa.Double(), nullable=True),
        sa.Column("entry_bar", sa.Integer(), nullable=True),
        sa.Column("exit_bar", sa.Integer(), nullable=True),
        sa.Column("commission", sa.Double(), nullable=True),
        sa.Column("exit_reason", sa.String(64), nullable=True),
        sa.Column("tag", sa.Text(), nullable=True),
        sa.UniqueConstraint("execution_id", "seq", name="uq_trades_execution_seq"),
    )

    op.create_table(
        "equity_curves",
        sa.Column(
            "execution_id",
            sa.Integer(),
            sa.ForeignKey("executions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
    )


def _execution_indexes() -> None:
    lower_symbol = sa.text("lower(symbol)")
    indexes = {
        "ix_executions_strategy_id": ["strategy_id"],
        "ix_executions_strategy_created": ["strategy_name", "created_at"],
        "ix_executions_strategy_status_return": ["strategy_name", "status", "return_pct"],
        "ix_executions_status_return": ["status", "return_pct"],
        "ix_executions_status_symbol_sharpe": ["status", lower_symbol, "sharpe_ratio"],
        "ix_executions_status_created": ["status", "created_at"],
        "ix_executions_status_sharpe": ["status", "sharpe_ratio"],
        "ix_executions_status_drawdown": ["status", "max_drawdown_pct"],
        "ix_executions_status_win_rate": ["status", "win_rate"],
        "ix_executions_status_trades": ["status", "trades"],
        "ix_executions_status_cagr": ["status", "cagr_pct"],
        "ix_executions_status_profit_factor": ["status", "profit_factor"],
        "ix_executions_status_duration": ["status", "duration_s"],
        "ix_executions_created": ["created_at"],
    }
    for name, columns in indexes.items():
        op.create_index(name, "executions", columns)


def downgrade() -> None:
    op.drop_table("equity_curves")
    op.drop_table("trades")
    op.drop_table("execution_totals")
    op.drop_table("executions")
    op.drop_table("strategies")
