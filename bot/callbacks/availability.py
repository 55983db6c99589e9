"""Contact availability: whether a contact point takes cases now, and when it last did.

One row per contact point (``contact_states``): escalation skips unavailable
contacts in a chain and records when it last checked and last assigned.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Optional

from sqlalchemy.orm import Session

from bot.clock import now as clock_now
from bot.storage.engine import SessionFactory
from bot.storage.models import ContactState
from bot.storage.unit_of_work import run_write

logger = logging.getLogger(__name__)


def touch_contact_state(
    session: Session, municipality: str, contact_point_id: str, now: datetime, **values: Any
) -> None:
    """Insert or update one contact point's state in a single statement (race-free upsert)."""
    dialect = session.get_bind().dialect.name
    row = {
        "municipality": municipality,
        "contact_point_id": contact_point_id,
        "available": True,
        "updated_at": now,
        "version": 1,
        **values,
    }
    changes = {**values, "updated_at": now, "version": ContactState.version + 1}
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        statement = insert(ContactState).values(**row)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["municipality", "contact_point_id"], set_=changes
            )
        )
        return
    state = session.get(ContactState, (municipality, contact_point_id))
    if state is None:
        session.add(ContactState(**row))
    else:
        for key, value in values.items():
            setattr(state, key, value)
        state.updated_at = now


def set_contact_available(
    session_factory: SessionFactory,
    municipality: str,
    contact_point_id: str,
    available: bool,
    *,
    now: Optional[datetime] = None,
) -> None:
    """Mark a contact point as (un)available; escalation skips unavailable ones in the chain."""
    now = clock_now() if now is None else now

    def work(session: Session) -> None:
        touch_contact_state(session, municipality, contact_point_id, now, available=available)

    run_write(session_factory, "setting availability", work)
