"""Helpers shared by the actions: buttons, the latest user text and the pieces of a form."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar, Dict, Iterable, List, Optional, Sequence

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import safety
from bot.texts.replies import Button

# The outcome slot's value when the relative stops a form with "avbryt".
OUTCOME_ABORTED = "aborted"
# Intents that the rules answer right after a form stops: the stop action says nothing.
ANSWERED_AFTER_STOP = ("goodbye", "request_human")


def buttons(items: Iterable[Button]) -> List[Dict[str, Any]]:
    """Rasa button dicts from :class:`bot.texts.replies.Button` values."""
    return [{"title": b.title, "payload": b.payload} for b in items]


def latest_text(tracker: Tracker) -> str:
    """The text of the latest user message ('' for button payloads)."""
    text = (tracker.latest_message or {}).get("text") or ""
    return "" if text.startswith("/") else text


def detector_category(tracker: Tracker) -> Optional[str]:
    """The crisis detector's guess of the kind of danger in the latest message, if any."""
    found = (tracker.latest_message or {}).get("crisis_detector") or {}
    category = found.get("category") if isinstance(found, dict) else None
    return category if isinstance(category, str) else None


def crisis_categories(tracker: Tracker) -> frozenset[str]:
    """The kinds of danger in the latest message: the rule net's, else the detector's guess."""
    return safety.reply_categories(safety.assess(latest_text(tracker)), detector_category(tracker))


def latest_intent(tracker: Tracker) -> str:
    """The intent name of the latest user message."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def clear_slots(slots: Iterable[str]) -> List[EventType]:
    """Events that empty ``slots``."""
    return [SlotSet(slot, None) for slot in slots]


def leave_form() -> List[EventType]:
    """Events of a stop action: no active form, no question pending."""
    return [ActiveLoop(None), SlotSet("requested_slot", None)]


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


class OutcomeFormValidation(FormValidationAction, ABC):
    """Validation of a form that an outcome ends early (the submit action explains the outcome).

    Once ``outcome_slot`` is set nothing more is asked; until then :meth:`questions`
    says which slots the form needs.
    """

    outcome_slot: ClassVar[str] = ""

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        """Nothing once there is an outcome, else :meth:`questions`."""
        if tracker.get_slot(self.outcome_slot):
            return []
        return self.questions(tracker)

    @abstractmethod
    def questions(self, tracker: Tracker) -> List[str]:
        """The slots the form needs, in the order they are asked."""

    def aborted(self, slot: str) -> Dict[str, Any]:
        """Leave ``slot`` empty and end the form: the relative said "avbryt"."""
        return {slot: None, self.outcome_slot: OUTCOME_ABORTED}
