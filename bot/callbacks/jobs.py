"""Background jobs of the booking service: escalation along the chains and retention.

Both are idempotent and safe when several instances run at once (see
:func:`bot.callbacks.escalation.escalate_overdue` and
:func:`bot.callbacks.retention.purge_personal_data`),
so ``anhoriglots run`` can simply call :meth:`Maintenance.tick` every few
minutes and ``anhoriglots escalate`` can run next to it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Optional

from bot.callbacks.dialogue import RETENTION_DAYS
from bot.callbacks.escalation import Escalation, escalate_overdue
from bot.callbacks.retention import purge_personal_data
from bot.clock import now as clock_now
from bot.knowledge.schema import Profile
from bot.storage.engine import SessionFactory, create_engine_for, make_session_factory

logger = logging.getLogger(__name__)

# How often `anhoriglots run` runs the jobs. Escalation deadlines are counted in
# working hours, so a few minutes late is well within what anyone would notice.
DEFAULT_INTERVAL_SECONDS = 300.0


def escalate_once(
    session_factory: SessionFactory, profile: Profile, now: Optional[datetime] = None
) -> list[Escalation]:
    """Move every overdue case of ``profile`` one step down its chain (see ``escalate_overdue``)."""
    return escalate_overdue(session_factory, profile, clock_now() if now is None else now)


def purge_once(session_factory: SessionFactory, now: Optional[datetime] = None) -> int:
    """Clear the personal data of cases ended more than ``RETENTION_DAYS`` ago."""
    now = clock_now() if now is None else now
    return purge_personal_data(session_factory, before=now - timedelta(days=RETENTION_DAYS), now=now)


@dataclass
class Maintenance:
    """The periodic jobs of one running assistant; the engine is made on the first tick."""

    database_url: str
    profile: Profile
    _factory: Optional[SessionFactory] = field(default=None, repr=False)

    def tick(self) -> None:
        """Run escalation and retention once; log failures instead of stopping the assistant."""
        started = time.perf_counter()
        try:
            if self._factory is None:
                self._factory = make_session_factory(create_engine_for(self.database_url))
            moved = escalate_once(self._factory, self.profile)
            purged = purge_once(self._factory)
        except Exception:  # noqa: BLE001 - the next tick tries again; the chat must keep running
            logger.exception("the escalation and retention jobs failed after %.0f ms; trying again later",
                             (time.perf_counter() - started) * 1000)
            return
        for step in moved:
            logger.info(
                "escalated %s from %s to %s (level %d)",
                step.reference, step.from_contact_point_id, step.to_contact_point_id, step.level,
            )
        logger.info("jobs escalation and retention: %d escalated, %d ended cases cleared, %.0f ms",
                    len(moved), purged, (time.perf_counter() - started) * 1000)
