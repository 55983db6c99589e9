"""Initial schema: cases, bookings (seat-based capacity), case events, contact state.

Revision ID: 0001
Revises:
Create Date: 2025-11-22

Written out in full rather than importing the models, so that the migration
stays what it was when later model changes land. DateTime columns use
``timezone=True``; the models' UTCDateTime type stores UTC on every backend.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ACTIVE = sa.text("status = 'active'")


def _utc(name: str, nullable: bool) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Create the four tables and their indexes."""
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=6), nullable=False),
        sa.Column("municipality", sa.String(length=64), nullable=False),
        sa.Column("link_id", sa.String(length=64), nullable=True),
        sa.Column("contact_point_id", sa.String(length=64), nullable=True),
        _utc("assigned_at", True),
        sa.Column("district", sa.String(length=64), nullable=True),
        sa.Column("target_group", sa.String(length=64), nullable=True),
        sa.Column("situation_summary", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("after_hours", sa.Boolean(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("transcript_consent", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("phone_e164", sa.String(length=20), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("transcript", sa.Text(), nullable=True),
        _utc("created_at", False),
        _utc("updated_at", False),
        _utc("taken_at", True),
        sa.Column("escalation_level", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('booked', 'taken', 'called', 'closed', 'cancelled')",
            name=op.f("ck_cases_status"),
        ),
        sa.CheckConstraint("escalation_level >= 0", name=op.f("ck_cases_escalation_level")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("reference", name=op.f("uq_cases_reference")),
    )
    op.create_index(
        op.f("ix_cases_municipality_status"), "cases", ["municipality", "status"], unique=False
    )

    op.create_table(
        "contact_states",
        sa.Column("municipality", sa.String(length=64), nullable=False),
        sa.Column("contact_point_id", sa.String(length=64), nullable=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        _utc("last_escalation_check_at", True),
        _utc("last_assigned_at", True),
        _utc("updated_at", False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "municipality", "contact_point_id", name=op.f("pk_contact_states")
        ),
    )

    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("municipality", sa.String(length=64), nullable=False),
        sa.Column("contact_point_id", sa.String(length=64), nullable=False),
        _utc("slot_start", False),
        _utc("slot_end", False),
        sa.Column("seat", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        _utc("created_at", False),
        _utc("cancelled_at", True),
        sa.CheckConstraint("status IN ('active', 'cancelled')", name=op.f("ck_bookings_status")),
        sa.CheckConstraint("seat >= 1", name=op.f("ck_bookings_seat")),
        sa.CheckConstraint("slot_end > slot_start", name=op.f("ck_bookings_slot_order")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"],
            name=op.f("fk_bookings_case_id_cases"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    op.create_index(
        op.f("ix_bookings_municipality_slot_start"), "bookings",
        ["municipality", "slot_start"], unique=False,
    )
    # The overbooking guard: one active booking per seat of a slot.
    op.create_index(
        "uq_bookings_active_seat", "bookings",
        ["municipality", "contact_point_id", "slot_start", "seat"],
        unique=True, sqlite_where=ACTIVE, postgresql_where=ACTIVE,
    )
    op.create_index(
        "uq_bookings_active_case", "bookings", ["case_id"],
        unique=True, sqlite_where=ACTIVE, postgresql_where=ACTIVE,
    )

    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        _utc("at", False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"],
            name=op.f("fk_case_events_case_id_cases"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    op.create_index(
        op.f("ix_case_events_case_id_at"), "case_events", ["case_id", "at"], unique=False
    )


def downgrade() -> None:
    """Drop everything this revision created."""
    op.drop_index(op.f("ix_case_events_case_id_at"), table_name="case_events")
    op.drop_table("case_events")
    op.drop_index("uq_bookings_active_case", table_name="bookings")
    op.drop_index("uq_bookings_active_seat", table_name="bookings")
    op.drop_index(op.f("ix_bookings_municipality_slot_start"), table_name="bookings")
    op.drop_table("bookings")
    op.drop_table("contact_states")
    op.drop_index(op.f("ix_cases_municipality_status"), table_name="cases")
    op.drop_table("cases")
