"""Crisis, burden and not-understood replies.

Crisis comes in two tiers. Acute danger gets the emergency reply at once
(:class:`ActionRespondCrisis`). Possible danger (indirect talk of wanting to die or
disappear, hopelessness; :mod:`bot.safety.possible`) gets a direct check-in question
(:class:`ActionCheckInPossibleCrisis`): "ja" leads to the emergency reply, "nej" to a short
warm reply, and the conversation goes on where it was (data/rules/safety.yml). The slot
``crisis_check_in`` says what the check-in interrupted, so the rules know where to go on.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import buttons, crisis_categories, latest_intent, latest_text, possible_crisis
from actions.situation_reply import reply_to_situation, situation_told
from bot import safety
from bot.knowledge import next_steps
from bot.knowledge.access import active_profile, national_phones, socialjour_phone
from bot.knowledge.schema import Profile
from bot.knowledge.situation import Situation
from bot.nlp.language import detect_language
from bot.texts import crisis as crisis_texts
from bot.texts import replies
from bot.texts.knowledge import phone_text
from bot.texts.other_languages import MunicipalityContact, other_language_reply, reply_language

logger = logging.getLogger(__name__)

# The forms a check-in may interrupt; the slot ``crisis_check_in`` then holds the form's name.
CHECK_IN_FORMS = ("situation_form", "callback_form", "manage_callback_form")
# What else a check-in may answer: burden, a described situation, anything else.
CHECK_IN_BURDEN = "burden"
CHECK_IN_SITUATION = "situation"
CHECK_IN_OTHER = "other"
CHECK_IN_CALLBACK = "callback"


def _lines() -> dict[str, str]:
    """National lines, or none when the file cannot be read (the texts have built-in numbers)."""
    try:
        return national_phones()
    except Exception:  # noqa: BLE001 - never let data problems block a crisis text
        logger.exception("could not read national lines; using built-in numbers")
        return {}

# The language of the latest message when it is clearly not Swedish (None for Swedish).
LANGUAGE_SLOT = "message_language"


class ActionRespondCrisis(Action):
    """Emergency numbers at once; works even if the profile data cannot be read."""

    def name(self) -> str:
        return "action_respond_crisis"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        text = latest_text(tracker)
        categories = crisis_categories(tracker)
        checked_in = bool(tracker.get_slot("crisis_check_in"))
        if checked_in and not categories:
            categories = frozenset({safety.SUICIDE})  # "ja" to "har du tankar på att ta ditt liv?"
        is_child = bool(tracker.get_slot("user_is_child")) or safety.user_is_child(text)
        try:
            lines, jour = national_phones(), socialjour_phone()
        except Exception:  # noqa: BLE001 - never let data problems block emergency numbers
            logger.exception("could not read phone numbers; using built-in emergency numbers")
            lines, jour = {}, None
        try:
            jour_text = phone_text(jour, bool(active_profile().socialjour.example)) if jour else None
        except Exception:  # noqa: BLE001 - the number without its example mark still helps
            logger.exception("could not read the profile; socialjour shown without its mark")
            jour_text = jour
        dispatcher.utter_message(
            text=replies.crisis_reply(
                categories, user_is_child=is_child, lines=lines, socialjour=jour_text
            )
        )
        # After the crisis reply, the same message in another language also gets the short
        # reply in that language (the crisis reply always comes first).
        utter_other_language(dispatcher, tracker)
        return [SlotSet("crisis_categories", sorted(categories))]


def last_bot_action(tracker: Tracker) -> str:
    """The last action the bot ran before the latest user message ('' if none)."""
    seen_user = False
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") not in _BOOKKEEPING:
            return str(event.get("name") or "")
    return ""


# Actions Rasa runs around every message; they say nothing about where the conversation is.
_BOOKKEEPING = frozenset({"action_listen", "action_extract_slots", "action_session_start"})


class ActionExtractCrisisTier(Action):
    """Set ``crisis_possible`` from the possible-danger tier's finding in every user message.

    Run by Rasa's slot extraction (the slot's custom mapping); the rules of
    data/rules/safety.yml read the slot to put the check-in question first. It also clears
    ``crisis_check_in`` once the message after the check-in's answer comes.
    """

    def name(self) -> str:
        return "action_extract_crisis_tier"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        events: List[EventType] = []
        answered = last_bot_action(tracker) != ActionCheckInPossibleCrisis.NAME
        if tracker.get_slot("crisis_check_in") and answered:
            events.append(SlotSet("crisis_check_in", None))  # the check-in was answered before
        if possible_crisis(tracker).is_possible:
            return [*events, SlotSet("crisis_possible", True)]
        return [*events, SlotSet("crisis_possible", None)] if tracker.get_slot("crisis_possible") else events


class ActionCheckInPossibleCrisis(Action):
    """Ask straight out about thoughts of suicide, with Självmordslinjen and 1177.

    An active form is left (the rules take it up again after the answer), so that the answer
    "ja" or "nej" is not read as an answer to the form's question.
    """

    NAME = "action_check_in_possible_crisis"

    def name(self) -> str:
        return self.NAME

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        found = possible_crisis(tracker)
        dispatcher.utter_message(
            text=crisis_texts.check_in(about_other=found.about_other, lines=_lines())
        )
        form = (tracker.active_loop or {}).get("name")
        # A form's validation that left the form for this question names the form itself.
        preset = tracker.get_slot("crisis_check_in")
        if form in CHECK_IN_FORMS:
            interrupted = str(form)
        elif preset in CHECK_IN_FORMS:
            interrupted = str(preset)
        else:
            kinds = {
                "express_burden": CHECK_IN_BURDEN, "describe_situation": CHECK_IN_SITUATION,
                "request_callback": CHECK_IN_CALLBACK,
            }
            interrupted = kinds.get(latest_intent(tracker), CHECK_IN_OTHER)
        # The same events whether a form was active or not, so that every rule can say the same.
        return [
            SlotSet("crisis_possible", None),
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            SlotSet("crisis_check_in", interrupted),
        ]


class ActionCloseCrisisCheckIn(Action):
    """Answer a "nej" (or an unclear answer) to the check-in briefly and warmly.

    The rules then go on where the conversation was: the interrupted form, the burden reply
    or the situation form the message began.
    """

    def name(self) -> str:
        return "action_close_crisis_check_in"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lines = _lines()
        if latest_intent(tracker) == "deny":
            dispatcher.utter_message(text=crisis_texts.check_in_no(lines))
        else:
            dispatcher.utter_message(text=crisis_texts.check_in_unclear(lines))
        return [SlotSet("crisis_check_in", None)]


class ActionRespondBurden(Action):
    """Empathy, stödsamtal and the offer of a callback."""

    def name(self) -> str:
        return "action_respond_burden"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if situation_told(tracker) or _names_the_situation(tracker):
            # A death, a child user, a request, or who the person is and what they have, in the
            # same message: the situation reply hears them and names what fits.
            return reply_to_situation(dispatcher, tracker) + [
                SlotSet("burden", tracker.get_slot("burden") or "high")
            ]
        try:
            line = national_phones().get("anhoriglinjen")
        except Exception:  # noqa: BLE001 - the reply works without the extra line
            logger.exception("could not read national lines")
            line = None
        dispatcher.utter_message(
            text=replies.burden_reply(line, _own_support_names(tracker)),
            buttons=buttons(
                [
                    replies.Button("Ja, ring upp mig", "/request_callback"),
                    replies.Button("Inte nu", "/deny"),
                ]
            ),
        )
        return [SlotSet("burden", tracker.get_slot("burden") or "high")]


def _names_the_situation(tracker: Tracker) -> bool:
    """Whether the conversation knows who the person is and what they have."""
    return bool(tracker.get_slot("relation") and tracker.get_slot("condition"))


def _own_support_names(tracker: Tracker) -> List[str]:
    """The municipality's talks and groups for the relative's own sake, by name (none when the
    profile cannot be read: the reply then names stödsamtal in general)."""
    try:
        situation = Situation.from_slots(tracker.current_slot_values())
        return [s.name for s in next_steps.own_supports(active_profile(), situation)]
    except Exception:  # noqa: BLE001 - the burden reply works without the profile
        logger.exception("could not read the profile's supports for the burden reply")
        return []


class ActionHandleFallback(Action):
    """Say honestly that the message was not understood; never guess."""

    def name(self) -> str:
        return "action_handle_fallback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if tracker.get_slot(LANGUAGE_SLOT):
            # The slot-mapping step has answered in the relative's language already.
            return []
        dispatcher.utter_message(
            text=replies.fallback_reply(), buttons=buttons(replies.FALLBACK_OPTIONS)
        )
        return []


def municipality_contact(profile: Profile, district_id: Optional[str]) -> MunicipalityContact:
    """Whom a relative who does not write Swedish can call: the coordinator of their district,
    else the profile's general entry (a contact point serving every district), else the first
    coordinator."""
    district = district_id if district_id in {d.id for d in profile.districts} else None
    coordinators = profile.coordinators(district) if district or not profile.requires_district else []
    general = [c for c in profile.contact_points if not c.districts]
    contact = (coordinators or general or profile.coordinators())[0]
    unit = profile.unit(contact.unit).name
    hours = {
        day: (value.start, value.end) if value else None
        for day, value in profile.office_hours.items()
    }
    return MunicipalityContact(
        municipality=profile.name,
        role=f"{contact.role}, {unit}",
        phone=contact.phone,
        example=contact.example,
        hours=hours,
    )


def extract_message_language(dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[str, Any]:
    """The slot-mapping step for ``message_language``: after every user message, answer in
    the relative's language whatever the intent, except a crisis (the crisis reply comes
    first and adds the same reply itself)."""
    language = detect_language(latest_text(tracker))
    if language is None:
        return {LANGUAGE_SLOT: None} if tracker.get_slot(LANGUAGE_SLOT) else {}
    if latest_intent(tracker) != "crisis":
        utter_other_language(dispatcher, tracker)
    return {LANGUAGE_SLOT: language}


def utter_other_language(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Send the short reply in the relative's language when the latest message is clearly not
    Swedish; say whether it was sent. The message carries ``{"lang": <code>}`` as its custom
    payload, for the web page's ``lang`` attribute."""
    language = detect_language(latest_text(tracker))
    if language is None:
        return False
    try:
        contact = municipality_contact(active_profile(), tracker.get_slot("district"))
        lines = national_phones()
    except Exception:  # noqa: BLE001 - without the profile the Swedish replies still go out
        logger.exception("could not read the profile for the reply in another language")
        return False
    written_in = reply_language(language)
    dispatcher.utter_message(
        text=other_language_reply(written_in, contact, lines), json_message={"lang": written_in}
    )
    return True
