"""Callbacks and human contact: who will call, and how to reach them."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import replies
from bot.knowledge import advice, texts
from bot.knowledge_access import active_profile
from bot.situation import Situation


class ActionStartCallback(Action):
    """Tell who will call back; booking a time comes with the booking feature."""

    def name(self) -> str:
        return "action_start_callback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        profile = active_profile()
        found = advice.route(profile, Situation.from_slots(tracker.current_slot_values()))
        dispatcher.utter_message(text=texts.render_route(found, profile))
        dispatcher.utter_message(text=replies.callback_placeholder())
        return []


class ActionCancelCallback(Action):
    """Cancelling in the chat comes with the booking feature; say so honestly."""

    def name(self) -> str:
        return "action_cancel_callback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(text=replies.cancel_placeholder())
        return []


class ActionOfferHuman(Action):
    """A person to talk to: who, their number and hours, and the offer of a callback."""

    def name(self) -> str:
        return "action_offer_human"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        profile = active_profile()
        found = advice.route(profile, Situation.from_slots(tracker.current_slot_values()))
        dispatcher.utter_message(text=texts.render_route(found, profile))
        dispatcher.utter_message(text=texts.render_opening_hours(profile))
        return []
