"""Whom the relative cares for, and the relative's own words for the person and the condition."""

from __future__ import annotations

from typing import Any

import pytest

from bot.nlp import pipeline
from bot.nlp.references import cared_for, condition_word, pronoun, relation_word


def entities(text: str) -> list[dict[str, Any]]:
    return list(pipeline.extract_entities(text))


@pytest.mark.parametrize(
    ("text", "value", "word"),
    [
        # The person named first, when no one is named with "min".
        ("Pappa fick en stroke i oktober och mamma klarar inte honom, jag har två små barn",
         "parent", "pappa"),
        # The writer's own role is never the person cared for.
        ("Hej, jag är pappa. Min son är 24 och har psykos", "child", "son"),
        # A possessive names the person even after another mention.
        ("Mamma gråter varje kväll och min lillebror har autism", "sibling", "lillebror"),
        ("min man har parkinson", "partner", "man"),
        ("Min Mormor har demens", "grandparent", "mormor"),
    ],
)
def test_the_person_cared_for_and_the_word_used(text: str, value: str, word: str) -> None:
    chosen = cared_for(text, entities(text))
    assert chosen is not None and chosen["value"] == value
    assert relation_word(text, chosen) == word


def test_no_person_when_only_the_writer_is_named() -> None:
    text = "jag är mamma och undrar över stöd"
    assert cared_for(text, [e for e in entities(text)]) is None


def test_an_unclear_word_is_not_kept() -> None:
    text = "min vän har demens"
    chosen = cared_for(text, entities(text))
    assert chosen is not None and chosen["value"] == "friend"
    assert relation_word(text, chosen) is None  # "vän" is said as "en vän" by the summary


@pytest.mark.parametrize(
    ("text", "condition", "word"),
    [
        ("pappa har Parkinsons", "chronic_illness", "parkinson"),
        ("mamma har alzheimer", "dementia", "alzheimer"),
        ("han har KOL och hjärtsvikt", "chronic_illness", "KOL"),
        ("min son har en funktionsnedsättning", "disability", None),
    ],
)
def test_the_condition_in_the_relatives_word(text: str, condition: str, word: str | None) -> None:
    assert condition_word(text, entities(text), condition) == word


def test_a_condition_word_only_for_the_value_kept() -> None:
    text = "mamma har demens och cancer"
    assert condition_word(text, entities(text), "dementia") == "demens"
    assert condition_word(text, entities(text), "addiction") is None


@pytest.mark.parametrize(
    ("word", "expected"),
    [("mamma", "hon"), ("lillasyster", "hon"), ("pappa", "han"), ("man", "han"),
     ("sambo", "hen"), (None, "hen")],
)
def test_pronoun(word: str | None, expected: str) -> None:
    assert pronoun(word) == expected
