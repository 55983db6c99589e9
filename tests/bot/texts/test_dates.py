"""Swedish dates and times: weekday and month names, the clock, windows and opening times."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.callbacks import calendar
from bot.callbacks.calendar import Slot
from bot.clock import STOCKHOLM
from bot.texts import dates
from bot.texts.dates import (
    clock_sv,
    format_date_sv,
    format_datetime_sv,
    format_opening_sv,
    format_window_sv,
)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def test_format_opening_sv() -> None:
    assert format_opening_sv(at(2025, 11, 24, 8), at(2025, 11, 24, 7)) == "i dag kl. 08.00"
    assert format_opening_sv(at(2025, 11, 25, 8), at(2025, 11, 24, 17)) == "i morgon kl. 08.00"
    assert format_opening_sv(at(2025, 12, 29, 8), at(2025, 12, 23, 17)) == (
        "måndag 29 december kl. 08.00"
    )


def test_format_window_sv() -> None:
    slot = Slot("anna", at(2025, 11, 25, 10), at(2025, 11, 25, 12))
    assert format_window_sv(slot) == "tisdag 25 november kl. 10.00–12.00"
    utc_slot = Slot(
        "anna", datetime(2026, 3, 30, 7, tzinfo=UTC), datetime(2026, 3, 30, 9, tzinfo=UTC)
    )
    assert format_window_sv(utc_slot) == "måndag 30 mars kl. 09.00–11.00"
    assert format_datetime_sv(at(2025, 12, 1, 8, 5)) == "måndag 1 december kl. 08.05"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 11, 24), "måndag 24 november"),
        (date(2026, 1, 3), "lördag 3 januari"),
        (date(2026, 6, 21), "söndag 21 juni"),
    ],
)
def test_format_date_sv(day: date, expected: str) -> None:
    assert format_date_sv(day) == expected


def test_clock_sv_has_two_digit_hours() -> None:
    assert clock_sv(at(2025, 11, 24, 8, 5)) == "08.05"
    assert clock_sv(at(2025, 11, 24, 16, 30)) == "16.30"


def test_the_calendar_still_offers_the_swedish_formats() -> None:
    assert calendar.format_window_sv is format_window_sv
    assert calendar.format_opening_sv is format_opening_sv
    assert calendar.WEEKDAYS_SV is dates.WEEKDAYS_SV and calendar.MONTHS_SV is dates.MONTHS_SV
