"""The crisis net against tests/safety_cases.yml, a development set written apart from
data/nlu and the held-out set (acute messages per category and hard negatives)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.safety import assess

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "safety_cases.yml").read_text(encoding="utf-8"))
CRISIS = [(category, text) for category, texts in CASES["crisis"].items() for text in texts]


@pytest.mark.parametrize(("category", "text"), CRISIS)
def test_every_acute_message_is_flagged(category: str, text: str) -> None:
    assert assess(text).is_crisis, f"{category}: {text}"


def test_hard_negatives_are_rarely_flagged() -> None:
    flagged = [text for text in CASES["not_crisis"] if assess(text).is_crisis]
    # A false alarm costs one extra message with emergency numbers; the target is at most 2 %.
    assert len(flagged) / len(CASES["not_crisis"]) <= 0.02, flagged


def test_the_development_set_is_big_enough_to_mean_something() -> None:
    assert len(CRISIS) >= 150
    assert len(CASES["not_crisis"]) >= 200
