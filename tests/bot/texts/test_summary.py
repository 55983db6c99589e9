"""The one situation summary: du-form for the relative, third person for staff."""

from __future__ import annotations

import re

import pytest

from bot.knowledge.situation import CONDITIONS, RELATIONS, Situation
from bot.texts.summary import (
    CONDITION_PHRASES,
    RELATION_PHRASES,
    RELATIVE,
    STAFF,
    relative_summary,
    staff_summary,
    summarize_situation,
)

# -- for the relative ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        (Situation(), "Du hjälper någon du står nära."),
        (Situation(relation="parent"), "Du hjälper din förälder."),
        (Situation(relation="parent", condition="dementia"), "Du hjälper din förälder som har demens."),
        (
            Situation(relation="partner", condition="chronic_illness"),
            "Du hjälper din partner som har en långvarig sjukdom.",
        ),
        (
            Situation(relation="child", condition="disability"),
            "Du hjälper ditt barn som har en funktionsnedsättning.",
        ),
        (
            Situation(relation="sibling", condition="mental_illness", phase="ending"),
            "Du hjälper ditt syskon som har psykisk ohälsa.",
        ),
        (Situation(condition="addiction"), "Du hjälper någon du står nära som har ett beroende."),
        (
            Situation(relation="neighbour", condition="old_age"),
            "Du hjälper en granne som behöver hjälp på grund av hög ålder.",
        ),
        (
            Situation(relation="partner", condition="chronic_illness", phase="new_start"),
            "Du har förlorat din partner som du har hjälpt och som hade en långvarig sjukdom.",
        ),
        (Situation(relation="parent", phase="new_start"), "Du har förlorat din förälder som du har hjälpt."),
    ],
)
def test_summarize_situation(situation: Situation, expected: str) -> None:
    assert relative_summary(situation) == expected


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("condition", CONDITIONS)
def test_every_relation_and_condition_has_a_phrase(relation: str, condition: str) -> None:
    text = relative_summary(Situation(relation=relation, condition=condition))
    assert RELATION_PHRASES[relation].relative in text
    assert CONDITION_PHRASES[condition].relative in text
    assert re.fullmatch(r"Du hjälper [^.]+\.", text)


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        (Situation(relation="child", person_age=7), "Du hjälper ditt barn, 7 år."),
        (
            Situation(relation="parent", condition="dementia", person_age=82),
            "Du hjälper din förälder, 82 år, som har demens.",
        ),
        (
            Situation(relation="partner", phase="new_start", person_age=70),
            "Du har förlorat din partner, 70 år, som du har hjälpt.",
        ),
    ],
)
def test_summarize_situation_with_age(situation: Situation, expected: str) -> None:
    assert relative_summary(situation) == expected


def test_summary_with_age_mentions_the_age() -> None:
    assert "82 år" in relative_summary(Situation(relation="parent", condition="dementia", person_age=82))


# -- for staff ------------------------------------------------------------------------


def test_summarise_full_situation() -> None:
    situation = Situation(
        relation="parent", condition="dementia", person_age=82, phase="caring",
        burden="high", district="Ekerö centrum",
    )
    assert staff_summary(situation) == (
        "Anhörig till en förälder (82 år) med demenssjukdom, mitt i vårdandet, "
        "område Ekerö centrum; upplever belastningen som hög."
    )


def test_summarise_child_relative() -> None:
    situation = Situation(relation="parent", condition="addiction", user_is_child=True)
    assert staff_summary(situation) == (
        "Barn eller ung person som är anhörig till en förälder med ett beroende."
    )


@pytest.mark.parametrize("situation", [None, Situation()])
def test_summarise_unknown_situation(situation: Situation | None) -> None:
    summary = staff_summary(situation)
    assert summary.endswith(".") and summary.count(".") == 1


def test_summary_from_slots_is_one_sentence() -> None:
    situation = Situation.from_slots({"relation": "partner", "condition": "chronic_illness"})
    summary = staff_summary(situation)
    assert summary == "Anhörig till sin partner med långvarig sjukdom."


# -- both readers ----------------------------------------------------------------------


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("condition", CONDITIONS)
def test_every_relation_and_condition_has_a_phrase_for_staff(relation: str, condition: str) -> None:
    text = staff_summary(Situation(relation=relation, condition=condition))
    assert text == (
        f"Anhörig till {RELATION_PHRASES[relation].staff} {CONDITION_PHRASES[condition].staff}."
    )


def test_the_audience_parameter_frames_the_same_summary() -> None:
    situation = Situation(relation="parent", condition="dementia", person_age=82)
    assert summarize_situation(situation, RELATIVE) == relative_summary(situation)
    assert summarize_situation(situation, STAFF) == staff_summary(situation)
    assert summarize_situation(None, RELATIVE) == "Du hjälper någon du står nära."
    with pytest.raises(ValueError):
        summarize_situation(situation, "press")  # type: ignore[arg-type]


def test_the_relative_hears_their_own_words_and_staff_the_canonical_ones() -> None:
    situation = Situation(relation="parent", condition="chronic_illness", person_age=80,
                          relation_word="mamma", condition_word="parkinson")
    assert relative_summary(situation) == "Du hjälper din mamma, 80 år, som har parkinson."
    assert staff_summary(situation) == "Anhörig till en förälder (80 år) med långvarig sjukdom."


def test_after_a_death_the_own_words_are_in_the_past_tense() -> None:
    situation = Situation(relation="partner", condition="chronic_illness", phase="new_start",
                          relation_word="fru", condition_word="cancer")
    assert relative_summary(situation) == "Du har förlorat din fru som du har hjälpt och som hade cancer."
