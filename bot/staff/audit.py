"""The audit log: who viewed personal data or changed something, when, and in which case.

Entries are written in the same transaction as what they record (a view is
recorded before its data is returned, a change commits with its entry), so
the log cannot miss something that happened. ``detail`` holds ids and
categories only, never names, phone numbers or free text.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.engine import SessionFactory
from bot.storage.models import AuditEvent
from bot.storage.unit_of_work import run_read, run_write

logger = logging.getLogger(__name__)

VIA_WEB = "web"
VIA_API = "api"
VIA_CLI = "cli"
DEFAULT_LIMIT = 200
MAX_LIMIT = 1000


@dataclass(frozen=True)
class Actor:
    """Who does something, and through which door (web, api or cli)."""

    name: str
    role: Optional[str]
    via: str


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit log, for the coordinators' log page."""

    at: datetime
    actor: str
    role: Optional[str]
    via: str
    action: str
    case_reference: Optional[str]
    target: Optional[str]
    detail: Mapping[str, Any]


def record(
    session: Session,
    actor: Actor,
    action: str,
    municipality: str,
    now: datetime,
    *,
    case_reference: Optional[str] = None,
    target: Optional[str] = None,
    **detail: Any,
) -> None:
    """Add one audit entry inside the caller's transaction."""
    session.add(
        AuditEvent(
            at=now,
            actor=actor.name,
            role=actor.role,
            via=actor.via,
            action=action,
            municipality=municipality,
            case_reference=case_reference,
            target=target,
            detail=dict(detail),
        )
    )


def list_entries(
    session_factory: SessionFactory,
    municipality: str,
    *,
    case_reference: Optional[str] = None,
    actor: Optional[str] = None,
    limit: int = DEFAULT_LIMIT,
) -> list[AuditEntry]:
    """The newest entries of a municipality, optionally for one case or one person."""
    limit = max(1, min(limit, MAX_LIMIT))

    def work(session: Session) -> list[AuditEntry]:
        query = select(AuditEvent).where(AuditEvent.municipality == municipality)
        if case_reference:
            query = query.where(AuditEvent.case_reference == case_reference)
        if actor:
            query = query.where(AuditEvent.actor == actor)
        rows = session.execute(
            query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
        ).scalars()
        return [
            AuditEntry(
                e.at, e.actor, e.role, e.via, e.action, e.case_reference, e.target,
                dict(e.detail or {}),
            )
            for e in rows
        ]

    return run_read(session_factory, "reading the audit log", work)


def record_now(
    session_factory: SessionFactory,
    actor: Actor,
    action: str,
    municipality: str,
    now: datetime,
    **detail: Any,
) -> None:
    """Add one audit entry in a transaction of its own (for events that change nothing else)."""

    def work(session: Session) -> None:
        record(session, actor, action, municipality, now, **detail)

    run_write(session_factory, "writing the audit log", work)
