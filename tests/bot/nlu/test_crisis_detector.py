"""The learned crisis detector: case-file checks, training, storage and the held-out figure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import skops.io as sio
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from bot.nlu import crisis_detector
from bot.nlu.crisis_detector import (
    CaseSet,
    CaseSetError,
    CrisisDetector,
    leave_one_set_out,
    load_case_sets,
    parse_case_set,
    training_texts,
)

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "data" / "crisis"

ACUTE = [
    "jag vill dö ikväll",
    "han har slutat andas",
    "mamma är borta och hittas inte",
    "han slår mig just nu",
    "jag har tagit alla tabletterna",
    "pappa hotar med kniv",
]
CALM = [
    "vad kostar avlösning",
    "hej",
    "när har ni öppet",
    "min mamma har demens",
    "tack för hjälpen",
    "finns det anhöriggrupper",
]


def small_detector(threshold: float = 0.5) -> CrisisDetector:
    return CrisisDetector.train(ACUTE * 3 + CALM * 3, [1] * 18 + [0] * 18, threshold=threshold)


# --- case files ---------------------------------------------------------------------------


def test_a_case_set_keeps_categories_and_negatives() -> None:
    parsed = parse_case_set(
        "x.yml", {"crisis": {"suicide": ["a", "b"], "medical": ["c"]}, "not_crisis": ["d"]}
    )
    assert parsed.acute == (("suicide", "a"), ("suicide", "b"), ("medical", "c"))
    assert parsed.acute_texts == ["a", "b", "c"]
    assert parsed.negatives == ("d",)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (["a list"], "expected the keys 'crisis'"),
        ({"crisis": {"suicide": ["a"]}}, "expected the keys 'crisis'"),
        ({"crisis": [], "not_crisis": ["d"]}, "'crisis' must map each category"),
        (
            {"crisis": {"suicide": []}, "not_crisis": ["d"]},
            "crisis category 'suicide' must be a non-empty list",
        ),
        ({"crisis": {"suicide": ["a"]}, "not_crisis": []}, "'not_crisis' must be a non-empty list"),
        (
            {"crisis": {"suicide": ["a", 3]}, "not_crisis": ["d"]},
            "crisis.suicide has an entry that is not a message",
        ),
        (
            {"crisis": {"suicide": ["a"]}, "not_crisis": ["  "]},
            "not_crisis has an entry that is not a message",
        ),
    ],
)
def test_bad_case_files_are_named_with_the_reason(data: object, message: str) -> None:
    with pytest.raises(CaseSetError, match=message) as raised:
        parse_case_set("broken.yml", data)
    assert str(raised.value).startswith("broken.yml: ")


def test_loading_reports_invalid_yaml_and_empty_directories(tmp_path: Path) -> None:
    with pytest.raises(CaseSetError, match="no crisis case files"):
        load_case_sets(tmp_path)
    (tmp_path / "a.yml").write_text("crisis: [unclosed", encoding="utf-8")
    with pytest.raises(CaseSetError, match="a.yml: not valid YAML"):
        load_case_sets(tmp_path)


def test_case_files_load_in_natural_order(tmp_path: Path) -> None:
    for name in ("cases_10.yml", "cases_2.yml", "cases_1.yml"):
        (tmp_path / name).write_text("crisis: {suicide: [a]}\nnot_crisis: [b]\n", encoding="utf-8")
    assert [s.name for s in load_case_sets(tmp_path)] == ["cases_1.yml", "cases_2.yml", "cases_10.yml"]


def test_the_project_case_sets_load() -> None:
    sets = load_case_sets(CASES)
    # NN_<theme>.yml: the two-digit number gives the order, the theme says what the set covers.
    assert [s.name[:3] for s in sets] == [f"{i:02d}_" for i in range(1, len(sets) + 1)]
    assert all(re.fullmatch(r"\d\d_[a-z]+(_[a-z]+)*\.yml", s.name) for s in sets), [s.name for s in sets]
    assert len(sets) >= 8
    assert sum(len(s.acute) for s in sets) > 1800
    assert sum(len(s.negatives) for s in sets) > 1800


def test_the_digest_follows_the_case_files(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("x", encoding="utf-8")
    first = crisis_detector.case_files_digest(tmp_path)
    assert crisis_detector.case_files_digest(tmp_path) == first
    (tmp_path / "a.yml").write_text("y", encoding="utf-8")
    assert crisis_detector.case_files_digest(tmp_path) != first


def test_category_examples_are_the_acute_messages_with_their_category() -> None:
    one = CaseSet("a.yml", (("suicide", "x"), ("medical", "y")), ("z",))
    two = CaseSet("b.yml", (("violence", "w"),), ("v",))
    assert crisis_detector.category_examples([one, two]) == [
        ("suicide", "x"),
        ("medical", "y"),
        ("violence", "w"),
    ]


def test_labelled_examples_mark_crisis_and_skip_messages_without_text() -> None:
    messages = [
        Message(data={"text": "jag vill dö", "intent": "crisis"}),
        Message(data={"text": "hej", "intent": "greet"}),
        Message(data={"intent": "greet"}),
    ]
    assert crisis_detector.labelled_examples(messages) == [("jag vill dö", True), ("hej", False)]


def test_training_texts_label_examples_and_case_sets() -> None:
    case_set = CaseSet("s.yml", (("suicide", "akut"),), ("lugnt",))
    texts, labels = training_texts([("hej", False), ("jag vill dö", True)], [case_set])
    assert texts == ["hej", "jag vill dö", "akut", "lugnt"]
    assert labels == [0, 1, 1, 0]


# --- the detector -------------------------------------------------------------------------


def test_the_detector_separates_what_it_was_trained_on() -> None:
    detector = small_detector()
    assert all(detector.flags(text) for text in ACUTE)
    assert not any(detector.flags(text) for text in CALM)
    assert detector.probabilities([]) == []


def test_folded_text_scores_like_the_original() -> None:
    detector = small_detector()
    [with_diacritics, without] = detector.probabilities(["Jag vill DÖ ikväll", "jag vill do ikvall"])
    assert with_diacritics == pytest.approx(without)


@pytest.mark.parametrize("threshold", [0.0, 1.0, -0.5, 2.0])
def test_threshold_must_be_a_probability(threshold: float) -> None:
    with pytest.raises(ValueError, match="threshold must be between 0 and 1"):
        small_detector(threshold)


def test_training_needs_both_classes_and_matching_lengths() -> None:
    with pytest.raises(ValueError, match="both crisis and non-crisis"):
        CrisisDetector.train(ACUTE, [1] * len(ACUTE))
    with pytest.raises(ValueError, match="differ in length"):
        CrisisDetector.train(ACUTE, [1])


CATEGORIES = [
    ("suicide", "jag vill dö ikväll"),
    ("suicide", "jag har tagit alla tabletterna"),
    ("medical", "han har slutat andas"),
    ("medical", "hon är medvetslös på golvet"),
    ("violence", "pappa hotar med kniv"),
    ("violence", "han slår mig just nu"),
]


def test_the_category_model_names_the_kind_of_danger() -> None:
    texts = ACUTE * 3 + CALM * 3
    detector = CrisisDetector.train(texts, [1] * 18 + [0] * 18, categories=CATEGORIES * 3)
    assert detector.category("han slutat andas") == "medical"
    assert detector.category("pappa hotar mig med kniven") == "violence"
    assert small_detector().category("jag vill dö") is None  # trained without categories


def test_a_saved_detector_loads_with_the_same_scores(tmp_path: Path) -> None:
    texts = ACUTE + CALM
    detector = CrisisDetector.train(texts * 3, ([1] * 6 + [0] * 6) * 3, threshold=0.65, categories=CATEGORIES)
    detector.save(tmp_path)
    loaded = CrisisDetector.load(tmp_path)
    assert loaded.threshold == 0.65
    assert loaded.probabilities(texts) == pytest.approx(detector.probabilities(texts))
    assert [loaded.category(t) for t in texts] == [detector.category(t) for t in texts]


def test_a_detector_saved_without_categories_loads_without_them(tmp_path: Path) -> None:
    small_detector().save(tmp_path)
    assert not (tmp_path / crisis_detector.CATEGORY_FILE).exists()
    assert CrisisDetector.load(tmp_path).category("jag vill dö") is None


def test_a_stored_file_with_unexpected_types_is_refused(tmp_path: Path) -> None:
    small_detector().save(tmp_path)
    sio.dump({"payload": Path("/etc")}, tmp_path / crisis_detector.MODEL_FILE)
    with pytest.raises(ValueError, match="refusing to load unexpected types"):
        CrisisDetector.load(tmp_path)


# --- the honest figure: trained without a set, scored on it --------------------------------


def test_leave_one_set_out_scores_each_set_unseen() -> None:
    one = CaseSet("one.yml", tuple(("x", t) for t in ACUTE[:3]), tuple(CALM[:3]))
    two = CaseSet("two.yml", tuple(("x", t) for t in ACUTE[3:]), tuple(CALM[3:]))
    examples = [(t, True) for t in ACUTE] + [(t, False) for t in CALM]
    results = leave_one_set_out(examples, [one, two], threshold=0.5)
    assert [(r.name, r.acute, r.negatives) for r in results] == [("one.yml", 3, 3), ("two.yml", 3, 3)]
    assert all(0 <= r.caught <= 3 and 0 <= r.flagged <= 3 for r in results)
    total = crisis_detector.pooled(results)
    assert (total.acute, total.caught) == (6, sum(r.caught for r in results))
    assert total.recall == pytest.approx(total.caught / 6)


def test_held_out_rates_come_from_counts() -> None:
    result = crisis_detector.HeldOutResult("s.yml", acute=4, caught=3, negatives=10, flagged=1)
    assert (result.recall, result.false_alarm_rate) == (0.75, 0.1)
    assert crisis_detector.HeldOutResult("e.yml", 0, 0, 0, 0).recall == 0.0


@pytest.fixture(scope="module")
def held_out() -> list[crisis_detector.HeldOutResult]:
    nlu = load_data(str(ROOT / "data" / "nlu"))
    examples = crisis_detector.labelled_examples(nlu.intent_examples)
    return leave_one_set_out(examples, load_case_sets(CASES))


def test_unseen_case_sets_are_mostly_caught(held_out: list[crisis_detector.HeldOutResult]) -> None:
    # Measured (`anhoriglots crisis-eval`): 0.92-0.995 per set on the Swedish sets 1-13,
    # 0.867 and 0.98 on the two smaller code-switching sets (14, 15: English inside Swedish
    # chat; each scored with the other one in training), 0.956 over all fifteen sets. The rule net
    # and the classifier add to this in the served pipeline.
    assert min(r.recall for r in held_out) >= 0.85, held_out
    assert crisis_detector.pooled(held_out).recall >= 0.93, held_out


def test_unseen_hard_negatives_are_rarely_flagged(held_out: list[crisis_detector.HeldOutResult]) -> None:
    # Hard negatives are written to look like crises (hyperbole, past events, worry).
    # Measured: 0.6-8.4 % per Swedish set, 15.3 % on set 15 (English slang hyperbole:
    # "kill me now", "I'm dead"), 3.5 % over all.
    assert max(r.false_alarm_rate for r in held_out) <= 0.20, held_out
    assert crisis_detector.pooled(held_out).false_alarm_rate <= 0.05, held_out
