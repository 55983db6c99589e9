"""Booking a callback: the callback form, its questions and the booking after it.

Thin: every decision is made in :mod:`bot.callbacks.dialogue`; the texts come from
:mod:`bot.texts.callback`. The confirmation is sent only by
:class:`ActionSubmitCallback`, after :func:`bot.callbacks.dialogue.book` has committed.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import buttons, latest_intent, latest_text
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
from bot.callbacks.booking import ADDRESS_METADATA
from bot.callbacks.dialogue import (
    BookingLimited,
    BookingUnavailable,
    InvalidBookingInput,
    StorageUnavailable,
)
from bot.callbacks.phone import InvalidPhoneNumber, normalise_swedish_phone
from bot.knowledge import next_steps
from bot.knowledge.access import active_profile, national_phones
from bot.knowledge.advice import resolve_district
from bot.knowledge.schema import Profile
from bot.knowledge.situation import Situation
from bot.nlp import facts
from bot.settings import get_settings
from bot.texts import callback as say
from bot.texts import knowledge as texts
from bot.texts import limits as limit_texts
from bot.texts import replies
from bot.texts import situation as heard

logger = logging.getLogger(__name__)

FORM = "callback_form"
# Slots of one booking; cleared when a booking starts and when it ends.
BOOKING_SLOTS = (
    "callback_consent", "callback_name", "callback_phone", "callback_slot", "callback_message",
    "callback_offered", "callback_offer_after", "callback_outcome",
)
# Slots holding personal data: cleared as soon as the case is stored (or not).
PERSONAL_SLOTS = ("callback_name", "callback_phone", "callback_message")

OUTCOME_DECLINED = "declined"
OUTCOME_NO_SLOTS = "no_slots"
OUTCOME_STORAGE = "storage_error"


def situation(tracker: Tracker) -> Situation:
    """The situation as the slots describe it, as a callback is routed (after a death: the coordinator)."""
    return next_steps.routing_situation(Situation.from_slots(tracker.current_slot_values()))


def lines() -> Dict[str, str]:
    """National lines, or none when the file cannot be read (the texts fall back to 112)."""
    try:
        return national_phones()
    except Exception:  # noqa: BLE001 - the booking must not fail on the national lines file
        logger.exception("could not read national lines")
        return {}


def answer_intent(tracker: Tracker, slot: str) -> str:
    """The latest intent, when the latest message answered ``slot``.

    A resumed form validates the slots it already has again; the latest
    message ("nej" to the last question) must not be read as their answer.
    """
    return latest_intent(tracker) if tracker.get_slot("requested_slot") == slot else ""


def reset_events() -> List[EventType]:
    """Clear the booking's slots."""
    return clear_slots(BOOKING_SLOTS)


class ActionStartCallback(Action):
    """Say what happens and who will call; after hours, that the office is closed."""

    def name(self) -> str:
        return "action_start_callback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        profile = active_profile()
        sit = situation(tracker)
        plan = flow.plan_callback(profile, sit)
        caller = phone = None
        if plan.contact is not None:
            caller = flow.caller_sv(profile, plan.contact.id)
            phone = texts.phone_text(plan.contact.phone, plan.contact.example)
        done: List[EventType] = [SlotSet("pending_request", None)]
        if sit.user_is_child:
            # No name or phone number is taken from a child: say how an adult books instead.
            dispatcher.utter_message(text=heard.child_callback_refusal(caller, phone))
            return done + [FollowupAction("action_listen")]
        dispatcher.utter_message(text=say.intro(caller, phone))
        closed = flow.after_hours_text(
            profile, lines(),
            crisis=bool(tracker.get_slot("crisis_categories")), heavy_burden=sit.burden == "high",
        )
        if closed:
            dispatcher.utter_message(text=closed)
        return reset_events() + done


class ValidateCallbackForm(OutcomeFormValidation):
    """Check each answer of the booking form; "avbryt" stops it at any question."""

    outcome_slot = "callback_outcome"

    def name(self) -> str:
        return "validate_callback_form"

    def questions(self, tracker: Tracker) -> List[str]:
        """Consent first; the district only where support is per district and it is unknown."""
        slots = ["callback_consent"]
        profile = active_profile()
        if profile.requires_district and flow.plan_callback(profile, situation(tracker)).needs_district:
            slots.append("district")
        return slots + ["callback_name", "callback_phone", "callback_slot", "callback_message"]

    def validate_callback_consent(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if isinstance(slot_value, bool):  # validated before (the form was resumed)
            return {"callback_consent": slot_value}
        if flow.is_abort(slot_value):
            return self.aborted("callback_consent")
        consent = flow.parse_consent(slot_value, answer_intent(tracker, "callback_consent"))
        if consent is None:
            dispatcher.utter_message(text=say.CONSENT_UNCLEAR)
            return {"callback_consent": None}
        if not consent:
            return {"callback_consent": False, "callback_outcome": OUTCOME_DECLINED}
        return {"callback_consent": True}

    def validate_district(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        profile = active_profile()
        if not profile.requires_district:
            return {"district": slot_value}
        found = resolve_district(profile, str(slot_value or ""))
        if found is not None:
            return {"district": found.id}
        if slot_value == "unknown":
            dispatcher.utter_message(text=say.district_needed([d.name for d in profile.districts]))
        else:
            dispatcher.utter_message(text=replies.invalid_district(d.name for d in profile.districts))
        return {"district": None}

    def validate_callback_name(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if flow.is_abort(slot_value):
            return self.aborted("callback_name")
        if answer_intent(tracker, "callback_name") == "deny":
            dispatcher.utter_message(text=say.NAME_DECLINED)
            return {"callback_name": None}
        return _parsed("callback_name", lambda: flow.extract_name(slot_value), dispatcher)

    def validate_callback_phone(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if flow.is_abort(slot_value):
            return self.aborted("callback_phone")
        if answer_intent(tracker, "callback_phone") == "deny" and not any(
            ch.isdigit() for ch in str(slot_value)
        ):
            dispatcher.utter_message(text=say.PHONE_DECLINED)
            return {"callback_phone": None}
        return _parsed(
            "callback_phone", lambda: normalise_swedish_phone(str(slot_value)), dispatcher
        )

    def validate_callback_slot(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if flow.is_abort(slot_value):
            return self.aborted("callback_slot")
        offered = flow.slots_from_slot_value(tracker.get_slot("callback_offered"))
        return validate_pick("callback_slot", "callback_offer_after", slot_value, offered, dispatcher)

    def validate_callback_message(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if flow.is_abort(slot_value):
            return self.aborted("callback_message")
        intent = answer_intent(tracker, "callback_message")
        return _parsed("callback_message", lambda: flow.parse_message(slot_value, intent), dispatcher)


def _parsed(slot: str, parse: Callable[[], str], dispatcher: CollectingDispatcher) -> Dict[str, Any]:
    """``{slot: parse()}``; an answer the parser refuses is explained and asked again."""
    try:
        return {slot: parse()}
    except (InvalidBookingInput, InvalidPhoneNumber) as exc:
        dispatcher.utter_message(text=exc.message_sv)
        return {slot: None}


class _AskCallback(AskAction):
    """Ask one question of the booking form."""

    form = FORM


class ActionAskCallbackConsent(_AskCallback):
    """What is stored, who sees it, when it is deleted: may we?"""

    slot = "callback_consent"
    choices = say.YES_NO_BUTTONS

    def question(self, tracker: Tracker) -> str:
        days = get_settings().case_retention_days
        return say.consent_request(active_profile().name, say.retention_sv(days))


class ActionAskCallbackDistrict(_AskCallback):
    """Which district (Stockholm): the callback goes to the district's staff."""

    slot = "district"
    text = say.ASK_DISTRICT


class ActionAskCallbackName(_AskCallback):
    """What to call the relative."""

    slot = "callback_name"
    text = say.ASK_NAME


class ActionAskCallbackPhone(_AskCallback):
    """Which Swedish number to call."""

    slot = "callback_phone"
    text = say.ASK_PHONE


class ActionAskCallbackMessage(_AskCallback):
    """An optional short message for the caller."""

    slot = "callback_message"
    text = say.ASK_MESSAGE
    choices = (say.NO_MESSAGE_BUTTON,)


class ActionAskCallbackSlot(_AskCallback):
    """Offer the next free windows of the contact point who will call, as buttons."""

    slot = "callback_slot"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        profile = active_profile()
        plan = flow.plan_callback(profile, situation(tracker))
        if plan.contact is None:  # the district question comes first; this is a safety net
            return end_form("callback_outcome", OUTCOME_ABORTED)
        after = flow.parse_moment(tracker.get_slot("callback_offer_after"))
        try:
            slots, later = offer_times(dispatcher, profile, plan.contact.id, plan.link, after)
        except StorageUnavailable:
            return end_form("callback_outcome", OUTCOME_STORAGE)
        if not slots:
            return end_form("callback_outcome", OUTCOME_NO_SLOTS)
        return ask_time(dispatcher, slots, later, "callback_offered", "callback_offer_after")


class ActionSubmitCallback(Action):
    """Store the case and booking, then confirm; or say honestly why nothing was booked."""

    def name(self) -> str:
        return "action_submit_callback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        profile = active_profile()
        sit = situation(tracker)
        plan = flow.plan_callback(profile, sit)
        instead = flow.call_instead(profile, plan.contact)
        outcome = tracker.get_slot("callback_outcome")
        if outcome == OUTCOME_DECLINED or tracker.get_slot("callback_consent") is False:
            dispatcher.utter_message(text=say.declined(instead))
            return reset_events()
        if outcome == OUTCOME_NO_SLOTS:
            dispatcher.utter_message(text=say.no_free_slots(instead))
            return reset_events()
        if outcome == OUTCOME_STORAGE:
            _storage_failed(dispatcher, profile, instead)
            return reset_events()
        request = _request(tracker, sit)
        if outcome == OUTCOME_ABORTED or request is None:
            dispatcher.utter_message(text=say.aborted(instead))
            return reset_events()
        try:
            confirmation = flow.book(flow.storage(), profile, request)
        except BookingUnavailable:
            return slot_taken(dispatcher, FORM, "callback_slot", "callback_offered")
        except BookingLimited as exc:
            limited = limit_texts.bookings_per_phone if exc.scope == "phone" else (
                limit_texts.bookings_per_address)
            dispatcher.utter_message(text=limited(instead))
            return reset_events()
        except StorageUnavailable:
            _storage_failed(dispatcher, profile, instead)
            return reset_events()
        except (InvalidPhoneNumber, InvalidBookingInput) as exc:  # validated before; belt and braces
            dispatcher.utter_message(text=exc.message_sv)
            return reset_events()
        dispatcher.utter_message(text=flow.confirmation_text(profile, confirmation))
        return reset_events() + [SlotSet("callback_reference", confirmation.reference)]


def _request(tracker: Tracker, sit: Situation) -> Optional[flow.BookingRequest]:
    chosen = flow.slots_from_slot_value([tracker.get_slot("callback_slot")])
    name, phone = tracker.get_slot("callback_name"), tracker.get_slot("callback_phone")
    if not chosen or not name or not phone or tracker.get_slot("callback_consent") is not True:
        return None
    return flow.BookingRequest(
        slot=chosen[0],
        name=str(name),
        phone=str(phone),
        message=tracker.get_slot("callback_message") or None,
        situation=sit,
        conversation=flow.conversation_pairs(tracker.events),
        submission=flow.submission_key(tracker.sender_id),
        address_key=_address_key(tracker),
    )


def _address_key(tracker: Tracker) -> Optional[str]:
    """The web app's keyed hash of the client's address, from the message's metadata."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    value = metadata.get(ADDRESS_METADATA) if isinstance(metadata, dict) else None
    return value if isinstance(value, str) and value else None


def _storage_failed(dispatcher: CollectingDispatcher, profile: Profile, instead: str) -> None:
    dispatcher.utter_message(text=say.storage_failed(instead, *flow.socialjour(profile)))


class ActionStopCallbackForm(Action):
    """Leave the booking form on request; nothing is stored."""

    def name(self) -> str:
        return "action_stop_callback_form"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if latest_intent(tracker) not in ANSWERED_AFTER_STOP:
            profile = active_profile()
            plan = flow.plan_callback(profile, situation(tracker))
            dispatcher.utter_message(text=say.aborted(flow.call_instead(profile, plan.contact)))
        return leave_form() + reset_events()


class ActionOfferHuman(Action):
    """A person to talk to: who, their number and hours, and the offer of a callback."""

    def name(self) -> str:
        return "action_offer_human"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        profile = active_profile()
        found = flow.referral_route(profile, situation(tracker))
        dispatcher.utter_message(text=texts.render_route(found, profile))
        dispatcher.utter_message(text=texts.render_opening_hours(profile))
        return []



# The buttons of a callback offer ("Vill du att någon ringer upp dig?" [Ja, ring upp mig] [Inte nu]).
_OFFER_PAYLOADS = frozenset({"/request_callback", "/deny"})


def _last_bot_offered_callback(tracker: Tracker) -> bool:
    """Whether the bot's last message before the latest user message offered a callback."""
    seen_user = False
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            if seen_user:
                return False
            seen_user = True
        elif seen_user and event.get("event") == "bot":
            payloads = {b.get("payload") for b in (event.get("data") or {}).get("buttons") or []}
            return _OFFER_PAYLOADS <= payloads
    return False


class ActionAffirmWithoutContext(Action):
    """A "ja" that no form or rule is waiting for: a yes to a callback offer, or a "ja, ring
    mig" anywhere, books the callback; any other yes asks what the relative wants to know."""

    def name(self) -> str:
        return "action_affirm_without_context"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        asks_callback = facts.CALLBACK in facts.requests_in(latest_text(tracker))
        if asks_callback or _last_bot_offered_callback(tracker):
            return [FollowupAction("action_start_callback")]
        dispatcher.utter_message(
            text=replies.AFFIRM_WITHOUT_CONTEXT, buttons=buttons(replies.AFFIRM_OPTIONS)
        )
        return []
