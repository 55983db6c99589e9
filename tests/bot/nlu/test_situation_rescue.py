"""A fallback that tells a situation and asks something becomes describe_situation."""

from __future__ import annotations

from typing import Any

import pytest

from bot.nlu.situation_rescue import rescued_intent, tells_situation

LONG = "hej min pappa är 84 och har alzheimer och jag springer dit varje dag, kan nån ringa mig"
FALLBACK = {"name": "nlu_fallback", "confidence": 0.3}
SPREAD = [
    {"name": "nlu_fallback", "confidence": 0.3},
    {"name": "ask_support", "confidence": 0.42},
    {"name": "describe_situation", "confidence": 0.37},
    {"name": "request_callback", "confidence": 0.1},
]
PARENT = {"entity": "relation", "value": "parent"}
DEMENTIA = {"entity": "condition", "value": "dementia"}


def test_a_spread_situation_message_is_rescued_with_the_situation_confidence() -> None:
    assert rescued_intent(FALLBACK, SPREAD, [PARENT, DEMENTIA], LONG) == {
        "name": "describe_situation", "confidence": 0.37,
    }


def test_a_death_counts_as_the_situation_without_a_condition() -> None:
    text = "min son dog i september och jag vet inte hur jag ska orka, finns det nån att prata med"
    ranking = [FALLBACK, {"name": "express_burden", "confidence": 0.39},
               {"name": "crisis", "confidence": 0.32},
               {"name": "describe_situation", "confidence": 0.25}]
    child = {"entity": "relation", "value": "child"}
    assert rescued_intent(FALLBACK, ranking, [child], text) == {
        "name": "describe_situation", "confidence": 0.25,
    }


@pytest.mark.parametrize(
    ("intent", "ranking", "entities", "text", "why"),
    [
        ({"name": "ask_support", "confidence": 0.8}, SPREAD, [PARENT, DEMENTIA], LONG, "not a fallback"),
        (FALLBACK, SPREAD, [PARENT, DEMENTIA], "mamma demens ring", "too short"),
        (FALLBACK, SPREAD, [DEMENTIA], LONG, "no person"),
        (FALLBACK, SPREAD, [PARENT], LONG.replace("har alzheimer", "bor ensam"), "nothing the person has"),
        (FALLBACK, [FALLBACK, {"name": "out_of_scope", "confidence": 0.4},
                    {"name": "describe_situation", "confidence": 0.35}],
         [PARENT, DEMENTIA], LONG, "another matter on top"),
        (FALLBACK, [FALLBACK, {"name": "ask_support", "confidence": 0.4},
                    {"name": "request_callback", "confidence": 0.35}],
         [PARENT, DEMENTIA], LONG, "neither situation nor burden among the top two"),
        (FALLBACK, [FALLBACK, {"name": "crisis", "confidence": 0.4},
                    {"name": "describe_situation", "confidence": 0.35}],
         [PARENT, DEMENTIA], LONG, "crisis on top"),
    ],
)
def test_what_is_not_rescued(
    intent: dict[str, Any], ranking: list[dict[str, Any]], entities: list[dict[str, Any]],
    text: str, why: str,
) -> None:
    assert rescued_intent(intent, ranking, entities, text) is None, why


def test_tells_situation_needs_a_person_and_a_condition_or_a_death() -> None:
    assert tells_situation("min mamma har demens", [PARENT, DEMENTIA])
    assert not tells_situation("min mamma bor i Nacka", [PARENT])
    assert tells_situation("min mamma dog i våras", [PARENT])
