"""Callback bookings along the contact-person referral chain: the service layer.

The Rasa actions call these functions; they own validation, transactions and
the case history, so that the actions stay thin. Guarantees:

* **Consent first.** Without consent nothing is stored at all (a callback
  cannot be made without a phone number, and an anonymous half-case would only
  be noise): :func:`create_case_and_booking` raises :class:`ConsentRequired`
  before touching the database.
* **Nothing double-booked.** Capacity is enforced by numbered seats and a
  partial unique index (see :mod:`bot.storage.models`); the check and the
  insert run in one transaction (``BEGIN IMMEDIATE`` on SQLite) and conflicts
  are retried.
* **Nothing lost.** Functions return only after the commit; any storage
  failure surfaces as :class:`StorageUnavailable`, so the bot can say honestly
  that the booking did not go through and give phone numbers instead.
* **Escalation is idempotent and safe with several runners**: each step is a
  conditional ``UPDATE ... WHERE version = :seen AND contact_point_id = :seen``;
  a runner that loses the race updates no row and records nothing.
* **Privacy.** Personal fields are cleared when a booking is cancelled and by
  :func:`purge_personal_data`; the case history never holds personal data;
  logs carry references, never names, numbers or messages.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Callable, Mapping, Optional, Protocol, Sequence, TypeVar

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot.callbacks.calendar import (
    DEFAULT_HORIZON_DAYS,
    DEFAULT_LEAD_TIME,
    DEFAULT_SLOT_COUNT,
    BookedCountsFn,
    OfficeHoursMap,
    Slot,
    WindowSpec,
    add_working_hours,
    format_opening_sv,
    format_window_sv,
    is_office_open,
    next_free_slots,
    next_opening,
)
from bot.callbacks.phone import last_digits, matches_last_digits, normalise_swedish_phone
from bot.callbacks.transcript import mask_identifiers, mask_personnummer
from bot.clock import STOCKHOLM
from bot.clock import now as clock_now
from bot.storage.engine import SessionFactory, read_session, write_session
from bot.storage.models import (
    Booking,
    BookingStatus,
    Case,
    CaseEvent,
    CaseNote,
    CaseStatus,
    ContactState,
)

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: a reference read aloud or typed from a screenshot stays unambiguous.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 6
NAME_MAX_CHARS = 60
MESSAGE_MAX_CHARS = 500
MAX_ATTEMPTS = 25
MAX_LOCK_RETRIES = 3
DEFAULT_ESCALATION_HOURS = 8.0
OPEN_STATUSES = (CaseStatus.BOOKED.value, CaseStatus.TAKEN.value)
ENDED_STATUSES = (CaseStatus.CALLED.value, CaseStatus.CLOSED.value, CaseStatus.CANCELLED.value)
_REFERENCE_RE = re.compile(rf"^[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}$")

T = TypeVar("T")


# ---------------------------------------------------------------- errors


class BookingError(Exception):
    """Base class of the booking service's own errors."""


class ConsentRequired(BookingError):
    """A booking was attempted without the relative's consent; nothing was stored."""


class BookingUnavailable(BookingError):
    """The chosen slot is full or already past; offer new slots."""

    def __init__(self, slot: Slot, reason: str = "full") -> None:
        self.slot = slot
        self.reason = reason
        super().__init__(f"slot {slot.contact_point_id} {slot.start.isoformat()} is {reason}")


class StorageUnavailable(BookingError):
    """The database could not be reached or did not commit; nothing can be promised."""


class CaseNotFound(BookingError):
    """No case with that reference and those last digits (we do not say which part was wrong)."""


class CaseNotChangeable(BookingError):
    """The case has been called, closed or cancelled and cannot be changed this way."""

    def __init__(self, status: str) -> None:
        self.status = status
        super().__init__(f"case is {status}")


class InvalidBookingInput(ValueError):
    """Something the relative typed cannot be used; ``message_sv`` says why, in Swedish."""

    MESSAGES_SV = {
        "name_empty": "Vad ska vi kalla dig när vi ringer? Det räcker med ett förnamn.",
        "name_too_long": (
            f"Skriv ett kortare namn, högst {NAME_MAX_CHARS} tecken. Ett förnamn räcker."
        ),
        "name_not_a_name": "Skriv bara ett namn, till exempel ditt förnamn.",
        "message_too_long": (
            f"Meddelandet får vara högst {MESSAGE_MAX_CHARS} tecken. Skriv det kortare, "
            "så kan du berätta mer när vi ringer."
        ),
    }

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.message_sv = self.MESSAGES_SV[reason]
        super().__init__(self.message_sv)


# ---------------------------------------------------------------- profile protocols


class HoursProfileLike(Protocol):
    """Office hours by weekday name, as in the municipality profile."""

    @property
    def office_hours(self) -> OfficeHoursMap:
        """``monday`` .. ``sunday`` -> hours or None."""


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


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class BookingConfirmation:
    """What the bot may tell the relative once the booking is committed."""

    reference: str
    slot: Slot
    contact_point_id: str
    after_hours: bool
    phone_last_digits: str
    created_at: datetime
    office_opens_at: Optional[datetime] = None

    @property
    def window_sv(self) -> str:
        """The booked window in Swedish: ``tisdag 25 november kl. 10.00–12.00``."""
        return format_window_sv(self.slot)


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


# ---------------------------------------------------------------- small helpers


def generate_reference() -> str:
    """A random 6-character reference from an alphabet without 0, O, 1, I and L."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference(text: Optional[str]) -> Optional[str]:
    """Upper-case a typed reference and drop spaces and dashes; None if it cannot be one."""
    candidate = re.sub(r"[\s\-.]", "", text or "").upper()
    return candidate if _REFERENCE_RE.match(candidate) else None


def clean_name(text: Optional[str]) -> str:
    """A first name or any name the relative wants to be called by, tidied."""
    name = " ".join((text or "").split())
    if not name:
        raise InvalidBookingInput("name_empty")
    if len(name) > NAME_MAX_CHARS:
        raise InvalidBookingInput("name_too_long")
    if sum(ch.isdigit() for ch in name) >= 3 or "@" in name:
        raise InvalidBookingInput("name_not_a_name")
    return name


def clean_message(text: Optional[str]) -> Optional[str]:
    """The optional short message, or None when empty.

    Personnummer are masked (nobody needs them for a callback); phone numbers
    stay, since "ring hellre på 08-..." is a legitimate message.
    """
    message = (text or "").strip()
    if not message:
        return None
    if len(message) > MESSAGE_MAX_CHARS:
        raise InvalidBookingInput("message_too_long")
    return mask_personnummer(message)


def _is_retryable(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "pgcode", None)
    if code in ("40001", "40P01", "55P03"):  # serialization failure, deadlock, lock not available
        return True
    text = str(exc.orig).lower()
    return "database is locked" in text or "database table is locked" in text


def _is_unique_violation(exc: IntegrityError) -> bool:
    if getattr(exc.orig, "pgcode", None) == "23505":
        return True
    return "unique constraint failed" in str(exc.orig).lower()


def _run_write(session_factory: SessionFactory, what: str, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one writing transaction, retrying conflicts; commit before returning.

    Retried: unique-index conflicts (another booker took the seat, or a reference
    collided), stale versions, serialization failures, deadlocks and SQLite
    "database is locked" after its busy timeout (a few times only). Anything
    else from the database becomes :class:`StorageUnavailable`.
    """
    lock_failures = 0
    last: Optional[Exception] = None
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with write_session(session_factory) as session:
                result = work(session)
            return result
        except IntegrityError as exc:
            if not _is_unique_violation(exc):
                logger.error("%s violated a constraint: %s", what, type(exc.orig).__name__)
                raise StorageUnavailable(f"{what} violated a database constraint") from exc
            logger.debug("%s: unique conflict on attempt %d", what, attempt)
            last = exc
        except StaleDataError as exc:
            logger.debug("%s: stale version on attempt %d", what, attempt)
            last = exc
        except DBAPIError as exc:
            lock_failures += 1
            if not _is_retryable(exc) or lock_failures > MAX_LOCK_RETRIES:
                logger.error("%s failed in storage: %s", what, type(exc.orig).__name__)
                raise StorageUnavailable(f"{what} failed in storage") from exc
            logger.debug("%s: lock or serialization failure on attempt %d", what, attempt)
            last = exc
        except SQLAlchemyError as exc:
            logger.error("%s failed in storage: %s", what, type(exc).__name__)
            raise StorageUnavailable(f"{what} failed in storage") from exc
    logger.error("%s gave up after %d attempts", what, MAX_ATTEMPTS)
    raise StorageUnavailable(f"{what} kept conflicting") from last


def _run_read(session_factory: SessionFactory, what: str, work: Callable[[Session], T]) -> T:
    try:
        with read_session(session_factory) as session:
            return work(session)
    except SQLAlchemyError as exc:
        logger.error("%s failed in storage: %s", what, type(exc).__name__)
        raise StorageUnavailable(f"{what} failed in storage") from exc


def _event(
    session: Session, case: Case, at: datetime, kind: str, actor: str, **detail: Any
) -> None:
    session.add(CaseEvent(case_id=case.id, at=at, kind=kind, actor=actor, detail=detail))


def _slot_detail(slot: Slot) -> dict[str, str]:
    return {
        "contact_point_id": slot.contact_point_id,
        "start": slot.start.astimezone(UTC).isoformat(),
        "end": slot.end.astimezone(UTC).isoformat(),
    }


def _active_booking(session: Session, case_id: int) -> Optional[Booking]:
    return session.execute(
        select(Booking).where(
            Booking.case_id == case_id, Booking.status == BookingStatus.ACTIVE.value
        )
    ).scalar_one_or_none()


def _slot_of(booking: Optional[Booking]) -> Optional[Slot]:
    if booking is None:
        return None
    return Slot(
        booking.contact_point_id,
        booking.slot_start.astimezone(STOCKHOLM),
        booking.slot_end.astimezone(STOCKHOLM),
    )


def _info(case: Case, booking: Optional[Booking]) -> CaseInfo:
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
        slot=_slot_of(booking),
        situation_summary=case.situation_summary,
        name=case.name,
        phone_e164=case.phone_e164,
        message=case.message,
        transcript=case.transcript,
    )


def _take_seat(session: Session, municipality: str, slot: Slot, now: datetime) -> int:
    """The lowest free seat of ``slot``, or :class:`BookingUnavailable`.

    Two transactions that read the same seats pick the same seat, so the unique
    index lets one win and the other retry and see the slot as it now is.
    """
    if slot.start <= now:
        raise BookingUnavailable(slot, "past")
    taken = set(
        session.execute(
            select(Booking.seat).where(
                Booking.municipality == municipality,
                Booking.contact_point_id == slot.contact_point_id,
                Booking.slot_start == slot.start,
                Booking.status == BookingStatus.ACTIVE.value,
            )
        ).scalars()
    )
    free = [seat for seat in range(1, slot.capacity + 1) if seat not in taken]
    if len(taken) >= slot.capacity or not free:
        raise BookingUnavailable(slot, "full")
    return free[0]


def _check_slot(slot: Slot) -> None:
    """Slots come from :func:`bot.callbacks.calendar.next_free_slots`; anything else is a code error."""
    if slot.end <= slot.start or slot.capacity < 1 or not slot.contact_point_id:
        raise ValueError(f"not a bookable slot: {slot!r}")
    if slot.start.tzinfo is None or slot.end.tzinfo is None:
        raise ValueError("slot times must be timezone-aware")


def _locked_case(session: Session, reference: Optional[str], phone_digits: str) -> Case:
    normalised = normalise_reference(reference)
    if normalised is None:
        raise CaseNotFound("malformed reference")
    case = session.execute(
        select(Case).where(Case.reference == normalised).with_for_update()
    ).scalar_one_or_none()
    if case is None or not matches_last_digits(case.phone_e164, phone_digits):
        raise CaseNotFound("no case with that reference and number")
    return case


def _case_by_reference(session: Session, reference: Optional[str], lock: bool = False) -> Case:
    normalised = normalise_reference(reference)
    if normalised is None:
        raise CaseNotFound("malformed reference")
    query = select(Case).where(Case.reference == normalised)
    case = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if case is None:
        raise CaseNotFound("no case with that reference")
    return case


def _touch_contact_state(
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


# ---------------------------------------------------------------- slots


def booked_counts_reader(session_factory: SessionFactory, municipality: str) -> BookedCountsFn:
    """A ``booked_counts_fn`` for :func:`bot.callbacks.calendar.next_free_slots` backed by the database."""

    def read(start: datetime, end: datetime) -> Mapping[tuple[str, datetime], int]:
        def work(session: Session) -> dict[tuple[str, datetime], int]:
            rows = session.execute(
                select(Booking.contact_point_id, Booking.slot_start, func.count(Booking.id))
                .where(
                    Booking.municipality == municipality,
                    Booking.status == BookingStatus.ACTIVE.value,
                    Booking.slot_start >= start,
                    Booking.slot_start < end,
                )
                .group_by(Booking.contact_point_id, Booking.slot_start)
            ).all()
            return {(cp, slot_start): int(count) for cp, slot_start, count in rows}

        return _run_read(session_factory, "reading booked slots", work)

    return read


def offer_slots(
    session_factory: SessionFactory,
    municipality: str,
    windows: Sequence[WindowSpec],
    now: Optional[datetime] = None,
    lead_time: timedelta = DEFAULT_LEAD_TIME,
    count: int = DEFAULT_SLOT_COUNT,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> list[Slot]:
    """The next free slots of ``windows``, full ones left out (see ``next_free_slots``)."""
    return next_free_slots(
        windows,
        now=clock_now() if now is None else now,
        lead_time=lead_time,
        booked_counts_fn=booked_counts_reader(session_factory, municipality),
        count=count,
        horizon_days=horizon_days,
    )


# ---------------------------------------------------------------- booking


def create_case_and_booking(
    session_factory: SessionFactory,
    *,
    municipality: str,
    slot: Slot,
    consent: bool,
    name: Optional[str],
    phone: Optional[str],
    message: Optional[str] = None,
    link_id: Optional[str] = None,
    target_group: Optional[str] = None,
    district: Optional[str] = None,
    situation_summary: Optional[str] = None,
    transcript: Optional[str] = None,
    transcript_consent: bool = False,
    office_hours: Optional[OfficeHoursMap] = None,
    now: Optional[datetime] = None,
    actor: str = "relative",
) -> BookingConfirmation:
    """Create a case assigned to the slot's contact point and book the slot, atomically.

    Raises :class:`ConsentRequired` (nothing stored), ``InvalidPhoneNumber`` or
    :class:`InvalidBookingInput` (Swedish message for the user),
    :class:`BookingUnavailable` (slot full or past; nothing stored) or
    :class:`StorageUnavailable`. The transcript is stored, masked, only with
    ``transcript_consent``. With ``office_hours`` the case is marked after-hours
    when the office is closed at ``now``.
    """
    if not consent:
        raise ConsentRequired("no consent: nothing stored")
    _check_slot(slot)
    clean = clean_name(name)
    phone_e164 = normalise_swedish_phone(phone)
    clean_msg = clean_message(message)
    now = clock_now() if now is None else now
    after_hours = office_hours is not None and not is_office_open(now, office_hours)
    opens_at = next_opening(now, office_hours) if after_hours and office_hours else None
    stored_transcript = (
        mask_identifiers(transcript, names=[clean]) if transcript and transcript_consent else None
    )

    def work(session: Session) -> BookingConfirmation:
        seat = _take_seat(session, municipality, slot, now)
        case = Case(
            reference=generate_reference(),
            municipality=municipality,
            link_id=link_id,
            contact_point_id=slot.contact_point_id,
            assigned_at=now,
            district=district,
            target_group=target_group,
            situation_summary=situation_summary,
            status=CaseStatus.BOOKED.value,
            after_hours=after_hours,
            consent=True,
            transcript_consent=bool(transcript_consent and stored_transcript),
            name=clean,
            phone_e164=phone_e164,
            message=clean_msg,
            transcript=stored_transcript,
            created_at=now,
            updated_at=now,
            escalation_level=0,
        )
        session.add(case)
        session.flush()
        session.add(
            Booking(
                case_id=case.id,
                municipality=municipality,
                contact_point_id=slot.contact_point_id,
                slot_start=slot.start,
                slot_end=slot.end,
                seat=seat,
                status=BookingStatus.ACTIVE.value,
                created_at=now,
            )
        )
        _event(
            session, case, now, "created", actor,
            link_id=link_id, assigned_to=slot.contact_point_id, after_hours=after_hours,
            transcript_attached=stored_transcript is not None,
        )
        _event(session, case, now, "booked", actor, seat=seat, **_slot_detail(slot))
        session.flush()
        return BookingConfirmation(
            reference=case.reference,
            slot=slot,
            contact_point_id=slot.contact_point_id,
            after_hours=after_hours,
            phone_last_digits=last_digits(phone_e164),
            created_at=now,
            office_opens_at=opens_at,
        )

    confirmation = _run_write(session_factory, "booking", work)
    logger.info(
        "booked case %s with %s (after hours: %s)",
        confirmation.reference, slot.contact_point_id, after_hours,
    )
    return confirmation


def find_case(
    session_factory: SessionFactory, reference: Optional[str], phone_last_digits: str
) -> Optional[CaseInfo]:
    """The relative's own case, identified by reference and the phone number's last digits."""

    def work(session: Session) -> Optional[CaseInfo]:
        normalised = normalise_reference(reference)
        if normalised is None:
            return None
        case = session.execute(
            select(Case).where(Case.reference == normalised)
        ).scalar_one_or_none()
        if case is None or not matches_last_digits(case.phone_e164, phone_last_digits):
            return None
        return _info(case, _active_booking(session, case.id))

    return _run_read(session_factory, "finding a case", work)


def get_case(session_factory: SessionFactory, reference: Optional[str]) -> Optional[CaseInfo]:
    """A case by reference alone: for staff views and jobs, never for the relative."""

    def work(session: Session) -> Optional[CaseInfo]:
        try:
            case = _case_by_reference(session, reference)
        except CaseNotFound:
            return None
        return _info(case, _active_booking(session, case.id))

    return _run_read(session_factory, "reading a case", work)


def case_history(session_factory: SessionFactory, reference: Optional[str]) -> list[CaseEventInfo]:
    """The case's history, oldest first (empty for an unknown reference)."""

    def work(session: Session) -> list[CaseEventInfo]:
        try:
            case = _case_by_reference(session, reference)
        except CaseNotFound:
            return []
        events = session.execute(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
        ).scalars()
        return [CaseEventInfo(e.at, e.kind, e.actor, dict(e.detail or {})) for e in events]

    return _run_read(session_factory, "reading case history", work)


def cancel_booking(
    session_factory: SessionFactory,
    reference: Optional[str],
    phone_last_digits: str,
    *,
    now: Optional[datetime] = None,
    actor: str = "relative",
) -> CaseInfo:
    """Cancel the relative's booking and clear the personal data it no longer needs.

    Raises :class:`CaseNotFound` when reference and digits do not match a case
    (also for a case already cancelled, whose number is gone), or
    :class:`CaseNotChangeable` once the callback has been made or the case closed.
    """
    now = clock_now() if now is None else now

    def work(session: Session) -> CaseInfo:
        case = _locked_case(session, reference, phone_last_digits)
        if case.status not in OPEN_STATUSES:
            raise CaseNotChangeable(case.status)
        booking = _active_booking(session, case.id)
        cancelled_slot = _slot_of(booking)
        if booking is not None:
            booking.status = BookingStatus.CANCELLED.value
            booking.cancelled_at = now
        case.status = CaseStatus.CANCELLED.value
        case.updated_at = now
        case.name = case.phone_e164 = case.message = case.transcript = None
        _event(
            session, case, now, "cancelled", actor,
            **(_slot_detail(cancelled_slot) if cancelled_slot else {}),
        )
        session.flush()
        return _info(case, None)

    info = _run_write(session_factory, "cancelling", work)
    logger.info("cancelled case %s", info.reference)
    return info


def rebook(
    session_factory: SessionFactory,
    reference: Optional[str],
    phone_last_digits: str,
    new_slot: Slot,
    *,
    now: Optional[datetime] = None,
    actor: str = "relative",
) -> BookingConfirmation:
    """Move the booking to ``new_slot`` in one transaction.

    If the new slot is full the old booking stays as it was
    (:class:`BookingUnavailable`). A case nobody has taken or escalated yet
    follows the new slot's contact point; otherwise its assignee stays.
    """
    _check_slot(new_slot)
    now = clock_now() if now is None else now

    def work(session: Session) -> BookingConfirmation:
        case = _locked_case(session, reference, phone_last_digits)
        if case.status not in OPEN_STATUSES:
            raise CaseNotChangeable(case.status)
        old = _active_booking(session, case.id)
        old_slot = _slot_of(old)
        if old is not None and old_slot is not None and old_slot.key == new_slot.key:
            return _confirmation(case, old_slot)
        if old is not None:
            old.status = BookingStatus.CANCELLED.value
            old.cancelled_at = now
            session.flush()  # frees the seat and the case's active booking before the new insert
        seat = _take_seat(session, case.municipality, new_slot, now)
        session.add(
            Booking(
                case_id=case.id,
                municipality=case.municipality,
                contact_point_id=new_slot.contact_point_id,
                slot_start=new_slot.start,
                slot_end=new_slot.end,
                seat=seat,
                status=BookingStatus.ACTIVE.value,
                created_at=now,
            )
        )
        if case.status == CaseStatus.BOOKED.value and case.escalation_level == 0:
            if case.contact_point_id != new_slot.contact_point_id:
                case.contact_point_id = new_slot.contact_point_id
                case.assigned_at = now
        case.updated_at = now
        _event(
            session, case, now, "rebooked", actor, seat=seat,
            previous=_slot_detail(old_slot) if old_slot else None, **_slot_detail(new_slot),
        )
        session.flush()
        return _confirmation(case, new_slot)

    confirmation = _run_write(session_factory, "rebooking", work)
    logger.info("rebooked case %s", confirmation.reference)
    return confirmation


def _confirmation(case: Case, slot: Slot) -> BookingConfirmation:
    return BookingConfirmation(
        reference=case.reference,
        slot=slot,
        contact_point_id=slot.contact_point_id,
        after_hours=case.after_hours,
        phone_last_digits=last_digits(case.phone_e164 or ""),
        created_at=case.created_at,
    )


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
    _event(session, case, now, "taken", actor, contact_point_id=taker, previous=previous, **detail)
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
        case = _case_by_reference(session, reference, lock=True)
        apply_take(session, case, actor, now, contact_point_id=contact_point_id)
        return _info(case, _active_booking(session, case.id))

    info = _run_write(session_factory, "taking a case", work)
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
    _event(session, case, now, status.value, actor, previous=previous, **detail)
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
        case = _case_by_reference(session, reference, lock=True)
        apply_status(session, case, status, actor, now)
        return _info(case, _active_booking(session, case.id))

    return _run_write(session_factory, f"setting status {status.value}", work)


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
        case = _case_by_reference(session, reference, lock=True)
        if not case.transcript_consent or case.status not in OPEN_STATUSES:
            return
        case.transcript = mask_identifiers(transcript, names=[case.name] if case.name else [])
        case.updated_at = now
        _event(session, case, now, "transcript_attached", actor)

    _run_write(session_factory, "attaching a transcript", work)


def purge_personal_data(
    session_factory: SessionFactory, *, before: datetime, now: Optional[datetime] = None
) -> int:
    """Clear name, phone, message, transcript and staff notes of ended cases changed before ``before``.

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
                | Case.id.in_(select(CaseNote.case_id)),
            )
        ).scalars().all()
        for case in cases:
            case.name = case.phone_e164 = case.message = case.transcript = None
            case.updated_at = now
            # Staff notes are free text and may name people: they go too.
            session.execute(delete(CaseNote).where(CaseNote.case_id == case.id))
            _event(session, case, now, "personal_data_purged", "retention")
        session.flush()
        return len(cases)

    count = _run_write(session_factory, "purging personal data", work)
    logger.info("purged personal data of %d cases", count)
    return count


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
        _touch_contact_state(session, municipality, contact_point_id, now, available=available)

    _run_write(session_factory, "setting availability", work)


# ---------------------------------------------------------------- escalation


def _next_assignee(
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

    rows, unavailable = _run_read(session_factory, "reading open cases", read)
    escalations: list[Escalation] = []
    for row in rows:
        current = row.contact_point_id
        link = links.get(row.link_id) if row.link_id else None
        chain = list(link.chain) if link else []
        hours = escalation_hours(link)
        due = add_working_hours(row.assigned_at or row.created_at, hours, profile.office_hours)
        if due > now:
            continue
        target = _next_assignee(chain, current, unavailable, coordinators, row.district)
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
            _touch_contact_state(session, profile.id, cp.id, now, last_escalation_check_at=now)

    _run_write(session_factory, "recording the escalation check", touch)
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
        _touch_contact_state(session, municipality, target, now, last_assigned_at=now)
        return Escalation(
            reference=row.reference,
            from_contact_point_id=row.contact_point_id,
            to_contact_point_id=target,
            level=level,
            due_at=due,
            escalated_at=now,
            to_coordinator=to_coordinator,
        )

    return _run_write(session_factory, "escalating", work)


def format_confirmation_sv(confirmation: BookingConfirmation, caller_sv: str) -> str:
    """A plain Swedish confirmation: reference, window, who calls, how to cancel.

    ``caller_sv`` names who will call, e.g. "anhörigkonsulenten i Ekerö kommun".
    """
    lines = [
        f"Klart! Din tid är bokad: {confirmation.window_sv}.",
        f"Det är {caller_sv} som ringer dig.",
        f"Ditt bokningsnummer är {confirmation.reference}.",
        (
            "Vill du avboka eller byta tid skriver du \"avboka\" eller \"boka om\" här, "
            f"med bokningsnumret och de fyra sista siffrorna i ditt telefonnummer "
            f"(…{confirmation.phone_last_digits})."
        ),
    ]
    if confirmation.after_hours and confirmation.office_opens_at is not None:
        opens = format_opening_sv(confirmation.office_opens_at, confirmation.created_at)
        lines.append(f"Kontoret är stängt just nu. Vi ser din bokning när det öppnar {opens}.")
    return "\n".join(lines)
