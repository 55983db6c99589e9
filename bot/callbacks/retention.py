"""Retention: personal data of ended cases is cleared after a while.

The case and its history stay as de-identified figures (municipality,
contact point, district, target group, status, times; they feed the
follow-up figures); what goes is the name, phone number, message, transcript,
the free-text situation summary and the staff's free-text notes.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Optional

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.callbacks.cases import ENDED_STATUSES, add_event
from bot.clock import now as clock_now
from bot.storage.engine import SessionFactory
from bot.storage.models import Case, CaseNote
from bot.storage.unit_of_work import run_write

logger = logging.getLogger(__name__)


def purge_personal_data(
    session_factory: SessionFactory, *, before: datetime, now: Optional[datetime] = None
) -> int:
    """Clear name, phone, message, transcript, summary and notes of ended cases changed before ``before``.

    For the retention job (e.g. three weeks after the callback). Returns how many cases.
    """
    now = clock_now() if now is None else now

    def work(session: Session) -> int:
        cases = session.execute(
            select(Case).where(
                Case.status.in_(ENDED_STATUSES),
                Case.updated_at < before,
                (Case.name.isnot(None))
                | (Case.phone_e164.isnot(None))
                | (Case.message.isnot(None))
                | (Case.transcript.isnot(None))
                | (Case.situation_summary.isnot(None))
                | Case.id.in_(select(CaseNote.case_id)),
            )
        ).scalars().all()
        for case in cases:
            case.name = case.phone_e164 = case.message = case.transcript = None
            case.situation_summary = None
            case.updated_at = now
            # Staff notes are free text and may name people: they go too.
            session.execute(delete(CaseNote).where(CaseNote.case_id == case.id))
            add_event(session, case, now, "personal_data_purged", "retention")
        session.flush()
        return len(cases)

    count = run_write(session_factory, "purging personal data", work)
    logger.info("purged personal data of %d cases", count)
    return count
