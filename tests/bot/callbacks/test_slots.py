from __future__ import annotations

from datetime import datetime, time

import pytest

from bot import settings
from bot.callbacks.calendar import Slot, WindowSpec, next_free_slots
from bot.callbacks.slots import answer_words, choose_slot, matching_slots
from bot.clock import STOCKHOLM
from bot.texts.dates import format_window_sv

NOW = datetime(2025, 11, 24, 9, 0, tzinfo=STOCKHOLM)  # Monday

# tisdag 25/11 10-12, tisdag 25/11 13-15, onsdag 26/11 09-11, torsdag 27/11 13-15,
# tisdag 2/12 10-12
SLOTS = next_free_slots(
    [
        WindowSpec("anna", "tuesday", time(10), time(12), 2),
        WindowSpec("anna", "thursday", time(13), time(15), 2),
        WindowSpec("anna", "tuesday", time(13), time(15), 1),
        WindowSpec("anna", "wednesday", time(9), time(11)),
    ],
    now=NOW,
    count=5,
)


def test_fixture_slots() -> None:
    assert [format_window_sv(s) for s in SLOTS] == [
        "tisdag 25 november kl. 10.00–12.00",
        "tisdag 25 november kl. 13.00–15.00",
        "onsdag 26 november kl. 09.00–11.00",
        "torsdag 27 november kl. 13.00–15.00",
        "tisdag 2 december kl. 10.00–12.00",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # by position
        ("den första", 0),
        ("Den första!", 0),
        ("den forsta", 0),
        ("första", 0),
        ("ettan", 0),
        ("1", 0),
        ("nummer två", 1),
        ("nummer tva", 1),
        ("nr 2", 1),
        ("alternativ 2", 1),
        ("2", 1),
        ("tvåan", 1),
        ("den andra", 1),
        ("3:e", 2),
        ("den tredje", 2),
        ("fjärde", 3),
        ("den fjarde", 3),
        ("den sista", 4),
        ("sista", 4),
        # by day and part of day
        ("tisdag förmiddag", 0),
        ("tisdag formiddag", 0),
        ("Tisdag fm", 0),
        ("tisdagen på förmiddagen", 0),
        ("tisdag eftermiddag", 1),
        ("tis em", 1),
        ("efter lunch på tisdag", 1),
        ("efter lunch på torsdag", 3),
        ("efter lunch pa torsdag", 3),
        ("torsdag eftermiddag", 3),
        ("torsdagen", 3),
        ("onsdag", 2),
        ("ons", 2),
        ("i övermorgon", 2),
        ("i overmorgon", 2),
        ("nästa vecka tisdag förmiddag", 4),
        # by date and time
        ("den 26", 2),
        ("26 november", 2),
        ("den 27:e november", 3),
        ("tisdag 2 december", 4),
        ("2/12", 4),
        ("kl 13 på torsdag", 3),
        ("klockan 9", 2),
        ("torsdag kl. 14.00", 3),
        # the button label itself
        ("onsdag 26 november kl. 09.00–11.00", 2),
        # whatever suits
        ("spelar ingen roll", 0),
        ("vilken som helst", 0),
        ("så snart som möjligt", 0),
    ],
)
def test_choose_slot(text: str, expected: int) -> None:
    assert choose_slot(text, SLOTS, now=NOW) == expected


@pytest.mark.parametrize(
    "text",
    [
        "tisdag",  # morning or afternoon?
        "imorgon",  # two slots tomorrow
        "25 november",
        "efter lunch",  # Tuesday or Thursday?
        "fredag",  # nothing on Friday
        "inte tisdag",
        "ingen av dem",
        "den sjätte",  # only five offered
        "nummer 9",
        "",
        "   ",
        "hej",
        "jag vet inte",
    ],
)
def test_unclear_or_impossible_choices_give_none(text: str) -> None:
    assert choose_slot(text, SLOTS, now=NOW) is None


def test_matching_slots_narrows_ambiguous_answers() -> None:
    assert matching_slots("tisdag", SLOTS, now=NOW) == [0, 1, 4]
    assert matching_slots("imorgon", SLOTS, now=NOW) == [0, 1]
    assert matching_slots("efter lunch", SLOTS, now=NOW) == [1, 3]
    assert matching_slots("fredag", SLOTS, now=NOW) == []


@pytest.mark.parametrize(
    "text, expected", [("imorgon", 0), ("i morgon", 0), ("imorn", 0), ("i dag", None)]
)
def test_tomorrow_with_one_slot(text: str, expected: int | None) -> None:
    slots = SLOTS[2:]  # onsdag first
    assert choose_slot(text, slots, now=datetime(2025, 11, 25, 9, tzinfo=STOCKHOLM)) == expected


def test_imorgon_uses_the_application_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANHORIG_NOW", "2025-11-26T08:00:00+01:00")  # Wednesday
    settings.reset_settings_cache()
    try:
        assert choose_slot("imorgon", SLOTS) == 3  # Thursday 27 November
    finally:
        monkeypatch.delenv("ANHORIG_NOW")
        settings.reset_settings_cache()


def test_weekday_that_recurs_takes_the_earliest() -> None:
    tuesdays = [s for s in SLOTS if s.start.weekday() == 1 and s.start.hour == 10]
    assert choose_slot("tisdag", tuesdays, now=NOW) == 0


def test_works_with_any_slot_like_object() -> None:
    class Plain:
        def __init__(self, slot: Slot) -> None:
            self.start, self.end = slot.start, slot.end

    assert choose_slot("onsdag", [Plain(s) for s in SLOTS], now=NOW) == 2


def test_no_slots() -> None:
    assert choose_slot("den första", [], now=NOW) is None


def test_answer_words() -> None:
    assert answer_words("Efter LUNCH på Torsdag!") == "efter lunch pa torsdag"
    assert answer_words("kl. 13.30–15.00") == "kl 13.30 15.00"


def test_answer_words_read_full_width_digits_and_superscripts() -> None:
    assert answer_words("kl １０：３０") == "kl 10:30"
    assert answer_words("den ²") == "den 2"
    assert choose_slot("onsdag kl １０：００", SLOTS, now=NOW) == 2
