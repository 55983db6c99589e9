"""A small stand-in for Rasa's form loop, to run the callback actions turn by turn.

It does what Rasa does between the actions, and nothing more: fills the
requested slot from the text unless the intent is one the slot's ``from_text``
mapping excludes (read from domain.yml), runs ``action_validate_slot_mappings``,
the form's validation action, the ask action of the next requested slot, and
the submit action when the form is done; an excluded intent makes the form
reject, and the unhappy-path rules of data/rules/callback.yml are applied
(crisis is answered and the question comes again). The NLU model is not
involved: each turn names its intent, as a test story does.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

from actions import callback, callback_manage, safety, situation
from bot.callbacks import dialogue as flow
from bot.knowledge.loader import clear_cache
from bot.safety import CRISIS_NET_KEY, as_parse_data, assess
from bot.settings import reset_settings_cache
from bot.storage import Case, read_session, upgrade_database

ROOT = Path(__file__).resolve().parents[2]


def load_domain() -> Dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def parsed(message: Dict[str, Any]) -> Dict[str, Any]:
    """``message`` as the NLU leaves it: free text also carries the rule net's result.

    The same rule as bot.nlu.components.CrisisGuard: no result for an empty text or a
    button payload ("/intent").
    """
    text = message.get("text") or ""
    if text and not text.startswith("/"):
        return {**message, CRISIS_NET_KEY: as_parse_data(assess(text))}
    return dict(message)


FORMS: Dict[str, Dict[str, Any]] = {
    "callback_form": {
        "start": callback.ActionStartCallback,
        "validate": callback.ValidateCallbackForm,
        "submit": callback.ActionSubmitCallback,
        "stop": callback.ActionStopCallbackForm,
        "ask": {
            "callback_consent": callback.ActionAskCallbackConsent,
            "district": callback.ActionAskCallbackDistrict,
            "callback_name": callback.ActionAskCallbackName,
            "callback_phone": callback.ActionAskCallbackPhone,
            "callback_slot": callback.ActionAskCallbackSlot,
            "callback_message": callback.ActionAskCallbackMessage,
        },
    },
    "manage_callback_form": {
        "start": callback_manage.ActionStartManageCallback,
        "validate": callback_manage.ValidateManageCallbackForm,
        "submit": callback_manage.ActionSubmitManageCallback,
        "stop": callback_manage.ActionStopManageCallbackForm,
        "ask": {
            "manage_reference": callback_manage.ActionAskManageReference,
            "manage_digits": callback_manage.ActionAskManageDigits,
            "manage_mode": callback_manage.ActionAskManageMode,
            "manage_slot": callback_manage.ActionAskManageSlot,
        },
    },
}
TRIGGERS = {"request_callback": "callback_form", "cancel_callback": "manage_callback_form"}
# data/rules/callback.yml: intents that stop a form when it rejects them.
STOPPING = {"deny", "cancel_callback", "goodbye", "request_human"}


class Dialogue:
    """One conversation: slots, events and the bot's messages, driven through the actions."""

    def __init__(self, domain: Dict[str, Any], slots: Optional[Dict[str, Any]] = None) -> None:
        self.domain = domain
        self.slots: Dict[str, Any] = {
            name: spec.get("initial_value") for name, spec in domain["slots"].items()
        }
        self.slots["requested_slot"] = None
        self.slots.update(slots or {})
        self.events: List[Dict[str, Any]] = []
        self.active_loop: Optional[str] = None
        self.latest_message: Dict[str, Any] = {}
        self.messages: List[Dict[str, Any]] = []
        self.actions: List[str] = []
        self._followup: Optional[str] = None
        self.sender_id = f"dialogue-test-{uuid.uuid4().hex}"  # one conversation, its own id

    # -- plumbing ----------------------------------------------------------------------------

    def tracker(self, extra: Optional[List[Dict[str, Any]]] = None) -> Tracker:
        return Tracker.from_dict(
            {
                "sender_id": self.sender_id,
                "slots": dict(self.slots),
                "latest_message": self.latest_message,
                "events": [dict(e) for e in self.events] + list(extra or []),
                "active_loop": {"name": self.active_loop} if self.active_loop else {},
                "latest_action_name": "action_listen",
            }
        )

    def apply(self, events: List[Dict[str, Any]]) -> None:
        for event in events:
            kind = event.get("event")
            if kind == "slot":
                self.slots[event["name"]] = event["value"]
            elif kind == "active_loop":
                self.active_loop = event.get("name")
            elif kind == "followup":
                self._followup = event["name"]
            self.events.append(dict(event))

    def run(self, action: Action, extra: Optional[List[Dict[str, Any]]] = None) -> List[Dict[str, Any]]:
        dispatcher = CollectingDispatcher()
        result = action.run(dispatcher, self.tracker(extra), self.domain)
        if asyncio.iscoroutine(result):
            result = asyncio.run(result)
        self.actions.append(action.name())
        for message in dispatcher.messages:
            self.messages.append(message)
            self.events.append({"event": "bot", "text": message.get("text")})
        events = list(result or [])
        self.apply(events)
        return events

    # -- form loop ------------------------------------------------------------------------

    def _excluded(self, slot: str) -> List[str]:
        for mapping in self.domain["slots"].get(slot, {}).get("mappings", []):
            if mapping.get("type") == "from_text":
                return list(mapping.get("not_intent") or [])
        return []

    def _from_text(self, slot: str) -> bool:
        return any(m.get("type") == "from_text" for m in self.domain["slots"][slot]["mappings"])

    def _required(self, form: str) -> List[str]:
        return list(self.domain["forms"][form]["required_slots"])

    def _validate(self, form: str, candidates: Dict[str, Any]) -> List[Dict[str, Any]]:
        extra = [
            {"event": "slot", "name": "requested_slot", "value": self.slots.get("requested_slot")},
            {"event": "action", "name": form},
        ] + [{"event": "slot", "name": k, "value": v} for k, v in candidates.items()]
        self.slots.update(candidates)
        return self.run(FORMS[form]["validate"](), extra)

    def _request_next(self, form: str, validation: List[Dict[str, Any]]) -> None:
        requested = [e for e in validation if e.get("event") == "slot" and e["name"] == "requested_slot"]
        if requested:
            slot = requested[-1]["value"]
        else:  # required_slots left as in the domain: Rasa asks for the first missing one
            slot = next((s for s in self._required(form) if self.slots.get(s) is None), None)
            self.slots["requested_slot"] = slot
        if slot is not None:
            ask_events = self.run(FORMS[form]["ask"][slot]())
            ended = [e for e in ask_events if e.get("event") == "slot" and e["name"] == "requested_slot"]
            if not ended or ended[-1]["value"] is not None:
                return
        self._finish(form)

    def _finish(self, form: str) -> None:
        self.active_loop = None
        self.slots["requested_slot"] = None
        self.run(FORMS[form]["submit"]())
        if self._followup:
            followup, self._followup = self._followup, None
            self._activate(followup)

    def _activate(self, form: str) -> None:
        self.active_loop = form
        prefilled = {s: self.slots[s] for s in self._required(form) if self.slots.get(s) is not None}
        self._request_next(form, self._validate(form, prefilled))

    def user(self, text: str, intent: str = "inform") -> List[str]:
        """Send one user message; return the texts the bot sent in reply."""
        before = len(self.messages)
        intent_data = {"name": intent, "confidence": 1.0}
        self.latest_message = parsed({"text": text, "intent": intent_data, "entities": []})
        self.events.append({"event": "user", "text": text, "parse_data": self.latest_message})
        self.events.append({"event": "action", "name": "action_extract_slots"})
        candidates: Dict[str, Any] = {}
        form = self.active_loop
        requested = self.slots.get("requested_slot") if form else None
        if form and requested and self._from_text(requested) and intent not in self._excluded(requested):
            candidates[requested] = text
        global_events = self.run(situation.ValidatePredefinedSlots())
        if form:
            for event in global_events:
                if event.get("event") == "slot" and event["name"] in (requested,):
                    candidates[event["name"]] = event["value"]
            self._form_turn(form, intent, candidates)
        elif intent in TRIGGERS:
            self.run(FORMS[TRIGGERS[intent]]["start"]())
            self._activate(TRIGGERS[intent])
        elif intent == "crisis":
            self.run(safety.ActionRespondCrisis())
        return [str(m.get("text")) for m in self.messages[before:]]

    def _form_turn(self, form: str, intent: str, candidates: Dict[str, Any]) -> None:
        validation = self._validate(form, candidates)
        validated = [e for e in validation if e.get("event") == "slot" and e["name"] != "requested_slot"]
        if candidates or validated:
            self._request_next(form, validation)
            return
        # The form rejected the message: data/rules/callback.yml decides what happens.
        if intent in STOPPING:
            self.run(FORMS[form]["stop"]())
            return
        if intent == "crisis":
            self.run(safety.ActionRespondCrisis())
        self._request_next(form, self._validate(form, {}))

    def texts(self) -> List[str]:
        return [str(m.get("text")) for m in self.messages]


# -- helpers for the callback tests ---------------------------------------------------

DAY = "2026-11-24T09:30:00+01:00"  # Tuesday, office open
EVENING = "2026-11-24T19:00:00+01:00"  # Tuesday, office closed
SATURDAY = "2026-11-28T11:00:00+01:00"
DEMENTIA_SLOTS = {"relation": "parent", "condition": "dementia", "person_age": "84"}


class Env:
    """The settings of one test: municipality, clock and a migrated database."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        self.monkeypatch = monkeypatch
        self.url = f"sqlite:///{tmp_path / 'cases.db'}"
        upgrade_database(self.url)
        monkeypatch.setenv("ANHORIG_DATABASE_URL", self.url)
        self.set(municipality="ekero", now=DAY)

    def set(self, *, municipality: Optional[str] = None, now: Optional[str] = None) -> None:
        if municipality is not None:
            self.monkeypatch.setenv("ANHORIG_MUNICIPALITY", municipality)
        if now is not None:
            self.monkeypatch.setenv("ANHORIG_NOW", now)
        reset_settings_cache()
        clear_cache()
        flow.reset_storage()

    def count(self, model: Any) -> int:
        with read_session(flow.storage()) as session:
            return int(session.execute(select(func.count()).select_from(model)).scalar_one())

    def only_case(self) -> Any:
        with read_session(flow.storage()) as session:
            (case,) = session.execute(select(Case)).scalars().all()
            return case


def start(domain: Dict[str, Any], slots: Optional[Dict[str, Any]] = None) -> Dialogue:
    dialogue = Dialogue(domain, dict(DEMENTIA_SLOTS if slots is None else slots))
    dialogue.user("kan någon ringa mig", "request_callback")
    return dialogue


def book(dialogue: Dialogue, *, pick: str = "den första", message: str = "nej") -> list[str]:
    dialogue.user("ja", "affirm")
    dialogue.user("Anna")
    dialogue.user("070-174 06 90")
    dialogue.user(pick)
    return dialogue.user(message, "deny" if message == "nej" else "inform")


def no_later_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every window after the times shown is full: asking for later times finds none."""
    real_offer = flow.offer

    def offer(*args: Any, after: Any = None, **kwargs: Any) -> Any:
        return [] if after is not None else real_offer(*args, **kwargs)

    monkeypatch.setattr(flow, "offer", offer)


def reference_in(reply: str) -> str:
    marker = "Ditt bokningsnummer är "
    assert marker in reply, reply
    return reply.split(marker, 1)[1][:6]


