from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest.mock import Mock

import pytest
import yaml
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import ENTITIES, EXTRACTOR, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import safety
from bot.nlp import pipeline
from bot.nlu.components import (
    CRISIS_DETECTOR_KEY,
    CRISIS_INTENT,
    CRISIS_NET_KEY,
    CrisisDetectorClassifier,
    CrisisGuard,
    DomainEntityExtractor,
    NgramIntentClassifier,
    SituationRescue,
    SwedishSpacyTokenizer,
    drop_crisis,
)
from bot.nlu.crisis_detector import CaseSetError
from bot.settings import PROJECT_ROOT


@pytest.fixture(scope="session")
def nlp() -> Any:
    return pipeline.get_pipeline()


@pytest.fixture(scope="module")
def tokenizer(nlp: Any) -> SwedishSpacyTokenizer:
    return SwedishSpacyTokenizer.create(SwedishSpacyTokenizer.get_default_config(), Mock(), None, None)


@pytest.fixture(scope="module")
def extractor(nlp: Any) -> DomainEntityExtractor:
    return DomainEntityExtractor.create({}, Mock(), None, None)


@pytest.fixture
def guard() -> CrisisGuard:
    return CrisisGuard.create({}, Mock(), None, None)


def message(text: str, intent: str | None = None, ranking: list[dict] | None = None) -> Message:
    data: dict[str, Any] = {TEXT: text}
    if intent is not None:
        data[INTENT] = {"name": intent, "confidence": 0.8}
        data[INTENT_RANKING_KEY] = ranking if ranking is not None else [{"name": intent, "confidence": 0.8}]
    return Message(data=data)


# --- SwedishSpacyTokenizer ---------------------------------------------------------------


def test_tokenizer_is_swedish_only() -> None:
    assert SwedishSpacyTokenizer.supported_languages() == ["sv"]
    assert DomainEntityExtractor.supported_languages() == ["sv"]


@pytest.mark.parametrize(
    ("text", "tokens", "lemmas"),
    [
        ("mamman har demens", ["mamman", "har", "demens"], ["mamma", "ha", "demens"]),
        ("Mamman har demens", ["Mamman", "har", "demens"], ["mamma", "ha", "demens"]),
        ("morsan går inte ut", ["morsan", "går", "inte", "ut"], ["morsa", "ga", "inte", "ut"]),
        ("morsan gar inte ut", ["morsan", "gar", "inte", "ut"], ["morsa", "ga", "inte", "ut"]),
        ("pappas hemtjansen", ["pappas", "hemtjansen"], ["pappa", "hemtjansten"]),
        ("pappas alzheimar", ["pappas", "alzheimar"], ["pappa", "alzheimer"]),
    ],
)
def test_tokenizer_sets_tokens_with_folded_lemmas(
    tokenizer: SwedishSpacyTokenizer, text: str, tokens: list[str], lemmas: list[str]
) -> None:
    msg = message(text)
    tokenizer.process([msg])
    result = msg.get(TOKENS_NAMES[TEXT])
    assert [t.text for t in result] == tokens
    assert [t.lemma for t in result] == lemmas
    for token in result:
        assert text[token.start : token.end] == token.text


def test_tokenizer_drops_white_space_and_handles_empty_text(tokenizer: SwedishSpacyTokenizer) -> None:
    msg = message("  hej   då ")
    tokenizer.process([msg])
    assert [t.text for t in msg.get(TOKENS_NAMES[TEXT])] == ["hej", "då"]
    assert tokenizer.tokenize(message(""), TEXT) == []


def test_tokenizer_also_tokenizes_training_data(tokenizer: SwedishSpacyTokenizer) -> None:
    msg = Message(data={TEXT: "min syrran", INTENT: "describe_situation"})
    tokenizer.process_training_data(TrainingData([msg]))
    assert [t.lemma for t in msg.get(TOKENS_NAMES[TEXT])] == ["min", "syrra"]
    assert [t.text for t in msg.get(TOKENS_NAMES[INTENT])] == ["describe_situation"]


# --- DomainEntityExtractor ---------------------------------------------------------------


def test_extractor_adds_canonical_entities_with_its_name(extractor: DomainEntityExtractor) -> None:
    text = "min mamma har alzheimer och vi vill ha avlösning"
    msg = message(text)
    extractor.process([msg])
    entities = msg.get(ENTITIES)
    assert [(e["entity"], e["value"]) for e in entities] == [
        ("relation", "parent"),
        ("condition", "dementia"),
        ("support_type", "respite"),
    ]
    for e in entities:
        assert e[EXTRACTOR] == "DomainEntityExtractor"
        assert e["confidence_entity"] == 1.0
        assert text[e["start"] : e["end"]] in {"min mamma", "alzheimer", "avlösning"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("morsan", "parent"),
        ("farsan", "parent"),
        ("gubben", "partner"),
        ("brorsan", "sibling"),
        ("syrran", "sibling"),
        ("jag är mamma till en pojke med autism", "child"),
    ],
)
def test_extractor_colloquial_relations(extractor: DomainEntityExtractor, text: str, value: str) -> None:
    msg = message(text)
    extractor.process([msg])
    assert [e["value"] for e in msg.get(ENTITIES) if e["entity"] == "relation"] == [value]


def test_extractor_keeps_entities_from_earlier_extractors(extractor: DomainEntityExtractor) -> None:
    earlier = {
        "entity": "time",
        "value": "2026-11-24",
        "start": 0,
        "end": 4,
        "extractor": "DucklingEntityExtractor",
    }
    msg = Message(data={TEXT: "imorgon ring om pappa", ENTITIES: [earlier]})
    extractor.process([msg])
    entities = msg.get(ENTITIES)
    assert entities[0] == earlier
    assert [(e["entity"], e["value"]) for e in entities[1:]] == [("relation", "parent")]


def test_extractor_emits_only_configured_entities(nlp: Any) -> None:
    only_relations = DomainEntityExtractor({"entities": ["relation"]})
    msg = message("min mamma har demens")
    only_relations.process([msg])
    assert [e["entity"] for e in msg.get(ENTITIES)] == ["relation"]


def test_extractor_leaves_messages_without_text_or_entities(extractor: DomainEntityExtractor) -> None:
    empty = Message(data={})
    plain = message("vad kostar det")
    extractor.process([empty, plain])
    assert empty.get(ENTITIES) is None
    assert plain.get(ENTITIES) == []


def test_extractor_training_data_is_untouched(extractor: DomainEntityExtractor) -> None:
    data = TrainingData([Message(data={TEXT: "min mamma", INTENT: "describe_situation"})])
    assert extractor.process_training_data(data) is data
    assert data.training_examples[0].get(ENTITIES) is None


# --- NgramIntentClassifier ---------------------------------------------------------------

INTENT_EXAMPLES = {
    "ask_cost": [
        "vad kostar avlösningen",
        "kostar dagverksamheten något",
        "är stödsamtalen gratis",
        "vilken avgift tar ni",
    ],
    "greet": ["hej", "hejsan", "god morgon", "hallå"],
    "describe_situation": [
        "mamman har demens", "min pappa har parkinson", "jag tar hand om min mamma", "mammas minne sviktar"
    ],
}


def tokenized(tokenizer: SwedishSpacyTokenizer, text: str, intent: str | None = None) -> Message:
    data: dict[str, Any] = {TEXT: text}
    if intent is not None:
        data[INTENT] = intent
    msg = Message(data=data)
    tokenizer.process([msg])
    return msg


def train_intents(
    tokenizer: SwedishSpacyTokenizer, tmp_path: Path, config: dict[str, Any] | None = None
) -> tuple[NgramIntentClassifier, LocalModelStorage, Resource]:
    (tmp_path / "storage").mkdir()
    storage = LocalModelStorage(tmp_path / "storage")
    resource = Resource("intents")
    component = NgramIntentClassifier.create(
        {**NgramIntentClassifier.get_default_config(), **(config or {})}, storage, resource, Mock()
    )
    examples = [tokenized(tokenizer, t, intent) for intent, texts in INTENT_EXAMPLES.items() for t in texts]
    assert component.train(TrainingData(examples)) == resource
    return component, storage, resource


def test_intent_classifier_needs_a_tokenizer() -> None:
    assert NgramIntentClassifier.required_components() == [Tokenizer]


def test_intent_classifier_trains_stores_loads_and_ranks(
    tokenizer: SwedishSpacyTokenizer, tmp_path: Path
) -> None:
    _, storage, resource = train_intents(tokenizer, tmp_path, {"ranking_length": 2})
    loaded = NgramIntentClassifier.load(
        {**NgramIntentClassifier.get_default_config(), "ranking_length": 2}, storage, resource, Mock()
    )
    cost = tokenized(tokenizer, "vad kostar avlosningen")  # no å/ä/ö
    situation = tokenized(tokenizer, "mammans demens")  # inflected forms
    empty = Message(data={})
    loaded.process([cost, situation, empty])
    assert cost.get(INTENT)["name"] == "ask_cost"
    assert situation.get(INTENT)["name"] == "describe_situation"
    ranking = cost.get(INTENT_RANKING_KEY)
    assert len(ranking) == 2 and ranking[0] == cost.get(INTENT)
    assert ranking[0]["confidence"] >= ranking[1]["confidence"]
    assert {INTENT, INTENT_RANKING_KEY} <= set(cost.output_properties)
    assert empty.get(INTENT) is None


def test_intent_classifier_reads_the_tokenizer_lemmas(
    tokenizer: SwedishSpacyTokenizer, tmp_path: Path
) -> None:
    component, _, _ = train_intents(tokenizer, tmp_path)
    with_lemmas = tokenized(tokenizer, "mammans")
    without = Message(data={TEXT: "mammans"})  # no tokens: the lemma features are empty
    component.process([with_lemmas, without])

    def situation(msg: Message) -> float:
        return next(r["confidence"] for r in msg.get(INTENT_RANKING_KEY) if r["name"] == "describe_situation")

    assert situation(with_lemmas) != situation(without)


def test_intent_classifier_reports_training_data_with_one_intent(
    tokenizer: SwedishSpacyTokenizer, tmp_path: Path
) -> None:
    component = NgramIntentClassifier.create({}, LocalModelStorage(tmp_path), Resource("r"), Mock())
    data = TrainingData([tokenized(tokenizer, t, "greet") for t in INTENT_EXAMPLES["greet"]])
    with pytest.raises(ValueError, match="at least two intents"):
        component.train(data)


def test_untrained_intent_classifier_changes_nothing(tmp_path: Path) -> None:
    component = NgramIntentClassifier.create({}, LocalModelStorage(tmp_path), Resource("r"), Mock())
    msg = message("hej", "greet")
    component.process([msg])
    assert msg.get(INTENT) == {"name": "greet", "confidence": 0.8}


# --- SituationRescue --------------------------------------------------------------------


def test_situation_rescue_turns_a_spread_fallback_into_describe_situation(
    extractor: DomainEntityExtractor,
) -> None:
    text = "min pappa är 84 och har alzheimer och jag orkar snart inte, kan någon ringa mig"
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "ask_support", "confidence": 0.4},
        {"name": "describe_situation", "confidence": 0.35},
    ]
    msg = message(text, "nlu_fallback", ranking)
    msg.set(INTENT, {"name": "nlu_fallback", "confidence": 0.3})
    extractor.process([msg])
    SituationRescue.create({}, Mock(), None, None).process([msg])
    assert msg.get(INTENT) == {"name": "describe_situation", "confidence": 0.35}
    assert [r["name"] for r in msg.get(INTENT_RANKING_KEY)] == ["describe_situation", "ask_support"]


def test_situation_rescue_leaves_other_fallbacks_and_shortcuts_alone() -> None:
    rescue = SituationRescue.create({}, Mock(), None, None)
    ranking = [{"name": "nlu_fallback", "confidence": 0.3}, {"name": "out_of_scope", "confidence": 0.3}]
    for text in ("hur söker man bygglov för ett garage vid sjön i vinter", "/request_callback"):
        msg = message(text, "nlu_fallback", ranking)
        msg.set(INTENT, {"name": "nlu_fallback", "confidence": 0.3})
        rescue.process([msg])
        assert msg.get(INTENT) == {"name": "nlu_fallback", "confidence": 0.3}


# --- CrisisGuard -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "jag vill inte leva längre",
        "jag vill inte leva langre",
        "han slår mig",
        "mamma andas inte",
        "pappa är dement och har försvunnit",
        "jag är rädd att jag ska skada honom",
        "barnen är ensamma hemma",
    ],
)
def test_crisis_guard_overrides_intent_and_ranking(guard: CrisisGuard, text: str) -> None:
    ranking = [
        {"name": "express_burden", "confidence": 0.7},
        {"name": CRISIS_INTENT, "confidence": 0.2},
        {"name": "greet", "confidence": 0.1},
    ]
    msg = message(text, "express_burden", ranking)
    guard.process([msg])
    assert msg.get(INTENT) == {"name": "crisis", "confidence": 1.0}
    assert msg.get(INTENT_RANKING_KEY) == [
        {"name": "crisis", "confidence": 1.0},
        {"name": "express_burden", "confidence": 0.7},
        {"name": "greet", "confidence": 0.1},
    ]
    assert INTENT in msg.output_properties and INTENT_RANKING_KEY in msg.output_properties


@pytest.mark.parametrize(
    "text",
    [
        "jag är dödstrött",
        "min bror tog sitt liv för tre år sedan",
        "jag vill skjuta upp samtalet",
        "det sköts av hemtjänsten",
        "en gång i veckan",
        "hon ramlade förra året",
        "/crisis",  # a button payload is not free text
    ],
)
def test_crisis_guard_leaves_other_messages_alone(guard: CrisisGuard, text: str) -> None:
    ranking = [{"name": "express_burden", "confidence": 0.6}, {"name": "greet", "confidence": 0.4}]
    msg = message(text, "express_burden", [dict(r) for r in ranking])
    guard.process([msg])
    assert msg.get(INTENT) == {"name": "express_burden", "confidence": 0.8}
    assert msg.get(INTENT_RANKING_KEY) == ranking


def test_crisis_guard_works_without_a_prior_ranking(guard: CrisisGuard) -> None:
    msg = Message(data={TEXT: "jag vill dö"})
    guard.process([msg])
    assert msg.get(INTENT)["name"] == "crisis"
    assert msg.get(INTENT_RANKING_KEY) == [{"name": "crisis", "confidence": 1.0}]


def test_crisis_guard_skips_empty_messages(guard: CrisisGuard) -> None:
    msg = Message(data={})
    guard.process([msg])
    assert msg.get(INTENT) is None
    assert msg.get(CRISIS_NET_KEY) is None
    data = TrainingData([Message(data={TEXT: "jag vill dö", INTENT: "greet"})])
    assert guard.process_training_data(data) is data
    assert data.training_examples[0].get(INTENT) == "greet"  # training labels are never rewritten


@pytest.mark.parametrize(
    "text", ["jag är 13 och pappa slår mig", "pappa är dement och har försvunnit", "jag är dödstrött"]
)
def test_crisis_guard_puts_the_net_result_into_the_parse_data(guard: CrisisGuard, text: str) -> None:
    msg = message(text, "express_burden")
    guard.process([msg])
    found = safety.assess(text)
    assert CRISIS_NET_KEY == "crisis_net"
    assert msg.get(CRISIS_NET_KEY) == {"categories": sorted(found.categories), "matched": list(found.matched)}
    assert CRISIS_NET_KEY in msg.output_properties
    assert safety.from_parse_data(msg.get(CRISIS_NET_KEY)) == found


def test_crisis_guard_runs_the_net_once_per_message(
    guard: CrisisGuard, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real = safety.assess
    monkeypatch.setattr(safety, "assess", lambda text: seen.append(text) or real(text))
    guard.process([message("jag vill dö", "greet"), message("/crisis", "crisis"), Message(data={})])
    assert seen == ["jag vill dö"]


def test_crisis_guard_leaves_no_net_result_on_a_button_payload(guard: CrisisGuard) -> None:
    msg = message("/crisis", "crisis")
    guard.process([msg])
    assert msg.get(CRISIS_NET_KEY) is None


def test_crisis_guard_does_not_touch_the_rasa_patches_or_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from bot.rasa_patches import speedups

    monkeypatch.setattr(speedups, "install", lambda: pytest.fail("the crisis guard must not patch Rasa"))
    monkeypatch.setattr(gc, "freeze", lambda: pytest.fail("the crisis guard must not freeze the collector"))
    guard = CrisisGuard.create({}, Mock(), None, None)
    guard.process([message("jag vill dö", "greet")])


# --- CrisisDetectorClassifier ---------------------------------------------------------------

ACUTE = [
    "jag vill dö ikväll",
    "han har slutat andas",
    "pappa hotar med kniv nu",
    "jag har tagit alla tabletterna",
]
CALM = ["vad kostar avlösning", "när har ni öppet", "min mamma har demens", "finns det anhöriggrupper"]


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "crisis"
    directory.mkdir()
    crisis = {"suicide": ACUTE[:1] * 3 + ACUTE[3:] * 3, "medical": ACUTE[1:2] * 3, "violence": ACUTE[2:3] * 3}
    (directory / "cases_1.yml").write_text(
        yaml.safe_dump({"crisis": crisis, "not_crisis": CALM * 2}, allow_unicode=True), encoding="utf-8"
    )
    return directory


def train_detector(
    case_dir: Path, tmp_path: Path
) -> tuple[CrisisDetectorClassifier, LocalModelStorage, Resource]:
    (tmp_path / "storage").mkdir()
    storage = LocalModelStorage(tmp_path / "storage")
    resource = Resource("crisis_detector")
    component = CrisisDetectorClassifier.create(
        {**CrisisDetectorClassifier.get_default_config(), "cases": str(case_dir), "threshold": 0.5},
        storage, resource, Mock(),
    )
    data = TrainingData(
        [Message(data={TEXT: t, INTENT: "crisis"}) for t in ACUTE]
        + [Message(data={TEXT: t, INTENT: "ask_support"}) for t in CALM]
    )
    assert component.train(data) == resource
    return component, storage, resource


def test_detector_component_trains_stores_and_loads(case_dir: Path, tmp_path: Path) -> None:
    _, storage, resource = train_detector(case_dir, tmp_path)
    config = {**CrisisDetectorClassifier.get_default_config(), "cases": str(case_dir)}
    loaded = CrisisDetectorClassifier.load(config, storage, resource, Mock())
    acute = message("jag vill dö ikväll", "express_burden", [{"name": "express_burden", "confidence": 0.9}])
    calm = message("vad kostar avlösning", "ask_cost")
    shortcut = message("/crisis", "greet")
    classified = message("pappa hotar med kniv nu", CRISIS_INTENT)  # the classifier already said crisis
    loaded.process([acute, calm, shortcut, classified, Message(data={})])
    assert acute.get(INTENT) == {"name": "crisis", "confidence": 1.0}
    assert acute.get(INTENT_RANKING_KEY)[0] == {"name": "crisis", "confidence": 1.0}
    found = acute.get(CRISIS_DETECTOR_KEY)
    assert found["category"] == "suicide" and 0.5 <= found["probability"] <= 1.0
    assert CRISIS_DETECTOR_KEY in acute.output_properties
    assert classified.get(CRISIS_DETECTOR_KEY)["category"] == "violence"
    assert calm.get(INTENT)["name"] == "ask_cost"
    assert calm.get(CRISIS_DETECTOR_KEY) is None
    assert shortcut.get(INTENT)["name"] == "greet"  # a button payload is not free text


def test_untrained_detector_component_changes_nothing(tmp_path: Path) -> None:
    component = CrisisDetectorClassifier.create({}, LocalModelStorage(tmp_path), Resource("r"), Mock())
    msg = message("jag vill dö", "greet")
    component.process([msg])
    assert msg.get(INTENT)["name"] == "greet"


def test_detector_fingerprint_follows_the_case_files(case_dir: Path) -> None:
    config = {"cases": str(case_dir)}
    first = CrisisDetectorClassifier.fingerprint_addon(config)
    assert first is not None and CrisisDetectorClassifier.fingerprint_addon(config) == first
    (case_dir / "cases_2.yml").write_text("crisis: {}\n", encoding="utf-8")
    assert CrisisDetectorClassifier.fingerprint_addon(config) != first


def test_detector_cases_path_is_relative_to_the_project() -> None:
    relative = CrisisDetectorClassifier.cases_directory({"cases": "data/crisis"})
    assert relative == PROJECT_ROOT / "data" / "crisis"
    assert CrisisDetectorClassifier.cases_directory({"cases": "/x/y"}) == Path("/x/y")


def test_detector_training_reports_a_bad_case_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "cases.yml").write_text("crisis: {suicide: []}\nnot_crisis: [a]\n", encoding="utf-8")
    storage = LocalModelStorage(tmp_path)
    component = CrisisDetectorClassifier.create({"cases": str(bad)}, storage, Resource("r"), Mock())
    with pytest.raises(CaseSetError, match="cases.yml: crisis category 'suicide'"):
        component.train(TrainingData([Message(data={TEXT: "hej", INTENT: "greet"})]))


def test_drop_crisis_falls_back_to_the_next_sure_intent() -> None:
    ranking = [
        {"name": CRISIS_INTENT, "confidence": 0.6},
        {"name": "express_burden", "confidence": 0.35},
        {"name": "greet", "confidence": 0.05},
    ]
    msg = message("jag är så trött", CRISIS_INTENT, [dict(r) for r in ranking])
    drop_crisis(msg, 0.3)
    assert msg.get(INTENT) == {"name": "express_burden", "confidence": 0.35}
    assert [r["name"] for r in msg.get(INTENT_RANKING_KEY)] == ["express_burden", "greet", CRISIS_INTENT]


def test_drop_crisis_gives_nlu_fallback_when_nothing_else_is_sure() -> None:
    ranking = [{"name": CRISIS_INTENT, "confidence": 0.9}, {"name": "greet", "confidence": 0.1}]
    msg = message("sophämtningen har inte kommit", CRISIS_INTENT, [dict(r) for r in ranking])
    drop_crisis(msg, 0.3)
    assert msg.get(INTENT) == {"name": "nlu_fallback", "confidence": 0.3}
    assert [r["name"] for r in msg.get(INTENT_RANKING_KEY)] == ["nlu_fallback", "greet", CRISIS_INTENT]


def test_drop_crisis_leaves_other_intents_alone() -> None:
    msg = message("hej", "greet")
    drop_crisis(msg, 0.3)
    assert msg.get(INTENT) == {"name": "greet", "confidence": 0.8}


def test_detector_component_drops_a_classifier_crisis_it_finds_very_unlikely(
    case_dir: Path, tmp_path: Path
) -> None:
    component, _, _ = train_detector(case_dir, tmp_path)
    component._config["veto_below"] = 0.45  # the tiny training set gives calm texts about 0.2-0.4
    ranking = [{"name": CRISIS_INTENT, "confidence": 0.7}, {"name": "ask_opening_hours", "confidence": 0.3}]
    calm = message("när har ni öppet", CRISIS_INTENT, ranking)
    component.process([calm])
    assert calm.get(INTENT)["name"] == "ask_opening_hours"
    assert calm.get(CRISIS_DETECTOR_KEY) is None
