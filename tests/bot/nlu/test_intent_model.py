from __future__ import annotations

from pathlib import Path

import pytest
import skops.io as sio

from bot.nlu import intent_model
from bot.nlu.intent_model import IntentModel

EXAMPLES = [
    ("hej", "hej", "greet"),
    ("hejsan", "hejsan", "greet"),
    ("god morgon", "god morgon", "greet"),
    ("hallå där", "hallå där", "greet"),
    ("vad kostar avlösning", "vad kosta avlösning", "ask_cost"),
    ("kostar det nåt", "kosta det nåt", "ask_cost"),
    ("är det gratis", "vara det gratis", "ask_cost"),
    ("vad är avgiften", "vad vara avgift", "ask_cost"),
    ("hejdå", "hejdå", "goodbye"),
    ("tack och hej", "tack och hej", "goodbye"),
    ("vi hörs", "vi höra", "goodbye"),
    ("ha det bra", "ha det bra", "goodbye"),
]


@pytest.fixture(scope="module")
def model() -> IntentModel:
    return IntentModel.train(EXAMPLES)


def test_ranks_every_intent_most_likely_first(model: IntentModel) -> None:
    [ranking] = model.rank([("vad kostar det", "vad kosta det")])
    assert ranking[0][0] == "ask_cost"
    assert sorted(name for name, _ in ranking) == ["ask_cost", "goodbye", "greet"]
    confidences = [confidence for _, confidence in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0)


def test_understands_misspelled_and_unaccented_forms(model: IntentModel) -> None:
    rankings = model.rank([("hejsan hallå", "hejsan hallå"), ("vad kostar avlosning", "vad kosta avlosning")])
    assert [ranking[0][0] for ranking in rankings] == ["greet", "ask_cost"]


def test_knows_its_intents_and_ranks_nothing_for_no_input(model: IntentModel) -> None:
    assert model.intents == ["ask_cost", "goodbye", "greet"]
    assert model.rank([]) == []


def test_the_lemmas_are_features(model: IntentModel) -> None:
    # The same text with other lemmas gets other probabilities: the lemmas count.
    [plain] = model.rank([("xyz", "xyz")])
    [with_lemma] = model.rank([("xyz", "kosta avgift")])
    assert dict(with_lemma)["ask_cost"] > dict(plain)["ask_cost"]


@pytest.mark.parametrize(
    ("examples", "c", "error"),
    [
        ([("hej", "hej", "greet"), ("hejsan", "hejsan", "greet")], 10.0, "at least two intents"),
        ([("hej", "hej", "greet"), ("  ", "", "ask_cost")], 10.0, "at least two intents"),
        (EXAMPLES, 0.0, "C must be positive"),
    ],
)
def test_training_reports_unusable_input(examples: list[tuple[str, str, str]], c: float, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        IntentModel.train(examples, c=c)


def test_saves_and_loads_the_same_model(model: IntentModel, tmp_path: Path) -> None:
    model.save(tmp_path)
    loaded = IntentModel.load(tmp_path)
    pairs = [("hejdå då", "hejdå då"), ("vad kostar avlösning", "vad kosta avlösning")]
    assert loaded.rank(pairs) == model.rank(pairs)


def test_a_stored_file_with_unexpected_types_is_refused(tmp_path: Path) -> None:
    sio.dump({"payload": Path("/etc")}, tmp_path / intent_model.MODEL_FILE)
    with pytest.raises(ValueError, match="refusing to load unexpected types"):
        IntentModel.load(tmp_path)
