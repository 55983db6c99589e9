"""Cancel or move a booked callback in the chat, with the reference and the last digits.

Thin: parsing lives in :mod:`bot.callbacks.dialogue`; finding, cancelling and moving the
case in :mod:`bot.callbacks.manage`, on the same storage as the booking.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_intent, latest_text
from actions.forms import (
    ANSWERED_AFTER_STOP,
    OUTCOME_ABORTED,
    AskAction,
    OutcomeFormValidation,
    ask_time,
    clear_slots,
    end_form,
    leave_form,
    offer_times,
    slot_taken,
    validate_pick,
)
from bot.callbacks import dialogue as flow
from bot.callbacks import manage
from bot.callbacks.calendar import Slot
from bot.callbacks.dialogue import BookingUnavailable, StorageUnavailable
from bot.callbacks.manage import CaseNotChangeable, CaseNotFound, ReferenceLocked
from bot.knowledge.access import active_profile
from bot.knowledge.schema import Profile
from bot.texts import callback as say
from bot.texts import limits as limit_texts

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
OUTCOME_LOCKED = "locked"


def _reset() -> List[EventType]:
    return clear_slots(MANAGE_SLOTS)


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
            case = manage.find_case(flow.storage(), reference, digits)
        except StorageUnavailable:
            return {"manage_outcome": OUTCOME_STORAGE}
        except ReferenceLocked:
            return {"manage_outcome": OUTCOME_LOCKED}
        if case is None:
            attempts = int(tracker.get_slot("manage_attempts") or 0) + 1
            if attempts >= manage.MAX_LOOKUP_ATTEMPTS:
                return {"manage_attempts": attempts, "manage_outcome": OUTCOME_NOT_FOUND}
            dispatcher.utter_message(text=say.NOT_FOUND)
            return {"manage_reference": None, "manage_digits": None, "manage_attempts": attempts}
        if not case.changeable:
            return {"manage_outcome": OUTCOME_NOT_CHANGEABLE}
        return {
            "manage_reference": reference,
            "manage_digits": digits,
            "manage_case": case.to_slot_value(),
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
        contact = manage.case_contact(profile, case)
        if contact is None:
            return end_form("manage_outcome", OUTCOME_NO_SLOTS)
        link = manage.case_link(profile, case)
        after = flow.parse_moment(tracker.get_slot("manage_offer_after"))
        try:
            slots, later = offer_times(
                dispatcher, profile, contact.id, link, after, exclude=manage.case_slots(case)
            )
        except StorageUnavailable:
            return end_form("manage_outcome", OUTCOME_STORAGE)
        if not slots:
            return end_form("manage_outcome", OUTCOME_NO_SLOTS)
        return ask_time(
            dispatcher, slots, later, "manage_offered", "manage_offer_after",
            current=manage.case_label(case),
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
        instead = flow.call_instead(profile, manage.contact_to_call(profile, case))
        outcome = tracker.get_slot("manage_outcome")
        messages = {
            OUTCOME_ABORTED: say.MANAGE_ABORTED,
            OUTCOME_NOT_FOUND: say.not_found_final(instead),
            OUTCOME_NOT_CHANGEABLE: say.not_changeable(instead),
            OUTCOME_NO_SLOTS: say.MANAGE_NO_SLOTS,
            OUTCOME_LOCKED: limit_texts.manage_locked(instead),
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
            manage.cancel(flow.storage(), str(reference), str(digits))
        except StorageUnavailable:
            _change_failed(dispatcher, profile, instead)
            return _reset()
        except CaseNotFound:
            dispatcher.utter_message(text=say.not_found_final(instead))
            return _reset()
        except CaseNotChangeable:
            dispatcher.utter_message(text=say.not_changeable(instead))
            return _reset()
        dispatcher.utter_message(text=say.cancelled(manage.case_label(case)))
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
            confirmation = manage.rebook(flow.storage(), reference, digits, chosen[0])
        except BookingUnavailable:
            return slot_taken(dispatcher, FORM, "manage_slot", "manage_offered")
        dispatcher.utter_message(text=manage.rebooked_text(profile, confirmation))
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
