"""A stopped sweep's hints: what to change to get past its error, as a run's.

Revision ID: 0010
Revises: 0009

``sweeps`` gains ``error_hints`` (JSON: a list of ``{"code", "change", "name", "value"?}``,
:class:`engine.results.Hint`), as ``executions`` did in 0009: a sweep stopped because no Dask
worker joined keeps the ``start_worker`` hint next to its ``error_message``, so the API, MCP,
the command line and the Sweep page each say how to get past it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def upgrade() -> None:
    op.add_column("sweeps", sa.Column("error_hints", JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sweeps") as batch:
        batch.drop_column("error_hints")
