"""When the tracker store fails, Rasa's log line names the conversation and the error, never its text.

Rasa wraps its tracker store in ``FailSafeTrackerStore``: a failed save is logged and
the conversation is kept in memory, a failed read is logged and the conversation
starts empty. Rasa's line ends with the error itself, and the text of a database
error (SQLAlchemy's ``StatementError``) holds the statement's parameters: the sender
id and the event JSON, that is what the relative wrote, with the slots set on the way.
The log masking (:mod:`bot.privacy.logs`) hides identifiers, not what a message says.

:func:`install` replaces those lines with one that names only

* the store's class,
* a 12-character SHA-256 of the sender id (the action server's log uses the same, so
  one conversation can be followed through both), never the id,
* for a save, how many events of each type the conversation holds (``user 2, bot 3``),
* the error's type and, for a database error, the driver's error type and code
  (``sqlite3.OperationalError SQLITE_BUSY``, a PostgreSQL SQLSTATE), never its text.

What Rasa does after a failure (the in-memory fallback, the ``on_tracker_store_error``
callback when one is given) is unchanged. Each replaced method keeps Rasa's own as
``__wrapped__``.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections import Counter
from typing import Any, Iterable, Optional

logger = logging.getLogger("rasa.core.tracker_store")

SENDER_HASH_CHARS = 12
UNKNOWN = "-"
_PATCHED_FLAG = "_anhoriglotsen_store_errors"


def sender_hash(sender_id: Optional[str]) -> str:
    """A short, stable stand-in for a sender id in the log."""
    if not sender_id:
        return UNKNOWN
    return hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:SENDER_HASH_CHARS]


def event_types(events: Iterable[Any]) -> str:
    """``user 2, bot 3, ...``: how many events of each type, by type name; ``none`` when empty."""
    counts = Counter(str(getattr(event, "type_name", UNKNOWN)) for event in events)
    return ", ".join(f"{name} {count}" for name, count in sorted(counts.items())) or "none"


def describe_error(error: BaseException) -> str:
    """The error's type; for a database error also the driver's error type and code.

    Never the error's text: a database error's text holds the statement's parameters.
    """
    described = type(error).__name__
    original = getattr(error, "orig", None)
    if not isinstance(original, BaseException):
        return described
    kind = type(original)
    driver = f"{kind.__module__}.{kind.__qualname__}"
    code = getattr(original, "sqlite_errorname", None) or getattr(original, "pgcode", None)
    return f"{described} ({driver} {code})" if isinstance(code, str) and code else f"{described} ({driver})"


def save_failed(store: Any, tracker: Any, error: BaseException) -> None:
    """Log a failed save: the store, the sender's hash, the event types, the error's type."""
    logger.error(
        "tracker store %s could not save conversation %s (events: %s); it is kept in memory "
        "only: %s",
        type(store).__name__, sender_hash(getattr(tracker, "sender_id", None)),
        event_types(getattr(tracker, "events", ())), describe_error(error),
    )


def read_failed(store: Any, sender_id: Optional[str], error: BaseException) -> None:
    """Log a failed read: the store, the sender's hash, the error's type."""
    logger.error(
        "tracker store %s could not read conversation %s; it starts empty: %s",
        type(store).__name__, sender_hash(sender_id), describe_error(error),
    )


def install() -> None:
    """Patch ``FailSafeTrackerStore`` to log failures without their data (idempotent)."""
    from rasa.core.tracker_store import FailSafeTrackerStore

    if getattr(FailSafeTrackerStore, _PATCHED_FLAG, False):
        return

    @functools.wraps(FailSafeTrackerStore.save)
    async def save(self: Any, tracker: Any) -> None:
        try:
            await self._tracker_store.save(tracker)
        except Exception as error:  # noqa: BLE001 - Rasa's own contract: fall back, never fail
            if self._on_tracker_store_error:
                self._on_tracker_store_error(error)
            else:
                save_failed(self._tracker_store, tracker, error)
            await self.fallback_tracker_store.save(tracker)

    def reading(method_name: str) -> Any:
        original = getattr(FailSafeTrackerStore, method_name)

        @functools.wraps(original)
        async def read(self: Any, sender_id: str, *args: Any, **kwargs: Any) -> Any:
            try:
                return await getattr(self._tracker_store, method_name)(sender_id, *args, **kwargs)
            except Exception as error:  # noqa: BLE001 - as Rasa: the conversation starts empty
                if self._on_tracker_store_error:
                    self._on_tracker_store_error(error)
                else:
                    read_failed(self._tracker_store, sender_id, error)
                return None

        return read

    @functools.wraps(FailSafeTrackerStore.on_tracker_store_error)
    def on_tracker_store_error(self: Any, error: Exception) -> None:
        # What still calls it (``keys``): the store and the error's type only.
        if self._on_tracker_store_error:
            self._on_tracker_store_error(error)
        else:
            logger.error("tracker store %s failed: %s", type(self._tracker_store).__name__,
                         describe_error(error))

    @functools.wraps(FailSafeTrackerStore.on_tracker_store_retrieve_error)
    def on_tracker_store_retrieve_error(self: Any, error: Exception) -> None:
        if self._on_tracker_store_error:
            self._on_tracker_store_error(error)
        else:
            read_failed(self._tracker_store, None, error)

    FailSafeTrackerStore.save = save  # type: ignore[method-assign]
    FailSafeTrackerStore.retrieve = reading("retrieve")  # type: ignore[method-assign]
    FailSafeTrackerStore.retrieve_full_tracker = reading(  # type: ignore[method-assign]
        "retrieve_full_tracker")
    FailSafeTrackerStore.on_tracker_store_error = on_tracker_store_error  # type: ignore[method-assign]
    FailSafeTrackerStore.on_tracker_store_retrieve_error = (  # type: ignore[method-assign]
        on_tracker_store_retrieve_error)
    setattr(FailSafeTrackerStore, _PATCHED_FLAG, True)
