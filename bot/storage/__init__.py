"""Persistent storage: models, engines, the unit of work (run_write/run_read) and migrations.

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
    ChatReply,
    ContactState,
    LoginAttempt,
    RateLimit,
    StaffRole,
    StaffSession,
    StaffUser,
)
from bot.storage.unit_of_work import StorageUnavailable, run_read, run_write

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
    "ChatReply",
    "ContactState",
    "LoginAttempt",
    "RateLimit",
    "StaffRole",
    "StaffSession",
    "StaffUser",
    "StorageUnavailable",
    "SessionFactory",
    "alembic_config",
    "create_engine_for",
    "create_engine_from_settings",
    "make_session_factory",
    "read_session",
    "run_read",
    "run_write",
    "upgrade_database",
    "write_session",
]
