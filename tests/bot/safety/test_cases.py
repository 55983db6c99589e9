"""The crisis net against the crisis case sets 1 to 6 in data/crisis/ (acute messages per
category and hard negatives): 01_general, 02_buried_indirect (hard for keyword rules: buried,
indirect, colloquial), 03_plain_colloquial, 04_typical_wordings, 05_night_voices (ten voices at
night) and 06_all_conditions. The net catches every acute message of these six. Sets 7 to 15 are
not used for the net; it catches 42-73 % of them (the least of sets 14 and 15, English inside
Swedish chat), and the learned detector (bot.nlu.crisis_detector, tested in
tests/bot/nlu/test_crisis_detector.py) covers the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.safety import assess

CASES = Path(__file__).resolve().parents[3] / "data" / "crisis"
ALL_SETS = {
    path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(CASES.glob("*.yml"))
}
# The sets the net is held to in full.
NET_SETS = (
    "01_general.yml",
    "02_buried_indirect.yml",
    "03_plain_colloquial.yml",
    "04_typical_wordings.yml",
    "05_night_voices.yml",
    "06_all_conditions.yml",
)
SETS = {name: ALL_SETS[name] for name in NET_SETS}
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


def test_the_net_sets_are_there() -> None:
    assert set(NET_SETS) <= set(ALL_SETS)
