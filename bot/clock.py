"""Time source for the whole application, honouring ``ANHORIG_NOW``."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.settings import get_settings

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def now() -> datetime:
    """Current time in Europe/Stockholm, or ``ANHORIG_NOW`` when it is set."""
    override = get_settings().now_override
    if override is not None:
        return override.astimezone(STOCKHOLM)
    return datetime.now(tz=STOCKHOLM)
