"""Staff casework on callback cases: the case page and the actions taken on a case.

The staff half of the booking service layer (:mod:`bot.callbacks.booking`): the web
pages and the JSON API both call these functions, so authorisation scope,
concurrency and the audit trail are the same whichever door is used. The queue
is :mod:`bot.staff.queue`; who may see which case is :mod:`bot.staff.scope`.

* **Scope.** Every function takes a :class:`~bot.staff.scope.CaseScope`; a case
  outside it is reported exactly like an unknown reference
  (:class:`bot.callbacks.cases.CaseNotFound`), so nobody can probe which references exist.
* **Optimistic concurrency.** Actions carry the case ``version`` the person
  saw; if the case changed since (a colleague, the escalation job), the action
  is refused with :class:`~bot.staff.errors.ConcurrentChange` and nothing is written.
* **Audit.** Every view of personal data and every change writes an audit entry
  in the same transaction (:mod:`bot.staff.audit`).
* **Privacy.** Free text (notes, reasons for passing a case on) goes into
  ``case_notes``, which retention clears; the history holds ids and categories.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Mapping, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.callbacks.calendar import add_working_hours
from bot.callbacks.cases import CaseNotChangeable, add_event, apply_status, apply_take
from bot.clock import STOCKHOLM
from bot.knowledge.schema import Profile
from bot.nlp.text import strip_controls
from bot.staff.accounts import Principal
from bot.staff.audit import Actor, record
from bot.staff.errors import (
    NOTE_MAX_CHARS,
    REASON_MAX_CHARS,
    REASON_MIN_CHARS,
    ConcurrentChange,
    InvalidCaseworkInput,
)
from bot.staff.queue import OPEN_FOR_WORK, CaseSummary, summarise
from bot.staff.scope import CaseScope, scoped_case
from bot.storage.engine import SessionFactory
from bot.storage.models import Booking, BookingStatus, Case, CaseEvent, CaseNote, CaseStatus
from bot.storage.unit_of_work import run_write

logger = logging.getLogger(__name__)

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
DEFAULT_RETRY_WORKING_HOURS = 2.0


# ---------------------------------------------------------------- the case page


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
        case = scoped_case(session, scope, reference, lock=False)
        booking = session.execute(
            select(Booking).where(
                Booking.case_id == case.id, Booking.status == BookingStatus.ACTIVE.value
            )
        ).scalar_one_or_none()
        summary = summarise(session, [(case, booking)], profile, now)[0]
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

    return run_write(session_factory, "reading a case", work)


def reveal_phone(
    session_factory: SessionFactory,
    scope: CaseScope,
    reference: Optional[str],
    actor: Actor,
    now: datetime,
) -> Optional[str]:
    """The relative's phone number (E.164), or None once purged; the reveal is audit-logged."""

    def work(session: Session) -> Optional[str]:
        case = scoped_case(session, scope, reference, lock=False)
        record(
            session, actor, "case.phone_revealed", case.municipality, now,
            case_reference=case.reference, available=case.phone_e164 is not None,
        )
        return case.phone_e164

    return run_write(session_factory, "revealing a phone number", work)


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


def _check_version(case: Case, expected_version: Optional[int]) -> None:
    if expected_version is None:
        raise InvalidCaseworkInput("version_missing", "version")
    if case.version != expected_version:
        raise ConcurrentChange(case.version)


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
        case = scoped_case(session, scope, reference, lock=True)
        _check_version(case, expected_version)
        if case.status != CaseStatus.BOOKED.value:
            raise CaseNotChangeable(case.status)
        apply_take(session, case, actor.name, now, contact_point_id=principal.contact_point_id)
        record(session, actor, "case.taken", case.municipality, now,
               case_reference=case.reference, contact_point_id=case.contact_point_id)
        session.flush()
        return _result(case, scope)

    return run_write(session_factory, "taking a case", work)


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
        case = scoped_case(session, scope, reference, lock=True)
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
        add_event(session, case, now, "call", actor.name, **detail)
        if outcome == "reached":
            apply_status(session, case, CaseStatus.CALLED, actor.name, now)
        else:
            case.updated_at = now
        record(session, actor, "case.call_recorded", case.municipality, now,
               case_reference=case.reference, outcome=outcome, attempt=attempt)
        session.flush()
        return _result(case, scope)

    return run_write(session_factory, "recording a call", work)


def _clean_text(text: Optional[str], minimum: int, maximum: int, missing: str, too_long: str,
                field_name: str) -> str:
    clean = strip_controls(text or "").strip()  # a NUL would not even reach PostgreSQL
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
        case = scoped_case(session, scope, reference, lock=True)
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
        add_event(
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

    return run_write(session_factory, "passing a case on", work)


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
        case = scoped_case(session, scope, reference, lock=True)
        _check_version(case, expected_version)
        if case.status not in OPEN_FOR_WORK:
            raise CaseNotChangeable(case.status)
        apply_status(session, case, CaseStatus.CLOSED, actor.name, now, outcome=outcome)
        record(session, actor, "case.closed", case.municipality, now,
               case_reference=case.reference, outcome=outcome)
        session.flush()
        return _result(case, scope)

    return run_write(session_factory, "closing a case", work)


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
        case = scoped_case(session, scope, reference, lock=False)
        if case.status == CaseStatus.CANCELLED.value:
            raise CaseNotChangeable(case.status)
        note = CaseNote(case_id=case.id, at=now, author=actor.name, kind="note", text=clean)
        session.add(note)
        session.flush()
        add_event(session, case, now, "note_added", actor.name, note_id=note.id)
        record(session, actor, "case.note_added", case.municipality, now,
               case_reference=case.reference, note_id=note.id)
        return _result(case, scope)

    return run_write(session_factory, "adding a note", work)
