"""Crisis, burden and not-understood replies."""

from __future__ import annotations

import logging
from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import buttons, crisis_categories, latest_text
from bot import safety
from bot.knowledge.access import national_phones, socialjour_phone
from bot.texts import replies

logger = logging.getLogger(__name__)


class ActionRespondCrisis(Action):
    """Emergency numbers at once; works even if the profile data cannot be read."""

    def name(self) -> str:
        return "action_respond_crisis"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        text = latest_text(tracker)
        categories = crisis_categories(tracker)
        is_child = bool(tracker.get_slot("user_is_child")) or safety.user_is_child(text)
        try:
            lines, jour = national_phones(), socialjour_phone()
        except Exception:  # noqa: BLE001 - never let data problems block emergency numbers
            logger.exception("could not read phone numbers; using built-in emergency numbers")
            lines, jour = {}, None
        dispatcher.utter_message(
            text=replies.crisis_reply(
                categories, user_is_child=is_child, lines=lines, socialjour=jour
            )
        )
        return [SlotSet("crisis_categories", sorted(categories))]


class ActionRespondBurden(Action):
    """Empathy, stödsamtal and the offer of a callback."""

    def name(self) -> str:
        return "action_respond_burden"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        try:
            line = national_phones().get("anhoriglinjen")
        except Exception:  # noqa: BLE001 - the reply works without the extra line
            logger.exception("could not read national lines")
            line = None
        dispatcher.utter_message(
            text=replies.burden_reply(line),
            buttons=buttons(
                [
                    replies.Button("Ja, ring upp mig", "/request_callback"),
                    replies.Button("Inte nu", "/deny"),
                ]
            ),
        )
        return [SlotSet("burden", tracker.get_slot("burden") or "high")]


class ActionHandleFallback(Action):
    """Say honestly that the message was not understood; never guess."""

    def name(self) -> str:
        return "action_handle_fallback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(
            text=replies.fallback_reply(), buttons=buttons(replies.FALLBACK_OPTIONS)
        )
        return []
