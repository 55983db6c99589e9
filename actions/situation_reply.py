"""The reply once the situation is known: the summary, what fits the situation, the pending request.

Shared by the situation form's summary and the burden reply, so that a death, a child user or a
request in the same message is heard whichever of the two answers.
"""

from __future__ import annotations

import logging
from typing import Any, List, Mapping, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import buttons, latest_text
from bot.knowledge import next_steps
from bot.knowledge.access import active_profile, national_phones
from bot.knowledge.advice import (
    find_supports_by_type,
    rights_for,
    supports_for,
    target_groups_for,
)
from bot.knowledge.situation import SUPPORT_TYPES, Situation
from bot.nlp import facts
from bot.texts import knowledge as texts
from bot.texts import replies
from bot.texts import situation as heard
from bot.texts.summary import relative_summary

logger = logging.getLogger(__name__)

# The follow-up action that carries out a pending request after the summary.
REQUEST_ACTIONS = {facts.CALLBACK: "action_start_callback", facts.CANCEL: "action_start_manage_callback"}


def situation_told(tracker: Tracker) -> bool:
    """Whether the burden message also told of a death, a child user or a request to carry out."""
    return bool(
        facts.is_bereaved(tracker.get_slot("caring_phase"))
        or tracker.get_slot("user_is_child")
        or tracker.get_slot("pending_request")
    )


def reply_to_situation(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Reflect the situation back, then carry out the pending request or offer the next steps."""
    profile = active_profile()
    situation = Situation.from_slots(tracker.current_slot_values())
    lines = national_lines()
    bereaved = facts.is_bereaved(situation.phase)
    parts = opening(tracker, lines)
    parts.append(relative_summary(situation))
    recognised = texts.render_target_group_recognition(profile, target_groups_for(situation))
    if recognised and not _said(tracker, recognised):
        # A group the relative may not know is included (kriminell livsstil, skjutningar).
        parts.append(recognised)
    if situation.user_is_child:
        names = [s.name for s in next_steps.child_supports(profile)]
        parts.append(heard.child_help(names, *_contact(profile, situation)))
    elif bereaved:
        names = [s.name for s in next_steps.grief_supports(profile, situation)]
        parts.append(
            heard.grief(names, *_contact(profile, situation), lines.get("anhoriglinjen"))
        )
    elif situation.burden in ("high", "medium"):
        names = [s.name for s in next_steps.own_supports(profile, situation)]
        parts.append(
            heard.own_support(names, *_contact(profile, situation), lines.get("anhoriglinjen"))
        )
    user_age = next_steps.parse_user_age(tracker.get_slot("user_age"))
    if user_age is not None and not situation.user_is_child:
        young = next_steps.young_adult_supports(profile, user_age)
        if young:
            parts.append(heard.young_adult([s.name for s in young]))
    request = tracker.get_slot("pending_request")
    events: List[EventType] = [SlotSet("pending_request", None)] if request else []
    if request in REQUEST_ACTIONS:
        dispatcher.utter_message(text="\n".join(parts))
        return events + [FollowupAction(REQUEST_ACTIONS[str(request)])]
    if request in (facts.RIGHTS, facts.SUPPORTS, facts.COST):
        dispatcher.utter_message(text="\n".join(parts))
        dispatcher.utter_message(
            text=_answer(str(request), situation, _asked_support_type(tracker)),
            buttons=buttons(replies.SITUATION_OPTIONS[2:]),
        )
        return events
    if situation.user_is_child:
        dispatcher.utter_message(text="\n".join(parts))
    elif bereaved:
        dispatcher.utter_message(
            text="\n".join(parts), buttons=buttons(heard.CALLBACK_OFFER_BUTTONS)
        )
    else:
        parts.append(replies.situation_offer())
        separator = " " if len(parts) == 2 else "\n"
        dispatcher.utter_message(
            text=separator.join(parts), buttons=buttons(replies.SITUATION_OPTIONS)
        )
    return events



def _contact(profile: Any, situation: Situation) -> tuple[Optional[str], Optional[str]]:
    """Who the relative can talk to, and their number, as the texts write them."""
    contact = next_steps.contact_for(profile, situation)
    if contact is None:
        return None, None
    return texts.contact_phrase(profile, contact), texts.phone_text(contact.phone, contact.example)


def national_lines() -> Mapping[str, str]:
    """The national lines by id, or none when they cannot be read (the reply works without them)."""
    try:
        return national_phones()
    except Exception:  # noqa: BLE001 - the reply works without the national lines
        logger.exception("could not read national lines")
        return {}


def _answer(request: str, situation: Situation, asked_type: Optional[str] = None) -> str:
    """The rights or supports the relative asked for together with the situation."""
    profile = active_profile()
    if request == facts.RIGHTS:
        return texts.render_rights(rights_for(situation), profile)
    if asked_type:
        # "Kan jag få ersättning?": the honest answer about that support, offered or not.
        return texts.render_support_type(find_supports_by_type(profile, asked_type, situation), profile)
    found = supports_for(profile, situation)
    focus = texts.FOCUS_COST if request == facts.COST else texts.FOCUS_OVERVIEW
    return texts.render_supports(found, profile, focus)


def _asked_support_type(tracker: Tracker) -> Optional[str]:
    """The kind of support the latest message names ("ersättning" -> financial), if any."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == "support_type" and entity.get("value") in SUPPORT_TYPES:
            return str(entity["value"])
    return None


def _said(tracker: Tracker, text: str) -> bool:
    return any(
        event.get("event") == "bot" and text in str(event.get("text") or "")
        for event in tracker.events
    )


def opening(tracker: Tracker, lines: Mapping[str, str]) -> List[str]:
    """What the reply to a message starts with, before any question: sympathy, BRIS, burden heard."""
    parts: List[str] = []
    text = latest_text(tracker)
    if facts.is_bereaved(tracker.get_slot("caring_phase")) and not _said(tracker, heard.SYMPATHY):
        parts.append(heard.SYMPATHY)
    if tracker.get_slot("user_is_child") and not _said(tracker, heard.CHILD_FIRST_MARK):
        parts.append(heard.child_first(lines))
    elif text and facts.detect_burden(text) and not facts.is_bereaved(tracker.get_slot("caring_phase")):
        if not _said(tracker, heard.BURDEN_ACK):
            parts.append(heard.BURDEN_ACK)
    return parts
