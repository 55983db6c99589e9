"""Greeting, slot extraction and the situation form."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker, ValidationAction, utils
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import buttons, crisis_categories, latest_intent, latest_text
from actions.forms import AskAction, CheckInFirstValidation, leave_form
from actions.safety import extract_message_language
from actions.situation_reply import national_lines, opening, reply_to_situation
from bot import safety
from bot.knowledge import next_steps
from bot.knowledge.access import active_profile, municipality_name
from bot.knowledge.advice import resolve_district, target_groups_for
from bot.knowledge.situation import CONDITIONS, RELATIONS, Situation
from bot.nlp import facts, references
from bot.texts import knowledge as texts
from bot.texts import replies
from bot.texts import situation as heard

logger = logging.getLogger(__name__)

# Intents whose message tells the situation: a request in their text waits for the form.
SITUATION_INTENTS = frozenset({"describe_situation", "inform", "express_burden"})


class ActionGreet(Action):
    """Say hello: a bot, what it helps with, what not to write."""

    def name(self) -> str:
        return "action_greet"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(text=replies.greeting(municipality_name()))
        return []


class ValidatePredefinedSlots(ValidationAction):
    """Read age, caring phase, burden and whether the user is a child from every message."""

    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        """Check the global slots set in this turn that have a ``validate_<slot>`` method.

        The other slots set in the turn are kept as they are: those read by an
        ``extract_<slot>`` method above (age, phase, burden...) are already checked
        there, and an entity slot such as ``support_type`` needs no check. rasa_sdk's
        own loop would log a warning for each of them on nearly every message.
        """
        wanted = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        slots = {name: value for name, value in tracker.slots_to_validate().items() if name in wanted}
        for name, value in list(slots.items()):
            validate = getattr(self, f"validate_{name.replace('-', '_')}", None)
            if validate is None:
                continue
            checked = await utils.call_potential_coroutine(validate(value, dispatcher, tracker, domain))
            if not isinstance(checked, dict):
                logger.error("validate_%s returned %s, not a dict of slots", name, type(checked).__name__)
                continue
            slots.update(checked)
            tracker.slots.update(checked)  # later checks see the checked value, as in rasa_sdk
        return [SlotSet(name, value) for name, value in slots.items()]

    def validate_relation(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """The person cared for: once known, later mentions of other people do not replace them
        (unless the question is who it is); in a message, the person named with "min" counts,
        never the writer ("jag är pappa till ..."). The relative's own word is kept too."""
        known = _value_before_latest_message(tracker, "relation")
        if known in RELATIONS and tracker.get_slot("requested_slot") != "relation":
            return {"relation": known}
        text = latest_text(tracker)
        chosen = references.cared_for(text, _latest_entities(tracker))
        if chosen is None:
            return {"relation": _first(slot_value)}
        return {
            "relation": chosen.get("value"),
            "relation_word": references.relation_word(text, chosen),
        }

    def validate_condition(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """The condition, and the relative's own word for it ("parkinson") where it is clear."""
        value = _first(slot_value)
        word = references.condition_word(latest_text(tracker), _latest_entities(tracker), value)
        return {"condition": value, "condition_word": word}

    async def extract_person_age(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        text = latest_text(tracker)
        asked = tracker.get_slot("requested_slot") == "person_age"
        age = facts.parse_age(text, bare_number_ok=asked) if text else None
        if age is not None:
            return {"person_age": str(age)}
        if asked and text and facts.says_unknown(text):
            return {"person_age": "unknown"}
        if asked and text and latest_intent(tracker) in {"inform", "describe_situation"}:
            return {"person_age": "invalid"}  # validate_person_age explains and asks again
        return {}

    async def extract_caring_phase(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        phase = facts.detect_phase(latest_text(tracker))
        return {"caring_phase": phase} if phase else {}

    async def extract_burden(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        burden = facts.detect_burden(latest_text(tracker))
        return {"burden": burden} if burden else {}

    async def extract_user_is_child(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        text = latest_text(tracker)
        if text and (safety.user_is_child(text) or facts.writer_is_minor(text)):
            return {"user_is_child": True}
        return {}

    async def extract_user_age(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        age = facts.own_age(latest_text(tracker))
        return {"user_age": str(age)} if age is not None else {}

    async def extract_pending_request(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """A request told together with the situation waits until the situation form is done.

        Requests sent as their own intent are carried out at once by the rules.
        """
        if latest_intent(tracker) not in SITUATION_INTENTS:
            return {}
        request = facts.main_request(latest_text(tracker), latest_intent(tracker))
        return {"pending_request": request} if request else {}

    async def extract_crisis_categories(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        categories = crisis_categories(tracker)
        if categories:
            return {"crisis_categories": sorted(categories)}
        return {}

    async def extract_message_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return extract_message_language(dispatcher, tracker)

    async def extract_district(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        text = latest_text(tracker)
        if not text:
            return {}
        district = resolve_district(active_profile(), text)
        if district is not None:
            return {"district": district.id}
        if tracker.get_slot("requested_slot") == "district":
            if facts.says_unknown(text):
                return {"district": "unknown"}
            if latest_intent(tracker) in {"inform", "describe_situation"}:
                return {"district": "invalid"}  # validate_district explains and asks again
        return {}


class ValidateSituationForm(CheckInFirstValidation):
    """Check relation, condition and age; accept several in one message."""

    def name(self) -> str:
        return "validate_situation_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        """Ask for the district too where support is given per district (Stockholm).

        After a death nothing is asked about the person's needs or age; a child is
        not asked the age of the person they write about.
        """
        slots = next_steps.situation_questions(
            domain_slots,
            bereaved=facts.is_bereaved(tracker.get_slot("caring_phase")),
            child=bool(tracker.get_slot("user_is_child")),
        )
        if active_profile().requires_district and "district" not in slots:
            # Right after the condition: a Stockholm relative hears at once that they
            # count and where their support comes from.
            at = slots.index("condition") + 1 if "condition" in slots else len(slots)
            slots.insert(at, "district")
        return slots

    def validate_district(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if slot_value == "unknown":
            return {"district": "unknown"}
        profile = active_profile()
        if any(d.id == slot_value for d in profile.districts):
            return {"district": slot_value}
        dispatcher.utter_message(text=replies.invalid_district(d.name for d in profile.districts))
        return {"district": None}

    async def extract_condition(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        # An answer to "what does hen need help with" that names no known condition
        # still moves on: the coordinator can sort it out on the phone.
        if tracker.get_slot("requested_slot") != "condition":
            return {}
        if tracker.get_slot("condition") or latest_intent(tracker) not in {"describe_situation", "inform"}:
            return {}
        entities = tracker.get_latest_entity_values("condition")
        if next(entities, None) is None and latest_text(tracker):
            return {"condition": "other"}
        return {}

    def validate_relation(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        value = _first(slot_value)
        if value in RELATIONS:
            return {"relation": value}
        dispatcher.utter_message(text=replies.INVALID_RELATION)
        return {"relation": None}

    def validate_condition(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        value = _first(slot_value)
        if value in CONDITIONS or value == "other":
            return {"condition": value}
        return {"condition": None}

    def validate_person_age(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if slot_value == "unknown":
            return {"person_age": "unknown"}
        try:
            age = int(str(slot_value))
        except ValueError:
            age = -1
        if 0 <= age <= 115:
            return {"person_age": str(age)}
        dispatcher.utter_message(text=replies.INVALID_AGE)
        return {"person_age": None}


def _latest_entities(tracker: Tracker) -> List[Dict[str, Any]]:
    return list((tracker.latest_message or {}).get("entities") or [])


def _value_before_latest_message(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message (None if it had none)."""
    seen_user = False
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
        elif seen_user and event.get("event") == "restart":
            return None
    return None


def _first(value: Any) -> Optional[str]:
    """Slots filled from several entities hold a list; the first mention counts."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


class ActionSummarizeSituation(Action):
    """Reflect the situation back, then carry out the pending request or offer the next steps."""

    def name(self) -> str:
        return "action_summarize_situation"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return reply_to_situation(dispatcher, tracker)


class ActionStopSituationForm(Action):
    """Leave the situation form without losing what was already said."""

    def name(self) -> str:
        return "action_stop_situation_form"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return leave_form()


class _AskSituation(AskAction):
    """Ask the situation form's question for one slot."""

    form = "situation_form"

    def question(self, tracker: Tracker) -> str:
        return replies.ask_situation(self.slot, references.pronoun(tracker.get_slot("relation_word")))

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        parts = opening(tracker, national_lines()) + [self.question(tracker)]
        dispatcher.utter_message(text="\n".join(parts), buttons=buttons(self.choices))
        return []


class ActionAskRelation(_AskSituation):
    """Who the relative helps."""

    slot = "relation"

    def question(self, tracker: Tracker) -> str:
        if facts.is_bereaved(tracker.get_slot("caring_phase")):
            return heard.ASK_RELATION_BEREAVED
        if tracker.get_slot("user_is_child"):
            return heard.ASK_RELATION_CHILD
        return replies.ASK_SITUATION[self.slot]


class ActionAskCondition(_AskSituation):
    """What the person needs help with."""

    slot = "condition"


class ActionAskPersonAge(_AskSituation):
    """How old the person is."""

    slot = "person_age"


class ActionAskDistrict(_AskSituation):
    """Which district the relative lives in (Stockholm), after saying that they count."""

    slot = "district"

    def question(self, tracker: Tracker) -> str:
        profile = active_profile()
        groups = target_groups_for(Situation.from_slots(tracker.current_slot_values()))
        recognised = texts.render_target_group_recognition(profile, groups)
        question = replies.ASK_SITUATION[self.slot]
        return f"{recognised} {question}" if recognised else question
