"""What traders read beside the headline metrics: spread, buy and hold's start, the analysis.

Revision ID: 0005
Revises: 0004

``executions`` gains ``spread`` (backtesting.py's relative bid-ask spread, beside
``commission``), ``buy_hold_start`` (the bar whose close the buy-and-hold comparison buys at:
the first bar the bot could trade) and ``analysis`` (JSON: monthly returns, the long/short split,
the strategy's parameters; see ``engine._analysis``). ``trades`` gains ``mae_pct`` and
``mfe_pct``: each trade's worst and best excursion while open, in percent of its entry price.
The new execution columns are detail columns (a run's own page reads them; list rows do not),
so the SQLite history index is unchanged.
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


def upgrade() -> None:
    # Plain ADD COLUMN (nullable, no default): no table rebuild on any backend.
    op.add_column("executions", sa.Column("spread", sa.Double(), nullable=True))
    op.add_column(
        "executions", sa.Column("buy_hold_start", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("executions", sa.Column("analysis", JSON, nullable=True))
    op.add_column("trades", sa.Column("mae_pct", sa.Double(), nullable=True))
    op.add_column("trades", sa.Column("mfe_pct", sa.Double(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("trades") as batch:
        batch.drop_column("mfe_pct")
        batch.drop_column("mae_pct")
    with op.batch_alter_table("executions") as batch:
        batch.drop_column("analysis")
        batch.drop_column("buy_hold_start")
        batch.drop_column("spread")
