"""``anhoriglots db upgrade`` and ``anhoriglots escalate``: the case database and its jobs."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bot.settings import SettingsError, get_settings

if TYPE_CHECKING:
    _Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def _display_url(url: str) -> str:
    from sqlalchemy.engine.url import make_url

    return make_url(url).render_as_string(hide_password=True)


def _db_upgrade(args: argparse.Namespace) -> int:
    from bot.storage.engine import upgrade_database

    try:
        url = get_settings().effective_database_url
    except SettingsError as exc:
        print(f"invalid setting: {exc}", file=sys.stderr)
        return 1
    try:
        upgrade_database(url, args.revision)
    except Exception as exc:  # noqa: BLE001 - report any database or migration error and fail
        print(f"could not upgrade {_display_url(url)}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"Database {_display_url(url)} is at revision {args.revision}.")
    return 0


def _escalate(args: argparse.Namespace) -> int:
    from bot.callbacks.jobs import escalate_once
    from bot.knowledge.loader import ProfileError, load_profile
    from bot.storage.engine import create_engine_for, make_session_factory
    from bot.storage.unit_of_work import StorageUnavailable

    try:
        settings = get_settings()
        profile = load_profile(args.municipality or settings.municipality, settings.data_dir)
    except (SettingsError, ProfileError) as exc:
        print(f"cannot escalate: {exc}", file=sys.stderr)
        return 1
    engine = create_engine_for(settings.effective_database_url)
    try:
        steps = escalate_once(make_session_factory(engine), profile)
    except StorageUnavailable as exc:
        print(f"cannot escalate: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    for step in steps:
        to = "coordinator " if step.to_coordinator else ""
        print(
            f"{step.reference}: {step.from_contact_point_id} -> {to}{step.to_contact_point_id} "
            f"(level {step.level}, due {step.due_at.isoformat(timespec='minutes')})"
        )
    print(f"{len(steps)} case(s) moved in {profile.id}." if steps else f"No overdue cases in {profile.id}.")
    return 0


def add_booking_commands(subparsers: _Subparsers) -> None:
    """Register ``db upgrade`` and ``escalate``."""
    db = subparsers.add_parser("db", help="the case database")
    commands = db.add_subparsers(dest="db_command", metavar="COMMAND")
    commands.required = True
    up = commands.add_parser(
        "upgrade",
        help="apply the Alembic migrations to ANHORIG_DATABASE_URL (default: SQLite under var/)",
    )
    up.add_argument("--revision", default="head", help="target revision (default: head)")
    up.set_defaults(handler=_db_upgrade)

    escalate = subparsers.add_parser(
        "escalate",
        help="move overdue cases one step down their referral chain, once (safe to repeat)",
    )
    escalate.add_argument("--municipality", default=None, metavar="ID",
                          help="profile id (default: ANHORIG_MUNICIPALITY)")
    escalate.set_defaults(handler=_escalate)
