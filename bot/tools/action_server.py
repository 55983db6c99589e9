"""Start the Rasa action server only on a valid profile and an up-to-date database.

``python -m bot.tools.action_server --actions actions --port 5055`` takes the same
arguments as ``python -m rasa_sdk``. Before serving it loads the active
municipality profile (with ``national.yml`` and ``rights.yml``) and refuses to
start when any of them is invalid, then brings the case database to the
newest schema (idempotent). Nothing happens at import time.
"""

from __future__ import annotations

import logging
import sys
from typing import Optional, Sequence

logger = logging.getLogger(__name__)


def check_startup() -> bool:
    """Validate the active profile and upgrade the database; print what is wrong."""
    from bot.settings import get_settings
    from bot.tools.checks import check_profile, upgrade_database_or_report

    return check_profile() and upgrade_database_or_report(get_settings().effective_database_url)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Parse rasa_sdk's arguments, check the startup conditions, then serve."""
    from rasa_sdk.__main__ import main_from_args
    from rasa_sdk.endpoint import create_argument_parser

    from bot.tools.action_log import register as log_each_action

    args = create_argument_parser().parse_args(argv)
    if not check_startup():
        return 1
    log_each_action()
    main_from_args(args)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
