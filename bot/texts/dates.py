"""Swedish dates and times as relatives and staff read them.

``tisdag 25 november kl. 10.00–12.00``: weekday and month names, the clock
with a full stop, an en dash between start and end, always in Stockholm time.
The calendar (:mod:`bot.callbacks.calendar`) works out the moments; this module
only writes them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol

from bot.clock import STOCKHOLM

WEEKDAYS_SV = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
MONTHS_SV = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)


class TimeSpanLike(Protocol):
    """Anything with an aware start and end, e.g. a callback ``Slot``."""

    @property
    def start(self) -> datetime:
        """Start instant (aware)."""

    @property
    def end(self) -> datetime:
        """End instant (aware)."""


def clock_sv(moment: datetime) -> str:
    """``08.05``: the clock as the booking texts write it (two-digit hour, full stop)."""
    return f"{moment.hour:02d}.{moment.minute:02d}"


def format_date_sv(day: date) -> str:
    """``tisdag 25 november``."""
    return f"{WEEKDAYS_SV[day.weekday()]} {day.day} {MONTHS_SV[day.month - 1]}"


def format_window_sv(slot: TimeSpanLike) -> str:
    """``tisdag 25 november kl. 10.00–12.00`` (Stockholm time, en dash)."""
    start = slot.start.astimezone(STOCKHOLM)
    end = slot.end.astimezone(STOCKHOLM)
    return f"{format_date_sv(start.date())} kl. {clock_sv(start)}–{clock_sv(end)}"


def format_datetime_sv(moment: datetime) -> str:
    """``måndag 24 november kl. 08.00`` (Stockholm time)."""
    local = moment.astimezone(STOCKHOLM)
    return f"{format_date_sv(local.date())} kl. {clock_sv(local)}"


def format_opening_sv(opening: datetime, now: datetime) -> str:
    """When the office opens, relative to ``now``: ``i dag kl. 13.00``, ``i morgon kl. 08.00``.

    Further ahead it names the day: ``måndag 24 november kl. 08.00``.
    """
    local, today = opening.astimezone(STOCKHOLM), now.astimezone(STOCKHOLM).date()
    if local.date() == today:
        return f"i dag kl. {clock_sv(local)}"
    if local.date() == today + timedelta(days=1):
        return f"i morgon kl. {clock_sv(local)}"
    return format_datetime_sv(local)
