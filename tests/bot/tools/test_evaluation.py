from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.tools.evaluation import CONTRACT_ENTITIES, Example, Prediction, Scores, format_report, score


def ents(*pairs: tuple[str, str]) -> frozenset[tuple[str, str]]:
    return frozenset(pairs)


EXAMPLES = [
    Example(
        "min mamma har demens", "describe_situation", ents(("relation", "parent"), ("condition", "dementia"))
    ),
    Example("jag vill inte leva", "crisis", ents()),
    Example("han slår mig", "crisis", ents()),
    Example("hej", "greet", ents()),
    Example("finns det avlösning", "ask_support", ents(("support_type", "respite"))),
    Example("jag orkar inte mer", "express_burden", ents()),
]
PREDICTIONS = [
    Prediction("describe_situation", ents(("relation", "parent"), ("condition", "old_age"))),
    Prediction("crisis", ents()),
    Prediction("express_burden", ents()),
    Prediction("greet", ents()),
    Prediction("ask_support", ents(("support_type", "respite"), ("relation", "child"))),
    Prediction("crisis", ents()),
]


@pytest.fixture(scope="module")
def scores() -> Scores:
    return score(EXAMPLES, PREDICTIONS)


def test_intent_accuracy_and_per_intent_f1(scores: Scores) -> None:
    assert scores.n == 6
    assert scores.intent_accuracy == pytest.approx(4 / 6)
    assert scores.per_intent_f1 == pytest.approx(
        {
            "describe_situation": 1.0,
            "greet": 1.0,
            "ask_support": 1.0,
            # crisis: tp 1, fp 1, fn 1 -> P = R = 0.5
            "crisis": 0.5,
            # express_burden: tp 0, fp 1, fn 1
            "express_burden": 0.0,
        }
    )
    assert scores.intent_macro_f1 == pytest.approx((1 + 1 + 1 + 0.5 + 0) / 5)


def test_crisis_recall_and_false_alarm_rate(scores: Scores) -> None:
    assert scores.crisis_recall == pytest.approx(0.5)
    assert scores.crisis_false_alarm_rate == pytest.approx(1 / 4)


def test_entity_scores_per_entity_and_overall(scores: Scores) -> None:
    assert scores.entity["relation"] == pytest.approx(
        {"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "support": 1}
    )
    assert scores.entity["condition"] == pytest.approx(
        {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    )
    assert scores.entity["support_type"] == pytest.approx(
        {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    )
    # all: tp 2 (parent, respite), fp 2 (old_age, child), fn 1 (dementia)
    assert scores.entity["all"] == pytest.approx(
        {"precision": 0.5, "recall": 2 / 3, "f1": 4 / 7, "support": 3}
    )
    assert set(scores.entity) == {*CONTRACT_ENTITIES, "all"}


def test_entity_scores_by_canonical_value(scores: Scores) -> None:
    by_value = scores.entity_by_value
    assert set(by_value) == {
        "relation=parent",
        "relation=child",
        "condition=dementia",
        "condition=old_age",
        "support_type=respite",
    }
    assert by_value["relation=parent"]["f1"] == 1.0
    assert by_value["condition=dementia"] == pytest.approx(
        {"precision": 1.0, "recall": 0.0, "f1": 0.0, "support": 1}
    )
    assert by_value["condition=old_age"] == pytest.approx(
        {"precision": 0.0, "recall": 1.0, "f1": 0.0, "support": 0}
    )


def test_confusions_list_the_wrong_intent_pairs(scores: Scores) -> None:
    assert sorted(scores.confusions) == [("crisis", "express_burden", 1), ("express_burden", "crisis", 1)]


def test_perfect_predictions() -> None:
    perfect = score(EXAMPLES, [Prediction(e.intent, e.entities) for e in EXAMPLES])
    assert perfect.intent_accuracy == perfect.intent_macro_f1 == perfect.crisis_recall == 1.0
    assert perfect.crisis_false_alarm_rate == 0.0
    assert perfect.entity["all"]["f1"] == 1.0
    assert perfect.confusions == []


def test_without_crisis_examples_recall_is_one_and_without_others_false_alarms_are_zero() -> None:
    only_greet = score([Example("hej", "greet", ents())], [Prediction("crisis", ents())])
    assert only_greet.crisis_recall == 1.0
    assert only_greet.crisis_false_alarm_rate == 1.0
    only_crisis = score([Example("x", "crisis", ents())], [Prediction("crisis", ents())])
    assert only_crisis.crisis_false_alarm_rate == 0.0
    # no gold and no predicted entities: nothing was wrong
    assert only_crisis.entity["all"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 0}


def test_score_rejects_mismatched_or_empty_input() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        score(EXAMPLES, PREDICTIONS[:-1])
    with pytest.raises(ValueError, match="no examples"):
        score([], [])


def test_format_report_puts_variants_side_by_side(scores: Scores) -> None:
    other = score(EXAMPLES, [Prediction(e.intent, e.entities) for e in EXAMPLES])
    other.train_seconds = 12.4
    report = format_report({"ours": scores, "default": other})
    lines = report.splitlines()
    header = lines[0].split()
    assert header == ["ours", "default"]
    rows = {line[:34].strip(): line[34:].split() for line in lines if line[:34].strip()}
    assert rows["held-out examples"] == ["6", "6"]
    assert rows["training seconds"] == ["0", "12"]
    assert rows["intent accuracy"] == ["0.667", "1.000"]
    assert rows["crisis recall"] == ["0.500", "1.000"]
    assert rows["crisis false-alarm rate"] == ["0.250", "0.000"]
    assert rows["entity all f1"] == ["0.571", "1.000"]
    assert rows["crisis"] == ["0.500", "1.000"]  # per-intent F1 section
    assert rows["condition=dementia (1)"] == ["0.000", "1.000"]
    assert rows["condition=old_age (0)"] == ["0.000", "0.000"]  # missing in one variant shows 0
    for entity in (*CONTRACT_ENTITIES, "all"):
        for metric in ("precision", "recall", "f1"):
            assert f"entity {entity} {metric}" in rows
    assert "per-intent F1" in lines and "entity F1 by canonical value (support)" in lines


def test_each_variant_is_trained_once_and_scored_on_every_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.tools import evaluation

    first = tmp_path / "first.yml"
    second = tmp_path / "second.yml"
    first.write_text('version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hej\n- intent: crisis\n'
                     '  examples: |\n    - jag vill inte leva\n', encoding="utf-8")
    second.write_text('version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - tjena\n', encoding="utf-8")
    trained: list[str] = []

    def fake_train(variant: str, out_dir: Path, nlu_path: Path) -> tuple[Path, float]:
        trained.append(variant)
        return tmp_path / f"{variant}.tar.gz", 1.0

    def fake_predict(model: Path, texts: Any) -> list[Prediction]:
        return [Prediction("crisis" if "leva" in t else "greet", ents()) for t in texts]

    monkeypatch.setattr(evaluation, "train_variant", fake_train)
    monkeypatch.setattr(evaluation, "predict", fake_predict)
    monkeypatch.setattr(evaluation, "write_confusion_png", lambda *a, **k: None)
    results = evaluation.evaluate_sets(["ours", "default"], [first, second], tmp_path)
    assert trained == ["ours", "default"]
    assert set(results) == {"first", "second"}
    assert results["first"]["ours"].intent_accuracy == 1.0 and results["second"]["default"].n == 1
    assert (tmp_path / "report.txt").is_file() and (tmp_path / "report_second.txt").is_file()
    assert (tmp_path / "scores_second.json").is_file() and (tmp_path / "errors_ours.json").is_file()
    assert evaluation.evaluate_sets(["ours"], [first, second], tmp_path)["first"]["ours"].n == 2


def test_evaluate_sets_rejects_bad_requests(tmp_path: Path) -> None:
    from bot.tools import evaluation

    with pytest.raises(ValueError, match="unknown variant"):
        evaluation.evaluate_sets(["nope"], [tmp_path / "a.yml"], tmp_path)
    with pytest.raises(ValueError, match="no test set"):
        evaluation.evaluate_sets(["ours"], [], tmp_path)
    with pytest.raises(ValueError, match="different file names"):
        evaluation.evaluate_sets(["ours"], [tmp_path / "a.yml", tmp_path / "x" / "a.yml"], tmp_path)
