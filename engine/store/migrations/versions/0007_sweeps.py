"""Parameter sweeps: the ``sweeps`` table, and sweep columns on executions.

Revision ID: 0007
Revises: 0006

Each combination of a sweep is an execution with ``sweep_id``, ``sweep_key`` (its identity in the
sweep, unique with ``sweep_id`` so a result is never stored twice) and ``params`` (typed JSON).
``sweep_id`` has no foreign key: adding one to ``executions`` would make SQLite rebuild the
table. The model and its queries are in :mod:`engine.store.sweeps`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sweeps",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "strategy_id",
            sa.Integer(),
            sa.ForeignKey("strategies.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("strategy_name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("objective", sa.String(32), nullable=False),
        sa.Column("combinations", sa.Integer(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("started_at", _utc(), nullable=True),
        sa.Column("finished_at", _utc(), nullable=True),
        sa.Column("heartbeat_at", _utc(), nullable=True),
        sa.Column("runner_host", sa.String(255), nullable=True),
        sa.Column("runner_pid", sa.Integer(), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("best_execution_id", sa.Integer(), nullable=True),
        sa.Column("error_type", sa.String(64), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("definition", JSON, nullable=False),
        sa.Column("summary", JSON, nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_sweeps_created", "sweeps", ["created_at"])
    op.add_column("executions", sa.Column("sweep_id", sa.Integer(), nullable=True))
    op.add_column("executions", sa.Column("sweep_key", sa.String(64), nullable=True))
    op.add_column("executions", sa.Column("params", JSON, nullable=True))
    op.create_index("ux_executions_sweep_key", "executions", ["sweep_id", "sweep_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_executions_sweep_key", table_name="executions")
    # plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35): a batch rebuild of executions would
    # lose its expression index
    for column in ("params", "sweep_key", "sweep_id"):
        op.drop_column("executions", column)
    op.drop_index("ix_sweeps_created", table_name="sweeps")
    op.drop_table("sweeps")
