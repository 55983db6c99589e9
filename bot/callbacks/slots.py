"""Understand which offered callback slot the relative picked, in Swedish free text.

The bot offers a few slots as buttons, but many people answer in words:
"den första", "nummer två", "2", "tisdag förmiddag", "efter lunch på torsdag",
"imorgon". This module maps such answers to the index of an offered slot, and
says "don't know" (None) rather than guess when the answer fits several slots
on the same day. Text is folded with :func:`bot.nlp.text.fold` (å/ä -> a,
ö -> o) so spelling without Swedish letters works too.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Callable, Optional, Protocol, Sequence

from bot.clock import STOCKHOLM
from bot.clock import now as clock_now
from bot.nlp.text import fold
from bot.texts.dates import format_window_sv

logger = logging.getLogger(__name__)


class SlotLike(Protocol):
    """What slot choice needs of an offered slot (``bot.callbacks.calendar.Slot`` fits)."""

    @property
    def start(self) -> datetime:
        """Start of the window (aware)."""

    @property
    def end(self) -> datetime:
        """End of the window (aware)."""


NOON = time(12, 0)

_ORDINALS = {
    "forsta": 1, "forst": 1, "ettan": 1,
    "andra": 2, "tvaan": 2, "tvan": 2,
    "tredje": 3, "trean": 3,
    "fjarde": 4, "fyran": 4,
    "femte": 5, "femman": 5,
    "sjatte": 6, "sexan": 6,
}
_CARDINALS = {"ett": 1, "en": 1, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6}
_WEEKDAY_STEMS = ("mandag", "tisdag", "onsdag", "torsdag", "fredag", "lordag", "sondag")
_WEEKDAY_ABBREVIATIONS = {"tis": 1, "ons": 2, "tors": 3, "tor": 3, "fre": 4}
_MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "mars": 3, "apr": 4,
    "april": 4, "maj": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8,
    "augusti": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH_PATTERN = "|".join(sorted(_MONTHS, key=len, reverse=True))

_ANY = re.compile(
    r"\b(spelar (ingen|mindre) roll|vilken som helst|vilken tid som helst|"
    r"forsta basta|tidigast\w*|snarast|sa snart som mojligt|sa fort som mojligt|"
    r"den narmaste|narmast)\b"
)
_DECLINE = re.compile(r"\b(inte|ej|ingen av|inget av|inga av|ingen utav)\b")
_LAST = re.compile(r"\b(sista|sist)\b")
_OPTION_NUMBER = re.compile(
    r"\b(?:nummer|nr|alternativ|alt|val|tid|tiden|knapp)\b\s*(\d{1,2}|[a-z]+)\b"
)
_DIGIT_ORDINAL = re.compile(r"\b(\d{1,2})\s*:?\s*(?:a|e)\b")
_TOMORROW = re.compile(r"\b(i ?morgon|i ?morn|i ?morron|i ?morrn|imorgon)\b")
_DAY_AFTER_TOMORROW = re.compile(r"\b(i ?overmorgon|overmorgon)\b")
_TODAY = re.compile(r"\b(i ?dag|idag)\b")
_NEXT_WEEK = re.compile(r"\bnasta vecka\b")
_THIS_WEEK = re.compile(r"\b(denna|den har|i) veckan?\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:\s*:?\s*(?:a|e))?\s+({_MONTH_PATTERN})\b")
_ORDINAL_MONTH = re.compile(rf"\b({'|'.join(_ORDINALS)})\s+({_MONTH_PATTERN})\b")
_DEN_DAY = re.compile(r"\bden\s+(\d{1,2})\b")
_CLOCK_EXPLICIT = re.compile(
    r"\b(?:kl|klockan)\s*(\d{1,2})(?:[.:](\d{2}))?\b|\b(\d{1,2})[.:](\d{2})\b"
)
_MORNING = re.compile(
    r"\b(formiddag\w*|fm|morgon\w*|morron\w*|tidigt|fore lunch\w*|innan lunch\w*|fore tolv)\b"
)
_AFTERNOON = re.compile(
    r"\b(eftermiddag\w*|em|efter lunch\w*|efter tolv|sent|senare pa dagen)\b"
)
_LUNCH = re.compile(r"\b(lunch\w*|mitt pa dagen)\b")


_LOOSE_NUMBER_PUNCTUATION = re.compile(r"(?<!\d)[.:/-]|[.:/-](?!\d)")
_OTHER_PUNCTUATION = re.compile(r"[^\w\s.:/-]")
_SPACES = re.compile(r"\s+")


def answer_words(text: str) -> str:
    """The answer as the patterns read it: folded words, no punctuation except ``: . / -`` in numbers.

    Compatibility forms are unified first (NFKC: full-width "１０：００" and "²" read as
    "10:00" and "2"), then :func:`bot.nlp.text.fold` lower-cases and drops the
    Swedish diacritics.
    """
    text = fold(unicodedata.normalize("NFKC", text))
    text = _LOOSE_NUMBER_PUNCTUATION.sub(" ", text)
    text = _OTHER_PUNCTUATION.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


@dataclass
class _Reading:
    """What the text says: an option number and/or constraints on the slot."""

    option: Optional[int] = None  # 1-based; -1 for "the last one"
    has_day: bool = False
    predicates: list[Callable[[datetime, datetime], bool]] = field(default_factory=list)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(STOCKHOLM)


def _number_word(token: str) -> Optional[int]:
    if token.isdigit():
        return int(token)
    return _CARDINALS.get(token) or _ORDINALS.get(token)


Predicate = Callable[[datetime, datetime], bool]


def _on_date(day: date) -> Predicate:
    return lambda start, end: start.date() == day


def _on_day_month(day_number: int, month: int) -> Predicate:
    return lambda start, end: (start.day, start.month) == (day_number, month)


def _on_day_of_month(day_number: int) -> Predicate:
    return lambda start, end: start.day == day_number


def _in_week_of(monday: date) -> Predicate:
    return lambda start, end: monday <= start.date() < monday + timedelta(days=7)


def _on_weekdays(weekdays: frozenset[int]) -> Predicate:
    return lambda start, end: start.weekday() in weekdays


def _covers(moment: time) -> Predicate:
    return lambda start, end: start.time() <= moment < end.time()


def _covers_hour(hour: int) -> Predicate:
    return lambda start, end: start.hour <= hour < end.hour


def _morning(start: datetime, end: datetime) -> bool:
    return start.time() < NOON


def _afternoon(start: datetime, end: datetime) -> bool:
    return start.time() >= NOON


def _lunch(start: datetime, end: datetime) -> bool:
    return start.time() <= NOON < end.time() or time(11, 0) <= start.time() <= time(13, 0)


def _read_dates(reading: _Reading, rest: str, today: date) -> str:
    """Explicit and relative dates; run first so "den första december" is not an option."""
    for match in _ISO_DATE.finditer(rest):
        try:
            reading.predicates.append(_on_date(date(*map(int, match.groups()))))
            reading.has_day = True
        except ValueError:
            pass
    rest = _ISO_DATE.sub(" ", rest)
    for match in _DAY_MONTH.finditer(rest):
        _add_day_month(reading, int(match.group(1)), _MONTHS[match.group(2)])
    rest = _DAY_MONTH.sub(" ", rest)
    for match in _ORDINAL_MONTH.finditer(rest):
        _add_day_month(reading, _ORDINALS[match.group(1)], _MONTHS[match.group(2)])
    rest = _ORDINAL_MONTH.sub(" ", rest)
    for match in _NUMERIC_DATE.finditer(rest):
        _add_day_month(reading, int(match.group(1)), int(match.group(2)))
    rest = _NUMERIC_DATE.sub(" ", rest)

    for pattern, days in ((_DAY_AFTER_TOMORROW, 2), (_TOMORROW, 1), (_TODAY, 0)):
        if pattern.search(rest):
            reading.predicates.append(_on_date(today + timedelta(days=days)))
            reading.has_day = True
            rest = pattern.sub(" ", rest)
    this_monday = today - timedelta(days=today.weekday())
    if _NEXT_WEEK.search(rest):
        reading.predicates.append(_in_week_of(this_monday + timedelta(days=7)))
        rest = _NEXT_WEEK.sub(" ", rest)
    elif _THIS_WEEK.search(rest):
        reading.predicates.append(_in_week_of(this_monday))
        rest = _THIS_WEEK.sub(" ", rest)

    weekdays: set[int] = set()
    for token in rest.split():
        for index, stem in enumerate(_WEEKDAY_STEMS):
            if token.startswith(stem):
                weekdays.add(index)
        if token in _WEEKDAY_ABBREVIATIONS:
            weekdays.add(_WEEKDAY_ABBREVIATIONS[token])
    if weekdays:
        reading.predicates.append(_on_weekdays(frozenset(weekdays)))
        reading.has_day = True
    return rest


def _add_day_month(reading: _Reading, day_number: int, month: int) -> None:
    if 1 <= month <= 12 and 1 <= day_number <= 31:
        reading.predicates.append(_on_day_month(day_number, month))
        reading.has_day = True


def _read_option(rest: str) -> tuple[Optional[int], str]:
    """ "nummer två", "alternativ 2", "2:a", "den andra", "sista" -> 1-based option (-1: last)."""
    option_match = _OPTION_NUMBER.search(rest)
    if option_match:
        option = _number_word(option_match.group(1))
        if option is not None:
            return option, rest.replace(option_match.group(0), " ")
    if _LAST.search(rest):
        return -1, rest
    digit_ordinal = _DIGIT_ORDINAL.search(rest)
    if digit_ordinal:
        return int(digit_ordinal.group(1)), rest.replace(digit_ordinal.group(0), " ")
    return next((_ORDINALS[t] for t in rest.split() if t in _ORDINALS), None), rest


def _read(text: str, slots: Sequence[SlotLike], today: date) -> _Reading:
    reading = _Reading()
    rest = _read_dates(reading, f" {text} ", today)

    if _MORNING.search(rest):
        reading.predicates.append(_morning)
    elif _AFTERNOON.search(rest):
        reading.predicates.append(_afternoon)
    elif _LUNCH.search(rest):
        reading.predicates.append(_lunch)
    rest = _MORNING.sub(" ", _AFTERNOON.sub(" ", _LUNCH.sub(" ", rest)))

    reading.option, rest = _read_option(rest)

    # "den 25": a day of the month if an offered slot falls on it, else an option number.
    den_day = _DEN_DAY.search(rest)
    if den_day and reading.option is None:
        number = int(den_day.group(1))
        if any(_local(s.start).day == number for s in slots):
            reading.predicates.append(_on_day_of_month(number))
            reading.has_day = True
        elif 1 <= number <= len(slots):
            reading.option = number
        rest = rest.replace(den_day.group(0), " ")

    clock = _CLOCK_EXPLICIT.search(rest)
    if clock:
        hour = int(clock.group(1) or clock.group(3))
        minute = int(clock.group(2) or clock.group(4) or 0)
        if hour < 7:  # "kl 2" for a daytime callback means 14.00
            hour += 12
        if hour < 24 and minute < 60:
            reading.predicates.append(_covers(time(hour, minute)))
        rest = rest.replace(clock.group(0), " ")

    # A message that is only a number or number word: option first, then hour, then day.
    words = rest.split()
    if reading.option is None and len(words) == 1 and not reading.predicates:
        only = _number_word(words[0])
        if only is not None:
            if 1 <= only <= len(slots):
                reading.option = only
            elif any(_local(s.start).hour <= only < _local(s.end).hour for s in slots):
                reading.predicates.append(_covers_hour(only))
            elif any(_local(s.start).day == only for s in slots):
                reading.predicates.append(_on_day_of_month(only))
                reading.has_day = True
    return reading


def matching_slots(
    text: str, slots: Sequence[SlotLike], now: Optional[datetime] = None
) -> list[int]:
    """Indices of the offered slots that fit what the relative wrote, earliest first.

    Useful to re-offer a narrowed list when :func:`choose_slot` returns None.
    """
    if not slots or not text or not text.strip():
        return []
    now = clock_now() if now is None else now
    folded = answer_words(text)
    for index, slot in enumerate(slots):
        label = answer_words(format_window_sv(slot))
        if folded == label or label in folded:
            return [index]
    if _ANY.search(folded):
        return list(range(len(slots)))
    if _DECLINE.search(folded):
        # "inte tisdag", "ingen av dem": do not guess what was excluded or meant instead.
        return []
    reading = _read(folded, slots, _local(now).date())
    if reading.option is not None:
        pool = [
            i for i, s in enumerate(slots)
            if all(p(_local(s.start), _local(s.end)) for p in reading.predicates)
        ]
        position = len(pool) - 1 if reading.option == -1 else reading.option - 1
        return [pool[position]] if 0 <= position < len(pool) else []
    if not reading.predicates:
        return []
    return [
        i for i, s in enumerate(slots)
        if all(p(_local(s.start), _local(s.end)) for p in reading.predicates)
    ]


def choose_slot(
    text: str, slots: Sequence[SlotLike], now: Optional[datetime] = None
) -> Optional[int]:
    """Index of the slot the relative chose, or None when unclear or nothing fits.

    With several matches it takes the earliest day only when the answer named a
    day ("tisdag" fitting this week's and next week's Tuesday) and exactly one
    slot fits on that day; "tisdag" with a morning and an afternoon slot is None.
    """
    matches = matching_slots(text, slots, now)
    if not matches:
        return None
    if len(matches) == 1:
        return matches[0]
    folded = answer_words(text)
    if _ANY.search(folded):
        return min(matches, key=lambda i: slots[i].start)
    now = clock_now() if now is None else now
    if not _read(folded, slots, _local(now).date()).has_day:
        return None
    ordered = sorted(matches, key=lambda i: slots[i].start)
    first_day = _local(slots[ordered[0]].start).date()
    same_day = [i for i in ordered if _local(slots[i].start).date() == first_day]
    return same_day[0] if len(same_day) == 1 else None
