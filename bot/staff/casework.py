"""Staff casework on callback cases: the queue, the case page and its actions.

The staff half of the booking service layer (:mod:`bot.callbacks.booking`): the web
pages and the JSON API both call these functions, so authorisation scope,
concurrency and the audit trail are the same whichever door is used.

* **Scope.** Every function takes a :class:`CaseScope`; a case outside it is
  reported exactly like an unknown reference (:class:`bot.callbacks.booking.CaseNotFound`),
  so nobody can probe which references exist.
* **Optimistic concurrency.** Actions carry the case ``version`` the person
  saw; if the case changed since (a colleague, the escalation job), the action
  is refused with :class:`ConcurrentChange` and nothing is written.
* **Audit.** Every view of personal data and every change writes an audit entry
  in the same transaction (:mod:`bot.staff.audit`).
* **Privacy.** Free text (notes, reasons for passing a case on) goes into
  ``case_notes``, which retention clears; the history holds ids and categories.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Mapping, Optional, Sequence

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from bot.callbacks.booking import (
    CaseNotChangeable,
    CaseNotFound,
    _event,
    _run_read,
    _run_write,
    _slot_of,
    apply_status,
    apply_take,
    escalation_due,
    normalise_reference,
)
from bot.callbacks.calendar import (
    add_working_hours,
    is_working_day,
    office_interval,
)
from bot.clock import STOCKHOLM
from bot.knowledge.schema import Profile
from bot.staff.accounts import Principal
from bot.staff.audit import Actor, record
from bot.storage.engine import SessionFactory
from bot.storage.models import (
    Booking,
    BookingStatus,
    Case,
    CaseEvent,
    CaseNote,
    CaseStatus,
    StaffRole,
)

logger = logging.getLogger(__name__)

OPEN_FOR_WORK = (CaseStatus.BOOKED.value, CaseStatus.TAKEN.value, CaseStatus.CALLED.value)
STATUS_FILTERS = ("open", "all", *(status.value for status in CaseStatus))
CALL_OUTCOMES = ("reached", "not_reached")
# Outcome categories of a closed case (ids are the contract; the web layer has the Swedish).
CLOSE_OUTCOMES = (
    "advice_given",  # information, advice and guidance in the call
    "support_started",  # a support without application started (talks, groups, respite)
    "application_referred",  # helped to apply for bistånd or LSS
    "referred_elsewhere",  # region, association or another organisation
    "not_reached",  # the relative could not be reached
    "declined",  # the relative did not want support after all
    "other",
)
NOTE_MAX_CHARS = 2000
REASON_MIN_CHARS = 3
REASON_MAX_CHARS = 500
DEFAULT_RETRY_WORKING_HOURS = 2.0


# ---------------------------------------------------------------- errors


class NotPermitted(Exception):
    """The role may not do this at all (not a question of which case): HTTP 403."""


class ConcurrentChange(Exception):
    """The case changed since the person looked at it; nothing was written."""

    def __init__(self, current_version: int) -> None:
        self.current_version = current_version
        super().__init__(f"case is now at version {current_version}")


class InvalidCaseworkInput(ValueError):
    """An action's input cannot be used; ``message_sv`` says why, ``field`` where."""

    MESSAGES_SV = {
        "version_missing": "Sidan saknar ärendets version. Ladda om ärendet och försök igen.",
        "outcome_invalid": "Välj hur samtalet gick.",
        "close_outcome_invalid": "Välj ett utfall för ärendet.",
        "next_attempt_invalid": "Skriv tiden för nästa försök som ÅÅÅÅ-MM-DD TT:MM.",
        "next_attempt_past": "Nästa försök måste ligga efter nu.",
        "target_invalid": "Välj vart ärendet ska lotsas vidare.",
        "target_unknown": "Den länken eller enheten finns inte i kommunens profil.",
        "target_empty": "Enheten har ingen kontaktpunkt att lotsa vidare till.",
        "target_same": "Ärendet ligger redan hos den kontaktpunkten.",
        "reason_missing": (
            f"Skriv varför ärendet lotsas vidare (minst {REASON_MIN_CHARS} tecken)."
        ),
        "reason_too_long": f"Skälet får vara högst {REASON_MAX_CHARS} tecken.",
        "note_missing": "Skriv något i anteckningen.",
        "note_too_long": f"Anteckningen får vara högst {NOTE_MAX_CHARS} tecken.",
        "filter_invalid": "Ett av filtren har ett värde som inte finns.",
    }

    def __init__(self, reason: str, field: Optional[str] = None) -> None:
        self.reason = reason
        self.field = field
        self.message_sv = self.MESSAGES_SV[reason]
        super().__init__(self.message_sv)


# ---------------------------------------------------------------- scope


@dataclass(frozen=True)
class CaseScope:
    """Which cases someone may see: a municipality and, for contacts, some contact points."""

    municipality: str
    contact_point_ids: Optional[frozenset[str]] = None  # None: every case of the municipality

    def allows(self, case: Case) -> bool:
        """Whether ``case`` lies inside this scope."""
        if case.municipality != self.municipality:
            return False
        if self.contact_point_ids is None:
            return True
        return case.contact_point_id in self.contact_point_ids

    def where(self) -> Any:
        """The same rule as a SQL condition."""
        condition = Case.municipality == self.municipality
        if self.contact_point_ids is not None:
            condition = and_(condition, Case.contact_point_id.in_(sorted(self.contact_point_ids)))
        return condition


def scope_for(principal: Principal, profile: Profile) -> CaseScope:
    """The cases a person may work: coordinators all of the municipality, contacts their unit's.

    A contact sees the cases currently assigned to any contact point of the
    unit its own contact point belongs to (colleagues cover for each other).
    Admins manage accounts and see no cases (:class:`NotPermitted`).
    """
    if principal.municipality != profile.id:
        raise NotPermitted("account of another municipality")
    if principal.role == StaffRole.COORDINATOR.value:
        return CaseScope(profile.id)
    if principal.role == StaffRole.CONTACT.value:
        try:
            own = profile.contact_point(principal.contact_point_id or "")
        except KeyError:
            return CaseScope(profile.id, frozenset())
        unit_points = frozenset(cp.id for cp in profile.contact_points if cp.unit == own.unit)
        return CaseScope(profile.id, unit_points)
    raise NotPermitted(f"role {principal.role} sees no cases")


def unit_of(profile: Profile, contact_point_id: Optional[str]) -> Optional[str]:
    """The unit of a contact point, or None when unknown."""
    try:
        return profile.contact_point(contact_point_id or "").unit
    except KeyError:
        return None


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


@dataclass(frozen=True)
class HistoryEntry:
    """One history step, with the free text of a note or reason when it has one."""

    at: datetime
    kind: str
    actor: str
    detail: Mapping[str, Any]
    text: Optional[str] = field(default=None, repr=False)


@dataclass(frozen=True)
class CaseDetail:
    """What the case page shows. Personal fields stay out of ``repr``."""

    summary: CaseSummary
    consent: bool
    transcript_consent: bool
    history: list[HistoryEntry]
    calls: int
    has_phone: bool
    situation_summary: Optional[str] = field(default=None, repr=False)
    name: Optional[str] = field(default=None, repr=False)
    message: Optional[str] = field(default=None, repr=False)
    transcript: Optional[str] = field(default=None, repr=False)


# ---------------------------------------------------------------- helpers


def _aware(value: Optional[datetime]) -> Optional[datetime]:
    return value.astimezone(STOCKHOLM) if value is not None else None


def _scoped_case(session: Session, scope: CaseScope, reference: Optional[str], lock: bool) -> Case:
    normalised = normalise_reference(reference)
    if normalised is None:
        raise CaseNotFound("malformed reference")
    query = select(Case).where(Case.reference == normalised)
    case = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if case is None or not scope.allows(case):
        raise CaseNotFound("no such case in scope")
    return case


def _check_version(case: Case, expected_version: Optional[int]) -> None:
    if expected_version is None:
        raise InvalidCaseworkInput("version_missing", "version")
    if case.version != expected_version:
        raise ConcurrentChange(case.version)


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


def _summaries(
    session: Session, rows: Sequence[tuple[Case, Optional[Booking]]], profile: Profile, now: datetime
) -> list[CaseSummary]:
    ids = [case.id for case, _ in rows]
    taken = _latest_events(session, ids, ("taken",))
    calls = _latest_events(session, ids, ("call",))
    result = []
    for case, booking in rows:
        slot = _slot_of(booking)
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
        items = sorted(_summaries(session, rows, profile, now), key=_sort_key)
        return Queue(items, counts)

    return _run_read(session_factory, "reading the queue", work)


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


def _history(session: Session, case: Case) -> list[HistoryEntry]:
    events = session.execute(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
    ).scalars().all()
    notes = {
        note.id: note.text
        for note in session.execute(select(CaseNote).where(CaseNote.case_id == case.id)).scalars()
    }
    entries = []
    for event in events:
        detail = dict(event.detail or {})
        text = notes.get(detail["note_id"]) if "note_id" in detail else None
        entries.append(HistoryEntry(event.at.astimezone(STOCKHOLM), event.kind, event.actor, detail,
                                    text))
    return entries


def _personal_fields(case: Case) -> list[str]:
    fields = [
        name for name in ("name", "message", "situation_summary") if getattr(case, name)
    ]
    if case.transcript and case.transcript_consent:
        fields.append("transcript")
    return fields


def get_case_detail(
    session_factory: SessionFactory,
    scope: CaseScope,
    reference: Optional[str],
    profile: Profile,
    actor: Actor,
    now: datetime,
) -> CaseDetail:
    """Everything the case page shows except the phone number; the view is audit-logged.

    The transcript is only returned when the relative consented to it.
    """

    def work(session: Session) -> CaseDetail:
        case = _scoped_case(session, scope, reference, lock=False)
        booking = session.execute(
            select(Booking).where(
                Booking.case_id == case.id, Booking.status == BookingStatus.ACTIVE.value
            )
        ).scalar_one_or_none()
        summary = _summaries(session, [(case, booking)], profile, now)[0]
        history = _history(session, case)
        record(
            session, actor, "case.viewed", case.municipality, now,
            case_reference=case.reference, fields=_personal_fields(case),
        )
        return CaseDetail(
            summary=summary,
            consent=bool(case.consent),
            transcript_consent=bool(case.transcript_consent),
            history=history,
            calls=sum(1 for entry in history if entry.kind == "call"),
            has_phone=case.phone_e164 is not None,
            situation_summary=case.situation_summary,
            name=case.name,
            message=case.message,
            transcript=case.transcript if case.transcript_consent else None,
        )

    return _run_write(session_factory, "reading a case", work)


def reveal_phone(
    session_factory: SessionFactory,
    scope: CaseScope,
    reference: Optional[str],
    actor: Actor,
    now: datetime,
) -> Optional[str]:
    """The relative's phone number (E.164), or None once purged; the reveal is audit-logged."""

    def work(session: Session) -> Optional[str]:
        case = _scoped_case(session, scope, reference, lock=False)
        record(
            session, actor, "case.phone_revealed", case.municipality, now,
            case_reference=case.reference, available=case.phone_e164 is not None,
        )
        return case.phone_e164

    return _run_write(session_factory, "revealing a phone number", work)


# ---------------------------------------------------------------- actions


@dataclass(frozen=True)
class ActionResult:
    """What an action did: the case's new status and version, and whether it left the scope."""

    reference: str
    status: str
    version: int
    contact_point_id: Optional[str]
    still_in_scope: bool


def _result(case: Case, scope: CaseScope) -> ActionResult:
    return ActionResult(
        case.reference, case.status, case.version, case.contact_point_id, scope.allows(case)
    )


def take_case(
    session_factory: SessionFactory,
    scope: CaseScope,
    reference: Optional[str],
    principal: Principal,
    actor: Actor,
    *,
    expected_version: Optional[int],
    now: datetime,
) -> ActionResult:
    """Take responsibility for a booked case, which stops escalation.

    A contact takes it to its own contact point; a coordinator to theirs when
    the account has one, otherwise it stays with the current contact point.
    """

    def work(session: Session) -> ActionResult:
        case = _scoped_case(session, scope, reference, lock=True)
        _check_version(case, expected_version)
        if case.status != CaseStatus.BOOKED.value:
            raise CaseNotChangeable(case.status)
        apply_take(session, case, actor.name, now, contact_point_id=principal.contact_point_id)
        record(session, actor, "case.taken", case.municipality, now,
               case_reference=case.reference, contact_point_id=case.contact_point_id)
        session.flush()
        return _result(case, scope)

    return _run_write(session_factory, "taking a case", work)


def parse_local_datetime(raw: Optional[str]) -> Optional[datetime]:
    """``2026-11-24T10:00`` or ``2026-11-24 10:00`` (Stockholm time, or with an offset)."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError as exc:
        raise InvalidCaseworkInput("next_attempt_invalid", "next_attempt_at") from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=STOCKHOLM)
    return value.astimezone(STOCKHOLM)


def record_call(
    session_factory: SessionFactory,
    scope: CaseScope,
    reference: Optional[str],
    principal: Principal,
    actor: Actor,
    *,
    expected_version: Optional[int],
    outcome: str,
    next_attempt_at: Optional[datetime],
    profile: Profile,
    now: datetime,
) -> ActionResult:
    """Record a call: ``reached`` marks the case called; ``not_reached`` plans a new attempt.

    A booked case is taken first (whoever calls is working it). Without a time
    for the new attempt it is planned two office hours later.
    """
    if outcome not in CALL_OUTCOMES:
        raise InvalidCaseworkInput("outcome_invalid", "outcome")
    if outcome == "not_reached":
        if next_attempt_at is not None and next_attempt_at <= now:
            raise InvalidCaseworkInput("next_attempt_past", "next_attempt_at")
        if next_attempt_at is None:
            next_attempt_at = add_working_hours(
                now, DEFAULT_RETRY_WORKING_HOURS, profile.office_hours
            )
    else:
        next_attempt_at = None

    def work(session: Session) -> ActionResult:
        case = _scoped_case(session, scope, reference, lock=True)
        _check_version(case, expected_version)
        if case.status not in OPEN_FOR_WORK:
            raise CaseNotChangeable(case.status)
        if case.status == CaseStatus.BOOKED.value:
            apply_take(session, case, actor.name, now, contact_point_id=principal.contact_point_id)
        attempt = 1 + int(
            session.execute(
                select(func.count(CaseEvent.id)).where(
                    CaseEvent.case_id == case.id, CaseEvent.kind == "call"
                )
            ).scalar_one()
        )
        detail: dict[str, Any] = {"outcome": outcome, "attempt": attempt}
        if next_attempt_at is not None:
            detail["next_attempt_at"] = next_attempt_at.astimezone(UTC).isoformat()
        _event(session, case, now, "call", actor.name, **detail)
        if outcome == "reached":
            apply_status(session, case, CaseStatus.CALLED, actor.name, now)
        else:
            case.updated_at = now
        record(session, actor, "case.call_recorded", case.municipality, now,
               case_reference=case.reference, outcome=outcome, attempt=attempt)
        session.flush()
        return _result(case, scope)

    return _run_write(session_factory, "recording a call", work)


def _clean_text(text: Optional[str], minimum: int, maximum: int, missing: str, too_long: str,
                field_name: str) -> str:
    clean = (text or "").strip()
    if len(clean) < minimum:
        raise InvalidCaseworkInput(missing, field_name)
    if len(clean) > maximum:
        raise InvalidCaseworkInput(too_long, field_name)
    return clean


def forward_target(profile: Profile, target: Optional[str]) -> tuple[str, str, str]:
    """Resolve ``link:<id>`` or ``unit:<id>`` to (kind, id, first contact point)."""
    kind, _, target_id = (target or "").partition(":")
    if kind not in ("link", "unit") or not target_id:
        raise InvalidCaseworkInput("target_invalid", "target")
    if kind == "link":
        try:
            link = profile.link(target_id)
        except KeyError as exc:
            raise InvalidCaseworkInput("target_unknown", "target") from exc
        return kind, target_id, link.chain[0]
    if target_id not in {unit.id for unit in profile.units}:
        raise InvalidCaseworkInput("target_unknown", "target")
    points = [cp for cp in profile.contact_points if cp.unit == target_id]
    if not points:
        raise InvalidCaseworkInput("target_empty", "target")
    # Prefer a contact point that calls back (has windows), then the file order.
    points.sort(key=lambda cp: 0 if cp.callback_windows else 1)
    return kind, target_id, points[0].id


def forward_case(
    session_factory: SessionFactory,
    scope: CaseScope,
    reference: Optional[str],
    actor: Actor,
    *,
    expected_version: Optional[int],
    target: Optional[str],
    reason: Optional[str],
    profile: Profile,
    now: datetime,
) -> ActionResult:
    """Lotsa vidare: pass the case to another referral link or unit, with a reason.

    The case goes to the link's first contact (or the unit's), is booked again
    so that the new contact takes it, and its escalation clock starts anew.
    Passing it to a link also changes the case's link. The booked window stays:
    that is what the relative was promised.
    """
    kind, target_id, contact_point_id = forward_target(profile, target)
    clean_reason = _clean_text(
        reason, REASON_MIN_CHARS, REASON_MAX_CHARS, "reason_missing", "reason_too_long", "reason"
    )

    def work(session: Session) -> ActionResult:
        case = _scoped_case(session, scope, reference, lock=True)
        _check_version(case, expected_version)
        if case.status not in OPEN_FOR_WORK:
            raise CaseNotChangeable(case.status)
        if case.contact_point_id == contact_point_id and (
            kind == "unit" or case.link_id == target_id
        ):
            raise InvalidCaseworkInput("target_same", "target")
        note = CaseNote(case_id=case.id, at=now, author=actor.name, kind="forward_reason",
                        text=clean_reason)
        session.add(note)
        session.flush()
        previous_point, previous_link, previous_status = (
            case.contact_point_id, case.link_id, case.status
        )
        case.contact_point_id = contact_point_id
        if kind == "link":
            case.link_id = target_id
        case.status = CaseStatus.BOOKED.value
        case.taken_at = None
        case.assigned_at = now
        case.updated_at = now
        _event(
            session, case, now, "forwarded", actor.name,
            **{"from": previous_point, "to": contact_point_id, "from_link": previous_link,
               "to_link": case.link_id, "target_kind": kind, "target_id": target_id,
               "previous_status": previous_status, "note_id": note.id},
        )
        record(session, actor, "case.forwarded", case.municipality, now,
               case_reference=case.reference, to=contact_point_id, target_kind=kind,
               target_id=target_id)
        session.flush()
        return _result(case, scope)

    return _run_write(session_factory, "passing a case on", work)


def close_case(
    session_factory: SessionFactory,
    scope: CaseScope,
    reference: Optional[str],
    actor: Actor,
    *,
    expected_version: Optional[int],
    outcome: Optional[str],
    now: datetime,
) -> ActionResult:
    """Close the case with an outcome category (see :data:`CLOSE_OUTCOMES`)."""
    if outcome not in CLOSE_OUTCOMES:
        raise InvalidCaseworkInput("close_outcome_invalid", "outcome")

    def work(session: Session) -> ActionResult:
        case = _scoped_case(session, scope, reference, lock=True)
        _check_version(case, expected_version)
        if case.status not in OPEN_FOR_WORK:
            raise CaseNotChangeable(case.status)
        apply_status(session, case, CaseStatus.CLOSED, actor.name, now, outcome=outcome)
        record(session, actor, "case.closed", case.municipality, now,
               case_reference=case.reference, outcome=outcome)
        session.flush()
        return _result(case, scope)

    return _run_write(session_factory, "closing a case", work)


def add_note(
    session_factory: SessionFactory,
    scope: CaseScope,
    reference: Optional[str],
    actor: Actor,
    *,
    text: Optional[str],
    now: datetime,
) -> ActionResult:
    """Add a note. Notes only append, so they need no version check and change no version."""
    clean = _clean_text(text, 1, NOTE_MAX_CHARS, "note_missing", "note_too_long", "text")

    def work(session: Session) -> ActionResult:
        case = _scoped_case(session, scope, reference, lock=False)
        if case.status == CaseStatus.CANCELLED.value:
            raise CaseNotChangeable(case.status)
        note = CaseNote(case_id=case.id, at=now, author=actor.name, kind="note", text=clean)
        session.add(note)
        session.flush()
        _event(session, case, now, "note_added", actor.name, note_id=note.id)
        record(session, actor, "case.note_added", case.municipality, now,
               case_reference=case.reference, note_id=note.id)
        return _result(case, scope)

    return _run_write(session_factory, "adding a note", work)
