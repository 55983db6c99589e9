"""Widget answers kept for idempotent retries: the chat_replies table.

Revision ID: 0003
Revises: 0002
Create Date: 2025-11-30

Written out in full (like 0001 and 0002) so that it stays what it is when later
model changes land.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the chat_replies table and its indexes."""
    op.create_table(
        "chat_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("visitor_hash", sa.String(length=64), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("response", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_replies")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_chat_replies_key_hash")),
    )
    op.create_index(
        op.f("ix_chat_replies_visitor_hash"), "chat_replies", ["visitor_hash"], unique=False
    )
    op.create_index(
        op.f("ix_chat_replies_created_at"), "chat_replies", ["created_at"], unique=False
    )


def downgrade() -> None:
    """Drop the chat_replies table."""
    op.drop_index(op.f("ix_chat_replies_created_at"), table_name="chat_replies")
    op.drop_index(op.f("ix_chat_replies_visitor_hash"), table_name="chat_replies")
    op.drop_table("chat_replies")
