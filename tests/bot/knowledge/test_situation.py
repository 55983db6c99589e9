from __future__ import annotations

from typing import Any

import pytest

from bot.knowledge.situation import BURDEN_LEVELS, CONDITIONS, PHASES, RELATIONS, SUPPORT_TYPES, Situation


def test_value_lists_match_the_nlu_contract() -> None:
    assert RELATIONS == (
        "partner",
        "parent",
        "child",
        "sibling",
        "grandparent",
        "other_relative",
        "friend",
        "neighbour",
    )
    assert set(CONDITIONS) == {
        "dementia",
        "old_age",
        "mental_illness",
        "disability",
        "addiction",
        "chronic_illness",
        "extremism",
        "criminality",
        "violence_affected",
    }
    assert len(SUPPORT_TYPES) == len(set(SUPPORT_TYPES)) == 14
    assert PHASES == ("start", "caring", "ending", "new_start")
    assert BURDEN_LEVELS == ("low", "medium", "high")


def test_from_slots_reads_every_known_value() -> None:
    situation = Situation.from_slots(
        {
            "relation": "parent",
            "condition": "dementia",
            "person_age": "82",
            "caring_phase": "ending",
            "burden": "high",
            "district": "Ekerö centrum",
            "user_is_child": False,
        }
    )
    assert situation == Situation("parent", "dementia", 82, "ending", "high", "Ekerö centrum", False)


def test_from_empty_slots_is_the_unknown_situation() -> None:
    assert Situation.from_slots({}) == Situation()


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        ("82", 82),
        (82, 82),
        ("7", 7),
        (None, None),
        ("", None),
        ("unknown", None),
        ("åttio", None),
        ([82], None),
    ],
)
def test_from_slots_person_age(age: Any, expected: Any) -> None:
    assert Situation.from_slots({"person_age": age}).person_age == expected


@pytest.mark.parametrize(
    ("slot", "value", "field"),
    [
        ("relation", "mamma", "relation"),  # surface forms are not canonical values
        ("relation", "other", "relation"),
        ("condition", "other", "condition"),
        ("condition", "demens", "condition"),
        ("caring_phase", "vårdandet", "phase"),
        ("burden", "extreme", "burden"),
        ("relation", ["parent"], "relation"),
    ],
)
def test_from_slots_drops_values_outside_the_contract(slot: str, value: Any, field: str) -> None:
    assert getattr(Situation.from_slots({slot: value}), field) is None


@pytest.mark.parametrize(("value", "expected"), [(True, True), (None, False), (False, False), ("true", True)])
def test_from_slots_user_is_child(value: Any, expected: bool) -> None:
    assert Situation.from_slots({"user_is_child": value}).user_is_child is expected


def test_from_slots_blank_district_is_none() -> None:
    assert Situation.from_slots({"district": ""}).district is None


def test_situation_is_immutable() -> None:
    with pytest.raises(AttributeError):
        Situation().relation = "parent"  # type: ignore[misc]
