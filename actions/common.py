"""Helpers shared by the actions: buttons, the latest user text and the form questions."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar, Dict, Iterable, List, Sequence

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.replies import Button


def buttons(items: Iterable[Button]) -> List[Dict[str, Any]]:
    """Rasa button dicts from :class:`bot.replies.Button` values."""
    return [{"title": b.title, "payload": b.payload} for b in items]


def latest_text(tracker: Tracker) -> str:
    """The text of the latest user message ('' for button payloads)."""
    text = (tracker.latest_message or {}).get("text") or ""
    return "" if text.startswith("/") else text


def latest_intent(tracker: Tracker) -> str:
    """The intent name of the latest user message."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def end_form(outcome_slot: str, outcome: str) -> List[EventType]:
    """Events that end a form from an ask action (the submit action explains the outcome)."""
    return [SlotSet(outcome_slot, outcome), SlotSet("requested_slot", None)]


class AskAction(Action, ABC):
    """``action_ask_<form>_<slot>``: ask one question of a form, with its choices as buttons.

    Abstract until a subclass names its ``slot``, so that the action server
    registers only the real questions, not the shared bases.
    """

    form: ClassVar[str] = ""
    text: ClassVar[str] = ""
    choices: ClassVar[Sequence[Button]] = ()

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot the question asks for."""

    def name(self) -> str:
        return f"action_ask_{self.form}_{self.slot}"

    def question(self, tracker: Tracker) -> str:
        """The question; override where it depends on the profile or the slots."""
        return self.text

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(text=self.question(tracker), buttons=buttons(self.choices))
        return []
