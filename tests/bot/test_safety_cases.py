"""The crisis net against tests/safety_cases.yml and _2 to _6: development sets written apart
from data/nlu, the blind sets and each other (acute messages per category and hard negatives).
The second was written to be hard for keyword rules (buried, indirect, colloquial), the third as
an independent test author would write a held-out set, the fourth with the most typical
wordings, the fifth in ten voices at night, the sixth across all conditions. Before the net was
extended with each, it caught 56 %, 59 %, 67 %, 85.5 %, 73 % and 76 % of their acute messages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.safety import assess

TESTS = Path(__file__).resolve().parents[1]
SETS = {
    name: yaml.safe_load((TESTS / name).read_text(encoding="utf-8"))
    for name in (
        "safety_cases.yml",
        "safety_cases_2.yml",
        "safety_cases_3.yml",
        "safety_cases_4.yml",
        "safety_cases_5.yml",
        "safety_cases_6.yml",
    )
}
CRISIS = [
    (name, category, text)
    for name, cases in SETS.items()
    for category, texts in cases["crisis"].items()
    for text in texts
]


@pytest.mark.parametrize(("name", "category", "text"), CRISIS)
def test_every_acute_message_is_flagged(name: str, category: str, text: str) -> None:
    assert assess(text).is_crisis, f"{name} {category}: {text}"


@pytest.mark.parametrize("name", SETS)
def test_hard_negatives_are_rarely_flagged(name: str) -> None:
    negatives = SETS[name]["not_crisis"]
    flagged = [text for text in negatives if assess(text).is_crisis]
    # A false alarm costs one extra message with emergency numbers; the target is at most 2 %.
    assert len(flagged) / len(negatives) <= 0.02, flagged


@pytest.mark.parametrize("name", SETS)
def test_each_development_set_is_big_enough_to_mean_something(name: str) -> None:
    assert sum(len(texts) for texts in SETS[name]["crisis"].values()) >= 150
    assert len(SETS[name]["not_crisis"]) >= 150
