"""Cancel or move a booked callback in the chat, with the reference and the last digits.

Thin: parsing lives in :mod:`bot.callbacks.dialogue`, storage in :mod:`bot.callbacks.booking`.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.callback import ask_time, offer_times, slot_taken, validate_pick
from actions.common import (
    ANSWERED_AFTER_STOP,
    OUTCOME_ABORTED,
    AskAction,
    OutcomeFormValidation,
    clear_slots,
    end_form,
    latest_intent,
    latest_text,
    leave_form,
)
from bot.callbacks import booking
from bot.callbacks import dialogue as flow
from bot.callbacks.calendar import Slot, format_window_sv
from bot.knowledge.access import active_profile
from bot.knowledge.schema import ContactPoint, Profile
from bot.texts import callback as say

logger = logging.getLogger(__name__)

FORM = "manage_callback_form"
MANAGE_SLOTS = (
    "manage_reference", "manage_digits", "manage_mode", "manage_slot", "manage_offered",
    "manage_offer_after", "manage_case", "manage_attempts", "manage_outcome",
)
OUTCOME_NOT_FOUND = "not_found"
OUTCOME_NOT_CHANGEABLE = "not_changeable"
OUTCOME_NO_SLOTS = "no_slots"
OUTCOME_STORAGE = "storage_error"


def _reset() -> List[EventType]:
    return clear_slots(MANAGE_SLOTS)


def _fallback_contact(profile: Profile) -> Optional[ContactPoint]:
    """Whom to call when the case is unknown: the coordinator, unless support is per district."""
    if profile.requires_district:
        return None
    coordinators = profile.coordinators()
    return coordinators[0] if coordinators else None


def _case_contact(profile: Profile, case: Any) -> Optional[ContactPoint]:
    if isinstance(case, dict) and case.get("contact_point_id"):
        try:
            return profile.contact_point(str(case["contact_point_id"]))
        except (KeyError, ValueError):
            return None
    return None


def _change_failed(dispatcher: CollectingDispatcher, profile: Profile, instead: str) -> None:
    dispatcher.utter_message(text=say.change_failed(instead, *flow.socialjour(profile)))


class ActionStartManageCallback(Action):
    """Start cancelling or rebooking: read what the first message already says."""

    def name(self) -> str:
        return "action_start_manage_callback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        text = latest_text(tracker)
        events = _reset()
        mode = flow.parse_mode(text)
        reference = flow.extract_reference(text)
        if mode:
            events.append(SlotSet("manage_mode", mode))
        if reference:
            events.append(SlotSet("manage_reference", reference))
            digits = flow.extract_digits(text)
            if digits:
                events.append(SlotSet("manage_digits", digits))
        return events


class ValidateManageCallbackForm(OutcomeFormValidation):
    """Find the relative's case by reference and last digits, then cancel or pick a new time."""

    outcome_slot = "manage_outcome"

    def name(self) -> str:
        return "validate_manage_callback_form"

    def questions(self, tracker: Tracker) -> List[str]:
        """Reference and digits; then what to do, and a new time when rebooking."""
        slots = ["manage_reference", "manage_digits"]
        if tracker.get_slot("manage_case"):
            slots.append("manage_mode")
            if tracker.get_slot("manage_mode") == "rebook":
                slots.append("manage_slot")
        return slots

    def _lookup(
        self, reference: str, digits: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Dict[str, Any]:
        try:
            case = booking.find_case(flow.storage(), reference, digits)
        except booking.StorageUnavailable:
            return {"manage_outcome": OUTCOME_STORAGE}
        if case is None:
            attempts = int(tracker.get_slot("manage_attempts") or 0) + 1
            if attempts >= flow.MAX_LOOKUP_ATTEMPTS:
                return {"manage_attempts": attempts, "manage_outcome": OUTCOME_NOT_FOUND}
            dispatcher.utter_message(text=say.NOT_FOUND)
            return {"manage_reference": None, "manage_digits": None, "manage_attempts": attempts}
        if case.status not in booking.OPEN_STATUSES:
            return {"manage_outcome": OUTCOME_NOT_CHANGEABLE}
        current = case.slot
        return {
            "manage_reference": reference,
            "manage_digits": digits,
            "manage_case": {
                "reference": case.reference,
                "contact_point_id": current.contact_point_id if current else case.contact_point_id,
                "link_id": case.link_id,
                "slot": current.to_dict() if current else None,
            },
        }

    def validate_manage_reference(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if flow.is_abort(slot_value):
            return self.aborted("manage_reference")
        reference = flow.extract_reference(slot_value)
        if reference is None:
            dispatcher.utter_message(text=say.REFERENCE_INVALID)
            return {"manage_reference": None}
        digits = flow.extract_digits(slot_value) or tracker.get_slot("manage_digits")
        if digits:
            return self._lookup(reference, str(digits), dispatcher, tracker)
        return {"manage_reference": reference}

    def validate_manage_digits(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if flow.is_abort(slot_value):
            return self.aborted("manage_digits")
        digits = flow.extract_digits(slot_value)
        if digits is None:
            dispatcher.utter_message(text=say.DIGITS_INVALID)
            return {"manage_digits": None}
        reference = tracker.get_slot("manage_reference")
        if not reference:
            return {"manage_digits": digits}
        return self._lookup(str(reference), digits, dispatcher, tracker)

    def validate_manage_mode(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if flow.is_abort(slot_value):
            return self.aborted("manage_mode")
        if slot_value in ("cancel", "rebook"):
            return {"manage_mode": slot_value}
        mode = flow.parse_mode(slot_value)
        if mode is None:
            dispatcher.utter_message(text=say.MODE_UNCLEAR)
        return {"manage_mode": mode}

    def validate_manage_slot(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if flow.is_abort(slot_value):
            return self.aborted("manage_slot")
        offered = flow.slots_from_slot_value(tracker.get_slot("manage_offered"))
        return validate_pick("manage_slot", "manage_offer_after", slot_value, offered, dispatcher)


class _AskManage(AskAction):
    """Ask one question of cancelling or rebooking."""

    form = FORM


class ActionAskManageReference(_AskManage):
    """The booking reference."""

    slot = "manage_reference"
    text = say.ASK_REFERENCE


class ActionAskManageDigits(_AskManage):
    """The last four digits of the phone number booked with."""

    slot = "manage_digits"
    text = say.ASK_DIGITS


class ActionAskManageMode(_AskManage):
    """Cancel or move?"""

    slot = "manage_mode"
    text = say.ASK_MODE
    choices = say.MODE_BUTTONS


class ActionAskManageSlot(_AskManage):
    """Offer new times of the same contact point, leaving out the current one."""

    slot = "manage_slot"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        profile = active_profile()
        case = tracker.get_slot("manage_case") or {}
        current = flow.slots_from_slot_value([case.get("slot")])
        contact = _case_contact(profile, case)
        if contact is None:
            return end_form("manage_outcome", OUTCOME_NO_SLOTS)
        link = None
        if case.get("link_id"):
            link = next((li for li in profile.links if li.id == case["link_id"]), None)
        after = flow.parse_moment(tracker.get_slot("manage_offer_after"))
        try:
            slots, later = offer_times(dispatcher, profile, contact.id, link, after, exclude=current)
        except booking.StorageUnavailable:
            return end_form("manage_outcome", OUTCOME_STORAGE)
        if not slots:
            return end_form("manage_outcome", OUTCOME_NO_SLOTS)
        now_label = format_window_sv(current[0]) if current else None
        return ask_time(
            dispatcher, slots, later, "manage_offered", "manage_offer_after", current=now_label
        )


class ActionSubmitManageCallback(Action):
    """Cancel or rebook once the case is identified; confirm only after the commit."""

    def name(self) -> str:
        return "action_submit_manage_callback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        profile = active_profile()
        case = tracker.get_slot("manage_case") or {}
        contact = _case_contact(profile, case) or _fallback_contact(profile)
        instead = flow.call_instead(profile, contact)
        outcome = tracker.get_slot("manage_outcome")
        messages = {
            OUTCOME_ABORTED: say.MANAGE_ABORTED,
            OUTCOME_NOT_FOUND: say.not_found_final(instead),
            OUTCOME_NOT_CHANGEABLE: say.not_changeable(instead),
            OUTCOME_NO_SLOTS: say.MANAGE_NO_SLOTS,
        }
        if outcome in messages:
            dispatcher.utter_message(text=messages[outcome])
            return _reset()
        reference, digits = tracker.get_slot("manage_reference"), tracker.get_slot("manage_digits")
        if outcome == OUTCOME_STORAGE:
            _change_failed(dispatcher, profile, instead)
            return _reset()
        if not reference or not digits or not case:
            dispatcher.utter_message(text=say.not_found_final(instead))
            return _reset()
        try:
            if tracker.get_slot("manage_mode") == "rebook":
                return self._rebook(dispatcher, tracker, profile, str(reference), str(digits))
            booking.cancel_booking(flow.storage(), str(reference), str(digits))
        except booking.StorageUnavailable:
            _change_failed(dispatcher, profile, instead)
            return _reset()
        except booking.CaseNotFound:
            dispatcher.utter_message(text=say.not_found_final(instead))
            return _reset()
        except booking.CaseNotChangeable:
            dispatcher.utter_message(text=say.not_changeable(instead))
            return _reset()
        cancelled = flow.slots_from_slot_value([case.get("slot")])
        dispatcher.utter_message(
            text=say.cancelled(format_window_sv(cancelled[0]) if cancelled else None)
        )
        return _reset()

    def _rebook(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        profile: Profile,
        reference: str,
        digits: str,
    ) -> List[EventType]:
        chosen: List[Slot] = flow.slots_from_slot_value([tracker.get_slot("manage_slot")])
        if not chosen:
            dispatcher.utter_message(text=say.MANAGE_ABORTED)
            return _reset()
        try:
            confirmation = booking.rebook(flow.storage(), reference, digits, chosen[0])
        except booking.BookingUnavailable:
            return slot_taken(dispatcher, FORM, "manage_slot", "manage_offered")
        dispatcher.utter_message(
            text=say.rebooked(
                confirmation.window_sv,
                flow.caller_sv(profile, confirmation.contact_point_id),
                confirmation.reference,
            )
        )
        return _reset()


class ActionStopManageCallbackForm(Action):
    """Leave cancelling or rebooking on request; nothing is changed."""

    def name(self) -> str:
        return "action_stop_manage_callback_form"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if latest_intent(tracker) not in ANSWERED_AFTER_STOP:
            dispatcher.utter_message(text=say.MANAGE_ABORTED)
        return leave_form() + _reset()
