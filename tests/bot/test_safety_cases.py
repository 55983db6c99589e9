"""The crisis net against data/crisis/cases_1.yml to _6: development sets written apart from
data/nlu, the blind sets and each other (acute messages per category and hard negatives).
The second was written to be hard for keyword rules (buried, indirect, colloquial), the third as
an independent test author would write a held-out set, the fourth with the most typical
wordings, the fifth in ten voices at night, the sixth across all conditions. Before the net was
extended with each, it caught 56 %, 59 %, 67 %, 85.5 %, 73 % and 76 % of their acute messages.
Sets 7 to 15 were not used to widen the net; it catches 42-73 % of them (the least of sets 14
and 15, English inside Swedish chat), and the learned detector (bot.nlu.crisis_detector, tested in
test_crisis_detector.py) covers the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.safety import assess

CASES = Path(__file__).resolve().parents[2] / "data" / "crisis"
ALL_SETS = {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(CASES.glob("*.yml"))}
# The sets the net was developed on, round by round (bot/safety.py names each round's set).
NET_ROUNDS = ("cases_1.yml", "cases_2.yml", "cases_3.yml", "cases_4.yml", "cases_5.yml", "cases_6.yml")
SETS = {name: ALL_SETS[name] for name in NET_ROUNDS}
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


@pytest.mark.parametrize("name", ALL_SETS)
def test_each_development_set_is_big_enough_to_mean_something(name: str) -> None:
    assert sum(len(texts) for texts in ALL_SETS[name]["crisis"].values()) >= 150
    assert len(ALL_SETS[name]["not_crisis"]) >= 150


def test_the_net_round_sets_are_there() -> None:
    assert set(NET_ROUNDS) <= set(ALL_SETS)
