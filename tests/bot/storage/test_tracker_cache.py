"""The conversation cache in front of Rasa's SQL tracker store: same trackers, database stays the truth."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Iterator

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_patches import tracker_cache
from bot.rasa_patches.tracker_cache import TrackerCache

DOMAIN = Domain.from_dict(
    {
        "intents": ["greet"],
        "slots": {"relation": {"type": "text", "mappings": [{"type": "from_entity", "entity": "relation"}]}},
        "entities": ["relation"],
    }
)


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


@pytest.fixture()
def cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[TrackerCache]:
    """Install the patch for one test, then restore Rasa's own methods."""
    monkeypatch.setattr(SQLTrackerStore, "_retrieve", SQLTrackerStore._retrieve)
    monkeypatch.setattr(SQLTrackerStore, "save", SQLTrackerStore.save)
    monkeypatch.delattr(SQLTrackerStore, tracker_cache._PATCHED_FLAG, raising=False)
    installed = tracker_cache.install(size=3)
    yield installed
    monkeypatch.delattr(SQLTrackerStore, tracker_cache._PATCHED_FLAG, raising=False)


def store(path: Path) -> SQLTrackerStore:
    return SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(path))


def turn(tracker: DialogueStateTracker, text: str, relation: str | None = None) -> None:
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}, []))
    if relation:
        tracker.update(SlotSet("relation", relation))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(BotUttered(f"svar på {text}"))
    tracker.update(ActionExecuted("action_listen"))


def new_tracker(sender: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    return tracker


def dump(tracker: DialogueStateTracker | None) -> Any:
    assert tracker is not None
    return tracker.current_state()


def test_a_remembered_conversation_is_the_same_as_one_read_from_the_database(
    cache: TrackerCache, tmp_path: Path
) -> None:
    db = store(tmp_path / "t.db")
    tracker = new_tracker("a")
    turn(tracker, "hej", "parent")
    run(db.save(tracker))
    cached = run(db.retrieve("a"))
    assert cache.hits == 1
    cache.forget(tracker_cache._name(db, "a"))
    fresh = run(db.retrieve("a"))
    assert dump(cached) == dump(fresh)
    assert cached.get_slot("relation") == "parent"


def test_the_session_kept_is_what_rasa_reads(cache: TrackerCache, tmp_path: Path) -> None:
    db = store(tmp_path / "t.db")
    tracker = new_tracker("a")
    turn(tracker, "hej", "parent")
    run(db.save(tracker))
    cache.forget(tracker_cache._name(db, "a"))
    from_database = run(db.retrieve("a"))
    assert tracker_cache.current_session(tuple(tracker.events)) == tuple(from_database.events)
    assert tracker_cache.current_session(()) == ()


def test_what_another_process_wrote_is_read_from_the_database(cache: TrackerCache, tmp_path: Path) -> None:
    ours, theirs = store(tmp_path / "t.db"), store(tmp_path / "t.db")
    tracker = new_tracker("a")
    turn(tracker, "hej")
    run(ours.save(tracker))
    assert len(cache) == 1  # what we remember of "a"
    # Another Rasa instance (same database, its own memory) continues the conversation.
    other = run(theirs.retrieve("a"))
    turn(other, "min syster", "sibling")
    run(SQLTrackerStore.save.__wrapped__(theirs, other))  # type: ignore[attr-defined]
    seen = run(ours.retrieve("a"))
    assert cache.misses == 1
    assert seen.get_slot("relation") == "sibling"
    assert [e.text for e in seen.events if isinstance(e, UserUttered)] == ["hej", "min syster"]


def test_deleted_conversations_are_not_brought_back(cache: TrackerCache, tmp_path: Path) -> None:
    db = store(tmp_path / "t.db")
    tracker = new_tracker("a")
    turn(tracker, "hej", "parent")
    run(db.save(tracker))
    with db.session_scope() as session:
        session.query(db.SQLEvent).filter(db.SQLEvent.sender_id == "a").delete()
        session.commit()
    assert run(db.retrieve("a")) is None


def test_only_the_current_session_is_remembered(cache: TrackerCache, tmp_path: Path) -> None:
    db = store(tmp_path / "t.db")
    tracker = new_tracker("a")
    turn(tracker, "hej", "parent")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    turn(tracker, "hej igen")
    run(db.save(tracker))
    remembered = run(db.retrieve("a"))
    assert cache.hits == 1
    assert [e.text for e in remembered.events if isinstance(e, UserUttered)] == ["hej igen"]
    cache.forget(tracker_cache._name(db, "a"))
    again = run(db.retrieve("a"))
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["hej igen"]


def test_the_full_history_is_always_read_from_the_database(cache: TrackerCache, tmp_path: Path) -> None:
    db = store(tmp_path / "t.db")
    tracker = new_tracker("a")
    turn(tracker, "hej")
    run(db.save(tracker))
    full = run(db.retrieve_full_tracker("a"))
    assert cache.hits == 0
    assert dump(full)["events"] == dump(tracker)["events"]


def test_conversations_in_different_databases_are_kept_apart(cache: TrackerCache, tmp_path: Path) -> None:
    first, second = store(tmp_path / "one.db"), store(tmp_path / "two.db")
    for db, text in ((first, "hej"), (second, "tjena")):
        tracker = new_tracker("a")
        turn(tracker, text)
        run(db.save(tracker))
    assert len(cache) == 2
    for db, text in ((first, "hej"), (second, "tjena")):
        seen = run(db.retrieve("a"))
        assert [e.text for e in seen.events if isinstance(e, UserUttered)] == [text]
    assert cache.hits == 2


def test_the_cache_is_bounded_and_forgets_the_oldest(cache: TrackerCache) -> None:
    for sender in "abcd":
        cache.put(sender, (1, 1), ())
    assert len(cache) == 3
    assert cache.get("a", (1, 1)) is None
    assert cache.get("d", (1, 1)) == ()


def test_a_stale_key_misses_and_forgets() -> None:
    cache = TrackerCache(2)
    cache.put("a", (3, 7), ("x",))
    assert cache.get("a", (4, 9)) is None
    assert cache.get("a", (3, 7)) is None  # forgotten after the mismatch


def test_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least one"):
        TrackerCache(0)


def test_install_is_idempotent(cache: TrackerCache) -> None:
    assert tracker_cache.install() is cache
