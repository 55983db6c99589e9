"""Deleting old conversations from Rasa's tracker store by their events' timestamps."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.storage.tracker_store import (
    DeletedConversations,
    TrackerStoreUnavailable,
    delete_conversations_before,
)
from tests.bot.storage.test_tracker_store import rows, saved

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def last_active(path: Path, sender: str, moment: datetime) -> None:
    """Move the conversation's events so that the newest one is at ``moment``."""
    with sqlite3.connect(path) as connection:
        newest = connection.execute(
            "SELECT max(timestamp) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]
        connection.execute("UPDATE events SET timestamp = timestamp - ? WHERE sender_id = ?",
                           (newest - moment.timestamp(), sender))


def test_only_conversations_idle_since_before_the_limit_go(tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    for sender in ("web-old", "web-recent", "web-boundary"):
        saved(path, sender)
    last_active(path, "web-old", NOW - timedelta(hours=30))
    last_active(path, "web-recent", NOW - timedelta(hours=2))
    last_active(path, "web-boundary", NOW - timedelta(hours=24))
    old_rows = rows(path, "web-old")
    deleted = delete_conversations_before(f"sqlite:///{path}", NOW - timedelta(hours=24))
    assert deleted == DeletedConversations(conversations=1, events=old_rows)
    assert rows(path, "web-old") == 0
    assert rows(path, "web-recent") > 0 and rows(path, "web-boundary") > 0
    # A second run finds nothing more.
    again = delete_conversations_before(f"sqlite:///{path}", NOW - timedelta(hours=24))
    assert again == DeletedConversations()


def test_a_conversation_with_a_recent_event_is_kept_whole(tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    saved(path, "web-long", turns=3)
    last_active(path, "web-long", NOW)
    with sqlite3.connect(path) as connection:  # its first events are a week old
        connection.execute("UPDATE events SET timestamp = ? WHERE id IN (SELECT min(id) FROM events)",
                           ((NOW - timedelta(days=7)).timestamp(),))
    before = rows(path, "web-long")
    assert delete_conversations_before(f"sqlite:///{path}", NOW - timedelta(hours=1)).conversations == 0
    assert rows(path, "web-long") == before


def test_no_file_no_table_nothing_to_delete(tmp_path: Path) -> None:
    assert delete_conversations_before(f"sqlite:///{tmp_path / 'none.db'}", NOW) == DeletedConversations()
    assert not (tmp_path / "none.db").exists()
    sqlite3.connect(tmp_path / "empty.db").close()
    assert delete_conversations_before(f"sqlite:///{tmp_path / 'empty.db'}", NOW) == DeletedConversations()


def test_naive_limits_and_broken_stores_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        delete_conversations_before(f"sqlite:///{tmp_path / 'x.db'}", datetime(2026, 12, 7))
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database at all" * 100)
    with pytest.raises(TrackerStoreUnavailable):
        delete_conversations_before(f"sqlite:///{broken}", NOW)
