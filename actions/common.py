"""Helpers shared by the actions: buttons and what the tracker says of the latest user message.

The pieces of a form (questions, validation, the events that end it) are in :mod:`actions.forms`.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional

from rasa_sdk import Tracker

from bot import safety
from bot.texts.replies import Button


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
    """The kinds of danger in the latest message: the rule net's, else the detector's guess.

    The NLU ran the rule net on the message and left its result in the parse data
    (``crisis_net``); a message without it (a button payload, a message injected through
    the API) counts as one in which the net found nothing.
    """
    found = safety.from_parse_data((tracker.latest_message or {}).get(safety.CRISIS_NET_KEY))
    return safety.reply_categories(found, detector_category(tracker))


def possible_crisis(tracker: Tracker) -> safety.PossibleAssessment:
    """The possible-danger tier's finding in the latest message; nothing when it is acute.

    The acute tier wins: a message the rule net flagged, or one whose intent is ``crisis``
    (the classifier or the learned detector), never counts as possible danger.
    """
    if latest_intent(tracker) == "crisis" or crisis_categories(tracker):
        return safety.PossibleAssessment()
    return safety.possible_from_parse_data((tracker.latest_message or {}).get(safety.CRISIS_NET_KEY))


def latest_intent(tracker: Tracker) -> str:
    """The intent name of the latest user message."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""

