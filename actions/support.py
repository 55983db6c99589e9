"""Rights, supports and opening hours, from the active municipality profile."""

from __future__ import annotations

from typing import List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import buttons, latest_intent, latest_text
from bot.knowledge import advice
from bot.knowledge.access import active_profile
from bot.knowledge.loader import load_national
from bot.knowledge.situation import SUPPORT_TYPES, Situation
from bot.nlp import facts
from bot.settings import get_settings
from bot.texts import knowledge as texts
from bot.texts import replies

_FOCUS = {"how_to_apply": texts.FOCUS_APPLY, "ask_cost": texts.FOCUS_COST}


def then_callback(tracker: Tracker) -> List[EventType]:
    """A callback asked for in the same message ("... finns det stöd? kan någon ringa?") is
    booked right after the answer."""
    if facts.CALLBACK in facts.requests_in(latest_text(tracker)):
        return [FollowupAction("action_start_callback")]
    return []


def _situation(tracker: Tracker) -> Situation:
    return Situation.from_slots(tracker.current_slot_values())


def _asked_support_type(tracker: Tracker) -> Optional[str]:
    value = next(tracker.get_latest_entity_values("support_type"), None)
    return value if value in SUPPORT_TYPES else None


class ActionExplainRights(Action):
    """What the law gives this relative, with references to the current act."""

    def name(self) -> str:
        return "action_explain_rights"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        profile = active_profile()
        statements = advice.rights_for(_situation(tracker))
        dispatcher.utter_message(
            text=texts.render_rights(statements, profile),
            buttons=buttons(replies.SITUATION_OPTIONS[1:]),
        )
        return then_callback(tracker)


class ActionExplainSupports(Action):
    """Supports that fit the situation, or the honest answer about one support type."""

    def name(self) -> str:
        return "action_explain_supports"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        profile = active_profile()
        situation = _situation(tracker)
        support_type = _asked_support_type(tracker)
        if support_type:
            answer = advice.find_supports_by_type(profile, support_type, situation)
            text = texts.render_support_type(answer, profile)
        else:
            found = advice.supports_for(profile, situation, load_national(get_settings().data_dir))
            focus = _FOCUS.get(latest_intent(tracker), texts.FOCUS_OVERVIEW)
            text = texts.render_supports(found, profile, focus)
            recognised = texts.render_target_group_recognition(
                profile, advice.target_groups_for(situation)
            )
            if recognised:
                # A group the relative may not know is included (skjutningar, kriminell livsstil).
                text = f"{recognised}\n\n{text}"
        dispatcher.utter_message(text=text, buttons=buttons(replies.SITUATION_OPTIONS[2:]))
        return then_callback(tracker)


class ActionOpeningHours(Action):
    """Office hours, the socialjour after hours, and the national lines."""

    def name(self) -> str:
        return "action_opening_hours"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        profile = active_profile()
        dispatcher.utter_message(
            text=texts.render_opening_hours(profile, load_national(get_settings().data_dir))
        )
        return []
