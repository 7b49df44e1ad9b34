"""A failed run's hints: what to change to get past its error, as facts.

Revision ID: 0009
Revises: 0008

``executions`` gains ``error_hints`` (JSON: a list of ``{"code", "change", "name", "value"?}``,
:class:`engine.results.Hint`), so that a run's stored ``error_message`` says only what went
wrong and each front end says the hints its own way (the command line as flags, the API as
request fields, the dashboard as what to click). A detail column: list rows do not read it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def upgrade() -> None:
    op.add_column("executions", sa.Column("error_hints", JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("executions") as batch:
        batch.drop_column("error_hints")
