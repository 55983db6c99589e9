"""Staff accounts, sign-in, server-side sessions and API tokens.

Security decisions, in one place:

* Passwords are hashed with argon2id (``argon2-cffi`` defaults) and re-hashed
  on sign-in when the parameters change. At least 12 characters, and not a
  common password or one with digits added (:mod:`bot.staff.passwords`).
* Sessions live in the database (several web instances can share them). The
  browser holds a random token; the table holds only its SHA-256, so a copy of
  the database does not let anyone sign in. Each session has its own CSRF
  token, an idle timeout and an absolute lifetime.
* API tokens are random 256-bit strings shown once; only their SHA-256 is
  stored. A token acts as its user, with the user's role, and stops working
  when the user is disabled, the token revoked or expired (90 days unless
  said otherwise, ``ANHORIG_API_TOKEN_DAYS``); a new password revokes every
  token of the account.
* Failed sign-ins are throttled per account and address (5 failures in 15
  minutes lock that pair for the rest of the window, so nobody can lock a
  colleague out from elsewhere) and per address (30 in 15 minutes); each
  attempt is counted and recorded in one transaction before the password is
  checked (:mod:`bot.staff.throttle`), the limits are set here. The
  answer to a locked, unknown or wrong sign-in is the same generic message,
  and unknown users cost an argon2 verification too, so that the response
  does not tell which usernames exist.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.staff.audit import Actor, record
from bot.staff.passwords import is_common
from bot.staff.throttle import Limits, close_attempt, open_attempt
from bot.storage.engine import SessionFactory
from bot.storage.models import ApiToken, StaffRole, StaffSession, StaffUser
from bot.storage.unit_of_work import run_read, run_write
from bot.texts.staff import account_error

logger = logging.getLogger(__name__)

ROLES = tuple(role.value for role in StaffRole)
PASSWORD_MIN_CHARS = 12
PASSWORD_MAX_CHARS = 256
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# Names the case history uses for non-staff actors; an account may not take them.
RESERVED_USERNAMES = frozenset({"relative", "escalation", "retention", "system", "cli", "api"})

ACCOUNT_MAX_FAILURES = 5
IP_MAX_FAILURES = 30
THROTTLE_WINDOW = timedelta(minutes=15)
ATTEMPT_RETENTION = timedelta(days=1)
SIGN_IN_LIMITS = Limits(THROTTLE_WINDOW, ACCOUNT_MAX_FAILURES, IP_MAX_FAILURES, ATTEMPT_RETENTION)
TOKEN_LIFETIME = timedelta(days=90)
TOUCH_INTERVAL = timedelta(seconds=60)
TOKEN_PREFIX = "alt_"

_hasher: Optional[PasswordHasher] = None
# Verified against when the username is unknown, so both paths cost the same.
_dummy_hash: Optional[str] = None


def password_hasher() -> PasswordHasher:
    """The process's argon2 hasher (created on first use)."""
    global _hasher
    if _hasher is None:
        _hasher = PasswordHasher()
    return _hasher


def set_password_hasher(hasher: Optional[PasswordHasher]) -> None:
    """Use another hasher (tests use cheap parameters); None restores the default."""
    global _hasher, _dummy_hash
    _hasher = hasher
    _dummy_hash = None


def _dummy() -> str:
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = password_hasher().hash(secrets.token_hex(16))
    return _dummy_hash


def sha256_hex(value: str) -> str:
    """Hex SHA-256 of a token: what the database stores instead of the token."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- errors


class AccountError(ValueError):
    """An account change that cannot be made; ``message_sv`` says why in Swedish."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.message_sv = account_error(
            reason, password_min=PASSWORD_MIN_CHARS, password_max=PASSWORD_MAX_CHARS
        )
        super().__init__(self.message_sv)


class TokenExpired(Exception):
    """The bearer token is known but past its ``expires_at``: the API says so (401)."""


class SignInFailed(Exception):
    """Sign-in refused: ``reason`` is ``invalid`` or ``locked`` (the user sees one message)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


# ---------------------------------------------------------------- values


@dataclass(frozen=True)
class Principal:
    """A signed-in staff member (or the user behind an API token)."""

    user_id: int
    username: str
    role: str
    municipality: str
    contact_point_id: Optional[str]

    def actor(self, via: str) -> Actor:
        """This person as the actor of an audit entry."""
        return Actor(self.username, self.role, via)


@dataclass(frozen=True)
class SessionInfo:
    """A valid session: who it belongs to and the CSRF token its forms must carry."""

    principal: Principal
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class UserInfo:
    """An account as the admin page and ``user list`` show it."""

    username: str
    role: str
    municipality: str
    contact_point_id: Optional[str]
    active: bool
    created_at: datetime
    active_tokens: int


@dataclass(frozen=True)
class TokenInfo:
    """An API token without its secret."""

    id: int
    username: str
    prefix: str
    label: Optional[str]
    created_at: datetime
    last_used_at: Optional[datetime]
    revoked_at: Optional[datetime]
    expires_at: Optional[datetime] = None


def _principal(user: StaffUser) -> Principal:
    return Principal(user.id, user.username, user.role, user.municipality, user.contact_point_id)


# ---------------------------------------------------------------- validation


def normalise_username(username: str) -> str:
    """Usernames are case-insensitive: stored and compared in lower case."""
    return (username or "").strip().lower()


def check_username(username: str) -> str:
    """A valid, unreserved username (normalised), or :class:`AccountError`."""
    name = normalise_username(username)
    if not USERNAME_RE.match(name):
        raise AccountError("username_invalid")
    if name in RESERVED_USERNAMES:
        raise AccountError("username_reserved")
    return name


def check_password_strength(password: str, username: str = "") -> None:
    """At least 12 characters, not the username, not one repeated character, not common."""
    if len(password) < PASSWORD_MIN_CHARS:
        raise AccountError("password_too_short")
    if len(password) > PASSWORD_MAX_CHARS:
        raise AccountError("password_too_long")
    name = normalise_username(username)
    if len(set(password)) < 3 or (len(name) >= 3 and name in password.lower()):
        raise AccountError("password_weak")
    if is_common(password):
        raise AccountError("password_common")


def check_role(role: str, contact_point_id: Optional[str], known_contact_points: set[str]) -> None:
    """The role exists; a contact has a contact point; a given contact point exists."""
    if role not in ROLES:
        raise AccountError("role_invalid")
    if role == StaffRole.CONTACT.value and not contact_point_id:
        raise AccountError("contact_point_required")
    if contact_point_id and contact_point_id not in known_contact_points:
        raise AccountError("contact_point_unknown")


# ---------------------------------------------------------------- accounts


def create_user(
    session_factory: SessionFactory,
    *,
    username: str,
    password: str,
    role: str,
    municipality: str,
    contact_point_id: Optional[str],
    known_contact_points: set[str],
    actor: Actor,
    now: datetime,
) -> UserInfo:
    """Create an account after checking name, role, contact point and password."""
    name = check_username(username)
    check_role(role, contact_point_id, known_contact_points)
    check_password_strength(password, name)
    password_hash = password_hasher().hash(password)

    def work(session: Session) -> UserInfo:
        exists = session.execute(
            select(StaffUser.id).where(StaffUser.username == name)
        ).first()
        if exists is not None:
            raise AccountError("username_taken")
        user = StaffUser(
            username=name,
            password_hash=password_hash,
            role=role,
            municipality=municipality,
            contact_point_id=contact_point_id or None,
            active=True,
            created_at=now,
            updated_at=now,
            password_changed_at=now,
        )
        session.add(user)
        record(
            session, actor, "user.created", municipality, now, target=name,
            role=role, contact_point_id=contact_point_id,
        )
        session.flush()
        return UserInfo(name, role, municipality, user.contact_point_id, True, now, 0)

    info = run_write(session_factory, "creating an account", work)
    logger.info("account %s created with role %s", info.username, info.role)
    return info


def list_users(session_factory: SessionFactory, municipality: str) -> list[UserInfo]:
    """Every account of the municipality, by username."""

    def work(session: Session) -> list[UserInfo]:
        tokens = dict(
            session.execute(
                select(ApiToken.user_id, func.count(ApiToken.id))
                .where(ApiToken.revoked_at.is_(None))
                .group_by(ApiToken.user_id)
            ).all()
        )
        users = session.execute(
            select(StaffUser)
            .where(StaffUser.municipality == municipality)
            .order_by(StaffUser.username)
        ).scalars()
        return [
            UserInfo(
                u.username, u.role, u.municipality, u.contact_point_id, u.active, u.created_at,
                int(tokens.get(u.id, 0)),
            )
            for u in users
        ]

    return run_read(session_factory, "listing accounts", work)


def _user(session: Session, username: str, municipality: str, lock: bool = False) -> StaffUser:
    query = select(StaffUser).where(
        StaffUser.username == normalise_username(username), StaffUser.municipality == municipality
    )
    user = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if user is None:
        raise AccountError("user_unknown")
    return user


def set_user_active(
    session_factory: SessionFactory,
    username: str,
    active: bool,
    *,
    municipality: str,
    actor: Actor,
    now: datetime,
) -> None:
    """Disable (sessions end at once, tokens stop working) or enable an account."""

    def work(session: Session) -> None:
        user = _user(session, username, municipality, lock=True)
        if not active and user.role == StaffRole.ADMIN.value and user.active:
            others = session.execute(
                select(func.count(StaffUser.id)).where(
                    StaffUser.municipality == municipality,
                    StaffUser.role == StaffRole.ADMIN.value,
                    StaffUser.active.is_(True),
                    StaffUser.id != user.id,
                )
            ).scalar_one()
            if others == 0:
                raise AccountError("last_admin")
        if user.active == active:
            return
        user.active = active
        user.updated_at = now
        if not active:
            session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
        record(
            session, actor, "user.enabled" if active else "user.disabled", municipality, now,
            target=user.username,
        )

    run_write(session_factory, "changing an account", work)


def set_password(
    session_factory: SessionFactory,
    username: str,
    password: str,
    *,
    municipality: str,
    actor: Actor,
    now: datetime,
) -> None:
    """Give an account a new password; every session of the account ends and its API
    tokens are revoked (whoever knew the old password may have made one)."""
    check_password_strength(password, username)
    password_hash = password_hasher().hash(password)

    def work(session: Session) -> None:
        user = _user(session, username, municipality, lock=True)
        user.password_hash = password_hash
        user.password_changed_at = now
        user.updated_at = now
        session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
        revoked = session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=now)
        ).rowcount
        record(session, actor, "user.password_set", municipality, now, target=user.username,
               tokens_revoked=int(revoked or 0))

    run_write(session_factory, "setting a password", work)


# ---------------------------------------------------------------- sign-in


def sign_in(
    session_factory: SessionFactory,
    username: str,
    password: str,
    *,
    ip: str,
    municipality: str,
    now: datetime,
    max_age: timedelta,
) -> tuple[str, SessionInfo]:
    """Check the password and open a session: returns the cookie token and the session.

    Raises :class:`SignInFailed` (``locked`` or ``invalid``); every attempt is
    recorded for throttling, and successful ones in the audit log.
    """
    name = normalise_username(username)[:64]
    ip = (ip or "unknown")[:64]
    state = open_attempt(session_factory, name, ip, municipality, now, SIGN_IN_LIMITS)
    if state.locked:
        logger.warning("sign-in refused: too many failures for the account here, or the address")
        raise SignInFailed("locked")
    hasher = password_hasher()
    try:
        ok: bool = hasher.verify(state.password_hash or _dummy(), password)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or state.user_id is None or not state.active:
        raise SignInFailed("invalid")
    new_hash: Optional[str] = None
    if state.password_hash and hasher.check_needs_rehash(state.password_hash):
        new_hash = hasher.hash(password)
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)

    def work(session: Session) -> Optional[SessionInfo]:
        user = session.get(StaffUser, state.user_id)
        if user is None or not user.active:
            return None
        close_attempt(session, state, name, ip)
        if new_hash:
            user.password_hash = new_hash
        expires = now + max_age
        session.add(
            StaffSession(
                id=sha256_hex(token), user_id=user.id, csrf_token=csrf,
                created_at=now, last_seen_at=now, expires_at=expires,
            )
        )
        principal = _principal(user)
        record(session, principal.actor("web"), "session.signed_in", municipality, now)
        return SessionInfo(principal, csrf, expires)

    info = run_write(session_factory, "signing in", work)
    if info is None:
        raise SignInFailed("invalid")
    logger.info("%s signed in", info.principal.username)
    return token, info


def load_session(
    session_factory: SessionFactory,
    token: Optional[str],
    *,
    municipality: str,
    now: datetime,
    idle: timedelta,
) -> Optional[SessionInfo]:
    """The session of a cookie token, or None when unknown, idle too long, too old or disabled.

    Reading a session is a read-only transaction; it writes only to delete an
    expired session or to refresh ``last_seen_at`` (at most once a minute), so
    that page views do not queue behind the chat's bookings for the write lock.
    """
    if not token or len(token) > 128:
        return None
    session_id = sha256_hex(token)

    def read(session: Session) -> Optional[tuple[StaffSession, StaffUser]]:
        row = session.execute(
            select(StaffSession, StaffUser)
            .join(StaffUser, StaffUser.id == StaffSession.user_id)
            .where(StaffSession.id == session_id)
        ).first()
        return (row[0], row[1]) if row is not None else None

    found = run_read(session_factory, "reading a session", read)
    if found is None:
        return None
    staff_session, user = found
    expired = now >= staff_session.expires_at or now - staff_session.last_seen_at >= idle
    if expired or not user.active or user.municipality != municipality:
        run_write(session_factory, "ending an expired session", lambda session: session.execute(
            delete(StaffSession).where(StaffSession.id == session_id)))
        return None
    if now - staff_session.last_seen_at >= TOUCH_INTERVAL:
        run_write(session_factory, "refreshing a session", lambda session: session.execute(
            update(StaffSession).where(StaffSession.id == session_id).values(last_seen_at=now)))
    return SessionInfo(_principal(user), staff_session.csrf_token, staff_session.expires_at)


def sign_out(session_factory: SessionFactory, token: Optional[str], *, now: datetime) -> None:
    """End the session of a cookie token (nothing happens for an unknown one)."""
    if not token or len(token) > 128:
        return
    session_id = sha256_hex(token)

    def work(session: Session) -> None:
        row = session.execute(
            select(StaffSession, StaffUser)
            .join(StaffUser, StaffUser.id == StaffSession.user_id)
            .where(StaffSession.id == session_id)
        ).first()
        if row is None:
            return
        _, user = row
        session.execute(delete(StaffSession).where(StaffSession.id == session_id))
        record(session, Actor(user.username, user.role, "web"), "session.signed_out",
               user.municipality, now)

    run_write(session_factory, "signing out", work)


# ---------------------------------------------------------------- API tokens


def create_api_token(
    session_factory: SessionFactory,
    username: str,
    *,
    municipality: str,
    label: Optional[str],
    actor: Actor,
    now: datetime,
    lifetime: timedelta = TOKEN_LIFETIME,
) -> tuple[str, TokenInfo]:
    """A new bearer token for ``username``, valid for ``lifetime``: the secret is returned
    once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = now + lifetime
    prefix = token[:12]
    clean_label = " ".join((label or "").split())[:100] or None

    def work(session: Session) -> TokenInfo:
        user = _user(session, username, municipality)
        if not user.active:
            raise AccountError("user_unknown")
        row = ApiToken(
            user_id=user.id, token_hash=sha256_hex(token), prefix=prefix, label=clean_label,
            created_at=now, expires_at=expires,
        )
        session.add(row)
        session.flush()
        record(session, actor, "token.created", municipality, now, target=user.username,
               token_id=row.id)
        return TokenInfo(row.id, user.username, prefix, clean_label, now, None, None, expires)

    info = run_write(session_factory, "creating an API token", work)
    logger.info("API token %d created for %s", info.id, info.username)
    return token, info


def list_api_tokens(session_factory: SessionFactory, municipality: str) -> list[TokenInfo]:
    """Every API token of the municipality's accounts (without secrets)."""

    def work(session: Session) -> list[TokenInfo]:
        rows = session.execute(
            select(ApiToken, StaffUser.username)
            .join(StaffUser, StaffUser.id == ApiToken.user_id)
            .where(StaffUser.municipality == municipality)
            .order_by(ApiToken.id)
        ).all()
        return [
            TokenInfo(t.id, name, t.prefix, t.label, t.created_at, t.last_used_at, t.revoked_at,
                      token_expires(t))
            for t, name in rows
        ]

    return run_read(session_factory, "listing API tokens", work)


def revoke_api_token(
    session_factory: SessionFactory,
    token_id: int,
    *,
    municipality: str,
    actor: Actor,
    now: datetime,
) -> None:
    """Revoke a token by its id (as listed); revoking twice changes nothing."""

    def work(session: Session) -> None:
        row = session.execute(
            select(ApiToken, StaffUser.username)
            .join(StaffUser, StaffUser.id == ApiToken.user_id)
            .where(ApiToken.id == token_id, StaffUser.municipality == municipality)
        ).first()
        if row is None:
            raise AccountError("token_unknown")
        token, username = row
        if token.revoked_at is None:
            token.revoked_at = now
            record(session, actor, "token.revoked", municipality, now, target=username,
                   token_id=token.id)

    run_write(session_factory, "revoking an API token", work)


def authenticate_token(
    session_factory: SessionFactory, token: Optional[str], *, municipality: str, now: datetime
) -> Optional[Principal]:
    """The user behind a bearer token, or None (unknown, revoked, disabled, other municipality).

    Raises :class:`TokenExpired` for a valid token past its end. ``last_used_at`` is
    refreshed at most once a minute (the only write).
    """
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 128:
        return None
    token_hash = sha256_hex(token)

    def read(session: Session) -> Optional[tuple[ApiToken, StaffUser]]:
        row = session.execute(
            select(ApiToken, StaffUser)
            .join(StaffUser, StaffUser.id == ApiToken.user_id)
            .where(ApiToken.token_hash == token_hash)
        ).first()
        return (row[0], row[1]) if row is not None else None

    found = run_read(session_factory, "checking an API token", read)
    if found is None:
        return None
    api_token, user = found
    if api_token.revoked_at is not None or not user.active or user.municipality != municipality:
        return None
    if now >= token_expires(api_token):
        raise TokenExpired(api_token.prefix)
    if api_token.last_used_at is None or now - api_token.last_used_at >= TOUCH_INTERVAL:
        run_write(session_factory, "recording API token use", lambda session: session.execute(
            update(ApiToken).where(ApiToken.id == api_token.id).values(last_used_at=now)))
    return _principal(user)


def token_expires(token: ApiToken) -> datetime:
    """When a token stops working; tokens made before expiry existed count from creation."""
    expires: Optional[datetime] = token.expires_at
    return expires if expires is not None else token.created_at + TOKEN_LIFETIME
