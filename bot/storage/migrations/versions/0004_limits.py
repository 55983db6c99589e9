"""Rate limits shared by every web instance (rate_limits), and API tokens that expire.

Revision ID: 0004
Revises: 0003
Create Date: 2025-12-01

Written out in full (like 0001 to 0003) so that it stays what it is when later
model changes land. Tokens made before this revision keep ``expires_at`` empty;
:mod:`bot.staff.accounts` counts their lifetime from ``created_at``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the rate_limits table; add api_tokens.expires_at."""
    op.create_table(
        "rate_limits",
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_rate_limits")),
    )
    op.create_index(
        op.f("ix_rate_limits_expires_at"), "rate_limits", ["expires_at"], unique=False
    )
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop api_tokens.expires_at and the rate_limits table."""
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
    op.drop_index(op.f("ix_rate_limits_expires_at"), table_name="rate_limits")
    op.drop_table("rate_limits")
