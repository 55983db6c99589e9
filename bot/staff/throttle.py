"""Sign-in throttling: failures counted per (account, address) pair and per address.

:mod:`bot.staff.accounts` sets the limits and calls :func:`open_attempt` before it
checks a password. That one transaction counts the attempt as a failure in both
counters (:func:`bot.storage.limits.hit_in`, one upsert each), records it in
``login_attempts`` and reads the account: so the check and the record cannot drift
apart, and parallel guesses are each counted before any password is tried. A
correct password then undoes the count (:func:`close_attempt`, in the transaction
that opens the session).

Counting per pair means a wrong password typed from one address never locks the
account for anyone signing in from another; the address limit stops one address from
guessing across many accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.storage.engine import SessionFactory
from bot.storage.limits import hit_in, limit_key, prune_in, reset_in
from bot.storage.models import LoginAttempt, RateLimit, StaffUser
from bot.storage.unit_of_work import run_write

SCOPE_PAIR = "signin_pair"
SCOPE_ADDRESS = "signin_address"


@dataclass(frozen=True)
class Limits:
    """How many failures, over which window, before the pair or the address is refused."""

    window: timedelta
    pair_max_failures: int
    address_max_failures: int
    keep: timedelta  # how long login_attempts rows are kept


@dataclass(frozen=True)
class SignInState:
    """What a sign-in needs before the password check: the account (if any) and the lock."""

    user_id: Optional[int]
    password_hash: Optional[str]
    active: bool
    locked: bool
    attempt_id: int


def pair_key(username: str, ip: str) -> str:
    """The counter key of one account signing in from one address."""
    return limit_key(b"", "signin", username, ip)


def address_key(ip: str) -> str:
    """The counter key of one address."""
    return limit_key(b"", "signin-address", ip)


def open_attempt(
    session_factory: SessionFactory, username: str, ip: str, municipality: str, now: datetime,
    limits: Limits,
) -> SignInState:
    """Count and record the attempt (as a failure until proven otherwise), in one transaction."""

    def work(session: Session) -> SignInState:
        prune_in(session, now)
        session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - limits.keep))
        pair = hit_in(session, SCOPE_PAIR, pair_key(username, ip),
                      limit=limits.pair_max_failures, window=limits.window, now=now)
        address = hit_in(session, SCOPE_ADDRESS, address_key(ip),
                         limit=limits.address_max_failures, window=limits.window, now=now)
        attempt = LoginAttempt(at=now, username=username, ip=ip, success=False)
        session.add(attempt)
        session.flush()
        user = session.execute(
            select(StaffUser).where(
                StaffUser.username == username, StaffUser.municipality == municipality
            )
        ).scalar_one_or_none()
        locked = not pair.allowed or not address.allowed
        if user is None:
            return SignInState(None, None, False, locked, attempt.id)
        return SignInState(user.id, user.password_hash, user.active, locked, attempt.id)

    return run_write(session_factory, "counting a sign-in attempt", work)


def close_attempt(session: Session, state: SignInState, username: str, ip: str) -> None:
    """The password was right: inside the caller's transaction, mark the attempt a success,
    forget the pair's failures and take the attempt off the address's count."""
    session.execute(
        update(LoginAttempt).where(LoginAttempt.id == state.attempt_id).values(success=True)
    )
    reset_in(session, SCOPE_PAIR, pair_key(username, ip))
    session.execute(
        update(RateLimit)
        .where(RateLimit.scope == SCOPE_ADDRESS, RateLimit.key == address_key(ip),
               RateLimit.count > 0)
        .values(count=RateLimit.count - 1)
    )
