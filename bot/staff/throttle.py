"""Sign-in throttling: failed attempts counted per account and per address.

:mod:`bot.staff.accounts` sets the limits (how many failures, over which
window) and asks here before it checks a password; every attempt is recorded
here too, and attempts older than the limits need are dropped. Attempts are counted by
id, not by time, so a fixed clock (``ANHORIG_NOW``) still counts them in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.storage.engine import SessionFactory
from bot.storage.models import LoginAttempt, StaffUser
from bot.storage.unit_of_work import run_read


@dataclass(frozen=True)
class SignInState:
    """What a sign-in needs before the password check: the account (if any) and the lock."""

    user_id: Optional[int]
    password_hash: Optional[str]
    active: bool
    locked: bool


def sign_in_state(
    session_factory: SessionFactory,
    username: str,
    ip: str,
    municipality: str,
    now: datetime,
    *,
    window: timedelta,
    account_max_failures: int,
    ip_max_failures: int,
) -> SignInState:
    """The account behind ``username`` and whether it or ``ip`` failed too often within ``window``.

    An account's failures count since its last successful sign-in only.
    """
    since = now - window

    def work(session: Session) -> SignInState:
        # Attempts are ordered by id, not time: a fixed clock (ANHORIG_NOW) gives equal times.
        last_success = session.execute(
            select(func.max(LoginAttempt.id)).where(
                LoginAttempt.username == username, LoginAttempt.success.is_(True)
            )
        ).scalar_one()
        account_failures = session.execute(
            select(func.count(LoginAttempt.id)).where(
                LoginAttempt.username == username,
                LoginAttempt.success.is_(False),
                LoginAttempt.at > since,
                LoginAttempt.id > (last_success or 0),
            )
        ).scalar_one()
        ip_failures = session.execute(
            select(func.count(LoginAttempt.id)).where(
                LoginAttempt.ip == ip, LoginAttempt.success.is_(False), LoginAttempt.at > since
            )
        ).scalar_one()
        user = session.execute(
            select(StaffUser).where(
                StaffUser.username == username, StaffUser.municipality == municipality
            )
        ).scalar_one_or_none()
        locked = account_failures >= account_max_failures or ip_failures >= ip_max_failures
        if user is None:
            return SignInState(None, None, False, locked)
        return SignInState(user.id, user.password_hash, user.active, locked)

    return run_read(session_factory, "checking sign-in attempts", work)


def record_attempt(
    session: Session, username: str, ip: str, success: bool, now: datetime, *, keep: timedelta
) -> None:
    """Record one sign-in attempt inside the caller's transaction; drop those older than ``keep``."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - keep))
    session.add(LoginAttempt(at=now, username=username, ip=ip, success=success))
