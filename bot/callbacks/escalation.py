"""Escalation: a case nobody takes in time moves one step down its referral chain.

The clock for each step counts working hours from when the case was
assigned; after the last contact of the chain comes a coordinator, who keeps
the case. Each step is a conditional ``UPDATE ... WHERE version = :seen AND
contact_point_id = :seen`` in its own transaction, so a runner that loses
the race updates no row and records nothing: running twice, or on several
instances at once, never escalates a case twice for the same deadline.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Optional, Protocol, Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.callbacks.availability import touch_contact_state
from bot.callbacks.calendar import OfficeHoursMap, add_working_hours
from bot.clock import now as clock_now
from bot.storage.engine import SessionFactory
from bot.storage.models import Case, CaseEvent, CaseStatus, ContactState
from bot.storage.unit_of_work import run_read, run_write

logger = logging.getLogger(__name__)

DEFAULT_ESCALATION_HOURS = 8.0


# ---------------------------------------------------------------- profile protocols


class ContactPointLike(Protocol):
    """The parts of a contact point escalation needs."""

    @property
    def id(self) -> str:
        """Contact point id."""

    @property
    def is_coordinator(self) -> bool:
        """The end of every chain."""

    @property
    def districts(self) -> Sequence[str]:
        """Districts served (to pick the right coordinator)."""


class ReferralLinkLike(Protocol):
    """A referral link: who is asked, in order, and how long each may take."""

    @property
    def id(self) -> str:
        """Link id."""

    @property
    def chain(self) -> Sequence[str]:
        """Contact point ids in escalation order."""

    @property
    def escalation_hours(self) -> float:
        """Working hours a contact has to take a case before it moves on."""


class EscalationProfileLike(Protocol):
    """The parts of a municipality profile escalation needs (``Profile`` fits)."""

    @property
    def id(self) -> str:
        """Municipality id."""

    @property
    def office_hours(self) -> OfficeHoursMap:
        """Office hours by weekday."""

    @property
    def contact_points(self) -> Sequence[ContactPointLike]:
        """All contact points."""

    @property
    def links(self) -> Sequence[ReferralLinkLike]:
        """All referral links."""


@dataclass(frozen=True)
class Escalation:
    """One step the escalation job took."""

    reference: str
    from_contact_point_id: str
    to_contact_point_id: str
    level: int
    due_at: datetime
    escalated_at: datetime
    to_coordinator: bool


# ---------------------------------------------------------------- rules


def next_assignee(
    chain: Sequence[str],
    current: str,
    unavailable: set[str],
    coordinators: Sequence[ContactPointLike],
    district: Optional[str],
) -> Optional[str]:
    """The next available contact after ``current`` in ``chain``, else a coordinator.

    None when there is nowhere further to go: a coordinator at the end of the
    chain (or outside it) keeps the case.
    """
    if current in chain:
        for candidate in chain[chain.index(current) + 1:]:
            if candidate not in unavailable:
                return candidate
    if not coordinators or any(c.id == current for c in coordinators):
        return None
    serving = [c for c in coordinators if district and district in c.districts]
    general = [c for c in coordinators if not c.districts]  # no districts: serves all
    return (serving or general or list(coordinators))[0].id


def escalation_hours(link: Optional[ReferralLinkLike]) -> float:
    """Working hours a contact has to take a case of ``link`` (the default without a link)."""
    return float(link.escalation_hours) if link else DEFAULT_ESCALATION_HOURS


def escalation_due(
    since: datetime, link: Optional[ReferralLinkLike], office_hours: OfficeHoursMap
) -> datetime:
    """When a case assigned at ``since`` escalates, counted in working hours."""
    return add_working_hours(since, escalation_hours(link), office_hours)


# ---------------------------------------------------------------- the job


def escalate_overdue(
    session_factory: SessionFactory,
    profile: EscalationProfileLike,
    now: Optional[datetime] = None,
    *,
    actor: str = "escalation",
) -> list[Escalation]:
    """Move every case not taken within its link's working hours one step down its chain.

    The clock for each step starts when the case was assigned; after the last
    contact of the chain comes a coordinator (the one serving the case's
    district, else one serving all districts), who keeps the case. Coordinators
    inside the chain pass it on like any other contact. Each step is its own transaction with a
    conditional update, so running twice, or on several instances at once,
    never escalates a case twice for the same deadline.
    """
    now = clock_now() if now is None else now
    links = {link.id: link for link in profile.links}
    coordinators = [cp for cp in profile.contact_points if cp.is_coordinator]
    coordinator_ids = {cp.id for cp in coordinators}

    def read(session: Session) -> tuple[list[Any], set[str]]:
        rows = session.execute(
            select(
                Case.id, Case.reference, Case.link_id, Case.contact_point_id, Case.assigned_at,
                Case.created_at, Case.version, Case.escalation_level, Case.district,
            ).where(
                Case.municipality == profile.id,
                Case.status == CaseStatus.BOOKED.value,
                Case.taken_at.is_(None),
                Case.contact_point_id.isnot(None),
            ).order_by(Case.id)
        ).all()
        unavailable = set(
            session.execute(
                select(ContactState.contact_point_id).where(
                    ContactState.municipality == profile.id, ContactState.available.is_(False)
                )
            ).scalars()
        )
        return list(rows), unavailable

    rows, unavailable = run_read(session_factory, "reading open cases", read)
    escalations: list[Escalation] = []
    for row in rows:
        current = row.contact_point_id
        link = links.get(row.link_id) if row.link_id else None
        chain = list(link.chain) if link else []
        hours = escalation_hours(link)
        due = add_working_hours(row.assigned_at or row.created_at, hours, profile.office_hours)
        if due > now:
            continue
        target = next_assignee(chain, current, unavailable, coordinators, row.district)
        if target is None or target == current:
            if current not in coordinator_ids:
                logger.warning("case %s is overdue but has nowhere to go", row.reference)
            continue
        step = _escalate_one(
            session_factory, profile.id, row, target, due, now, actor,
            hours=hours, to_coordinator=target in coordinator_ids,
        )
        if step is not None:
            escalations.append(step)

    def touch(session: Session) -> None:
        for cp in profile.contact_points:
            touch_contact_state(session, profile.id, cp.id, now, last_escalation_check_at=now)

    run_write(session_factory, "recording the escalation check", touch)
    if escalations:
        logger.info("escalated %d cases in %s", len(escalations), profile.id)
    return escalations


def _escalate_one(
    session_factory: SessionFactory,
    municipality: str,
    row: Any,
    target: str,
    due: datetime,
    now: datetime,
    actor: str,
    *,
    hours: float,
    to_coordinator: bool,
) -> Optional[Escalation]:
    def work(session: Session) -> Optional[Escalation]:
        result = session.execute(
            update(Case)
            .where(
                Case.id == row.id,
                Case.version == row.version,
                Case.status == CaseStatus.BOOKED.value,
                Case.contact_point_id == row.contact_point_id,
                Case.taken_at.is_(None),
            )
            .values(
                contact_point_id=target,
                assigned_at=now,
                escalation_level=Case.escalation_level + 1,
                version=Case.version + 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            return None  # another runner, or a contact taking the case, got there first
        level = row.escalation_level + 1
        session.add(
            CaseEvent(
                case_id=row.id, at=now, kind="escalated", actor=actor,
                detail={
                    "from": row.contact_point_id, "to": target, "level": level,
                    "due_at": due.astimezone(UTC).isoformat(), "working_hours": hours,
                    "to_coordinator": to_coordinator,
                },
            )
        )
        touch_contact_state(session, municipality, target, now, last_assigned_at=now)
        return Escalation(
            reference=row.reference,
            from_contact_point_id=row.contact_point_id,
            to_contact_point_id=target,
            level=level,
            due_at=due,
            escalated_at=now,
            to_coordinator=to_coordinator,
        )

    return run_write(session_factory, "escalating", work)
