"""The one place that reads the environment.

Every other module asks :func:`get_settings`; nothing else calls ``os.environ``.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Mapping, Optional

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MUNICIPALITY = "ekero"
# The header with ANHORIG_ACTION_SECRET that Rasa sends with every call to the action server.
ACTION_SECRET_HEADER = "X-Anhorig-Action-Secret"


class SettingsError(ValueError):
    """An environment variable has a value the application cannot use."""


@dataclass(frozen=True)
class Settings:
    """Runtime configuration, read once from the environment."""

    municipality: str = DEFAULT_MUNICIPALITY
    now_override: Optional[datetime] = None
    data_dir: Path = PROJECT_ROOT / "data"
    var_dir: Path = PROJECT_ROOT / "var"
    database_url: str = ""
    rasa_url: str = "http://localhost:5005"
    action_port: int = 5055
    web_host: str = "localhost"
    web_port: int = 8000
    secret_key: str = ""
    development: bool = True
    session_idle_minutes: int = 30
    session_max_hours: int = 10
    web_proxies_count: int = 0
    chat_idle_minutes: int = 30
    tracker_store_url: str = ""
    # Retention: conversations in Rasa's tracker store, personal data of ended cases.
    conversation_retention_hours: int = 24
    case_retention_days: int = 21
    # Internal services (docs/operations.md): Rasa's API token, the action server's secret,
    # the action server's interface; each generated per start by the runner when empty.
    rasa_token: str = ""
    action_secret: str = ""
    action_host: str = "127.0.0.1"
    # Rate limits (bot.storage.limits): messages a minute, bookings a day, failures before a lock.
    chat_messages_per_minute: int = 12
    chat_address_messages_per_minute: int = 60
    bookings_per_phone_per_day: int = 3
    bookings_per_address_per_day: int = 10
    manage_failures_per_reference: int = 5
    api_token_days: int = 90
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def municipalities_dir(self) -> Path:
        """Folder holding one profile per municipality."""
        return self.data_dir / "municipalities"

    @property
    def effective_database_url(self) -> str:
        """The configured database URL, or SQLite under ``var/``."""
        return self.database_url or f"sqlite:///{self.var_dir / 'anhoriglotsen.db'}"

    @property
    def effective_tracker_store_url(self) -> str:
        """Rasa's SQL tracker store: the configured URL, or the SQLite file ``endpoints.yml`` names.

        Rasa runs in the project folder (:mod:`bot.tools.runner`), so its
        ``var/rasa_tracker.db`` is the project's ``var/`` folder, whatever ``ANHORIG_VAR_DIR`` says.
        """
        return self.tracker_store_url or f"sqlite:///{PROJECT_ROOT / 'var' / 'rasa_tracker.db'}"

    def may_bind(self, host: str) -> bool:
        """Whether a server of the assistant may listen on ``host``: loopback always, any
        other interface only in production (``ANHORIG_ENV=production``)."""
        return is_loopback(host) or not self.development


LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """Whether ``host`` names only this machine (127.0.0.0/8, ::1, localhost); "" and
    0.0.0.0 mean every interface and are not loopback."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _parse_now(raw: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError as exc:
        raise SettingsError(
            f"ANHORIG_NOW={raw!r} is not an ISO 8601 timestamp "
            "(example: 2026-11-24T09:30:00+01:00)"
        ) from exc
    if value.tzinfo is None:
        raise SettingsError(f"ANHORIG_NOW={raw!r} needs a UTC offset, e.g. +01:00")
    return value


def _parse_port(name: str, raw: str) -> int:
    try:
        port = int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name}={raw!r} is not a port number") from exc
    if not 0 < port < 65536:
        raise SettingsError(f"{name}={raw!r} is outside 1-65535")
    return port


def _parse_positive(name: str, raw: str) -> int:
    return _parse_at_least(name, raw, 1)


def _parse_count(name: str, raw: str) -> int:
    return _parse_at_least(name, raw, 0)


def _parse_at_least(name: str, raw: str, minimum: int) -> int:
    try:
        value = int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name}={raw!r} is not a whole number") from exc
    if value < minimum:
        limit = "must not be negative" if minimum == 0 else f"must be at least {minimum}"
        raise SettingsError(f"{name}={raw!r} {limit}")
    return value


def load_settings(env: Optional[Mapping[str, str]] = None) -> Settings:
    """Build settings from ``env`` (the process environment by default)."""
    env = os.environ if env is None else env
    now_raw = env.get("ANHORIG_NOW", "").strip()
    data_dir = Path(env.get("ANHORIG_DATA_DIR", "") or PROJECT_ROOT / "data")
    var_dir = Path(env.get("ANHORIG_VAR_DIR", "") or PROJECT_ROOT / "var")
    return Settings(
        municipality=(env.get("ANHORIG_MUNICIPALITY", "") or DEFAULT_MUNICIPALITY).strip(),
        now_override=_parse_now(now_raw) if now_raw else None,
        data_dir=data_dir,
        var_dir=var_dir,
        database_url=env.get("ANHORIG_DATABASE_URL", "").strip(),
        rasa_url=env.get("ANHORIG_RASA_URL", "http://localhost:5005").rstrip("/"),
        action_port=_parse_port("ANHORIG_ACTION_PORT", env.get("ANHORIG_ACTION_PORT", "5055")),
        web_host=env.get("ANHORIG_WEB_HOST", "localhost"),
        web_port=_parse_port("ANHORIG_WEB_PORT", env.get("ANHORIG_WEB_PORT", "8000")),
        secret_key=env.get("ANHORIG_SECRET_KEY", ""),
        development=env.get("ANHORIG_ENV", "development").strip().lower() != "production",
        session_idle_minutes=_parse_positive(
            "ANHORIG_SESSION_IDLE_MINUTES", env.get("ANHORIG_SESSION_IDLE_MINUTES", "30")
        ),
        session_max_hours=_parse_positive(
            "ANHORIG_SESSION_MAX_HOURS", env.get("ANHORIG_SESSION_MAX_HOURS", "10")
        ),
        web_proxies_count=_parse_count(
            "ANHORIG_WEB_PROXIES_COUNT", env.get("ANHORIG_WEB_PROXIES_COUNT", "0")
        ),
        chat_idle_minutes=_parse_positive(
            "ANHORIG_CHAT_IDLE_MINUTES", env.get("ANHORIG_CHAT_IDLE_MINUTES", "30")
        ),
        tracker_store_url=env.get("ANHORIG_TRACKER_STORE_URL", "").strip(),
        conversation_retention_hours=_parse_positive(
            "ANHORIG_CONVERSATION_RETENTION_HOURS",
            env.get("ANHORIG_CONVERSATION_RETENTION_HOURS", "24"),
        ),
        case_retention_days=_parse_positive(
            "ANHORIG_CASE_RETENTION_DAYS", env.get("ANHORIG_CASE_RETENTION_DAYS", "21")
        ),
        rasa_token=env.get("ANHORIG_RASA_TOKEN", "").strip(),
        action_secret=env.get("ANHORIG_ACTION_SECRET", "").strip(),
        action_host=env.get("ANHORIG_ACTION_HOST", "").strip() or "127.0.0.1",
        chat_messages_per_minute=_limit(env, "chat_messages_per_minute"),
        chat_address_messages_per_minute=_limit(env, "chat_address_messages_per_minute"),
        bookings_per_phone_per_day=_limit(env, "bookings_per_phone_per_day"),
        bookings_per_address_per_day=_limit(env, "bookings_per_address_per_day"),
        manage_failures_per_reference=_limit(env, "manage_failures_per_reference"),
        api_token_days=_limit(env, "api_token_days"),
    )


# Field name -> (variable, default) of the rate limits and the API token lifetime.
_LIMITS = {
    "chat_messages_per_minute": ("ANHORIG_CHAT_MESSAGES_PER_MINUTE", "12"),
    "chat_address_messages_per_minute": ("ANHORIG_CHAT_ADDRESS_MESSAGES_PER_MINUTE", "60"),
    "bookings_per_phone_per_day": ("ANHORIG_BOOKINGS_PER_PHONE_PER_DAY", "3"),
    "bookings_per_address_per_day": ("ANHORIG_BOOKINGS_PER_ADDRESS_PER_DAY", "10"),
    "manage_failures_per_reference": ("ANHORIG_MANAGE_FAILURES_PER_REFERENCE", "5"),
    "api_token_days": ("ANHORIG_API_TOKEN_DAYS", "90"),
}


def _limit(env: Mapping[str, str], name: str) -> int:
    variable, default = _LIMITS[name]
    return _parse_positive(variable, env.get(variable, default))


def child_environment(extra: Optional[Mapping[str, str]] = None) -> dict[str, str]:
    """Environment for processes the application starts: this one's plus ``extra``."""
    return {**os.environ, **(extra or {})}


_cached: Optional[Settings] = None


def get_settings() -> Settings:
    """Settings of this process, read on first use."""
    global _cached
    if _cached is None:
        _cached = load_settings()
    return _cached


def reset_settings_cache() -> None:
    """Forget cached settings (tests change the environment)."""
    global _cached
    _cached = None
