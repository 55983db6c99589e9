"""The unit of work: one transaction around a piece of work, with retries and one failure.

Every service module (callback bookings, escalation, retention, staff
accounts, casework, the audit log, follow-up figures) reaches the database
through :func:`run_write` or :func:`run_read`, so the rules are the same
everywhere:

* **Committed or nothing.** :func:`run_write` returns only after the commit.
* **Conflicts are retried.** Unique-index conflicts, stale versions,
  serialization failures, deadlocks and SQLite "database is locked" are tried
  again (lock failures a few times only).
* **One failure.** Anything else from the database becomes
  :class:`StorageUnavailable`, so callers can say honestly that nothing was
  stored (or read) and offer another way.
* **Logs carry what was being done**, never the data.
"""

from __future__ import annotations

import logging
from typing import Callable, Optional, TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot.storage.engine import SessionFactory, read_session, write_session

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 25
MAX_LOCK_RETRIES = 3

T = TypeVar("T")


class StorageUnavailable(Exception):
    """The database could not be reached or did not commit; nothing can be promised."""


def _is_retryable(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "pgcode", None)
    if code in ("40001", "40P01", "55P03"):  # serialization failure, deadlock, lock not available
        return True
    text = str(exc.orig).lower()
    return "database is locked" in text or "database table is locked" in text


def _is_unique_violation(exc: IntegrityError) -> bool:
    if getattr(exc.orig, "pgcode", None) == "23505":
        return True
    return "unique constraint failed" in str(exc.orig).lower()


def run_write(session_factory: SessionFactory, what: str, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one writing transaction, retrying conflicts; commit before returning.

    Retried: unique-index conflicts (another booker took the seat, or a reference
    collided), stale versions, serialization failures, deadlocks and SQLite
    "database is locked" after its busy timeout (a few times only). Anything
    else from the database becomes :class:`StorageUnavailable`.
    """
    lock_failures = 0
    last: Optional[Exception] = None
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with write_session(session_factory) as session:
                result = work(session)
            return result
        except IntegrityError as exc:
            if not _is_unique_violation(exc):
                logger.error("%s violated a constraint: %s", what, type(exc.orig).__name__)
                raise StorageUnavailable(f"{what} violated a database constraint") from exc
            logger.debug("%s: unique conflict on attempt %d", what, attempt)
            last = exc
        except StaleDataError as exc:
            logger.debug("%s: stale version on attempt %d", what, attempt)
            last = exc
        except DBAPIError as exc:
            lock_failures += 1
            if not _is_retryable(exc) or lock_failures > MAX_LOCK_RETRIES:
                logger.error("%s failed in storage: %s", what, type(exc.orig).__name__)
                raise StorageUnavailable(f"{what} failed in storage") from exc
            logger.debug("%s: lock or serialization failure on attempt %d", what, attempt)
            last = exc
        except SQLAlchemyError as exc:
            logger.error("%s failed in storage: %s", what, type(exc).__name__)
            raise StorageUnavailable(f"{what} failed in storage") from exc
    logger.error("%s gave up after %d attempts", what, MAX_ATTEMPTS)
    raise StorageUnavailable(f"{what} kept conflicting") from last


def run_read(session_factory: SessionFactory, what: str, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one read-only transaction; storage failures become :class:`StorageUnavailable`."""
    try:
        with read_session(session_factory) as session:
            return work(session)
    except SQLAlchemyError as exc:
        logger.error("%s failed in storage: %s", what, type(exc).__name__)
        raise StorageUnavailable(f"{what} failed in storage") from exc
