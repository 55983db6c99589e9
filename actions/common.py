"""Helpers shared by the actions: buttons and the latest user text."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List

from rasa_sdk import Tracker

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
