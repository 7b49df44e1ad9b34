"""Gemini generation: generations, their attempts, and per-key statistics.

Revision ID: 0002
Revises: 0001

The models are in :mod:`engine.store.generation`. API keys are never stored: ``gemini_keys`` is
keyed by the key's HMAC fingerprint.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _counter(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text("0"))


def upgrade() -> None:
    op.create_table(
        "generations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("finished_at", _utc(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("model", sa.String(100), nullable=False),
        _counter("attempt_count"),
        sa.Column("succeeded_attempt", sa.Integer(), nullable=True),
        sa.Column("class_name", sa.String(200), nullable=True),
        sa.Column(
            "execution_id",
            sa.Integer(),
            sa.ForeignKey("executions.id", ondelete="SET NULL"),
            nullable=True,
        ),
        _counter("prompt_tokens"),
        _counter("output_tokens"),
        sa.Column("duration_s", sa.Double(), nullable=True),
        sa.Column("error_type", sa.String(64), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_generations_created", "generations", ["created_at"])

    op.create_table(
        "generation_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "generation_id",
            sa.Integer(),
            sa.ForeignKey("generations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("key_fingerprint", sa.String(32), nullable=True),
        sa.Column("model", sa.String(100), nullable=False),
        sa.Column("started_at", _utc(), nullable=False),
        sa.Column("duration_s", sa.Double(), nullable=True),
        sa.Column("prompt_tokens", sa.Integer(), nullable=True),
        sa.Column("output_tokens", sa.Integer(), nullable=True),
        sa.Column("finish_reason", sa.String(32), nullable=True),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column(
            "execution_id",
            sa.Integer(),
            sa.ForeignKey("executions.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("code_sha256", sa.String(64), nullable=True),
        sa.Column("class_name", sa.String(200), nullable=True),
        # big columns last
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("code", sa.Text(), nullable=True),
        sa.UniqueConstraint("generation_id", "attempt", name="uq_generation_attempts_number"),
    )

    op.create_table(
        "gemini_keys",
        sa.Column("fingerprint", sa.String(32), primary_key=True),
        _counter("calls"),
        _counter("rate_limits"),
        _counter("failures"),
        _counter("prompt_tokens"),
        _counter("output_tokens"),
        _counter("bots_succeeded"),
        _counter("bots_failed"),
        sa.Column("last_used_at", _utc(), nullable=True),
        sa.Column("cooled_until", _utc(), nullable=True),
        sa.Column("cooled_model", sa.String(100), nullable=True),
        sa.Column("cooled_kind", sa.String(16), nullable=True),
        sa.Column("cooled_reason", sa.Text(), nullable=True),
        sa.Column("disabled_at", _utc(), nullable=True),
        sa.Column("disabled_reason", sa.Text(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("gemini_keys")
    op.drop_table("generation_attempts")
    op.drop_index("ix_generations_created", table_name="generations")
    op.drop_table("generations")
