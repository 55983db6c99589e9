"""A failing tracker store is logged with the sender's hash, the event types and the error's type only."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path
from typing import Any, Iterator

import pytest
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_patches import store_errors
from bot.rasa_patches.store_errors import describe_error, event_types, sender_hash

MESSAGE = "min mamma har demens och jag orkar inte längre"
ANSWER = "Det låter tungt att bära det ensam"
SENDER = "c0ffee-sender-of-the-relative"
PATCHED = ("save", "retrieve", "retrieve_full_tracker", "on_tracker_store_error",
           "on_tracker_store_retrieve_error")


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def rasas_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rasa's own methods back for this test (another test may have installed every patch)."""
    for name in PATCHED:
        method = FailSafeTrackerStore.__dict__[name]
        monkeypatch.setattr(FailSafeTrackerStore, name, getattr(method, "__wrapped__", method))
    monkeypatch.delattr(FailSafeTrackerStore, store_errors._PATCHED_FLAG, raising=False)


@pytest.fixture()
def patched(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The patch installed for one test, Rasa's own methods restored after."""
    rasas_own(monkeypatch)
    store_errors.install()
    store_errors.install()  # idempotent
    yield
    monkeypatch.delattr(FailSafeTrackerStore, store_errors._PATCHED_FLAG, raising=False)


def conversation() -> DialogueStateTracker:
    tracker = DialogueStateTracker(SENDER, slots=[])
    # The message first: the first INSERT, whose parameters Rasa's line would show.
    tracker.update(UserUttered(MESSAGE, {"name": "share_situation", "confidence": 1.0}, [],
                               parse_data={"intent": {"name": "share_situation", "confidence": 1.0},
                                           "entities": [], "text": MESSAGE}))
    tracker.update(ActionExecuted("utter_share_situation"))
    tracker.update(BotUttered(ANSWER))
    return tracker


def broken_sql_store(tmp_path: Path) -> SQLTrackerStore:
    """A real SQL tracker store whose database refuses every new event, as a full disk would."""
    path = tmp_path / "tracker.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TRIGGER refuse BEFORE INSERT ON events "
                           "BEGIN SELECT RAISE(ABORT, 'refused'); END")
    return store


class RaisingStore(InMemoryTrackerStore):
    """A tracker store that fails with the conversation in its error, as a database error does."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        raise RuntimeError(f"cannot store {tracker.sender_id}: {MESSAGE}")

    async def retrieve(self, sender_id: str) -> None:
        raise RuntimeError(f"cannot read {sender_id}: {MESSAGE}")

    async def retrieve_full_tracker(self, sender_id: str) -> None:
        raise RuntimeError(f"cannot read {sender_id}: {MESSAGE}")


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(record.getMessage() for record in caplog.records)


def test_without_the_patch_rasa_logs_the_event_json(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # What the patch is for: Rasa's own line carries the statement's parameters.
    rasas_own(monkeypatch)
    store = FailSafeTrackerStore(broken_sql_store(tmp_path))
    with caplog.at_level(logging.ERROR, logger="rasa.core.tracker_store"):
        run(store.save(conversation()))
    text = logged(caplog)
    assert "min mamma har demens" in text and SENDER in text and '"event": "user"' in text


def test_a_failed_sql_save_logs_no_message_text(
    patched: None, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = FailSafeTrackerStore(broken_sql_store(tmp_path))
    tracker = conversation()
    with caplog.at_level(logging.INFO):
        run(store.save(tracker))
    text = logged(caplog)
    assert MESSAGE not in text and ANSWER not in text and SENDER not in text
    assert "demens" not in text and '"event"' not in text
    [line] = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert line == (
        f"tracker store SQLTrackerStore could not save conversation {sender_hash(SENDER)} "
        "(events: action 1, bot 1, user 1); it is kept in memory only: "
        "IntegrityError (sqlite3.IntegrityError SQLITE_CONSTRAINT_TRIGGER)"
    )
    # Rasa's fallback still holds the conversation.
    kept = run(store.fallback_tracker_store.retrieve(SENDER))
    assert kept is not None and kept.latest_message.text == MESSAGE


def test_a_failed_save_and_read_of_any_store_log_only_the_error_type(
    patched: None, caplog: pytest.LogCaptureFixture
) -> None:
    store = FailSafeTrackerStore(RaisingStore(Domain.empty()))
    with caplog.at_level(logging.INFO):
        run(store.save(conversation()))
        assert run(store.retrieve(SENDER)) is None
        assert run(store.retrieve_full_tracker(SENDER)) is None
    text = logged(caplog)
    assert MESSAGE not in text and SENDER not in text
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [
        f"tracker store RaisingStore could not save conversation {sender_hash(SENDER)} "
        "(events: action 1, bot 1, user 1); it is kept in memory only: RuntimeError",
        f"tracker store RaisingStore could not read conversation {sender_hash(SENDER)}; "
        "it starts empty: RuntimeError",
        f"tracker store RaisingStore could not read conversation {sender_hash(SENDER)}; "
        "it starts empty: RuntimeError",
    ]


def test_a_callback_given_to_rasa_still_gets_the_error(patched: None) -> None:
    errors: list[Exception] = []
    store = FailSafeTrackerStore(RaisingStore(Domain.empty()), on_tracker_store_error=errors.append)
    run(store.save(conversation()))
    assert len(errors) == 1 and isinstance(errors[0], RuntimeError)


def test_the_parts_of_the_line() -> None:
    assert sender_hash(None) == "-" and len(sender_hash("x")) == 12
    assert event_types([]) == "none"
    assert describe_error(ValueError(MESSAGE)) == "ValueError"


def test_the_rasa_entry_point_installs_the_patch(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.rasa_patches
    from bot.rasa_patches import masked_store, speedups

    rasas_own(monkeypatch)
    monkeypatch.setattr(speedups, "install", lambda: None)
    monkeypatch.setattr(masked_store, "install", lambda: None)
    bot.rasa_patches.install()
    assert getattr(FailSafeTrackerStore, store_errors._PATCHED_FLAG, False)
    assert FailSafeTrackerStore.__dict__["save"].__wrapped__ is not None
    monkeypatch.delattr(FailSafeTrackerStore, store_errors._PATCHED_FLAG, raising=False)
