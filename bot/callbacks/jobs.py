"""Background jobs of the booking service: escalation along the chains and retention.

Both are idempotent and safe when several instances run at once (see
:func:`bot.callbacks.escalation.escalate_overdue`,
:func:`bot.callbacks.retention.purge_personal_data` and
:func:`bot.storage.tracker_store.delete_conversations_before`),
so ``anhoriglots run`` can simply call :meth:`Maintenance.tick` every few
minutes and ``anhoriglots escalate`` or ``anhoriglots purge`` can run next to it.

Retention (:func:`purge`) has two periods, both from the settings:
``ANHORIG_CASE_RETENTION_DAYS`` after an ended case last changed, its personal data
and free text are cleared; ``ANHORIG_CONVERSATION_RETENTION_HOURS`` after a
conversation's newest event, it is deleted from Rasa's tracker store.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import delete

from bot.callbacks.escalation import Escalation, escalate_overdue
from bot.callbacks.retention import purge_personal_data
from bot.clock import now as clock_now
from bot.knowledge.schema import Profile
from bot.settings import Settings, get_settings
from bot.storage.engine import SessionFactory, create_engine_for, make_session_factory
from bot.storage.models import CHAT_REPLY_KEEP, ChatReply
from bot.storage.tracker_store import DeletedConversations, delete_conversations_before
from bot.storage.unit_of_work import run_write

logger = logging.getLogger(__name__)

# How often `anhoriglots run` runs the jobs. Escalation deadlines are counted in
# working hours, so a few minutes late is well within what anyone would notice.
DEFAULT_INTERVAL_SECONDS = 300.0


@dataclass(frozen=True)
class Retention:
    """How long things are kept, and where the conversations are."""

    case_days: int
    conversation_hours: int
    tracker_store_url: str

    @classmethod
    def from_settings(cls, settings: Optional[Settings] = None) -> Retention:
        """The configured periods (``ANHORIG_CASE_RETENTION_DAYS``, ``..._CONVERSATION_RETENTION_HOURS``)."""
        settings = get_settings() if settings is None else settings
        return cls(settings.case_retention_days, settings.conversation_retention_hours,
                   settings.effective_tracker_store_url)


@dataclass(frozen=True)
class Purged:
    """What one retention run did, in counts only."""

    cases: int
    conversations: DeletedConversations


def escalate_once(
    session_factory: SessionFactory, profile: Profile, now: Optional[datetime] = None
) -> list[Escalation]:
    """Move every overdue case of ``profile`` one step down its chain (see ``escalate_overdue``)."""
    return escalate_overdue(session_factory, profile, clock_now() if now is None else now)


def purge_once(
    session_factory: SessionFactory, now: Optional[datetime] = None, *, days: Optional[int] = None
) -> int:
    """Clear the personal data of cases ended more than ``days`` (the setting) ago."""
    now = clock_now() if now is None else now
    days = get_settings().case_retention_days if days is None else days
    return purge_personal_data(session_factory, before=now - timedelta(days=days), now=now)


def purge(
    session_factory: SessionFactory, retention: Optional[Retention] = None,
    now: Optional[datetime] = None,
) -> Purged:
    """Run retention once: ended cases de-identified, old conversations and widget answers deleted.

    Raises :class:`~bot.storage.unit_of_work.StorageUnavailable` or
    :class:`~bot.storage.tracker_store.TrackerStoreUnavailable` when a store does not answer.
    """
    retention = Retention.from_settings() if retention is None else retention
    now = clock_now() if now is None else now
    cases = purge_once(session_factory, now, days=retention.case_days)
    run_write(session_factory, "delete old widget answers", lambda session: session.execute(
        delete(ChatReply).where(ChatReply.created_at < now - CHAT_REPLY_KEEP)
    ))
    conversations = delete_conversations_before(
        retention.tracker_store_url, now - timedelta(hours=retention.conversation_hours)
    )
    return Purged(cases, conversations)


@dataclass
class Maintenance:
    """The periodic jobs of one running assistant; the engine is made on the first tick."""

    database_url: str
    profile: Profile
    retention: Optional[Retention] = None  # the settings' periods when None
    _factory: Optional[SessionFactory] = field(default=None, repr=False)

    def tick(self) -> None:
        """Run escalation and retention once; log failures instead of stopping the assistant."""
        started = time.perf_counter()
        try:
            if self._factory is None:
                self._factory = make_session_factory(create_engine_for(self.database_url))
            moved = escalate_once(self._factory, self.profile)
            purged = purge(self._factory, self.retention)
        except Exception:  # noqa: BLE001 - the next tick tries again; the chat must keep running
            logger.exception("the escalation and retention jobs failed after %.0f ms; trying again later",
                             (time.perf_counter() - started) * 1000)
            return
        for step in moved:
            logger.info(
                "escalated %s from %s to %s (level %d)",
                step.reference, step.from_contact_point_id, step.to_contact_point_id, step.level,
            )
        logger.info(
            "jobs escalation and retention: %d escalated, %d ended cases cleared, "
            "%d conversations deleted, %.0f ms",
            len(moved), purged.cases, purged.conversations.conversations,
            (time.perf_counter() - started) * 1000,
        )
