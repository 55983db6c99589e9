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
  are retried (:mod:`bot.storage.unit_of_work`).
* **Nothing lost.** Functions return only after the commit; any storage
  failure surfaces as :class:`~bot.storage.unit_of_work.StorageUnavailable`,
  so the bot can say honestly that the booking did not go through and give
  phone numbers instead.
* **No script fills the calendar.** A booking from the chat counts against a limit
  per phone number and per address a day (:class:`BookingLimits`, shared by every
  instance through :mod:`bot.storage.limits`), checked and counted in the booking's
  own transaction; over it, :class:`BookingLimited` and nothing is stored.
* **Privacy.** Personal fields are cleared when a booking is cancelled and by
  the retention job (:mod:`bot.callbacks.retention`); the case history never
  holds personal data; logs carry references, never names, numbers or messages.

The case record itself (views, history, status changes) is
:mod:`bot.callbacks.cases`; escalation along the chain is
:mod:`bot.callbacks.escalation`.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Mapping, Optional, Protocol, Sequence

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from bot.callbacks.calendar import (
    DEFAULT_HORIZON_DAYS,
    DEFAULT_LEAD_TIME,
    DEFAULT_SLOT_COUNT,
    BookedCountsFn,
    OfficeHoursMap,
    Slot,
    WindowSpec,
    format_opening_sv,
    format_window_sv,
    is_office_open,
    next_free_slots,
    next_opening,
)
from bot.callbacks.cases import (
    OPEN_STATUSES,
    BookingError,
    CaseInfo,
    CaseNotChangeable,
    CaseNotFound,
    active_booking,
    add_event,
    case_info,
    generate_reference,
    normalise_reference,
    slot_detail,
    slot_of,
)
from bot.callbacks.phone import last_digits, matches_last_digits, normalise_swedish_phone
from bot.callbacks.transcript import mask_identifiers, mask_personnummer
from bot.clock import now as clock_now
from bot.nlp.text import strip_controls
from bot.storage.engine import SessionFactory
from bot.storage.limits import hit_in, limit_key
from bot.storage.models import Booking, BookingStatus, Case, CaseEvent, CaseStatus
from bot.storage.unit_of_work import run_read, run_write
from bot.texts.booking import booking_confirmation, booking_input_error

logger = logging.getLogger(__name__)

NAME_MAX_CHARS = 60
MESSAGE_MAX_CHARS = 500
BOOKING_WINDOW = timedelta(days=1)
SCOPE_PHONE = "booking_phone"
SCOPE_ADDRESS = "booking_address"
# The key of the message metadata under which the web app sends the keyed hash of the
# client's address (bot.web.inbound); the booking action reads it from the tracker.
ADDRESS_METADATA = "address_key"


# ---------------------------------------------------------------- errors


class ConsentRequired(BookingError):
    """A booking was attempted without the relative's consent; nothing was stored."""


class BookingUnavailable(BookingError):
    """The chosen slot is full or already past; offer new slots."""

    def __init__(self, slot: Slot, reason: str = "full") -> None:
        self.slot = slot
        self.reason = reason
        super().__init__(f"slot {slot.contact_point_id} {slot.start.isoformat()} is {reason}")


class BookingLimited(BookingError):
    """The phone number or the address has had its bookings for the day; nothing was stored.

    ``scope`` is ``phone`` or ``address``.
    """

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__(f"booking limit per {scope} reached")


@dataclass(frozen=True)
class BookingLimits:
    """How many bookings a phone number and an address may make in a day."""

    per_phone: int
    per_address: int
    secret: str = ""  # keys the phone number's hash (ANHORIG_SECRET_KEY)


class InvalidBookingInput(ValueError):
    """Something the relative typed cannot be used; ``message_sv`` says why, in Swedish."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.message_sv = booking_input_error(
            reason, name_max=NAME_MAX_CHARS, message_max=MESSAGE_MAX_CHARS
        )
        super().__init__(self.message_sv)


# ---------------------------------------------------------------- profile protocol


class HoursProfileLike(Protocol):
    """Office hours by weekday name, as in the municipality profile."""

    @property
    def office_hours(self) -> OfficeHoursMap:
        """``monday`` .. ``sunday`` -> hours or None."""


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


# ---------------------------------------------------------------- input


def clean_name(text: Optional[str]) -> str:
    """A first name or any name the relative wants to be called by, tidied."""
    name = " ".join(strip_controls(text or "").split())
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
    message = strip_controls(text or "").strip()
    if not message:
        return None
    if len(message) > MESSAGE_MAX_CHARS:
        raise InvalidBookingInput("message_too_long")
    return mask_personnummer(message)


# ---------------------------------------------------------------- seats


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
    """The relative's case, locked for update, when reference and last digits match."""
    normalised = normalise_reference(reference)
    if normalised is None:
        raise CaseNotFound("malformed reference")
    case = session.execute(
        select(Case).where(Case.reference == normalised).with_for_update()
    ).scalar_one_or_none()
    if case is None or not matches_last_digits(case.phone_e164, phone_digits):
        raise CaseNotFound("no case with that reference and number")
    return case


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

        return run_read(session_factory, "reading booked slots", work)

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


# ---------------------------------------------------------------- one booking per conversation

# How far back a submission finds its earlier booking (a chat conversation lasts minutes).
SUBMISSION_WINDOW = timedelta(days=1)


def submission_key(conversation_id: str) -> str:
    """What the "created" event keeps of the conversation that booked: a hash, never the id."""
    return hashlib.sha256(f"anhoriglotsen-booking:{conversation_id}".encode()).hexdigest()[:32]


def _serialise_submission(session: Session, key: str) -> None:
    """Make submissions with the same key wait for each other (SQLite's BEGIN IMMEDIATE
    already runs one writer at a time; PostgreSQL takes a transaction-scoped advisory lock)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                        {"k": int(key[:15], 16)})  # 60 bits: a bigint


def _earlier_booking(
    session: Session, municipality: str, key: str, now: datetime
) -> Optional[BookingConfirmation]:
    """The open case this conversation booked, with its active booking, or None."""
    rows = session.execute(
        select(Case, CaseEvent.detail)
        .join(CaseEvent, CaseEvent.case_id == Case.id)
        .where(
            Case.municipality == municipality,
            Case.status.in_(OPEN_STATUSES),
            CaseEvent.kind == "created",
            CaseEvent.at >= now - SUBMISSION_WINDOW,
        )
    ).all()
    for case, detail in rows:
        if isinstance(detail, dict) and detail.get("submission") == key:
            slot = slot_of(active_booking(session, case.id))
            if slot is not None:
                return _confirmation(case, slot)
    return None


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
    submission: Optional[str] = None,
    limits: Optional[BookingLimits] = None,
    address_key: Optional[str] = None,
) -> BookingConfirmation:
    """Create a case assigned to the slot's contact point and book the slot, atomically.

    ``submission`` (:func:`submission_key` of the conversation) makes the booking
    idempotent: while the conversation has an open case with an active booking, a
    retried, repeated or parallel submission books nothing and gets that booking's
    confirmation (its own slot), so nothing is booked twice and nothing is confirmed
    that is not booked.

    With ``limits`` (the chat's bookings) the phone number, and the address behind
    ``address_key`` when there is one, are counted in the same transaction;
    :class:`BookingLimited` when either is over its limit (nothing stored, nothing counted).
    A repeated submission is answered before it is counted.

    Raises :class:`ConsentRequired` (nothing stored), ``InvalidPhoneNumber`` or
    :class:`InvalidBookingInput` (Swedish message for the user),
    :class:`BookingUnavailable` (slot full or past; nothing stored) or
    :class:`~bot.storage.unit_of_work.StorageUnavailable`. The transcript is
    stored, masked, only with ``transcript_consent``. With ``office_hours`` the
    case is marked after-hours when the office is closed at ``now``.
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
        if submission:
            _serialise_submission(session, submission)
            earlier = _earlier_booking(session, municipality, submission, now)
            if earlier is not None:
                return earlier
        if limits is not None:
            _count_booking(session, limits, phone_e164, address_key, now)
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
        add_event(
            session, case, now, "created", actor,
            link_id=link_id, assigned_to=slot.contact_point_id, after_hours=after_hours,
            transcript_attached=stored_transcript is not None,
            **({"submission": submission} if submission else {}),
        )
        add_event(session, case, now, "booked", actor, seat=seat, **slot_detail(slot))
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

    confirmation = run_write(session_factory, "booking", work)
    logger.info(
        "booked case %s with %s (after hours: %s)",
        confirmation.reference, slot.contact_point_id, after_hours,
    )
    return confirmation


def _count_booking(session: Session, limits: BookingLimits, phone_e164: str,
                   address_key: Optional[str], now: datetime) -> None:
    phone = hit_in(session, SCOPE_PHONE, limit_key(limits.secret, "phone", phone_e164),
                   limit=limits.per_phone, window=BOOKING_WINDOW, now=now)
    if not phone.allowed:
        raise BookingLimited("phone")
    if address_key:
        address = hit_in(session, SCOPE_ADDRESS, address_key[:64], limit=limits.per_address,
                         window=BOOKING_WINDOW, now=now)
        if not address.allowed:
            raise BookingLimited("address")


# ---------------------------------------------------------------- the relative's own case


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
        return case_info(case, active_booking(session, case.id))

    return run_read(session_factory, "finding a case", work)


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
        booking = active_booking(session, case.id)
        cancelled_slot = slot_of(booking)
        if booking is not None:
            booking.status = BookingStatus.CANCELLED.value
            booking.cancelled_at = now
        case.status = CaseStatus.CANCELLED.value
        case.updated_at = now
        case.name = case.phone_e164 = case.message = case.transcript = None
        case.situation_summary = None
        add_event(
            session, case, now, "cancelled", actor,
            **(slot_detail(cancelled_slot) if cancelled_slot else {}),
        )
        session.flush()
        return case_info(case, None)

    info = run_write(session_factory, "cancelling", work)
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
        old = active_booking(session, case.id)
        old_slot = slot_of(old)
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
        add_event(
            session, case, now, "rebooked", actor, seat=seat,
            previous=slot_detail(old_slot) if old_slot else None, **slot_detail(new_slot),
        )
        session.flush()
        return _confirmation(case, new_slot)

    confirmation = run_write(session_factory, "rebooking", work)
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


def format_confirmation_sv(confirmation: BookingConfirmation, caller_sv: str) -> str:
    """A plain Swedish confirmation: reference, window, who calls, how to cancel.

    ``caller_sv`` names who will call, e.g. "anhörigkonsulenten i Ekerö kommun".
    """
    opens: Optional[str] = None
    if confirmation.after_hours and confirmation.office_opens_at is not None:
        opens = format_opening_sv(confirmation.office_opens_at, confirmation.created_at)
    return booking_confirmation(
        window=confirmation.window_sv,
        caller=caller_sv,
        reference=confirmation.reference,
        phone_last_digits=confirmation.phone_last_digits,
        opens=opens,
    )
