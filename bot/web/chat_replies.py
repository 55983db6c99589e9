"""The widget's stored answers, so that a message resent with the same key reaches Rasa once.

A message of the widget carries an idempotency key. :func:`claim` records the key
before the message goes to Rasa; the unique index on ``chat_replies.key_hash``
lets exactly one request hold a key, on SQLite (writers queue on ``BEGIN
IMMEDIATE``) and on PostgreSQL (the loser's insert fails and is retried, then
sees the winner's row). The winner stores the answer (:func:`finish`) or gives
the key back when Rasa did not answer (:func:`release`).

Rows hold keyed hashes only, plus the answer; they are deleted after
:data:`KEEP` and with the conversation (:func:`forget_visitor`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Optional

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.storage.engine import SessionFactory
from bot.storage.models import CHAT_REPLY_KEEP, ChatReply
from bot.storage.unit_of_work import run_write

KEEP = CHAT_REPLY_KEEP
# A key still pending after this long belongs to a request that stopped (a web process
# that ended while Rasa was thinking): the next request with the key takes it over.
PENDING_STALE = timedelta(seconds=60)


class ClaimState(enum.Enum):
    """What the caller does with a message after :func:`claim`."""

    NEW = "new"  # send it to Rasa, then finish() or release()
    DONE = "done"  # answered before: return the stored answer
    PENDING = "pending"  # another request with this key waits for Rasa
    KEY_REUSED = "key_reused"  # the key came before with another text


@dataclass(frozen=True)
class Claim:
    """The outcome of :func:`claim`: its state, and the stored answer when DONE."""

    state: ClaimState
    response: Optional[dict[str, Any]] = None


def claim(
    session_factory: SessionFactory, *, key_hash: str, visitor_hash: str, text_hash: str,
    now: datetime,
) -> Claim:
    """Record ``key_hash`` as pending unless it is known; purge rows older than :data:`KEEP`."""

    def work(session: Session) -> Claim:
        session.execute(delete(ChatReply).where(ChatReply.created_at < now - KEEP))
        row = session.execute(
            select(ChatReply).where(ChatReply.key_hash == key_hash)
        ).scalar_one_or_none()
        if row is None:
            session.add(ChatReply(key_hash=key_hash, visitor_hash=visitor_hash,
                                  text_hash=text_hash, response=None, created_at=now))
            session.flush()
            return Claim(ClaimState.NEW)
        if row.text_hash != text_hash:
            return Claim(ClaimState.KEY_REUSED)
        if row.response is not None:
            return Claim(ClaimState.DONE, dict(row.response))
        if row.created_at <= now - PENDING_STALE:
            row.created_at = now
            return Claim(ClaimState.NEW)
        return Claim(ClaimState.PENDING)

    return run_write(session_factory, "claim a widget message key", work)


def finish(session_factory: SessionFactory, key_hash: str, response: dict[str, Any]) -> None:
    """Store the answer of a claimed key."""

    def work(session: Session) -> None:
        row = session.execute(
            select(ChatReply).where(ChatReply.key_hash == key_hash)
        ).scalar_one_or_none()
        if row is not None:
            row.response = response

    run_write(session_factory, "store a widget answer", work)


def release(session_factory: SessionFactory, key_hash: str) -> None:
    """Give a claimed key back (Rasa did not answer): a retry is sent again."""

    def work(session: Session) -> None:
        session.execute(
            delete(ChatReply).where(ChatReply.key_hash == key_hash, ChatReply.response.is_(None))
        )

    run_write(session_factory, "release a widget message key", work)


def forget_visitor(session_factory: SessionFactory, visitor_hash: str) -> int:
    """Delete every stored answer of a visitor; returns how many went."""

    def work(session: Session) -> int:
        result = session.execute(delete(ChatReply).where(ChatReply.visitor_hash == visitor_hash))
        return int(result.rowcount or 0)

    return run_write(session_factory, "delete a visitor's widget answers", work)
