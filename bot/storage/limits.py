"""Rate limits shared by every instance: counters in the database behind a small interface.

A limit counts *hits* of one key (a conversation, an address, a phone number, a
booking reference, an account and address) within a window. The first hit opens
the window; the count and its end are one row of ``rate_limits``
(:class:`~bot.storage.models.RateLimit`); a hit after the end starts a new window.

* **Counted and checked in one statement.** :func:`hit_in` is one upsert
  (``INSERT ... ON CONFLICT DO UPDATE``) inside the caller's transaction: on
  PostgreSQL the row stays locked until the commit, on SQLite the write
  transaction holds the database lock, so two requests can never both see the
  last free hit. Callers that must check before doing something costly (a
  password check, a case lookup) count the attempt *first* and undo it on
  success (:func:`reset_in`), so parallel guesses are counted before any is tried.
* **No values stored.** Keys are keyed hashes (:func:`limit_key`).
* **Replaceable.** Web handlers use the :class:`RateLimiter` protocol, implemented
  here by :class:`DatabaseLimiter`; a Redis backend (``INCR`` and ``EXPIRE`` per key)
  could take its place without touching the callers. Work that must count inside
  its own transaction (a booking, a sign-in) calls :func:`hit_in` directly.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import bindparam, case, delete, select
from sqlalchemy.orm import Session

from bot.storage.engine import SessionFactory
from bot.storage.models import RateLimit, UTCDateTime
from bot.storage.unit_of_work import run_read, run_write


@dataclass(frozen=True)
class LimitResult:
    """One hit counted: whether it is within the limit, the count, and when the window ends."""

    allowed: bool
    count: int
    retry_after: int  # whole seconds until the window ends (at least 1)


def limit_key(secret: bytes | str, *parts: str) -> str:
    """A keyed hash of what a limit counts, so the table never holds an address or a number."""
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    message = "\x1f".join(parts).encode("utf-8")
    return hmac.new(key or b"anhoriglotsen-limits", message, hashlib.sha256).hexdigest()


def _seconds(end: datetime, now: datetime) -> int:
    return max(1, math.ceil((end - now).total_seconds()))


def _upsert(session: Session, scope: str, key: str, window: timedelta, now: datetime,
            cost: int) -> Any:
    table = RateLimit.__table__
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the application runs on SQLite and PostgreSQL only
        raise NotImplementedError(f"rate limits need SQLite or PostgreSQL, not {dialect}")
    ends = bindparam("ends", now + window, type_=UTCDateTime)
    over = table.c.expires_at <= bindparam("now", now, type_=UTCDateTime)
    statement = insert(table).values(scope=scope, key=key, count=cost, expires_at=ends)
    return statement.on_conflict_do_update(
        index_elements=[table.c.scope, table.c.key],
        set_={
            "count": case((over, cost), else_=table.c.count + cost),
            "expires_at": case((over, ends), else_=table.c.expires_at),
        },
    )


def hit_in(
    session: Session, scope: str, key: str, *, limit: int, window: timedelta, now: datetime,
    cost: int = 1,
) -> LimitResult:
    """Count one hit of ``key`` inside the caller's transaction; allowed while at most ``limit``.

    Refused hits count too (the window does not grow), so hammering does not help.
    """
    session.execute(_upsert(session, scope, key, window, now, cost))
    row = session.execute(
        select(RateLimit.count, RateLimit.expires_at).where(
            RateLimit.scope == scope, RateLimit.key == key)
    ).one()
    return LimitResult(row.count <= limit, row.count, _seconds(row.expires_at, now))


def count_in(session: Session, scope: str, key: str, *, now: datetime) -> int:
    """Hits of ``key`` in its current window (0 when none or the window has ended)."""
    row = session.execute(
        select(RateLimit.count, RateLimit.expires_at).where(
            RateLimit.scope == scope, RateLimit.key == key)
    ).one_or_none()
    if row is None or row.expires_at <= now:
        return 0
    return int(row.count)


def reset_in(session: Session, scope: str, key: str) -> None:
    """Forget the hits of ``key`` (a correct password, a case found)."""
    session.execute(delete(RateLimit).where(RateLimit.scope == scope, RateLimit.key == key))


def prune_in(session: Session, now: datetime) -> None:
    """Drop the counters whose window has ended."""
    session.execute(delete(RateLimit).where(RateLimit.expires_at <= now))


class RateLimiter(Protocol):
    """What the web layer needs from a rate-limit store (the database here; Redis could do)."""

    def hit(self, scope: str, key: str, *, limit: int, window: timedelta,
            now: datetime) -> LimitResult:
        """Count one hit and say whether it is within ``limit``."""

    def count(self, scope: str, key: str, *, now: datetime) -> int:
        """Hits in the current window."""

    def reset(self, scope: str, key: str) -> None:
        """Forget the hits of ``key``."""


class DatabaseLimiter:
    """:class:`RateLimiter` on the application's database (shared by every instance)."""

    def __init__(self, session_factory: SessionFactory) -> None:
        self.session_factory = session_factory

    def hit(self, scope: str, key: str, *, limit: int, window: timedelta,
            now: datetime) -> LimitResult:
        """One transaction: prune ended windows, count the hit."""

        def work(session: Session) -> LimitResult:
            prune_in(session, now)
            return hit_in(session, scope, key, limit=limit, window=window, now=now)

        return run_write(self.session_factory, "counting a rate limit", work)

    def count(self, scope: str, key: str, *, now: datetime) -> int:
        """Hits of ``key`` in its current window."""
        return run_read(self.session_factory, "reading a rate limit",
                        lambda session: count_in(session, scope, key, now=now))

    def reset(self, scope: str, key: str) -> None:
        """Forget the hits of ``key``."""
        run_write(self.session_factory, "resetting a rate limit",
                  lambda session: reset_in(session, scope, key))
