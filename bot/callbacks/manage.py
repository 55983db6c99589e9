"""Cancelling and moving a booked callback from the chat: the logic of the manage dialogue.

The relative names the case with the booking reference and the last digits of
the phone number booked with. ``actions/callback_manage.py`` keeps the found
case in its ``manage_case`` slot (:meth:`FoundCase.to_slot_value`) and calls
these functions to cancel or rebook it. Storage goes through
:mod:`bot.callbacks.booking`, on the dialogue's :func:`bot.callbacks.dialogue.storage`,
the same door as the booking; the new times come from
:func:`bot.callbacks.dialogue.offer`. The errors the relative can meet here
(:class:`CaseNotFound`, :class:`CaseNotChangeable`, :class:`ReferenceLocked`) are
imported from this module.

Wrong digits are limited twice: :data:`MAX_LOOKUP_ATTEMPTS` per conversation (the
form then gives the numbers to call), and ``ANHORIG_MANAGE_FAILURES_PER_REFERENCE``
per booking reference across every conversation, counted in the database
(:mod:`bot.storage.limits`) so that starting a new conversation does not give new
tries: after that many failures the reference is locked for :data:`LOCK_WINDOW`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Optional

from bot.callbacks import booking
from bot.callbacks.booking import BookingConfirmation
from bot.callbacks.calendar import Slot, format_window_sv
from bot.callbacks.cases import OPEN_STATUSES, normalise_reference
from bot.callbacks.cases import CaseNotChangeable as CaseNotChangeable
from bot.callbacks.cases import CaseNotFound as CaseNotFound
from bot.callbacks.dialogue import caller_sv, slots_from_slot_value
from bot.clock import now as clock_now
from bot.knowledge.schema import ContactPoint, Profile, ReferralLink
from bot.settings import get_settings
from bot.storage.engine import SessionFactory
from bot.storage.limits import hit_in, limit_key, prune_in, reset_in
from bot.storage.unit_of_work import run_write
from bot.texts import callback as say

logger = logging.getLogger(__name__)

# Wrong reference or digits this many times ends the form with the numbers to call instead.
MAX_LOOKUP_ATTEMPTS = 3
# After ANHORIG_MANAGE_FAILURES_PER_REFERENCE wrong tries a reference is locked this long.
LOCK_WINDOW = timedelta(hours=1)
SCOPE_REFERENCE = "manage_reference"


class ReferenceLocked(Exception):
    """The reference has had too many wrong tries: the chat does not look it up for a while."""


@dataclass(frozen=True)
class FoundCase:
    """The relative's case as the manage form needs it: who calls, under which link, when."""

    reference: str
    contact_point_id: Optional[str]
    link_id: Optional[str]
    slot: Optional[Slot]
    changeable: bool  # still booked or taken: it may be cancelled or moved

    def to_slot_value(self) -> dict[str, Any]:
        """The JSON-safe form kept in the ``manage_case`` slot (read by the functions below)."""
        return {
            "reference": self.reference,
            "contact_point_id": self.contact_point_id,
            "link_id": self.link_id,
            "slot": self.slot.to_dict() if self.slot else None,
        }


def find_case(
    session_factory: SessionFactory, reference: str, digits: str, *,
    now: Optional[datetime] = None,
) -> Optional[FoundCase]:
    """The case with this reference and these last digits, or None (never which part was wrong).

    Each try is counted against the reference before the lookup and forgotten when it
    finds the case; :class:`ReferenceLocked` once the reference has had its failures.
    """
    normalised = normalise_reference(reference)
    if normalised is None:
        return None
    now = clock_now() if now is None else now
    key = limit_key(get_settings().secret_key, "reference", normalised)
    limit = get_settings().manage_failures_per_reference

    def count(session: Any) -> bool:
        prune_in(session, now)
        return hit_in(session, SCOPE_REFERENCE, key, limit=limit, window=LOCK_WINDOW,
                      now=now).allowed

    if not run_write(session_factory, "counting a booking lookup", count):
        logger.info("booking lookup refused: the reference is locked")
        raise ReferenceLocked(normalised)
    case = booking.find_case(session_factory, normalised, digits)
    if case is None:
        return None
    run_write(session_factory, "forgetting booking lookups",
              lambda session: reset_in(session, SCOPE_REFERENCE, key))
    current = case.slot
    return FoundCase(
        reference=case.reference,
        contact_point_id=current.contact_point_id if current else case.contact_point_id,
        link_id=case.link_id,
        slot=current,
        changeable=case.status in OPEN_STATUSES,
    )


def case_slots(case: Any) -> list[Slot]:
    """The booked time of a ``manage_case`` slot value as a one-item list; empty when none."""
    if not isinstance(case, dict):
        return []
    return slots_from_slot_value([case.get("slot")])


def case_label(case: Any) -> Optional[str]:
    """``torsdag 26 november kl. 13.00–15.00``: the booked time of the case, or None."""
    current = case_slots(case)
    return format_window_sv(current[0]) if current else None


def case_contact(profile: Profile, case: Any) -> Optional[ContactPoint]:
    """The contact point the case is with, or None when the slot value names none we know."""
    if isinstance(case, dict) and case.get("contact_point_id"):
        try:
            return profile.contact_point(str(case["contact_point_id"]))
        except (KeyError, ValueError):
            return None
    return None


def case_link(profile: Profile, case: Any) -> Optional[ReferralLink]:
    """The referral link the case was filed under, or None (the coordinator's case)."""
    if not isinstance(case, dict) or not case.get("link_id"):
        return None
    return next((link for link in profile.links if link.id == case["link_id"]), None)


def contact_to_call(profile: Profile, case: Any) -> Optional[ContactPoint]:
    """Whom to call when nothing was changed: the case's contact, else the coordinator.

    Where support is given per district an unknown case has no one contact:
    the texts then give the website.
    """
    contact = case_contact(profile, case)
    if contact is not None or profile.requires_district:
        return contact
    coordinators = profile.coordinators()
    return coordinators[0] if coordinators else None


def cancel(
    session_factory: SessionFactory, reference: str, digits: str, *, now: Optional[datetime] = None
) -> None:
    """Cancel the booking and clear the personal data; returns only after the commit.

    Raises :class:`CaseNotFound`, :class:`CaseNotChangeable` or
    :class:`~bot.storage.unit_of_work.StorageUnavailable`.
    """
    booking.cancel_booking(session_factory, reference, digits, now=now)


def rebook(
    session_factory: SessionFactory,
    reference: str,
    digits: str,
    slot: Slot,
    *,
    now: Optional[datetime] = None,
) -> BookingConfirmation:
    """Move the booking to ``slot``; the old time stays when the new one is full.

    Raises :class:`~bot.callbacks.booking.BookingUnavailable` (the slot went
    meanwhile) besides the errors of :func:`cancel`.
    """
    return booking.rebook(session_factory, reference, digits, slot, now=now)


def rebooked_text(profile: Profile, confirmation: BookingConfirmation) -> str:
    """The Swedish confirmation of the new time: window, who calls, the reference."""
    return say.rebooked(
        confirmation.window_sv,
        caller_sv(profile, confirmation.contact_point_id),
        confirmation.reference,
    )
