"""Start-up checks shared by every entry point that serves: a valid profile, a current database.

``anhoriglots run`` (:mod:`bot.cli.assistant`) and the action server
(:mod:`bot.tools.action_server`) refuse to start when a check fails; each check
prints why, in Swedish, for the person starting the assistant.
"""

from __future__ import annotations

import logging
import sys

from bot.settings import SettingsError

logger = logging.getLogger(__name__)


def check_profile() -> bool:
    """Refuse to start on an invalid profile (or invalid settings): print every error."""
    from bot.knowledge.loader import ProfileError, load_active_profile

    try:
        load_active_profile()
    except ProfileError as exc:
        print("Profilen är ogiltig; assistenten startar inte:", file=sys.stderr)
        for error in exc.errors:
            print(f"  {error}", file=sys.stderr)
        return False
    except SettingsError as exc:
        print(f"Ogiltig inställning: {exc}", file=sys.stderr)
        return False
    return True


def upgrade_database_or_report(url: str) -> bool:
    """Bring the case database to the newest schema before anything starts."""
    from bot.storage.engine import upgrade_database

    try:
        upgrade_database(url)
    except Exception as exc:  # noqa: BLE001 - say why and refuse to start
        print(f"Databasen kunde inte uppgraderas: {type(exc).__name__}: {exc}", file=sys.stderr)
        return False
    return True
