"""Persistent storage of callback cases: models, engines, sessions and migrations.

Import-safe: nothing connects until :func:`create_engine_for` is called.
"""

from bot.storage.engine import (
    SessionFactory,
    alembic_config,
    create_engine_for,
    create_engine_from_settings,
    make_session_factory,
    read_session,
    upgrade_database,
    write_session,
)
from bot.storage.models import (
    ApiToken,
    AuditEvent,
    Base,
    Booking,
    BookingStatus,
    Case,
    CaseEvent,
    CaseNote,
    CaseStatus,
    ContactState,
    LoginAttempt,
    StaffRole,
    StaffSession,
    StaffUser,
)

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Base",
    "Booking",
    "BookingStatus",
    "Case",
    "CaseEvent",
    "CaseNote",
    "CaseStatus",
    "ContactState",
    "LoginAttempt",
    "StaffRole",
    "StaffSession",
    "StaffUser",
    "SessionFactory",
    "alembic_config",
    "create_engine_for",
    "create_engine_from_settings",
    "make_session_factory",
    "read_session",
    "upgrade_database",
    "write_session",
]
