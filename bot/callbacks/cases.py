"""Callback cases as records: references, read views, history, and the status changes.

A case is what one relative's callback becomes: its reference, its
assignment along a referral chain, its status and its history. This module
owns the record; :mod:`bot.callbacks.booking` creates cases and moves their
bookings, :mod:`bot.callbacks.escalation` moves them down their chains, and
the staff dashboard (:mod:`bot.staff.casework`) works them, using the helpers
here inside its own transactions.

The history (``case_events``) holds ids, categories and times, never personal
data; personal fields are kept out of ``repr`` (and so out of logs).
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Mapping, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.callbacks.calendar import Slot
from bot.callbacks.transcript import mask_identifiers
from bot.clock import STOCKHOLM
from bot.clock import now as clock_now
from bot.storage.engine import SessionFactory
from bot.storage.models import Booking, BookingStatus, Case, CaseEvent, CaseStatus
from bot.storage.unit_of_work import run_read, run_write

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: a reference read aloud or typed from a screenshot stays unambiguous.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 6
OPEN_STATUSES = (CaseStatus.BOOKED.value, CaseStatus.TAKEN.value)
ENDED_STATUSES = (CaseStatus.CALLED.value, CaseStatus.CLOSED.value, CaseStatus.CANCELLED.value)
_REFERENCE_RE = re.compile(rf"^[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}$")


# ---------------------------------------------------------------- errors


class BookingError(Exception):
    """Base class of the booking service's own errors."""


class CaseNotFound(BookingError):
    """No case with that reference and those last digits (we do not say which part was wrong)."""


class CaseNotChangeable(BookingError):
    """The case has been called, closed or cancelled and cannot be changed this way."""

    def __init__(self, status: str) -> None:
        self.status = status
        super().__init__(f"case is {status}")


# ---------------------------------------------------------------- read views


@dataclass(frozen=True)
class CaseInfo:
    """A read-only view of a case; personal fields are kept out of ``repr`` (and logs)."""

    reference: str
    status: str
    municipality: str
    link_id: Optional[str]
    contact_point_id: Optional[str]
    target_group: Optional[str]
    district: Optional[str]
    after_hours: bool
    escalation_level: int
    created_at: datetime
    updated_at: datetime
    taken_at: Optional[datetime]
    assigned_at: Optional[datetime]
    slot: Optional[Slot]
    situation_summary: Optional[str] = field(default=None, repr=False)
    name: Optional[str] = field(default=None, repr=False)
    phone_e164: Optional[str] = field(default=None, repr=False)
    message: Optional[str] = field(default=None, repr=False)
    transcript: Optional[str] = field(default=None, repr=False)


@dataclass(frozen=True)
class CaseEventInfo:
    """One history entry of a case."""

    at: datetime
    kind: str
    actor: str
    detail: Mapping[str, Any]


# ---------------------------------------------------------------- references


def generate_reference() -> str:
    """A random 6-character reference from an alphabet without 0, O, 1, I and L."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference(text: Optional[str]) -> Optional[str]:
    """Upper-case a typed reference and drop spaces and dashes; None if it cannot be one."""
    candidate = re.sub(r"[\s\-.]", "", text or "").upper()
    return candidate if _REFERENCE_RE.match(candidate) else None


# ---------------------------------------------------------------- helpers inside a transaction


def add_event(
    session: Session, case: Case, at: datetime, kind: str, actor: str, **detail: Any
) -> None:
    """Append one history entry to ``case`` inside the caller's transaction."""
    session.add(CaseEvent(case_id=case.id, at=at, kind=kind, actor=actor, detail=detail))


def slot_detail(slot: Slot) -> dict[str, str]:
    """A slot as history detail: contact point and UTC times."""
    return {
        "contact_point_id": slot.contact_point_id,
        "start": slot.start.astimezone(UTC).isoformat(),
        "end": slot.end.astimezone(UTC).isoformat(),
    }


def active_booking(session: Session, case_id: int) -> Optional[Booking]:
    """The case's active booking, if it has one."""
    return session.execute(
        select(Booking).where(
            Booking.case_id == case_id, Booking.status == BookingStatus.ACTIVE.value
        )
    ).scalar_one_or_none()


def slot_of(booking: Optional[Booking]) -> Optional[Slot]:
    """The booked slot in Stockholm time (None without a booking)."""
    if booking is None:
        return None
    return Slot(
        booking.contact_point_id,
        booking.slot_start.astimezone(STOCKHOLM),
        booking.slot_end.astimezone(STOCKHOLM),
    )


def case_info(case: Case, booking: Optional[Booking]) -> CaseInfo:
    """The read-only view of ``case`` with its active ``booking``."""
    return CaseInfo(
        reference=case.reference,
        status=case.status,
        municipality=case.municipality,
        link_id=case.link_id,
        contact_point_id=case.contact_point_id,
        target_group=case.target_group,
        district=case.district,
        after_hours=case.after_hours,
        escalation_level=case.escalation_level,
        created_at=case.created_at,
        updated_at=case.updated_at,
        taken_at=case.taken_at,
        assigned_at=case.assigned_at,
        slot=slot_of(booking),
        situation_summary=case.situation_summary,
        name=case.name,
        phone_e164=case.phone_e164,
        message=case.message,
        transcript=case.transcript,
    )


def case_by_reference(session: Session, reference: Optional[str], lock: bool = False) -> Case:
    """The case with ``reference`` (locked for update with ``lock``), or :class:`CaseNotFound`."""
    normalised = normalise_reference(reference)
    if normalised is None:
        raise CaseNotFound("malformed reference")
    query = select(Case).where(Case.reference == normalised)
    case = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if case is None:
        raise CaseNotFound("no case with that reference")
    return case


# ---------------------------------------------------------------- reading


def get_case(session_factory: SessionFactory, reference: Optional[str]) -> Optional[CaseInfo]:
    """A case by reference alone: for staff views and jobs, never for the relative."""

    def work(session: Session) -> Optional[CaseInfo]:
        try:
            case = case_by_reference(session, reference)
        except CaseNotFound:
            return None
        return case_info(case, active_booking(session, case.id))

    return run_read(session_factory, "reading a case", work)


def case_history(session_factory: SessionFactory, reference: Optional[str]) -> list[CaseEventInfo]:
    """The case's history, oldest first (empty for an unknown reference)."""

    def work(session: Session) -> list[CaseEventInfo]:
        try:
            case = case_by_reference(session, reference)
        except CaseNotFound:
            return []
        events = session.execute(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
        ).scalars()
        return [CaseEventInfo(e.at, e.kind, e.actor, dict(e.detail or {})) for e in events]

    return run_read(session_factory, "reading case history", work)


# ---------------------------------------------------------------- status changes


def apply_take(
    session: Session,
    case: Case,
    actor: str,
    now: datetime,
    *,
    contact_point_id: Optional[str] = None,
    **detail: Any,
) -> bool:
    """Take ``case`` inside the caller's transaction; False if it was already taken.

    Shared by :func:`mark_taken` and the staff dashboard (:mod:`bot.staff.casework`),
    which adds its own concurrency check and audit entry around it.
    """
    if case.status == CaseStatus.TAKEN.value:
        return False
    if case.status != CaseStatus.BOOKED.value:
        raise CaseNotChangeable(case.status)
    taker = contact_point_id or case.contact_point_id
    case.status = CaseStatus.TAKEN.value
    case.taken_at = now
    case.updated_at = now
    previous = case.contact_point_id
    case.contact_point_id = taker
    add_event(session, case, now, "taken", actor, contact_point_id=taker, previous=previous, **detail)
    session.flush()
    return True


def mark_taken(
    session_factory: SessionFactory,
    reference: Optional[str],
    actor: str,
    *,
    contact_point_id: Optional[str] = None,
    now: Optional[datetime] = None,
) -> CaseInfo:
    """A contact takes responsibility for the case, which stops escalation.

    ``contact_point_id`` is who takes it (default: the current assignee).
    Taking an already taken case changes nothing.
    """
    now = clock_now() if now is None else now

    def work(session: Session) -> CaseInfo:
        case = case_by_reference(session, reference, lock=True)
        apply_take(session, case, actor, now, contact_point_id=contact_point_id)
        return case_info(case, active_booking(session, case.id))

    info = run_write(session_factory, "taking a case", work)
    logger.info("case %s taken by %s", info.reference, info.contact_point_id)
    return info


def apply_status(
    session: Session, case: Case, status: CaseStatus, actor: str, now: datetime, **detail: Any
) -> bool:
    """Set ``CALLED`` or ``CLOSED`` inside the caller's transaction; False if already so.

    ``detail`` goes into the history entry (e.g. the outcome category of a closed case).
    """
    if status not in (CaseStatus.CALLED, CaseStatus.CLOSED):
        raise ValueError("use mark_taken or cancel_booking for that status")
    if case.status == CaseStatus.CANCELLED.value or (
        case.status == CaseStatus.CLOSED.value and status == CaseStatus.CALLED
    ):
        raise CaseNotChangeable(case.status)
    if case.status == status.value:
        return False
    previous = case.status
    case.status = status.value
    case.updated_at = now
    if case.taken_at is None:
        case.taken_at = now
    add_event(session, case, now, status.value, actor, previous=previous, **detail)
    session.flush()
    return True


def set_case_status(
    session_factory: SessionFactory,
    reference: Optional[str],
    status: CaseStatus,
    actor: str,
    *,
    now: Optional[datetime] = None,
) -> CaseInfo:
    """Record that the callback was made (``CALLED``) or the case ended (``CLOSED``)."""
    if status not in (CaseStatus.CALLED, CaseStatus.CLOSED):
        raise ValueError("use mark_taken or cancel_booking for that status")
    now = clock_now() if now is None else now

    def work(session: Session) -> CaseInfo:
        case = case_by_reference(session, reference, lock=True)
        apply_status(session, case, status, actor, now)
        return case_info(case, active_booking(session, case.id))

    return run_write(session_factory, f"setting status {status.value}", work)


def attach_transcript(
    session_factory: SessionFactory,
    reference: Optional[str],
    transcript: str,
    *,
    now: Optional[datetime] = None,
    actor: str = "relative",
) -> None:
    """Attach (replace) the masked transcript of a case whose relative consented to it.

    Does nothing for a case without transcript consent.
    """
    now = clock_now() if now is None else now

    def work(session: Session) -> None:
        case = case_by_reference(session, reference, lock=True)
        if not case.transcript_consent or case.status not in OPEN_STATUSES:
            return
        case.transcript = mask_identifiers(transcript, names=[case.name] if case.name else [])
        case.updated_at = now
        add_event(session, case, now, "transcript_attached", actor)

    run_write(session_factory, "attaching a transcript", work)
