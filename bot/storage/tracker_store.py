"""Deleting conversations from Rasa's SQL tracker store: one at once, or every old one.

Rasa 3.6 keeps every conversation in the ``events`` table of its SQL tracker store
(one row per event, column ``sender_id``) and has no endpoint that deletes one.
When a relative ends the chat ("Avsluta och radera", "Börja om"), the web app
deletes the rows of that sender id here, in the database ``endpoints.yml``
configures (``Settings.effective_tracker_store_url``).

Rasa does not write the conversation back:

* the tracker cache (:mod:`bot.rasa_patches.tracker_cache`) counts the stored rows
  of a sender before it reuses remembered events; with no rows it reads the
  (empty) database;
* the web app gives the browser a new visitor, hence a new sender id, in the same
  answer, so the old sender id never gets another message.

Only a message of the old conversation that Rasa is processing at the very moment
of deletion can be saved after it (Rasa then stores the events it holds).

Retention (:func:`delete_conversations_before`) deletes every conversation whose
newest event is older than a moment, by the events' own ``timestamp`` column
(Unix seconds), so an ongoing conversation is never cut in the middle.

A SQLite file that does not exist holds no conversation: it is not created.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.engine.url import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

logger = logging.getLogger(__name__)

EVENTS_TABLE = "events"
BUSY_TIMEOUT_SECONDS = 15


class TrackerStoreUnavailable(Exception):
    """Rasa's tracker store could not be reached: nothing was deleted."""


def _missing_sqlite_file(url: str) -> bool:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return False
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return False
    return not Path(database).expanduser().is_file()


@dataclass(frozen=True)
class DeletedConversations:
    """What a retention run deleted: how many conversations and how many events."""

    conversations: int = 0
    events: int = 0


@contextmanager
def _connection(url: str, what: str) -> Iterator[sa.Connection]:
    """A transaction on the tracker store; TrackerStoreUnavailable when it cannot be had."""
    kwargs: dict[str, object] = {"future": True, "poolclass": NullPool}
    if make_url(url).get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_SECONDS}
    try:
        engine = sa.create_engine(url, **kwargs)
    except (SQLAlchemyError, ImportError) as exc:
        logger.error("cannot open the tracker store: %s", type(exc).__name__)
        raise TrackerStoreUnavailable() from exc
    try:
        with engine.begin() as connection:
            yield connection
    except SQLAlchemyError as exc:
        logger.error("could not %s: %s", what, type(exc).__name__)
        raise TrackerStoreUnavailable() from exc
    finally:
        engine.dispose()


def delete_conversation(url: str, sender_id: str) -> int:
    """Delete every stored event of ``sender_id``; returns how many rows went.

    Raises :class:`TrackerStoreUnavailable` when the database cannot be reached
    or refuses the deletion.
    """
    if not sender_id:
        raise ValueError("a sender id is needed")
    if _missing_sqlite_file(url):
        return 0
    with _connection(url, "delete a conversation from the tracker store") as connection:
        if not sa.inspect(connection).has_table(EVENTS_TABLE):
            return 0
        events = sa.table(EVENTS_TABLE, sa.column("sender_id"))
        result = connection.execute(sa.delete(events).where(events.c.sender_id == sender_id))
        deleted = int(result.rowcount or 0)
    logger.info("deleted a conversation from the tracker store (%d events)", deleted)
    return deleted


def delete_conversations_before(url: str, before: datetime) -> DeletedConversations:
    """Delete every conversation whose newest event is older than ``before`` (timezone-aware).

    Raises :class:`TrackerStoreUnavailable` like :func:`delete_conversation`.
    """
    if before.tzinfo is None:
        raise ValueError("the retention limit needs a time zone")
    if _missing_sqlite_file(url):
        return DeletedConversations()
    with _connection(url, "delete old conversations from the tracker store") as connection:
        if not sa.inspect(connection).has_table(EVENTS_TABLE):
            return DeletedConversations()
        events = sa.table(EVENTS_TABLE, sa.column("sender_id"), sa.column("timestamp"))
        old = (
            sa.select(events.c.sender_id)
            .group_by(events.c.sender_id)
            .having(sa.func.max(events.c.timestamp) < before.timestamp())
        )
        senders = [row[0] for row in connection.execute(old)]
        deleted = 0
        for start in range(0, len(senders), 500):
            chunk = senders[start:start + 500]
            result = connection.execute(sa.delete(events).where(events.c.sender_id.in_(chunk)))
            deleted += int(result.rowcount or 0)
    if senders:
        logger.info("deleted %d old conversations from the tracker store (%d events)",
                    len(senders), deleted)
    return DeletedConversations(len(senders), deleted)
