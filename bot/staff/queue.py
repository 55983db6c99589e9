"""The staff queue: which cases wait for whom, filtered, overdue first, with counts.

Queue rows (:class:`CaseSummary`) hold no personal data. A row is overdue
when a planned new call attempt is due, when the booked window has passed
without a call, or when a booked case was not taken before its escalation
deadline. The case page (:mod:`bot.staff.casework`) shows the same summary.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Optional, Sequence

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from bot.callbacks.calendar import is_working_day, office_interval
from bot.callbacks.cases import slot_of
from bot.callbacks.escalation import escalation_due
from bot.clock import STOCKHOLM
from bot.knowledge.schema import Profile
from bot.staff.errors import InvalidCaseworkInput
from bot.staff.scope import CaseScope, unit_of
from bot.storage.engine import SessionFactory
from bot.storage.models import Booking, BookingStatus, Case, CaseEvent, CaseStatus
from bot.storage.unit_of_work import run_read

logger = logging.getLogger(__name__)

OPEN_FOR_WORK = (CaseStatus.BOOKED.value, CaseStatus.TAKEN.value, CaseStatus.CALLED.value)
STATUS_FILTERS = ("open", "all", *(status.value for status in CaseStatus))


# ---------------------------------------------------------------- read models


@dataclass(frozen=True)
class QueueFilters:
    """Queue filters; None means "any"."""

    link_id: Optional[str] = None
    unit_id: Optional[str] = None
    status: str = "open"
    after_hours: Optional[bool] = None
    created_since: Optional[datetime] = None


@dataclass(frozen=True)
class CaseSummary:
    """A queue row: no personal data."""

    reference: str
    status: str
    municipality: str
    link_id: Optional[str]
    contact_point_id: Optional[str]
    unit_id: Optional[str]
    target_group: Optional[str]
    district: Optional[str]
    slot_start: Optional[datetime]
    slot_end: Optional[datetime]
    after_hours: bool
    escalation_level: int
    created_at: datetime
    updated_at: datetime
    taken_at: Optional[datetime]
    taken_by: Optional[str]
    next_attempt_at: Optional[datetime]
    version: int
    overdue: bool
    overdue_reason: Optional[str]


@dataclass(frozen=True)
class Queue:
    """The filtered queue, overdue first, with counts per status."""

    items: list[CaseSummary]
    counts: dict[str, int]


# ---------------------------------------------------------------- helpers


def _aware(value: Optional[datetime]) -> Optional[datetime]:
    return value.astimezone(STOCKHOLM) if value is not None else None


def _latest_events(
    session: Session, case_ids: Sequence[int], kinds: Sequence[str]
) -> dict[int, CaseEvent]:
    """The newest event of the given kinds per case."""
    if not case_ids:
        return {}
    newest = (
        select(func.max(CaseEvent.id))
        .where(CaseEvent.case_id.in_(case_ids), CaseEvent.kind.in_(kinds))
        .group_by(CaseEvent.case_id)
    )
    events = session.execute(select(CaseEvent).where(CaseEvent.id.in_(newest))).scalars()
    return {event.case_id: event for event in events}


def _escalation_due(case: Case, profile: Profile) -> datetime:
    link = next((link for link in profile.links if link.id == case.link_id), None)
    return escalation_due(case.assigned_at or case.created_at, link, profile.office_hours)


def summarise(
    session: Session, rows: Sequence[tuple[Case, Optional[Booking]]], profile: Profile, now: datetime
) -> list[CaseSummary]:
    """Queue rows for ``(case, active booking)`` pairs, inside the caller's transaction."""
    ids = [case.id for case, _ in rows]
    taken = _latest_events(session, ids, ("taken",))
    calls = _latest_events(session, ids, ("call",))
    result = []
    for case, booking in rows:
        slot = slot_of(booking)
        call = calls.get(case.id)
        next_attempt: Optional[datetime] = None
        if call is not None and call.detail.get("outcome") == "not_reached":
            raw = call.detail.get("next_attempt_at")
            next_attempt = datetime.fromisoformat(raw).astimezone(STOCKHOLM) if raw else None
        overdue_reason: Optional[str] = None
        if case.status in (CaseStatus.BOOKED.value, CaseStatus.TAKEN.value):
            if next_attempt is not None:
                if next_attempt <= now:
                    overdue_reason = "attempt_due"
            elif slot is not None and slot.end <= now:
                overdue_reason = "window_passed"
            if overdue_reason is None and case.status == CaseStatus.BOOKED.value:
                if _escalation_due(case, profile) <= now:
                    overdue_reason = "not_taken_in_time"
        taken_event = taken.get(case.id)
        result.append(
            CaseSummary(
                reference=case.reference,
                status=case.status,
                municipality=case.municipality,
                link_id=case.link_id,
                contact_point_id=case.contact_point_id,
                unit_id=unit_of(profile, case.contact_point_id),
                target_group=case.target_group,
                district=case.district,
                slot_start=slot.start if slot else None,
                slot_end=slot.end if slot else None,
                after_hours=bool(case.after_hours),
                escalation_level=case.escalation_level,
                created_at=case.created_at.astimezone(STOCKHOLM),
                updated_at=case.updated_at.astimezone(STOCKHOLM),
                taken_at=_aware(case.taken_at),
                taken_by=(
                    taken_event.actor
                    if taken_event is not None and case.status != CaseStatus.BOOKED.value
                    else None
                ),
                next_attempt_at=next_attempt,
                version=case.version,
                overdue=overdue_reason is not None,
                overdue_reason=overdue_reason,
            )
        )
    return result


def _sort_key(item: CaseSummary) -> tuple[int, datetime, datetime]:
    far = datetime.max.replace(tzinfo=UTC)
    due = item.next_attempt_at or item.slot_start or far
    return (0 if item.overdue else 1, due, item.created_at)


def _filtered_query(scope: CaseScope, filters: QueueFilters, profile: Profile) -> Any:
    active = and_(Booking.case_id == Case.id, Booking.status == BookingStatus.ACTIVE.value)
    query = select(Case, Booking).outerjoin(Booking, active).where(scope.where())
    if filters.link_id:
        query = query.where(Case.link_id == filters.link_id)
    if filters.unit_id:
        points = sorted(cp.id for cp in profile.contact_points if cp.unit == filters.unit_id)
        query = query.where(Case.contact_point_id.in_(points))
    if filters.after_hours is not None:
        query = query.where(Case.after_hours.is_(filters.after_hours))
    if filters.created_since is not None:
        query = query.where(Case.created_at >= filters.created_since)
    return query


def check_filters(filters: QueueFilters, profile: Profile) -> None:
    """Refuse filter values that cannot match anything (typos in a URL or an API call)."""
    if filters.status not in STATUS_FILTERS:
        raise InvalidCaseworkInput("filter_invalid", "status")
    if filters.link_id and filters.link_id not in {link.id for link in profile.links}:
        raise InvalidCaseworkInput("filter_invalid", "link")
    if filters.unit_id and filters.unit_id not in {unit.id for unit in profile.units}:
        raise InvalidCaseworkInput("filter_invalid", "unit")


# ---------------------------------------------------------------- reading


def list_queue(
    session_factory: SessionFactory,
    scope: CaseScope,
    filters: QueueFilters,
    profile: Profile,
    now: datetime,
) -> Queue:
    """The queue: overdue first, then by booked time (or planned new attempt); counts per status.

    The counts apply every filter except the status filter, so they tell how
    many cases each status tab would show.
    """
    check_filters(filters, profile)

    def work(session: Session) -> Queue:
        base = _filtered_query(scope, filters, profile)
        statuses = base.with_only_columns(Case.status).subquery()
        counts = {status.value: 0 for status in CaseStatus}
        for status, count in session.execute(
            select(statuses.c.status, func.count()).group_by(statuses.c.status)
        ).all():
            counts[status] = int(count)
        query = base
        if filters.status == "open":
            query = query.where(Case.status.in_(OPEN_FOR_WORK))
        elif filters.status != "all":
            query = query.where(Case.status == filters.status)
        rows = [(case, booking) for case, booking in session.execute(query).all()]
        items = sorted(summarise(session, rows, profile, now), key=_sort_key)
        return Queue(items, counts)

    return run_read(session_factory, "reading the queue", work)


def last_working_day_end(now: datetime, profile: Profile) -> datetime:
    """When the office closed on the last working day before today (Stockholm time).

    The morning view shows what came in after that. A working day without
    office hours in the profile counts from its end of day.
    """
    today = now.astimezone(STOCKHOLM).date()
    day: date = today - timedelta(days=1)
    for _ in range(30):
        if is_working_day(day):
            interval = office_interval(day, profile.office_hours)
            if interval is not None:
                return interval[1]
            return datetime.combine(day + timedelta(days=1), datetime.min.time(), STOCKHOLM)
        day -= timedelta(days=1)
    return datetime.combine(today, datetime.min.time(), STOCKHOLM)


def morning_queue(
    session_factory: SessionFactory, scope: CaseScope, profile: Profile, now: datetime
) -> tuple[datetime, Queue]:
    """Every after-hours case (any status) that came in since the last working day closed."""
    since = last_working_day_end(now, profile)
    filters = QueueFilters(status="all", after_hours=True, created_since=since)
    return since, list_queue(session_factory, scope, filters, profile, now)
