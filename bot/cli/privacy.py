"""``anhoriglots purge``: run retention once and say what it did, in counts only."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bot.settings import SettingsError, get_settings

if TYPE_CHECKING:
    _Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def _purge(args: argparse.Namespace) -> int:
    from bot.callbacks.jobs import Retention, purge
    from bot.storage.engine import create_engine_for, make_session_factory
    from bot.storage.tracker_store import TrackerStoreUnavailable
    from bot.storage.unit_of_work import StorageUnavailable

    try:
        settings = get_settings()
    except SettingsError as exc:
        print(f"invalid setting: {exc}", file=sys.stderr)
        return 1
    retention = Retention.from_settings(settings)
    engine = create_engine_for(settings.effective_database_url)
    try:
        done = purge(make_session_factory(engine), retention)
    except (StorageUnavailable, TrackerStoreUnavailable) as exc:
        print(f"cannot purge: {type(exc).__name__}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"Ended cases older than {retention.case_days} days: personal data cleared in "
          f"{done.cases} case(s).")
    print(f"Conversations idle for more than {retention.conversation_hours} hours: "
          f"{done.conversations.conversations} deleted ({done.conversations.events} events).")
    return 0


def add_privacy_commands(subparsers: _Subparsers) -> None:
    """Register ``purge``."""
    purge = subparsers.add_parser(
        "purge",
        help="clear personal data of old ended cases and delete old conversations, once "
             "(ANHORIG_CASE_RETENTION_DAYS, ANHORIG_CONVERSATION_RETENTION_HOURS; safe to repeat)",
    )
    purge.set_defaults(handler=_purge)
