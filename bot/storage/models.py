"""Database tables for callback cases, bookings, case history and contact state.

Overbooking is made impossible by the schema itself, not by a count check alone:
every active booking holds a numbered *seat* (1..capacity) of its slot, and a
partial unique index over (municipality, contact point, slot start, seat) for
active bookings lets only one transaction take a seat. This works the same on
SQLite (3.8+) and PostgreSQL; cancelling frees the seat. A second partial
unique index keeps one active booking per case.

All datetimes are stored as UTC; :class:`UTCDateTime` makes them aware on read,
also on SQLite, which has no time zones.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime, timedelta
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so Alembic migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Base: Any = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))


class UTCDateTime(TypeDecorator):  # type: ignore[type-arg]
    """Timezone-aware datetime stored as UTC; naive values are refused.

    PostgreSQL keeps ``timestamptz``; SQLite stores naive UTC text, which sorts
    correctly and is made aware again on read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(
        self, value: Optional[datetime], dialect: Dialect
    ) -> Optional[datetime]:
        """Convert to UTC before storing."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(
        self, value: Optional[datetime], dialect: Dialect
    ) -> Optional[datetime]:
        """Return aware UTC datetimes on every backend."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class CaseStatus(enum.StrEnum):
    """Where a callback case stands."""

    BOOKED = "booked"  # waiting for the assigned contact to take it
    TAKEN = "taken"  # a contact has taken responsibility
    CALLED = "called"  # the callback has been made
    CLOSED = "closed"  # finished (also: no answer after attempts)
    CANCELLED = "cancelled"  # cancelled by the relative


class BookingStatus(enum.StrEnum):
    """Whether a booking holds its seat."""

    ACTIVE = "active"
    CANCELLED = "cancelled"


def _values(enum_type: type[enum.Enum]) -> str:
    return ", ".join(f"'{member.value}'" for member in enum_type)


class Case(Base):
    """A relative's request to be called back, routed along a referral chain."""

    __tablename__ = "cases"

    id = Column(Integer, primary_key=True)
    reference = Column(String(6), nullable=False, unique=True)
    municipality = Column(String(64), nullable=False)
    link_id = Column(String(64), nullable=True)
    contact_point_id = Column(String(64), nullable=True)  # current assignee
    assigned_at = Column(UTCDateTime, nullable=True)  # escalation time counts from here
    district = Column(String(64), nullable=True)
    target_group = Column(String(64), nullable=True)
    situation_summary = Column(Text, nullable=True)
    status = Column(String(16), nullable=False, default=CaseStatus.BOOKED.value)
    after_hours = Column(Boolean, nullable=False, default=False)
    consent = Column(Boolean, nullable=False, default=False)
    transcript_consent = Column(Boolean, nullable=False, default=False)
    # Personal data: only with consent, cleared on cancellation and by retention.
    name = Column(String(100), nullable=True)
    phone_e164 = Column(String(20), nullable=True)
    message = Column(Text, nullable=True)
    transcript = Column(Text, nullable=True)
    created_at = Column(UTCDateTime, nullable=False)
    updated_at = Column(UTCDateTime, nullable=False)
    taken_at = Column(UTCDateTime, nullable=True)
    escalation_level = Column(Integer, nullable=False, default=0)
    version = Column(Integer, nullable=False, default=1)

    bookings = relationship(
        "Booking", back_populates="case", cascade="all, delete-orphan", passive_deletes=True
    )
    events = relationship(
        "CaseEvent", back_populates="case", cascade="all, delete-orphan", passive_deletes=True,
        order_by="CaseEvent.id",
    )

    __table_args__ = (
        CheckConstraint(f"status IN ({_values(CaseStatus)})", name="status"),
        CheckConstraint("escalation_level >= 0", name="escalation_level"),
        Index(None, "municipality", "status"),
    )
    # Every ORM update checks and bumps the version, like the escalation job's conditional UPDATE.
    __mapper_args__ = {"version_id_col": version}


class Booking(Base):
    """A case's claim on one seat of a contact point's callback window."""

    __tablename__ = "bookings"

    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    municipality = Column(String(64), nullable=False)
    contact_point_id = Column(String(64), nullable=False)
    slot_start = Column(UTCDateTime, nullable=False)
    slot_end = Column(UTCDateTime, nullable=False)
    seat = Column(Integer, nullable=False)
    status = Column(String(16), nullable=False, default=BookingStatus.ACTIVE.value)
    created_at = Column(UTCDateTime, nullable=False)
    cancelled_at = Column(UTCDateTime, nullable=True)

    case = relationship("Case", back_populates="bookings")

    __table_args__ = (
        CheckConstraint(f"status IN ({_values(BookingStatus)})", name="status"),
        CheckConstraint("seat >= 1", name="seat"),
        CheckConstraint("slot_end > slot_start", name="slot_order"),
        Index(
            "uq_bookings_active_seat",
            "municipality", "contact_point_id", "slot_start", "seat",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        Index(
            "uq_bookings_active_case",
            "case_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        Index(None, "municipality", "slot_start"),
    )


class CaseEvent(Base):
    """One step in a case's history (audit trail). ``detail`` never holds personal data."""

    __tablename__ = "case_events"

    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    at = Column(UTCDateTime, nullable=False)
    kind = Column(String(32), nullable=False)
    actor = Column(String(64), nullable=False)
    detail = Column(JSON, nullable=False, default=dict)

    case = relationship("Case", back_populates="events")

    __table_args__ = (Index(None, "case_id", "at"),)


class ContactState(Base):
    """Runtime state of one contact point: availability and the last escalation check."""

    __tablename__ = "contact_states"

    municipality = Column(String(64), primary_key=True)
    contact_point_id = Column(String(64), primary_key=True)
    available = Column(Boolean, nullable=False, default=True)
    last_escalation_check_at = Column(UTCDateTime, nullable=True)
    last_assigned_at = Column(UTCDateTime, nullable=True)
    updated_at = Column(UTCDateTime, nullable=False)
    version = Column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}


# ---------------------------------------------------------------- staff dashboard (issue 5)


class StaffRole(enum.StrEnum):
    """What a staff account may do: work cases of its unit, of the municipality, or accounts."""

    CONTACT = "contact"  # the cases of its own contact point's unit
    COORDINATOR = "coordinator"  # every case of the municipality, figures and the audit log
    ADMIN = "admin"  # accounts only


class StaffUser(Base):
    """A staff account of the dashboard and the API; the password is an argon2 hash."""

    __tablename__ = "staff_users"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    role = Column(String(16), nullable=False)
    municipality = Column(String(64), nullable=False)
    contact_point_id = Column(String(64), nullable=True)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(UTCDateTime, nullable=False)
    updated_at = Column(UTCDateTime, nullable=False)
    password_changed_at = Column(UTCDateTime, nullable=False)

    __table_args__ = (CheckConstraint(f"role IN ({_values(StaffRole)})", name="role"),)


class StaffSession(Base):
    """A signed-in browser. ``id`` is the SHA-256 of the cookie's token, never the token."""

    __tablename__ = "staff_sessions"

    id = Column(String(64), primary_key=True)
    user_id = Column(Integer, ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(UTCDateTime, nullable=False)
    last_seen_at = Column(UTCDateTime, nullable=False)
    expires_at = Column(UTCDateTime, nullable=False)  # absolute end, however active

    __table_args__ = (Index(None, "user_id"),)


class ApiToken(Base):
    """A bearer token of the JSON API, acting as its user. Only the SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False)
    token_hash = Column(String(64), nullable=False, unique=True)
    prefix = Column(String(16), nullable=False)  # shown in listings to tell tokens apart
    label = Column(String(100), nullable=True)
    created_at = Column(UTCDateTime, nullable=False)
    last_used_at = Column(UTCDateTime, nullable=True)
    revoked_at = Column(UTCDateTime, nullable=True)
    # After this the token is refused; None (tokens made before expiry existed) counts
    # from created_at with the default lifetime (bot.staff.accounts).
    expires_at = Column(UTCDateTime, nullable=True)

    __table_args__ = (Index(None, "user_id"),)


class LoginAttempt(Base):
    """One sign-in attempt, for throttling per account and per address; pruned after a day."""

    __tablename__ = "login_attempts"

    id = Column(Integer, primary_key=True)
    at = Column(UTCDateTime, nullable=False)
    username = Column(String(64), nullable=False)
    ip = Column(String(64), nullable=False)
    success = Column(Boolean, nullable=False)

    __table_args__ = (Index(None, "username", "at"), Index(None, "ip", "at"))


class AuditEvent(Base):
    """Who viewed personal data or changed something, when, and in which case.

    No foreign key to ``cases``: the audit trail outlives the case and its
    personal data. ``detail`` holds ids and categories, never personal data.
    """

    __tablename__ = "audit_events"

    id = Column(Integer, primary_key=True)
    at = Column(UTCDateTime, nullable=False)
    actor = Column(String(64), nullable=False)
    role = Column(String(16), nullable=True)
    via = Column(String(8), nullable=False)  # web, api or cli
    action = Column(String(48), nullable=False)
    municipality = Column(String(64), nullable=False)
    case_reference = Column(String(6), nullable=True)
    target = Column(String(64), nullable=True)  # e.g. the account an admin changed
    detail = Column(JSON, nullable=False, default=dict)

    __table_args__ = (Index(None, "at"), Index(None, "case_reference", "at"))


class CaseNote(Base):
    """Free text staff wrote about a case: a note, or the reason a case was passed on.

    Kept out of ``case_events.detail`` because free text may hold personal data
    and must go with the case's other personal data at retention.
    """

    __tablename__ = "case_notes"

    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    at = Column(UTCDateTime, nullable=False)
    author = Column(String(64), nullable=False)
    kind = Column(String(16), nullable=False, default="note")  # note | forward_reason
    text = Column(Text, nullable=False)

    __table_args__ = (Index(None, "case_id", "at"),)


# How long a widget answer is kept for a resend with the same key: the widget resends within
# about a minute, and the answer may hold what the relative wrote (a phone number read back).
CHAT_REPLY_KEEP = timedelta(minutes=15)


class ChatReply(Base):
    """The answer to one widget message, kept so that a retry with the same key is not sent twice.

    ``key_hash`` is a keyed hash of the visitor and the widget's idempotency key,
    ``visitor_hash`` a keyed hash of the visitor alone (to delete a visitor's rows with
    the conversation), ``text_hash`` one of the message; no id or text is stored in the
    clear. ``response`` is None while the first request waits for Rasa. Rows are
    deleted after a day, and with the conversation.
    """

    __tablename__ = "chat_replies"

    id = Column(Integer, primary_key=True)
    key_hash = Column(String(64), nullable=False, unique=True)
    visitor_hash = Column(String(64), nullable=False)
    text_hash = Column(String(64), nullable=False)
    response = Column(JSON(none_as_null=True), nullable=True)
    created_at = Column(UTCDateTime, nullable=False)

    __table_args__ = (Index(None, "visitor_hash"), Index(None, "created_at"))


class RateLimit(Base):
    """One counter of a rate limit (:mod:`bot.storage.limits`): hits of a key in its window.

    ``key`` is a keyed hash of what is counted (a conversation, an address, a phone
    number, a booking reference, an account and address), never the value itself.
    The window ends at ``expires_at``; the next hit after that starts a new one.
    """

    __tablename__ = "rate_limits"

    scope = Column(String(32), primary_key=True)
    key = Column(String(64), primary_key=True)
    count = Column(Integer, nullable=False)
    expires_at = Column(UTCDateTime, nullable=False)

    __table_args__ = (Index(None, "expires_at"),)
