"""Rasa's SQL tracker store stores masked events; the live tracker keeps what the form needs."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any, Iterator

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_patches import masked_store, tracker_cache
from bot.rasa_patches.masked_store import Secrets, mask_event_data

SLOTS = ("callback_name", "callback_phone", "callback_message", "manage_digits", "manage_reference")
DOMAIN = Domain.from_dict(
    {
        "intents": ["inform"],
        "slots": {name: {"type": "any", "mappings": [{"type": "custom"}]} for name in SLOTS},
    }
)
PERSONNUMMER = "19450312-1230"
SECRETS = [PERSONNUMMER, "450312", "070-174 06 90", "0701740690", "46701740690", "anna.svensson@example.se",
           "Storgatan 12", "Svensson", "0690"]


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


@pytest.fixture()
def patched(monkeypatch: pytest.MonkeyPatch) -> Iterator[tracker_cache.TrackerCache]:
    """Masking and the tracker cache installed for one test, Rasa's own methods restored after."""
    for name in ("_retrieve", "save", "_additional_events"):
        monkeypatch.setattr(SQLTrackerStore, name, SQLTrackerStore.__dict__[name])
    monkeypatch.delattr(SQLTrackerStore, tracker_cache._PATCHED_FLAG, raising=False)
    monkeypatch.delattr(SQLTrackerStore, masked_store._PATCHED_FLAG, raising=False)
    cache = tracker_cache.install()
    masked_store.install()
    masked_store.install()  # idempotent
    yield cache
    monkeypatch.delattr(SQLTrackerStore, tracker_cache._PATCHED_FLAG, raising=False)
    monkeypatch.delattr(SQLTrackerStore, masked_store._PATCHED_FLAG, raising=False)


def user(tracker: DialogueStateTracker, text: str, slot: str | None = None) -> None:
    tracker.update(UserUttered(text, {"name": "inform", "confidence": 1.0}, [],
                               parse_data={"intent": {"name": "inform", "confidence": 1.0},
                                           "entities": [], "text": text}))
    if slot:  # Rasa's from_text mapping copies the message into the slot
        tracker.update(SlotSet(slot, text))


def form_sets(tracker: DialogueStateTracker, bot_text: str, **slots: Any) -> None:
    tracker.update(ActionExecuted("callback_form"))
    for key, value in slots.items():
        tracker.update(SlotSet(key, value))
    tracker.update(BotUttered(bot_text))
    tracker.update(ActionExecuted("action_listen"))


def booking_conversation() -> DialogueStateTracker:
    tracker = DialogueStateTracker("web-privacy", DOMAIN.slots)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    user(tracker, f"Mitt personnummer är {PERSONNUMMER} och jag bor på Storgatan 12, 123 45 Ekerö")
    form_sets(tracker, "Vad ska vi kalla dig?")
    user(tracker, "Jag heter Anna Svensson", "callback_name")
    form_sets(tracker, "Tack Anna Svensson. Vilket nummer?", callback_name="Anna Svensson")
    user(tracker, "070-174 06 90", "callback_phone")
    form_sets(tracker, "Vi ringer 070-174 06 90.", callback_phone="+46701740690")
    user(tracker, "mejla anna.svensson@example.se", "callback_message")
    form_sets(tracker, "Ditt bokningsnummer är K7M2QX. Vi ringer tisdag kl. 10.00.",
              callback_message="mejla anna.svensson@example.se", callback_name=None,
              callback_phone=None)
    return tracker


def stored_rows(path: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(path) as db:
        return [json.loads(row[0]) for row in db.execute("SELECT data FROM events ORDER BY id")]


def test_the_database_gets_no_identifiers_and_no_slot_values(
    patched: tracker_cache.TrackerCache, tmp_path: Path
) -> None:
    path = tmp_path / "tracker.db"
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(path))
    tracker = booking_conversation()
    run(store.save(tracker))
    raw = path.read_bytes().decode("utf-8", "replace")
    for secret in SECRETS:
        assert secret not in raw
    assert "Anna" not in raw
    rows = stored_rows(path)
    texts = [row.get("text") for row in rows if row["event"] in ("user", "bot")]
    assert "[personnummer]" in texts[0] and "[adress]" in texts[0]
    assert texts[2] == "[namn]" and texts[3] == "Tack [namn]. Vilket nummer?"
    assert texts[4] == "[telefonnummer]" and texts[6] == "mejla [e-post]"
    assert "K7M2QX" in texts[7] and "kl. 10.00" in texts[7]  # references and times stay
    assert all(row["parse_data"]["text"] == row["text"] for row in rows if row["event"] == "user")
    slot_values = {row["name"]: row["value"] for row in rows if row["event"] == "slot"
                   and row["name"] in ("callback_name", "callback_phone")}
    assert slot_values == {"callback_name": None, "callback_phone": None}
    assert len(rows) == len(tracker.events)  # one row per event: the cache's check still holds


def test_the_live_tracker_and_the_cache_keep_the_values(
    patched: tracker_cache.TrackerCache, tmp_path: Path
) -> None:
    path = tmp_path / "tracker.db"
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(path))
    tracker = DialogueStateTracker("web-form", DOMAIN.slots)
    tracker.update(ActionExecuted("action_listen"))
    user(tracker, "070-174 06 90", "callback_phone")
    form_sets(tracker, "Tack.", callback_phone="+46701740690")
    run(store.save(tracker))
    assert tracker.get_slot("callback_phone") == "+46701740690"
    # The next turn of the form, in this process: the cache still has the number.
    again = run(store.retrieve("web-form"))
    assert again.get_slot("callback_phone") == "+46701740690"
    # Rebuilt from the database (another process): the number is not there.
    patched.forget(f"{store.engine.url}\nweb-form")
    rebuilt = run(store.retrieve("web-form"))
    assert rebuilt.get_slot("callback_phone") is None
    assert rebuilt.latest_message.text == "[telefonnummer]"


def test_later_saves_mask_only_the_new_events(patched: tracker_cache.TrackerCache, tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(path))
    tracker = DialogueStateTracker("web-two", DOMAIN.slots)
    tracker.update(ActionExecuted("action_listen"))
    user(tracker, "hej")
    form_sets(tracker, "Hej!")
    run(store.save(tracker))
    user(tracker, "ring 08-123 456 78", "callback_phone")
    form_sets(tracker, "Tack.", callback_phone="+46812345678")
    run(store.save(tracker))
    rows = stored_rows(path)
    assert len(rows) == len(tracker.events)
    assert [r["text"] for r in rows if r["event"] == "user"] == ["hej", "[telefonnummer]"]
    assert "123 456" not in path.read_bytes().decode("utf-8", "replace")


def test_secrets_count_a_name_once_the_form_accepted_it() -> None:
    events = [UserUttered("jag heter Anna"), SlotSet("callback_name", "jag heter Anna"),
              ActionExecuted("callback_form"), SlotSet("requested_slot", "callback_phone"),
              SlotSet("callback_name", "Anna")]
    secrets = Secrets.from_events(events)
    assert secrets.names == {"Anna"}
    assert secrets.mask("jag heter Anna") == "[namn]"  # the whole answer
    assert secrets.mask("hälsa anna") == "hälsa [namn]"
    assert secrets.mask("jag heter inte så") == "jag heter inte så"


def test_other_slots_and_nested_strings_are_masked_not_dropped() -> None:
    secrets = Secrets()
    slot = mask_event_data({"event": "slot", "name": "callback_message", "value": "ring 0701740690"}, secrets)
    assert slot["value"] == "ring [telefonnummer]"
    offered = {"event": "slot", "name": "callback_offered", "value": [{"start": "2026-12-07T10:00:00+01:00"}]}
    assert mask_event_data(offered, secrets) == offered
    secrets.remember_identifiers("skriv till a@b.se")
    bot = mask_event_data({"event": "bot", "text": "a@b.se", "data": {"buttons": [{"title": "a@b.se"}]},
                           "timestamp": 1.0}, secrets)
    assert bot == {"event": "bot", "text": "[e-post]", "data": {"buttons": [{"title": "[e-post]"}]},
                   "timestamp": 1.0}


def test_the_bot_keeps_its_own_numbers_and_loses_the_relatives() -> None:
    events = [UserUttered("ring mig på 0701740690, jag bor på Storgatan 12"),
              ActionExecuted("callback_form"), SlotSet("callback_phone", "+46701740690")]
    secrets = Secrets.from_events(events)
    said = ("Vi ringer dig på 070-174 06 90. Ring socialjouren på 08-123 456 78 eller 112, "
            "eller kom till Kyrkvägen 2. Du bor på Storgatan 12. Personnummer 450312-1230?")
    assert secrets.mask_bot(said) == (
        "Vi ringer dig på [telefonnummer]. Ring socialjouren på 08-123 456 78 eller 112, "
        "eller kom till Kyrkvägen 2. Du bor på [adress]. Personnummer [personnummer]?"
    )
    user_event = {"event": "user", "text": "x", "message_id": "1234567890abcdef1234567890",
                  "parse_data": {"text": "x", "message_id": "1234567890abcdef1234567890"}}
    assert mask_event_data(user_event, secrets) == user_event
