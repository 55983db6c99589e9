"""Fuzzing the parsers of what a relative types: phone numbers, times, ages, references.

Whatever the text, each parser answers (a value, None, or its own Swedish validation
error) and never raises anything else; the answers keep their promises (an E.164 number
that reads back, an index among the offered slots, an age a person can have).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, time, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from bot.callbacks.booking import InvalidBookingInput
from bot.callbacks.calendar import Slot, WindowSpec, next_free_slots
from bot.callbacks.dialogue import (
    answer_time,
    extract_digits,
    extract_name,
    extract_reference,
    is_abort,
    parse_consent,
    parse_message,
    parse_mode,
    parse_moment,
    pick_slot,
    slots_from_slot_value,
)
from bot.callbacks.phone import (
    InvalidPhoneNumber,
    format_phone_sv,
    last_digits,
    matches_last_digits,
    normalise_swedish_phone,
)
from bot.callbacks.slots import choose_slot, matching_slots
from bot.clock import STOCKHOLM
from bot.nlp.facts import parse_age
from tests.fuzzing import SWEDISH_TEXT, TEXT, fuzz

NOW = datetime(2025, 11, 24, 9, 0, tzinfo=STOCKHOLM)  # a Monday
SLOTS = next_free_slots(
    [
        WindowSpec("anna", "tuesday", time(10), time(12), 2),
        WindowSpec("anna", "thursday", time(13), time(15), 2),
        WindowSpec("anna", "wednesday", time(9), time(11)),
    ],
    now=NOW,
    count=5,
)

# Swedish mobile numbers as people type them: 07x, +46 7x, 0046 7x, with spaces and dashes.
MOBILE = st.builds(
    lambda prefix, digits, style: style(prefix, digits),
    st.sampled_from(["70", "72", "73", "76", "79"]),
    st.text(alphabet="0123456789", min_size=7, max_size=7),
    st.sampled_from([
        lambda p, d: f"0{p}{d}",
        lambda p, d: f"0{p}-{d[:3]} {d[3:5]} {d[5:]}",
        lambda p, d: f"+46 {p} {d[:3]} {d[3:]}",
        lambda p, d: f"0046{p}{d}",
        lambda p, d: f"mitt nummer är 0{p}-{d[:3]} {d[3:5]} {d[5:]}, ring efter lunch",
    ]),
)


# ---------------------------------------------------------------- phone numbers


@fuzz()
@given(TEXT)
def test_any_text_is_a_swedish_number_or_a_swedish_refusal(text: str) -> None:
    try:
        e164 = normalise_swedish_phone(text)
    except InvalidPhoneNumber as refused:
        assert refused.message_sv and refused.reason
        return
    assert re.fullmatch(r"\+46\d{6,12}", e164)
    assert normalise_swedish_phone(format_phone_sv(e164)) == e164


@fuzz()
@given(MOBILE)
def test_every_swedish_mobile_number_is_accepted_however_it_is_typed(text: str) -> None:
    digits = re.sub(r"\D", "", text.split("ring")[0])
    e164 = normalise_swedish_phone(text)
    assert e164 == "+46" + digits[-9:]
    assert matches_last_digits(e164, text.split(",")[0])
    assert last_digits(e164) == digits[-4:]


@fuzz()
@given(st.one_of(st.none(), MOBILE.map(normalise_swedish_phone)), TEXT)
def test_last_digits_compare_anything_without_raising(e164: str | None, given_text: str) -> None:
    assert matches_last_digits(e164, given_text) in (True, False)


# ---------------------------------------------------------------- callback times


@fuzz()
@given(TEXT, st.integers(min_value=0, max_value=len(SLOTS)))
def test_a_time_answer_is_an_offered_slot_or_none(text: str, offered: int) -> None:
    slots = SLOTS[:offered]
    chosen = choose_slot(text, slots, NOW)
    assert chosen is None or 0 <= chosen < len(slots)
    matches = matching_slots(text, slots, NOW)
    assert all(0 <= index < len(slots) for index in matches)
    assert len(set(matches)) == len(matches)
    pick = pick_slot(text, slots, NOW)
    assert pick.index is None or 0 <= pick.index < len(slots)
    assert all(0 <= index < len(slots) for index in pick.candidates)


@fuzz()
@given(TEXT)
def test_a_time_answer_sets_exactly_one_outcome(text: str) -> None:
    answer = answer_time(text, SLOTS, NOW)
    set_fields = [f for f in (answer.chosen, answer.later_than, answer.reply) if f is not None]
    assert len(set_fields) == 1
    assert answer.chosen is None or answer.chosen in SLOTS


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=12,
)
AWARE_ISO = st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat)
SLOT_DICT = st.fixed_dictionaries(
    {"contact_point_id": st.one_of(st.just("anna"), JSON),
     "start": st.one_of(AWARE_ISO, st.datetimes().map(datetime.isoformat), JSON),
     "end": st.one_of(AWARE_ISO, JSON)},
    optional={"capacity": st.one_of(st.integers(), JSON,
                                    st.sampled_from([float("inf"), float("nan"), "1e999", 10**40]))},
)


@fuzz()
@given(st.one_of(JSON, st.lists(st.one_of(SLOT_DICT, JSON), max_size=4)))
@example([{"contact_point_id": "anna", "start": "2025-11-25T10:00:00+01:00",
           "end": "2025-11-25T12:00:00+01:00", "capacity": float("inf")}])
def test_a_stored_slot_value_of_any_shape_reads_as_slots_or_none(value: object) -> None:
    # The offered slots round-trip through a Rasa slot; a tampered value reads as no slots.
    slots = slots_from_slot_value(json.loads(json.dumps(value)) if _is_json(value) else value)
    assert all(isinstance(slot, Slot) and slot.start.tzinfo is not None for slot in slots)


def _is_json(value: object) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True


@fuzz()
@given(st.one_of(TEXT, JSON, st.datetimes().map(datetime.isoformat)))
def test_a_stored_moment_is_an_aware_datetime_or_none(value: object) -> None:
    moment = parse_moment(value)
    assert moment is None or moment.tzinfo is not None


def test_slot_values_round_trip() -> None:
    # The property above must not pass by reading everything as nothing.
    from bot.callbacks.dialogue import slots_to_slot_value

    assert slots_from_slot_value(slots_to_slot_value(SLOTS)) == list(SLOTS)
    assert parse_moment((NOW + timedelta(hours=1)).isoformat()) == NOW + timedelta(hours=1)


# ---------------------------------------------------------------- the rest of the booking dialogue


@fuzz()
@given(st.one_of(st.none(), TEXT), st.sampled_from(["", "affirm", "deny", "inform", "nlu_fallback"]))
def test_booking_answers_are_read_or_refused_in_swedish(text: str | None, intent: str) -> None:
    assert parse_consent(text, intent) in (True, False, None)
    assert parse_mode(text) in ("rebook", "cancel", None)
    assert is_abort(text) in (True, False)
    reference = extract_reference(text)
    assert reference is None or re.fullmatch(r"[A-Z0-9]+", reference)
    digits = extract_digits(text)
    assert digits is None or (digits.isdigit() and len(digits) >= 4)
    for read in (lambda: extract_name(text), lambda: parse_message(text, intent)):
        try:
            answer = read()
        except InvalidBookingInput as refused:
            assert refused.message_sv
        else:
            assert isinstance(answer, str)


# ---------------------------------------------------------------- ages


@fuzz()
@given(TEXT, st.booleans())
def test_an_age_is_one_a_person_can_have_or_none(text: str, bare_number_ok: bool) -> None:
    age = parse_age(text, bare_number_ok=bare_number_ok)
    assert age is None or 0 <= age <= 115


@fuzz()
@given(st.integers(min_value=0, max_value=115), SWEDISH_TEXT)
def test_a_stated_age_is_found_in_any_surrounding(age: int, rest: str) -> None:
    assert parse_age(f"mamma är {age} år", bare_number_ok=False) == age
    assert parse_age(str(age), bare_number_ok=True) == age
    found = parse_age(f"{rest} mamma är {age} år")
    assert found is None or 0 <= found <= 115
