"""Remember recently saved conversations in Rasa's SQL tracker store, checked against the database.

Rasa 3.6's ``SQLTrackerStore`` rebuilds a conversation from the database on every
message: it reads every row of the current session, parses each row's JSON and
turns it into an event object. That cost grows with the conversation (about a
fifth of Rasa's CPU per reply at 100 messages in our profile). This module keeps
the event objects of the last saved state of each recent conversation in memory
and reuses them when the database still holds exactly those events.

The database stays the source of truth, so several Rasa processes can share it
(the multi-instance setup): before reusing remembered events, one indexed query
reads the number of stored events of the conversation and the highest row id.
If another process has written to the conversation since (the id changed), or
rows were deleted (retention, a cancelled booking), the conversation is read from
the database as before. Only the current session is remembered, picked out of the
saved tracker with the same timestamp rule Rasa's query uses.

The remembered events are the live ones, before the masking of
:mod:`bot.rasa_patches.masked_store`: the next turn of a running booking form still
has the name and phone number the database never gets. They stay in this process's
memory only, for at most :data:`DEFAULT_SIZE` conversations, and go with a deletion.

:func:`install` patches ``SQLTrackerStore`` and is called when the model loads
(:func:`bot.rasa_patches.speedups.install`), never at import time.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Optional, Tuple

_PATCHED_FLAG = "_anhoriglotsen_tracker_cache"
DEFAULT_SIZE = 500

# (number of stored events of the sender, highest row id)
StoredKey = Tuple[int, Optional[int]]


@dataclass(frozen=True)
class _Entry:
    key: StoredKey
    events: tuple[Any, ...]


class TrackerCache:
    """A bounded, thread-safe map from sender id to the events last saved for it."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        if size < 1:
            raise ValueError("the tracker cache needs room for at least one conversation")
        self.size = size
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, sender_id: str, key: StoredKey) -> Optional[tuple[Any, ...]]:
        """The remembered events if they were saved under ``key``; otherwise None (and forget them)."""
        with self._lock:
            entry = self._entries.get(sender_id)
            if entry is None or entry.key != key:
                self._entries.pop(sender_id, None)
                self.misses += 1
                return None
            self._entries.move_to_end(sender_id)
            self.hits += 1
            return entry.events

    def put(self, sender_id: str, key: StoredKey, events: tuple[Any, ...]) -> None:
        """Remember ``events`` as what the database holds under ``key``."""
        with self._lock:
            self._entries[sender_id] = _Entry(key, events)
            self._entries.move_to_end(sender_id)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def forget(self, sender_id: str) -> None:
        """Drop what is remembered for ``sender_id``."""
        with self._lock:
            self._entries.pop(sender_id, None)

    def __len__(self) -> int:
        return len(self._entries)


def stored_key(store: Any, session: Any, sender_id: str) -> StoredKey:
    """Number of stored events of the sender and the highest row id (one indexed query)."""
    import sqlalchemy as sa

    event = store.SQLEvent
    query = session.query(sa.func.count(event.id), sa.func.max(event.id))
    count, highest = query.filter(event.sender_id == sender_id).one()
    return int(count), highest


def current_session(events: tuple[Any, ...]) -> tuple[Any, ...]:
    """The events a current-session read returns: Rasa's own filter, applied in memory.

    Rasa keeps the stored events whose timestamp is at or after the latest
    ``SessionStarted``; with no session start, it keeps them all.
    """
    from rasa.shared.core.events import SessionStarted

    starts = [event.timestamp for event in events if isinstance(event, SessionStarted)]
    if not starts:
        return events
    latest = max(starts)
    return tuple(event for event in events if event.timestamp >= latest)


def _name(store: Any, sender_id: str) -> str:
    """The cache key of a conversation: its database and its sender id."""
    return f"{store.engine.url}\n{sender_id}"


def install(size: int = DEFAULT_SIZE) -> TrackerCache:
    """Patch ``SQLTrackerStore`` to use one shared cache (idempotent); returns the cache."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker

    existing = getattr(SQLTrackerStore, _PATCHED_FLAG, None)
    if isinstance(existing, TrackerCache):
        return existing
    cache = TrackerCache(size)
    original_retrieve = SQLTrackerStore._retrieve
    original_save = SQLTrackerStore.save

    @functools.wraps(original_retrieve)
    async def _retrieve(
        self: Any, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> Optional[DialogueStateTracker]:
        if fetch_events_from_all_sessions or not self.domain:
            return await original_retrieve(self, sender_id, fetch_events_from_all_sessions)
        with self.session_scope() as session:
            key = stored_key(self, session, sender_id)
        events = cache.get(_name(self, sender_id), key) if key[0] else None
        if events is None:
            return await original_retrieve(self, sender_id, fetch_events_from_all_sessions)
        return DialogueStateTracker.from_events(sender_id, list(events), self.domain.slots)

    @functools.wraps(original_save)
    async def save(self: Any, tracker: DialogueStateTracker) -> None:
        name = _name(self, tracker.sender_id)
        cache.forget(name)
        await original_save(self, tracker)  # raises if nothing was stored: then nothing is remembered
        with self.session_scope() as session:
            key = stored_key(self, session, tracker.sender_id)
        stored = current_session(tuple(tracker.events))
        if stored:
            cache.put(name, key, stored)

    SQLTrackerStore._retrieve = _retrieve  # type: ignore[method-assign]
    SQLTrackerStore.save = save  # type: ignore[method-assign]
    setattr(SQLTrackerStore, _PATCHED_FLAG, cache)
    return cache
