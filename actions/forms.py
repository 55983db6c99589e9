"""The pieces every form is built of: questions, validation with an outcome, the events that end it.

Also the Rasa side of offering callback times, shared by booking
(:mod:`actions.callback`) and rebooking (:mod:`actions.callback_manage`): the
decisions are made in :mod:`bot.callbacks.dialogue`, these functions only send
the texts and set the slots.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any, ClassVar, Dict, Iterable, List, Optional, Sequence, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import buttons, possible_crisis
from bot.callbacks import dialogue as flow
from bot.callbacks.calendar import Slot
from bot.knowledge.schema import Profile, ReferralLink
from bot.texts import callback as say
from bot.texts.replies import Button

# The outcome slot's value when the relative stops a form with "avbryt".
OUTCOME_ABORTED = "aborted"
# Intents that the rules answer right after a form stops: the stop action says nothing.
ANSWERED_AFTER_STOP = ("goodbye", "request_human")


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


# The check-in question of the possible-danger tier (actions/safety.py).
CHECK_IN_ACTION = "action_check_in_possible_crisis"


def check_in_instead(tracker: Tracker, form: str) -> Optional[List[EventType]]:
    """Events that leave ``form`` for the check-in question when the latest message shows
    possible danger ("ingen idé längre"), else None.

    The answer is not taken as the answer to the form's question: that slot is emptied, and
    the rules of data/rules/safety.yml take the form up again after the check-in's answer.
    """
    requested = tracker.get_slot("requested_slot")
    if not requested or not possible_crisis(tracker).is_possible:
        return None
    return [
        SlotSet(str(requested), None),
        SlotSet("crisis_check_in", form),
        SlotSet("requested_slot", None),
        FollowupAction(CHECK_IN_ACTION),
    ]


class CheckInFirstValidation(FormValidationAction, ABC):
    """A form validation that puts the check-in question first when a form answer shows
    possible danger."""

    @abstractmethod
    def name(self) -> str:
        """The validation action's name, ``validate_<form>``."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        """The check-in instead of the form's validation, or the validation."""
        events = check_in_instead(tracker, self.form_name())
        if events is not None:
            return events
        return await super().run(dispatcher, tracker, domain)


class OutcomeFormValidation(CheckInFirstValidation, ABC):
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


# ---------------------------------------------------------------- callback times


def offer_times(
    dispatcher: CollectingDispatcher,
    profile: Profile,
    contact_point_id: str,
    link: Optional[ReferralLink],
    after: Optional[datetime],
    exclude: Sequence[Slot] = (),
) -> Tuple[List[Slot], bool]:
    """Free times after ``after``, and whether they are later ones than those shown before.

    When there are no later times, say so and offer the first ones again.
    """
    slots = flow.offer(flow.storage(), profile, contact_point_id, link, after=after, exclude=exclude)
    if slots or after is None:
        return slots, after is not None
    dispatcher.utter_message(text=say.NO_LATER_SLOTS)
    return flow.offer(flow.storage(), profile, contact_point_id, link, exclude=exclude), False


def ask_time(
    dispatcher: CollectingDispatcher,
    slots: List[Slot],
    later: bool,
    offered_slot: str,
    after_slot: str,
    current: Optional[str] = None,
) -> List[EventType]:
    """Offer the times as text and buttons, and keep them in ``offered_slot``."""
    dispatcher.utter_message(
        text=say.ask_slot(flow.slot_labels(slots), current=current, later=later),
        buttons=buttons(flow.slot_buttons(slots)),
    )
    return [SlotSet(offered_slot, flow.slots_to_slot_value(slots)), SlotSet(after_slot, None)]


def validate_pick(
    slot: str,
    after_slot: str,
    value: Any,
    offered: List[Slot],
    dispatcher: CollectingDispatcher,
) -> Dict[str, Any]:
    """The answer to "which time?": a chosen time, a wish for later times, or ask again."""
    answer = flow.answer_time(value, offered)
    if answer.chosen is not None:
        return {slot: answer.chosen.to_dict()}
    if answer.later_than is not None:
        return {slot: None, after_slot: answer.later_than.isoformat()}
    dispatcher.utter_message(text=answer.reply)
    return {slot: None}


def slot_taken(
    dispatcher: CollectingDispatcher, form: str, slot: str, offered_slot: str
) -> List[EventType]:
    """The chosen time went meanwhile: say so and go back to the form for another."""
    dispatcher.utter_message(text=say.SLOT_TAKEN)
    return [SlotSet(slot, None), SlotSet(offered_slot, None), FollowupAction(form)]
