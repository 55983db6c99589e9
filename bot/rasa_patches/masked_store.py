"""Rasa's SQL tracker store writes masked events: no identifiers, no name or phone slot values.

Rasa keeps every conversation in its tracker store, one row per event: what the
relative wrote (``text`` and ``parse_data.text`` of a user event), what the bot
answered, and every slot value set on the way, including the booking form's
name and phone number, which stay in the stored ``SlotSet`` events after the
slots are reset. The consent text promises that personnummer and other numbers
in the chat are hidden, so the rows Rasa writes are masked here, at the one
place they are made.

``SQLTrackerStore.save`` serialises the events that are not stored yet, which
it takes from ``SQLTrackerStore._additional_events``. :func:`install` wraps that
method so it hands over masked copies (:class:`MaskedEvent`): the live tracker,
which the running form reads, keeps every value; the database never gets them.

What a stored event keeps:

* the relative's messages: the text (and every string of ``parse_data``) masked
  with :func:`bot.privacy.masking.mask_text`, the names the form was given masked
  as ``[namn]``; an answer that filled a name, phone or digits slot becomes that
  slot's placeholder as a whole ("Anna Svensson" is stored as ``[namn]``);
* the bot's messages (text and ``data``): what the relative told it is masked where
  it is repeated (the name, the phone number read back in any format, an address
  or e-mail the relative wrote) and any personnummer; the municipality's own
  numbers and addresses stay, so a conversation read back still says whom to call;
* ``SlotSet`` of a slot in :data:`SENSITIVE_SLOTS`: the value None; of any other
  slot: its strings masked (the callback message, the raw answers).

The tracker cache (:mod:`bot.rasa_patches.tracker_cache`) keeps the live events
of the conversations this process saved last, in memory only, so the next turn
of a running form still has the name and phone number. Its check against the
database (number of rows and the highest row id) is unchanged, since one masked
row is written per event. A conversation rebuilt from the database instead
(another Rasa process, a restart) has the sensitive slots empty, and the form
asks again for what it still needs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping, Optional

from bot.privacy.masking import (
    NAME,
    NUMBER,
    PERSONNUMMER,
    PHONE,
    find_identifiers,
    literal_key,
    mask_names,
    mask_text,
    phone_key,
    replace_spans,
)

_PATCHED_FLAG = "_anhoriglotsen_masked_store"

# Slots whose values never reach the database, with what stands in for a
# message that was the answer to it (None: the message is masked as any other,
# since a booking reference alone does not identify anyone).
SENSITIVE_SLOTS: Mapping[str, Optional[str]] = {
    "callback_name": NAME,
    "callback_phone": PHONE,
    "manage_digits": NUMBER,
    "manage_reference": None,
}
NAME_SLOTS = frozenset({"callback_name"})
# Keys whose values are identifiers of Rasa's own, never text.
_KEEP_KEYS = frozenset({"message_id", "event", "timestamp", "name", "intent_name", "action_name"})


@dataclass
class Secrets:
    """What the live tracker knows that must not be stored: the relative's answers, name, numbers."""

    answers: dict[str, str] = field(default_factory=dict)  # typed answer -> placeholder
    names: set[str] = field(default_factory=set)
    written: set[str] = field(default_factory=set)  # identifiers the relative wrote (literal_key)
    phones: set[str] = field(default_factory=set)  # their phone numbers (phone_key)

    @classmethod
    def from_events(cls, events: Iterable[Any]) -> Secrets:
        """Collect from the tracker's user messages and ``SlotSet`` events.

        A name counts once the form has accepted it: the ``SlotSet`` an action
        returned (after ``ActionExecuted``), not Rasa's raw copy of the message.
        """
        from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

        found = cls()
        after_action = False
        for event in events:
            if isinstance(event, UserUttered) and event.text:
                found.remember_identifiers(event.text)
            if not isinstance(event, SlotSet):
                after_action = isinstance(event, ActionExecuted)
                continue
            if event.key not in SENSITIVE_SLOTS or not isinstance(event.value, str):
                continue
            value = " ".join(event.value.split())
            placeholder = SENSITIVE_SLOTS[event.key]
            if value and placeholder is not None:
                found.answers[value.casefold()] = placeholder
            if placeholder == PHONE:
                found.remember_identifiers(value)
                key = phone_key(value)
                if key:
                    found.phones.add(key)
            if event.key in NAME_SLOTS and after_action and value:
                found.names.add(value)
                found.names.update(part for part in value.split() if len(part) >= 2)
        return found

    def remember_identifiers(self, text: str) -> None:
        """Note the identifiers in a text of the relative's, to find them again in the bot's."""
        for span in find_identifiers(text):
            literal = text[span.start:span.end]
            self.written.add(literal_key(literal))
            if span.placeholder == PHONE:
                key = phone_key(literal)
                if key:
                    self.phones.add(key)

    def mask(self, text: str) -> str:
        """The relative's text without identifiers; a whole answer to a sensitive slot is its placeholder."""
        whole = self.answers.get(" ".join(text.split()).casefold())
        if whole is not None:
            return whole
        return mask_text(text, self.names)

    def mask_bot(self, text: str) -> str:
        """The bot's text without what the relative told it.

        The bot's own numbers and addresses (the municipality's, the national
        lines) stay, so a conversation read back from the database still says
        whom to call; a personnummer never stays.
        """
        spans = []
        for span in find_identifiers(text):
            literal = text[span.start:span.end]
            if (span.placeholder == PERSONNUMMER or literal_key(literal) in self.written
                    or (span.placeholder == PHONE and phone_key(literal) in self.phones)):
                spans.append(span)
        return mask_names(replace_spans(text, spans), self.names)


def _mask_value(value: Any, secrets: Secrets, bot: bool = False) -> Any:
    """Strings in ``value`` (nested dicts and lists too) masked; dict keys and ids kept."""
    if isinstance(value, str):
        return secrets.mask_bot(value) if bot else secrets.mask(value)
    if isinstance(value, list):
        return [_mask_value(item, secrets, bot) for item in value]
    if isinstance(value, dict):
        return {key: item if key in _KEEP_KEYS else _mask_value(item, secrets, bot)
                for key, item in value.items()}
    return value


def mask_event_data(data: Mapping[str, Any], secrets: Secrets) -> dict[str, Any]:
    """The serialised event (``Event.as_dict()``) as it may be stored."""
    masked = dict(data)
    kind = masked.get("event")
    if kind == "slot":
        if masked.get("name") in SENSITIVE_SLOTS:
            masked["value"] = None
        else:
            masked["value"] = _mask_value(masked.get("value"), secrets)
    elif kind in ("user", "bot"):
        for key in ("text", "parse_data", "data", "metadata"):
            if masked.get(key) is not None:
                masked[key] = _mask_value(masked[key], secrets, bot=kind == "bot")
    elif kind == "entities":
        masked["entities"] = _mask_value(masked.get("entities"), secrets)
    return masked


class MaskedEvent:
    """What ``SQLTrackerStore.save`` reads of an event (its type name and dict), masked."""

    def __init__(self, event: Any, secrets: Secrets) -> None:
        self.type_name = event.type_name
        self._data = mask_event_data(event.as_dict(), secrets)

    def as_dict(self) -> dict[str, Any]:
        """The masked serialised event."""
        return self._data


def install() -> None:
    """Patch ``SQLTrackerStore`` to store masked events (idempotent)."""
    from rasa.core.tracker_store import SQLTrackerStore

    if getattr(SQLTrackerStore, _PATCHED_FLAG, False):
        return
    original = SQLTrackerStore._additional_events

    @functools.wraps(original)
    def _additional_events(self: Any, session: Any, tracker: Any) -> Iterator[Any]:
        new = list(original(self, session, tracker))
        if not new:
            return iter(())
        secrets = Secrets.from_events(tracker.events)
        return iter([MaskedEvent(event, secrets) for event in new])

    SQLTrackerStore._additional_events = _additional_events  # type: ignore[method-assign]
    setattr(SQLTrackerStore, _PATCHED_FLAG, True)
