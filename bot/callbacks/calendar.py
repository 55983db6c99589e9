"""Working days, office hours and callback slots in Europe/Stockholm.

Why a module of its own: callbacks may only be offered on days the municipal
office works, and escalation deadlines are counted in *working* hours, so both
the slot offer and the escalation job need the same calendar.

Holiday decision (documented here because it is a policy, not a detail):

* Public holidays come from the ``holidays`` package,
  ``holidays.country_holidays("SE", years=..., categories=("public",))``.
  The Swedish class includes every Sunday by default (``include_sundays=True``),
  matching Lag (1989:253) om allmänna helgdagar.
* Midsummer Eve, Christmas Eve and New Year's Eve are not legal holidays but
  offices are closed. ``holidays`` 0.86 (pinned: newer versions need
  python-dateutil>=2.9, which Rasa 3.6 forbids) has no ``de_facto`` category
  for SE, so we take exactly those three days from the package's OPTIONAL
  category, picked by their Swedish names. The other OPTIONAL days
  (Påskafton is a Saturday anyway; Klämdag, the half days "från kl. 14.00")
  stay working days: offices are normally open then.
* No hand-written holiday table: every date comes from the package.

All datetimes returned are timezone-aware in Europe/Stockholm; durations are
computed in UTC so that the DST switches do not add or lose an hour.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping, Optional, Protocol, Sequence

import holidays

from bot.clock import STOCKHOLM
from bot.clock import now as clock_now

# The Swedish names and formats live in bot.texts.dates; imported here for the callers of the calendar.
from bot.texts.dates import MONTHS_SV as MONTHS_SV
from bot.texts.dates import WEEKDAYS_SV as WEEKDAYS_SV
from bot.texts.dates import TimeSpanLike as TimeSpanLike
from bot.texts.dates import format_date_sv as format_date_sv
from bot.texts.dates import format_datetime_sv as format_datetime_sv
from bot.texts.dates import format_opening_sv as format_opening_sv
from bot.texts.dates import format_window_sv as format_window_sv

logger = logging.getLogger(__name__)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Names in the package's OPTIONAL category (language "sv") that offices treat as days off.
DE_FACTO_DAYS_OFF = ("Midsommarafton", "Julafton", "Nyårsafton")

DEFAULT_LEAD_TIME = timedelta(hours=2)
DEFAULT_HORIZON_DAYS = 21
DEFAULT_SLOT_COUNT = 3
# Upper bound for day-by-day walks, so a profile without any office hours fails loudly.
_MAX_DAYS = 3 * 366


class HoursLike(Protocol):
    """Opening hours of one weekday (``OfficeHours`` in the profile schema)."""

    @property
    def start(self) -> time:
        """Opening time, local."""

    @property
    def end(self) -> time:
        """Closing time, local."""


OfficeHoursMap = Mapping[str, Optional[HoursLike]]


class CallbackWindowLike(Protocol):
    """A weekly callback window of a contact point (``CallbackWindow`` in the schema)."""

    @property
    def weekday(self) -> str:
        """``monday`` .. ``sunday``."""

    @property
    def start(self) -> time:
        """Local start time."""

    @property
    def end(self) -> time:
        """Local end time."""

    @property
    def capacity(self) -> int:
        """How many callbacks fit in one occurrence of the window."""


class ContactPointWindowsLike(Protocol):
    """The part of a contact point that slot calculation needs."""

    @property
    def id(self) -> str:
        """Contact point id."""

    @property
    def callback_windows(self) -> Sequence[CallbackWindowLike]:
        """Weekly windows in which this contact point calls back."""


@dataclass(frozen=True)
class WindowSpec:
    """A weekly callback window bound to the contact point that owns it."""

    contact_point_id: str
    weekday: str
    start: time
    end: time
    capacity: int = 1


@dataclass(frozen=True)
class Slot:
    """One concrete occurrence of a callback window, offered to the relative."""

    contact_point_id: str
    start: datetime
    end: datetime
    capacity: int = 1

    @property
    def key(self) -> tuple[str, datetime]:
        """Identity used for booked-count look-ups: contact point and UTC start."""
        return (self.contact_point_id, self.start.astimezone(UTC))

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form, e.g. to keep offered slots in a Rasa slot."""
        return {
            "contact_point_id": self.contact_point_id,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "capacity": self.capacity,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Slot:
        """Inverse of :meth:`to_dict`; times come back in Europe/Stockholm."""
        start = datetime.fromisoformat(str(data["start"]))
        end = datetime.fromisoformat(str(data["end"]))
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("slot times need a UTC offset")
        return cls(
            contact_point_id=str(data["contact_point_id"]),
            start=start.astimezone(STOCKHOLM),
            end=end.astimezone(STOCKHOLM),
            capacity=int(data.get("capacity", 1)),
        )


# (from, to) -> {(contact_point_id, UTC slot start): active bookings}
BookedCountsFn = Callable[[datetime, datetime], Mapping[tuple[str, datetime], int]]


# ---------------------------------------------------------------- working days


@lru_cache(maxsize=64)
def days_off(year: int) -> Mapping[date, str]:
    """Dates in ``year`` on which the office is closed besides Saturdays, with names.

    Public holidays and Sundays from the package's PUBLIC category plus the three
    de facto days off from its OPTIONAL category (see the module docstring).
    """
    result: dict[date, str] = {}
    public = holidays.country_holidays("SE", years=year, categories=("public",), language="sv")
    for day, name in public.items():
        result[day] = str(name)
    optional = holidays.country_holidays(
        "SE", years=year, categories=("optional",), language="sv"
    )
    for day, name in optional.items():
        names = [part.strip() for part in str(name).split(";")]
        picked = [n for n in names if n in DE_FACTO_DAYS_OFF]
        if picked:
            result[day] = "; ".join(picked)
    found = sum(1 for n in result.values() if any(x in n for x in DE_FACTO_DAYS_OFF))
    if found != len(DE_FACTO_DAYS_OFF):
        # The package renamed something: better to notice than to open on Christmas Eve.
        raise RuntimeError(
            f"expected {DE_FACTO_DAYS_OFF} in the holidays package for {year}, found {found}"
        )
    return result


def day_off_name(day: date) -> Optional[str]:
    """Swedish name of the holiday or day off on ``day``, or None (weekends unnamed)."""
    return days_off(day.year).get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday and neither a public holiday nor a de facto day off."""
    return day.weekday() < 5 and day not in days_off(day.year)


def next_working_day(day: date) -> date:
    """The first working day strictly after ``day``."""
    candidate = day + timedelta(days=1)
    while not is_working_day(candidate):
        candidate += timedelta(days=1)
    return candidate


# ---------------------------------------------------------------- office hours


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def _hours_for(office_hours: OfficeHoursMap, day: date) -> Optional[HoursLike]:
    hours = office_hours.get(WEEKDAYS[day.weekday()])
    if hours is None or hours.end <= hours.start:
        return None
    return hours


def office_interval(day: date, office_hours: OfficeHoursMap) -> Optional[tuple[datetime, datetime]]:
    """Opening and closing instant (Stockholm) of ``day``, or None if closed all day."""
    if not is_working_day(day):
        return None
    hours = _hours_for(office_hours, day)
    if hours is None:
        return None
    return (
        datetime.combine(day, hours.start, STOCKHOLM),
        datetime.combine(day, hours.end, STOCKHOLM),
    )


def _require_some_weekday_hours(office_hours: OfficeHoursMap) -> None:
    if not any(office_hours.get(name) is not None for name in WEEKDAYS[:5]):
        raise ValueError("office hours have no opening time on any weekday")


def is_office_open(now: datetime, office_hours: OfficeHoursMap) -> bool:
    """Whether the office is open at ``now`` (used to mark after-hours contacts)."""
    _require_aware(now, "now")
    local = now.astimezone(STOCKHOLM)
    interval = office_interval(local.date(), office_hours)
    return interval is not None and interval[0] <= local < interval[1]


def next_opening(now: datetime, office_hours: OfficeHoursMap) -> datetime:
    """When the office opens next; ``now`` itself (in Stockholm time) if it is open."""
    _require_aware(now, "now")
    _require_some_weekday_hours(office_hours)
    local = now.astimezone(STOCKHOLM)
    if is_office_open(local, office_hours):
        return local
    day = local.date()
    for _ in range(_MAX_DAYS):
        interval = office_interval(day, office_hours)
        if interval is not None and interval[0] > local:
            return interval[0]
        day += timedelta(days=1)
    raise ValueError("no opening time found within three years")


def add_working_hours(start: datetime, hours: float, office_hours: OfficeHoursMap) -> datetime:
    """The instant at which ``hours`` of office time have passed since ``start``.

    Used for escalation deadlines: time outside office hours, weekends and days
    off does not count. A deadline that ends exactly at closing time is that
    closing time, not the next opening.
    """
    _require_aware(start, "start")
    if hours < 0:
        raise ValueError("hours must not be negative")
    if hours == 0:
        return start.astimezone(STOCKHOLM)
    _require_some_weekday_hours(office_hours)
    remaining = timedelta(hours=hours)
    current = start.astimezone(UTC)
    day = start.astimezone(STOCKHOLM).date()
    for _ in range(_MAX_DAYS):
        interval = office_interval(day, office_hours)
        if interval is not None:
            opens, closes = (moment.astimezone(UTC) for moment in interval)
            begin = max(opens, current)
            if begin < closes:
                available = closes - begin
                if remaining <= available:
                    return (begin + remaining).astimezone(STOCKHOLM)
                remaining -= available
        day += timedelta(days=1)
    raise ValueError("deadline lies more than three years ahead")


def working_hours_between(start: datetime, end: datetime, office_hours: OfficeHoursMap) -> float:
    """Office hours (as a float) between two instants; 0.0 if ``end`` is not after ``start``."""
    _require_aware(start, "start")
    _require_aware(end, "end")
    if end <= start:
        return 0.0
    begin_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    total = timedelta()
    day = start.astimezone(STOCKHOLM).date()
    last = end.astimezone(STOCKHOLM).date()
    while day <= last:
        interval = office_interval(day, office_hours)
        if interval is not None:
            opens, closes = (moment.astimezone(UTC) for moment in interval)
            lo, hi = max(opens, begin_utc), min(closes, end_utc)
            if lo < hi:
                total += hi - lo
        day += timedelta(days=1)
    return total.total_seconds() / 3600.0


# ---------------------------------------------------------------- slots


def windows_for(contact_points: Iterable[ContactPointWindowsLike]) -> list[WindowSpec]:
    """Flatten the callback windows of contact points, keeping their order (priority)."""
    return [
        WindowSpec(cp.id, w.weekday, w.start, w.end, w.capacity)
        for cp in contact_points
        for w in cp.callback_windows
    ]


def next_free_slots(
    windows: Sequence[WindowSpec],
    now: Optional[datetime] = None,
    lead_time: timedelta = DEFAULT_LEAD_TIME,
    booked_counts_fn: Optional[BookedCountsFn] = None,
    count: int = DEFAULT_SLOT_COUNT,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> list[Slot]:
    """The next ``count`` free callback slots starting at or after ``now + lead_time``.

    Skips non-working days (weekends, public holidays, de facto days off) and
    full slots (active bookings >= capacity, as reported by ``booked_counts_fn``).
    When several contact points offer the same time, only the first with room is
    offered (windows earlier in ``windows`` win), so that no two offered slots
    read the same to the relative. ``now`` defaults to :func:`bot.clock.now`.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    if horizon_days < 0:
        raise ValueError("horizon_days must not be negative")
    now = clock_now() if now is None else now
    _require_aware(now, "now")
    for window in windows:
        if window.weekday not in WEEKDAYS:
            raise ValueError(f"unknown weekday {window.weekday!r} in callback window")
    earliest = (now + lead_time).astimezone(UTC)
    first_day = now.astimezone(STOCKHOLM).date()

    candidates: list[tuple[datetime, int, Slot]] = []
    for offset in range(horizon_days + 1):
        day = first_day + timedelta(days=offset)
        if not is_working_day(day):
            continue
        name = WEEKDAYS[day.weekday()]
        for priority, window in enumerate(windows):
            if window.weekday != name or window.capacity < 1 or window.end <= window.start:
                continue
            start = datetime.combine(day, window.start, STOCKHOLM)
            if start.astimezone(UTC) < earliest:
                continue
            end = datetime.combine(day, window.end, STOCKHOLM)
            slot = Slot(window.contact_point_id, start, end, window.capacity)
            candidates.append((start.astimezone(UTC), priority, slot))
    if not candidates:
        return []
    candidates.sort(key=lambda item: (item[0], item[1]))

    counts: Mapping[tuple[str, datetime], int] = {}
    if booked_counts_fn is not None:
        counts = booked_counts_fn(candidates[0][0], max(c[2].end for c in candidates))

    offered: list[Slot] = []
    seen_times: set[tuple[datetime, datetime]] = set()
    for _, _, slot in candidates:
        times = (slot.start, slot.end)
        if times in seen_times:
            continue
        if counts.get(slot.key, 0) >= slot.capacity:
            continue
        seen_times.add(times)
        offered.append(slot)
        if len(offered) == count:
            break
    return offered
