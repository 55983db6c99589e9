"""The NLU targets of the core issue, checked on the held-out set with the served model.

tests/nlu_holdout.yml was written separately from data/nlu and is never trained on.
tests/nlu_dev_2.yml, tests/nlu_dev_3.yml and tests/nlu_dev_4.yml, written apart by sessions
that saw only the NLU contract, are kept blind too and checked against the same targets.
The model is the one `anhoriglots run` would serve (trained first if inputs changed);
`anhoriglots evaluate` prints the same figures side by side with Rasa's default pipeline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.tools.evaluation import Scores, load_examples, predict, score

TESTS = Path(__file__).resolve().parent
# file -> minimum size
BLIND_SETS = {"nlu_holdout.yml": 150, "nlu_dev_2.yml": 700, "nlu_dev_3.yml": 900, "nlu_dev_4.yml": 900}

pytestmark = pytest.mark.model


@pytest.fixture(scope="module", params=sorted(BLIND_SETS))
def blind(request: pytest.FixtureRequest, trained_model: Path) -> Scores:
    """The served model's scores on one blind set."""
    examples = load_examples(TESTS / request.param)
    return score(examples, predict(trained_model, [e.text for e in examples]))


@pytest.mark.parametrize(("name", "minimum"), sorted(BLIND_SETS.items()))
def test_blind_sets_are_big_enough(name: str, minimum: int) -> None:
    assert len(load_examples(TESTS / name)) >= minimum


def test_intent_macro_f1(blind: Scores) -> None:
    assert blind.intent_macro_f1 >= 0.93


def test_entity_f1(blind: Scores) -> None:
    assert blind.entity["all"]["f1"] >= 0.90


def test_every_crisis_message_is_recognised(blind: Scores) -> None:
    assert blind.crisis_recall == 1.0


def test_few_other_messages_are_flagged_as_crisis(blind: Scores) -> None:
    assert blind.crisis_false_alarm_rate <= 0.02
