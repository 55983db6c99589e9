from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot import settings
from bot.callbacks.calendar import (
    Slot,
    WindowSpec,
    add_working_hours,
    day_off_name,
    days_off,
    is_office_open,
    is_working_day,
    next_free_slots,
    next_opening,
    next_working_day,
    windows_for,
    working_hours_between,
)
from bot.clock import STOCKHOLM
from bot.texts.dates import format_window_sv


@dataclass(frozen=True)
class Hours:
    start: time
    end: time


OFFICE = {
    "monday": Hours(time(8), time(16)),
    "tuesday": Hours(time(8), time(16)),
    "wednesday": Hours(time(8), time(16)),
    "thursday": Hours(time(8), time(16)),
    "friday": Hours(time(8), time(16)),
    "saturday": None,
    "sunday": None,
}


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


# ---------------------------------------------------------------- working days


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2025, 4, 17), True),  # Maundy Thursday: a working day
        (date(2025, 4, 18), False),  # Good Friday
        (date(2025, 4, 21), False),  # Easter Monday
        (date(2025, 4, 22), True),
        (date(2025, 5, 1), False),  # Första maj
        (date(2025, 5, 29), False),  # Ascension Day
        (date(2025, 5, 30), True),  # Klämdag stays a working day
        (date(2025, 6, 6), False),  # National Day (a Friday in 2025)
        (date(2025, 6, 19), True),
        (date(2025, 6, 20), False),  # Midsummer Eve: de facto day off
        (date(2025, 12, 23), True),
        (date(2025, 12, 24), False),  # Christmas Eve
        (date(2025, 12, 25), False),
        (date(2025, 12, 26), False),
        (date(2025, 12, 29), True),
        (date(2025, 12, 31), False),  # New Year's Eve
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), True),
        (date(2026, 1, 6), False),  # Epiphany
        (date(2026, 5, 14), False),  # Ascension Day 2026
        (date(2026, 6, 19), False),  # Midsummer Eve 2026
        (date(2025, 11, 22), False),  # Saturday
        (date(2025, 11, 23), False),  # Sunday
        (date(2025, 11, 24), True),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize("year", range(2024, 2032))
def test_three_de_facto_days_off_come_from_the_package(year: int) -> None:
    off = days_off(year)
    midsummer_eve = [d for d, name in off.items() if "Midsommarafton" in name]
    assert len(midsummer_eve) == 1
    assert midsummer_eve[0].weekday() == 4 and 19 <= midsummer_eve[0].day <= 25
    assert midsummer_eve[0].month == 6
    assert "Julafton" in off[date(year, 12, 24)]
    assert "Nyårsafton" in off[date(year, 12, 31)]


def test_other_optional_days_are_not_days_off() -> None:
    # Walpurgis (30 April, from 14.00) and Klämdag are optional in the package, not closed days.
    assert is_working_day(date(2025, 4, 30))
    assert day_off_name(date(2025, 4, 30)) is None
    assert day_off_name(date(2025, 12, 24)) == "Julafton"


def test_next_working_day_over_christmas() -> None:
    assert next_working_day(date(2025, 12, 23)) == date(2025, 12, 29)
    assert next_working_day(date(2025, 12, 30)) == date(2026, 1, 2)


# ---------------------------------------------------------------- working hours


@pytest.mark.parametrize(
    "start, hours, expected",
    [
        (at(2025, 11, 24, 9), 4, at(2025, 11, 24, 13)),  # same day
        (at(2025, 11, 24, 14), 4, at(2025, 11, 25, 10)),  # overnight
        (at(2025, 11, 24, 8), 8, at(2025, 11, 24, 16)),  # exactly to closing time
        (at(2025, 11, 24, 18), 1, at(2025, 11, 25, 9)),  # after closing
        (at(2025, 11, 24, 6), 1, at(2025, 11, 24, 9)),  # before opening
        (at(2025, 11, 21, 14), 4, at(2025, 11, 24, 10)),  # over a weekend
        (at(2025, 11, 22, 20), 1, at(2025, 11, 24, 9)),  # started on a Saturday
        (at(2025, 11, 24, 9), 16, at(2025, 11, 26, 9)),  # two full days
        # Easter 2025: Good Friday, the weekend and Easter Monday do not count.
        (at(2025, 4, 17, 14), 4, at(2025, 4, 22, 10)),
        # Ascension Day 2025 (Thursday 29 May); the Friday after is a working day.
        (at(2025, 5, 28, 15), 2, at(2025, 5, 30, 9)),
        # Midsummer 2025: Midsummer Eve (Friday 20 June) is closed.
        (at(2025, 6, 19, 15), 2, at(2025, 6, 23, 9)),
        # Christmas 2025: 24-26 December and the weekend.
        (at(2025, 12, 23, 15), 2, at(2025, 12, 29, 9)),
        # New Year: New Year's Eve and New Year's Day, across the year boundary.
        (at(2025, 12, 30, 15), 2, at(2026, 1, 2, 9)),
        (at(2026, 1, 2, 15), 2, at(2026, 1, 5, 9)),
        (at(2026, 1, 5, 15), 2, at(2026, 1, 7, 9)),  # Epiphany on Tuesday 6 January 2026
    ],
)
def test_add_working_hours(start: datetime, hours: float, expected: datetime) -> None:
    result = add_working_hours(start, hours, OFFICE)
    assert result == expected
    assert result.tzinfo is not None


def test_add_working_hours_across_spring_dst_switch() -> None:
    # Clocks go forward on Sunday 29 March 2026; the weekend hour that vanishes must not count.
    start = at(2026, 3, 27, 15)
    assert start.utcoffset() == timedelta(hours=1)
    due = add_working_hours(start, 2, OFFICE)
    assert due == at(2026, 3, 30, 9)
    assert due.utcoffset() == timedelta(hours=2)
    assert due.astimezone(UTC) == datetime(2026, 3, 30, 7, tzinfo=UTC)
    assert working_hours_between(start, due, OFFICE) == pytest.approx(2.0)


def test_add_working_hours_across_autumn_dst_switch() -> None:
    # Clocks go back on Sunday 26 October 2025.
    start = at(2025, 10, 24, 15)
    assert start.utcoffset() == timedelta(hours=2)
    due = add_working_hours(start, 2, OFFICE)
    assert due == at(2025, 10, 27, 9)
    assert due.astimezone(UTC) == datetime(2025, 10, 27, 8, tzinfo=UTC)
    assert working_hours_between(start, due, OFFICE) == pytest.approx(2.0)


def test_add_working_hours_accepts_any_timezone() -> None:
    start_utc = datetime(2025, 11, 24, 8, tzinfo=UTC)  # 09:00 in Stockholm
    assert add_working_hours(start_utc, 1, OFFICE) == at(2025, 11, 24, 10)


def test_add_working_hours_skips_days_without_office_hours() -> None:
    closed_wednesdays = {**OFFICE, "wednesday": None}
    assert add_working_hours(at(2025, 11, 25, 15), 2, closed_wednesdays) == at(2025, 11, 27, 9)


def test_zero_hours_is_the_start() -> None:
    assert add_working_hours(at(2025, 11, 22, 3), 0, OFFICE) == at(2025, 11, 22, 3)


def test_add_working_hours_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        add_working_hours(datetime(2025, 11, 24, 9), 1, OFFICE)
    with pytest.raises(ValueError):
        add_working_hours(at(2025, 11, 24, 9), -1, OFFICE)
    with pytest.raises(ValueError):
        add_working_hours(at(2025, 11, 24, 9), 1, {"saturday": Hours(time(8), time(12))})


@pytest.mark.parametrize(
    "start",
    [at(2025, 4, 16, 11, 30), at(2025, 6, 18, 7), at(2025, 12, 22, 15, 45), at(2026, 3, 26, 12)],
)
@pytest.mark.parametrize("hours", [0.5, 3, 8, 17.25, 40])
def test_working_hours_between_inverts_add(start: datetime, hours: float) -> None:
    due = add_working_hours(start, hours, OFFICE)
    assert working_hours_between(start, due, OFFICE) == pytest.approx(hours)


def test_working_hours_between_is_zero_backwards_and_over_holidays() -> None:
    assert working_hours_between(at(2025, 11, 25), at(2025, 11, 24), OFFICE) == 0.0
    assert working_hours_between(at(2025, 12, 24), at(2025, 12, 28, 23), OFFICE) == 0.0


# ---------------------------------------------------------------- office open / next opening


@pytest.mark.parametrize(
    "now, is_open",
    [
        (at(2025, 11, 24, 10), True),
        (at(2025, 11, 24, 8), True),
        (at(2025, 11, 24, 16), False),  # closing time is exclusive
        (at(2025, 11, 24, 7, 59), False),
        (at(2025, 11, 22, 10), False),  # Saturday
        (at(2025, 12, 24, 10), False),  # Christmas Eve
        (at(2025, 6, 20, 10), False),  # Midsummer Eve
    ],
)
def test_is_office_open(now: datetime, is_open: bool) -> None:
    assert is_office_open(now, OFFICE) is is_open


@pytest.mark.parametrize(
    "now, expected",
    [
        (at(2025, 11, 24, 7), at(2025, 11, 24, 8)),
        (at(2025, 11, 24, 17), at(2025, 11, 25, 8)),
        (at(2025, 11, 21, 17), at(2025, 11, 24, 8)),
        (at(2025, 12, 23, 16, 30), at(2025, 12, 29, 8)),
        (at(2025, 6, 19, 18), at(2025, 6, 23, 8)),
        (at(2025, 4, 17, 20), at(2025, 4, 22, 8)),
    ],
)
def test_next_opening(now: datetime, expected: datetime) -> None:
    assert next_opening(now, OFFICE) == expected


def test_next_opening_when_open_is_now() -> None:
    assert next_opening(at(2025, 11, 24, 10), OFFICE) == at(2025, 11, 24, 10)


# ---------------------------------------------------------------- slots


TUE_FM = WindowSpec("anna", "tuesday", time(10), time(12), capacity=2)
THU_EM = WindowSpec("anna", "thursday", time(13), time(15), capacity=2)


def test_next_free_slots_offers_the_next_three() -> None:
    slots = next_free_slots([TUE_FM, THU_EM], now=at(2025, 11, 24, 9))
    assert [format_window_sv(s) for s in slots] == [
        "tisdag 25 november kl. 10.00–12.00",
        "torsdag 27 november kl. 13.00–15.00",
        "tisdag 2 december kl. 10.00–12.00",
    ]
    assert all(s.contact_point_id == "anna" and s.capacity == 2 for s in slots)


def test_lead_time_excludes_windows_starting_too_soon() -> None:
    now = at(2025, 11, 25, 9)
    assert next_free_slots([TUE_FM], now=now, lead_time=timedelta(hours=2))[0].start == (
        at(2025, 12, 2, 10)
    )
    assert next_free_slots([TUE_FM], now=now, lead_time=timedelta(minutes=30))[0].start == (
        at(2025, 11, 25, 10)
    )


def test_slots_skip_christmas_and_new_year() -> None:
    windows = [
        WindowSpec("anna", day, time(10), time(12))
        for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
    ]
    slots = next_free_slots(windows, now=at(2025, 12, 22, 12), count=5)
    assert [s.start.date() for s in slots] == [
        date(2025, 12, 23), date(2025, 12, 29), date(2025, 12, 30), date(2026, 1, 2),
        date(2026, 1, 5),
    ]


@pytest.mark.parametrize(
    "now, skipped",
    [
        (at(2025, 6, 16, 9), date(2025, 6, 20)),  # Midsummer Eve
        (at(2025, 4, 14, 9), date(2025, 4, 18)),  # Good Friday
        (at(2025, 6, 2, 9), date(2025, 6, 6)),  # National Day
    ],
)
def test_slots_skip_holidays_on_fridays(now: datetime, skipped: date) -> None:
    slots = next_free_slots([WindowSpec("anna", "friday", time(9), time(11))], now=now)
    assert skipped not in [s.start.date() for s in slots]
    assert slots[0].start.date() == skipped + timedelta(days=7)


def test_full_slots_are_skipped() -> None:
    full = at(2025, 11, 25, 10)

    def counts(start: datetime, end: datetime) -> dict[tuple[str, datetime], int]:
        assert start <= full < end
        return {("anna", full.astimezone(UTC)): 2}

    slots = next_free_slots([TUE_FM, THU_EM], now=at(2025, 11, 24, 9), booked_counts_fn=counts)
    assert full not in [s.start for s in slots]
    assert slots[0].start == at(2025, 11, 27, 13)
    assert len(slots) == 3


def test_same_time_offered_once_with_the_first_contact_that_has_room() -> None:
    other = WindowSpec("bertil", "tuesday", time(10), time(12))
    slots = next_free_slots([TUE_FM, other], now=at(2025, 11, 24, 9), count=2)
    assert [(s.contact_point_id, s.start) for s in slots] == [
        ("anna", at(2025, 11, 25, 10)),
        ("anna", at(2025, 12, 2, 10)),
    ]

    def anna_full(start: datetime, end: datetime) -> dict[tuple[str, datetime], int]:
        return {("anna", at(2025, 11, 25, 10).astimezone(UTC)): 2}

    slots = next_free_slots([TUE_FM, other], now=at(2025, 11, 24, 9), booked_counts_fn=anna_full)
    assert (slots[0].contact_point_id, slots[0].start) == ("bertil", at(2025, 11, 25, 10))


def test_count_and_horizon() -> None:
    assert len(next_free_slots([TUE_FM], now=at(2025, 11, 24, 9), count=5)) == 3  # 21 days
    assert len(next_free_slots([TUE_FM], now=at(2025, 11, 24, 9), count=5, horizon_days=35)) == 5
    assert len(next_free_slots([TUE_FM], now=at(2025, 11, 24, 9), horizon_days=7)) == 1
    assert next_free_slots([], now=at(2025, 11, 24, 9)) == []
    with pytest.raises(ValueError):
        next_free_slots([TUE_FM], now=at(2025, 11, 24, 9), count=0)
    with pytest.raises(ValueError):
        next_free_slots([WindowSpec("anna", "tisdag", time(10), time(12))], now=at(2025, 11, 24))


def test_slots_keep_wall_clock_time_across_dst() -> None:
    slots = next_free_slots(
        [WindowSpec("anna", "monday", time(9), time(11))], now=at(2026, 3, 20, 9), count=2
    )
    assert [s.start for s in slots] == [at(2026, 3, 23, 9), at(2026, 3, 30, 9)]
    assert [s.start.utcoffset() for s in slots] == [timedelta(hours=1), timedelta(hours=2)]


def test_next_free_slots_honours_anhorig_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANHORIG_NOW", "2025-12-22T12:00:00+01:00")
    settings.reset_settings_cache()
    try:
        slots = next_free_slots([TUE_FM])
    finally:
        monkeypatch.delenv("ANHORIG_NOW")
        settings.reset_settings_cache()
    assert slots[0].start == at(2025, 12, 23, 10)


def test_slot_round_trips_through_a_dict() -> None:
    slot = Slot("anna", at(2025, 11, 25, 10), at(2025, 11, 25, 12), capacity=3)
    again = Slot.from_dict(slot.to_dict())
    assert again == slot
    assert again.key == ("anna", datetime(2025, 11, 25, 9, tzinfo=UTC))


@dataclass
class FakeWindow:
    weekday: str
    start: time
    end: time
    capacity: int


@dataclass
class FakeContact:
    id: str
    callback_windows: list[FakeWindow] = field(default_factory=list)


def test_windows_for_contact_points() -> None:
    contacts = [
        FakeContact("anna", [FakeWindow("tuesday", time(10), time(12), 2)]),
        FakeContact("bertil", [FakeWindow("thursday", time(13), time(15), 1)]),
    ]
    assert windows_for(contacts) == [
        WindowSpec("anna", "tuesday", time(10), time(12), 2),
        WindowSpec("bertil", "thursday", time(13), time(15), 1),
    ]
