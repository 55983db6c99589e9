"""Deleting one conversation from Rasa's SQL tracker store: its rows go, the others stay."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Iterator

import pytest
from rasa.core.tracker_store import SQLTrackerStore

from bot.rasa_patches import tracker_cache
from bot.storage.tracker_store import TrackerStoreUnavailable, delete_conversation
from tests.bot.storage.test_tracker_cache import new_tracker, store, turn


def saved(path: Path, sender: str, turns: int = 2) -> None:
    """A conversation of ``sender`` saved by Rasa's own SQLTrackerStore."""
    tracker = new_tracker(sender)
    for n in range(turns):
        turn(tracker, f"meddelande {n}")
    asyncio.run(store(path).save(tracker))


def rows(path: Path, sender: str) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute(
            "SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0])


def test_the_senders_rows_are_deleted_and_the_others_stay(tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    saved(path, "web-a")
    saved(path, "web-b")
    before = rows(path, "web-a")
    assert before > 0
    assert delete_conversation(f"sqlite:///{path}", "web-a") == before
    assert rows(path, "web-a") == 0
    assert rows(path, "web-b") > 0
    assert asyncio.run(store(path).retrieve("web-a")) is None
    assert delete_conversation(f"sqlite:///{path}", "web-a") == 0


@pytest.fixture()
def cached(monkeypatch: pytest.MonkeyPatch) -> Iterator[tracker_cache.TrackerCache]:
    monkeypatch.setattr(SQLTrackerStore, "_retrieve", SQLTrackerStore._retrieve)
    monkeypatch.setattr(SQLTrackerStore, "save", SQLTrackerStore.save)
    monkeypatch.delattr(SQLTrackerStore, tracker_cache._PATCHED_FLAG, raising=False)
    yield tracker_cache.install(size=5)
    monkeypatch.delattr(SQLTrackerStore, tracker_cache._PATCHED_FLAG, raising=False)


def test_rasas_tracker_cache_does_not_bring_a_deleted_conversation_back(
    tmp_path: Path, cached: tracker_cache.TrackerCache,
) -> None:
    path = tmp_path / "tracker.db"
    saved(path, "web-a")  # remembered by the cache as it is saved
    assert asyncio.run(store(path).retrieve("web-a")) is not None
    assert cached.hits == 1
    delete_conversation(f"sqlite:///{path}", "web-a")
    assert asyncio.run(store(path).retrieve("web-a")) is None
    assert rows(path, "web-a") == 0


def test_a_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "none" / "tracker.db"
    assert delete_conversation(f"sqlite:///{path}", "web-a") == 0
    assert not path.exists() and not path.parent.exists()


def test_a_database_without_the_events_table_holds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    sqlite3.connect(path).close()
    assert delete_conversation(f"sqlite:///{path}", "web-a") == 0


def test_an_unreachable_store_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(TrackerStoreUnavailable):
        delete_conversation(f"sqlite:///{path}", "web-a")

