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
    Base,
    Booking,
    BookingStatus,
    Case,
    CaseEvent,
    CaseStatus,
    ContactState,
)

__all__ = [
    "Base",
    "Booking",
    "BookingStatus",
    "Case",
    "CaseEvent",
    "CaseStatus",
    "ContactState",
    "SessionFactory",
    "alembic_config",
    "create_engine_for",
    "create_engine_from_settings",
    "make_session_factory",
    "read_session",
    "upgrade_database",
    "write_session",
]
