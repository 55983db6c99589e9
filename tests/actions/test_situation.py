from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import situation as actions
from bot.texts import replies
from tests.actions.dialogue import parsed

DOMAIN_PATH = Path(__file__).resolve().parents[2] / "domain.yml"

KISTA = SimpleNamespace(id="rinkeby_kista", name="Rinkeby-Kista", aliases=["Kista", "Rinkeby"])
SODER = SimpleNamespace(id="sodermalm", name="Södermalm", aliases=["Söder"])
STOCKHOLM = SimpleNamespace(
    name="Stockholms stad", requires_district=True, districts=[KISTA, SODER], covered_target_groups=set
)
EKERO = SimpleNamespace(name="Ekerö kommun", requires_district=False, districts=[], covered_target_groups=set)


@pytest.fixture(autouse=True)
def profile(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Profile look-ups patched in the action module: no profile files are read."""
    monkeypatch.setattr(actions, "active_profile", lambda: EKERO)
    monkeypatch.setattr(actions, "municipality_name", lambda: EKERO.name)
    return EKERO


def tracker(
    text: str = "",
    intent: str = "describe_situation",
    slots: Optional[dict[str, Any]] = None,
    entities: Optional[list[dict[str, Any]]] = None,
    active_loop: Optional[str] = None,
) -> Tracker:
    return Tracker.from_dict(
        {
            "sender_id": "test",
            "slots": slots or {},
            "latest_message": parsed({
                "text": text,
                "intent": {"name": intent, "confidence": 0.9},
                "entities": entities or [],
            }),
            "events": [],
            "active_loop": {"name": active_loop} if active_loop else {},
            "latest_action_name": "action_listen",
        }
    )


def run(coro: Any) -> Any:
    return asyncio.run(coro)


@pytest.fixture(scope="module")
def domain() -> dict[str, Any]:
    return yaml.safe_load(DOMAIN_PATH.read_text(encoding="utf-8"))


# --- greeting ----------------------------------------------------------------------------


def test_greet_says_bot_municipality_and_personnummer() -> None:
    dispatcher = CollectingDispatcher()
    events = actions.ActionGreet().run(dispatcher, tracker("hej", "greet"), {})
    assert events == []
    (message,) = dispatcher.messages
    assert "chattbot för Ekerö kommun" in message["text"]
    assert "inte en människa" in message["text"]
    assert "personnummer" in message["text"]


def test_greet_without_a_municipality_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "municipality_name", lambda: None)
    dispatcher = CollectingDispatcher()
    actions.ActionGreet().run(dispatcher, tracker("hej", "greet"), {})
    assert "None" not in dispatcher.messages[0]["text"]


# --- slot extraction from every message ------------------------------------------------------

EXTRACT = actions.ValidatePredefinedSlots()


@pytest.mark.parametrize(
    ("text", "requested", "intent", "expected"),
    [
        ("mamma är 82 år och har demens", None, "describe_situation", {"person_age": "82"}),
        ("pappa, 79, har demenz", None, "describe_situation", {"person_age": "79"}),
        ("82", "person_age", "inform", {"person_age": "82"}),
        ("82", None, "inform", {}),  # a bare number means an age only when asked
        ("nittio", "person_age", "inform", {"person_age": "90"}),
        ("vet inte", "person_age", "inform", {"person_age": "unknown"}),
        ("vet inte", None, "inform", {}),
        ("gammal", "person_age", "inform", {"person_age": "invalid"}),
        ("jag vill avbryta", "person_age", "deny", {}),
        ("/inform", "person_age", "inform", {}),  # button payloads carry no text
    ],
)
def test_extract_person_age(text: str, requested: Optional[str], intent: str, expected: dict) -> None:
    slots = {"requested_slot": requested} if requested else {}
    result = run(EXTRACT.extract_person_age(CollectingDispatcher(), tracker(text, intent, slots), {}))
    assert result == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pappa gick bort förra veckan", {"caring_phase": "new_start"}),
        ("mamma är palliativ", {"caring_phase": "ending"}),
        ("vi har precis fått diagnosen", {"caring_phase": "start"}),
        ("min mamma har demens", {}),
    ],
)
def test_extract_caring_phase(text: str, expected: dict) -> None:
    assert run(EXTRACT.extract_caring_phase(CollectingDispatcher(), tracker(text), {})) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jag orkar inte mer", {"burden": "high"}),
        ("jag orkar inte langre", {"burden": "high"}),
        ("det är tungt", {"burden": "medium"}),
        ("hej", {}),
    ],
)
def test_extract_burden(text: str, expected: dict) -> None:
    assert (
        run(EXTRACT.extract_burden(CollectingDispatcher(), tracker(text, "express_burden"), {})) == expected
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jag är 14 och pappa dricker", {"user_is_child": True}),
        ("jag går i sjuan", {"user_is_child": True}),
        ("jag är 45", {}),
        ("", {}),
    ],
)
def test_extract_user_is_child(text: str, expected: dict) -> None:
    assert run(EXTRACT.extract_user_is_child(CollectingDispatcher(), tracker(text), {})) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jag vill inte leva längre", {"crisis_categories": ["suicide"]}),
        ("jag är 12 och pappa slår mig", {"crisis_categories": ["child_at_risk", "violence"]}),
        ("jag är dödstrött", {}),
        ("/crisis", {}),
    ],
)
def test_extract_crisis_categories(text: str, expected: dict) -> None:
    assert (
        run(EXTRACT.extract_crisis_categories(CollectingDispatcher(), tracker(text, "crisis"), {}))
        == expected
    )


@pytest.mark.parametrize(
    ("text", "requested", "intent", "expected"),
    [
        ("jag bor i Kista", None, "inform", {"district": "rinkeby_kista"}),
        ("söder", "district", "inform", {"district": "sodermalm"}),
        ("Sodermalm", "district", "inform", {"district": "sodermalm"}),
        ("vet inte", "district", "inform", {"district": "unknown"}),
        ("Gotland", "district", "inform", {"district": "invalid"}),
        ("Gotland", None, "inform", {}),
        ("", "district", "inform", {}),
    ],
)
def test_extract_district(
    monkeypatch: pytest.MonkeyPatch, text: str, requested: Optional[str], intent: str, expected: dict
) -> None:
    monkeypatch.setattr(actions, "active_profile", lambda: STOCKHOLM)
    slots = {"requested_slot": requested} if requested else {}
    assert run(EXTRACT.extract_district(CollectingDispatcher(), tracker(text, intent, slots), {})) == expected


def test_validation_action_fills_every_custom_slot_from_one_message(domain: dict[str, Any]) -> None:
    dispatcher = CollectingDispatcher()
    events = run(
        EXTRACT.run(dispatcher, tracker("pappa är 82 och jag orkar inte mer, han dog i natt"), domain)
    )
    assert {e["name"]: e["value"] for e in events} == {
        "person_age": "82",
        "burden": "high",
        "caring_phase": "new_start",
    }
    assert all(e["event"] == "slot" for e in events)


# --- the situation form ---------------------------------------------------------------------

FORM = actions.ValidateSituationForm()


@pytest.mark.parametrize(
    ("value", "expected"), [("parent", "parent"), (["child", "parent"], "child"), ("partner", "partner")]
)
def test_validate_relation_accepts_contract_values(value: Any, expected: str) -> None:
    dispatcher = CollectingDispatcher()
    assert FORM.validate_relation(value, dispatcher, tracker(), {}) == {"relation": expected}
    assert dispatcher.messages == []


@pytest.mark.parametrize("value", ["mamma", "other", [], None])
def test_validate_relation_rejects_other_values_and_says_why(value: Any) -> None:
    dispatcher = CollectingDispatcher()
    assert FORM.validate_relation(value, dispatcher, tracker(), {}) == {"relation": None}
    assert [m["text"] for m in dispatcher.messages] == [replies.INVALID_RELATION]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("dementia", "dementia"),
        (["addiction", "mental_illness"], "addiction"),
        ("other", "other"),
        ("demens", None),
        (None, None),
    ],
)
def test_validate_condition(value: Any, expected: Optional[str]) -> None:
    assert FORM.validate_condition(value, CollectingDispatcher(), tracker(), {}) == {"condition": expected}


@pytest.mark.parametrize(
    ("value", "expected"), [("82", "82"), (82, "82"), ("0", "0"), ("115", "115"), ("unknown", "unknown")]
)
def test_validate_person_age_accepts(value: Any, expected: str) -> None:
    dispatcher = CollectingDispatcher()
    assert FORM.validate_person_age(value, dispatcher, tracker(), {}) == {"person_age": expected}
    assert dispatcher.messages == []


@pytest.mark.parametrize("value", ["invalid", "116", "-1", "åttio", "82.5", None])
def test_validate_person_age_rejects_and_says_why(value: Any) -> None:
    dispatcher = CollectingDispatcher()
    assert FORM.validate_person_age(value, dispatcher, tracker(), {}) == {"person_age": None}
    assert [m["text"] for m in dispatcher.messages] == [replies.INVALID_AGE]


@pytest.mark.parametrize(
    ("requested", "intent", "slots", "entities", "text", "expected"),
    [
        ("condition", "inform", {}, [], "han har ont i knät", {"condition": "other"}),
        ("condition", "describe_situation", {}, [], "hon är bara ledsen", {"condition": "other"}),
        ("condition", "inform", {}, [{"entity": "condition", "value": "dementia"}], "demens", {}),
        ("condition", "inform", {"condition": "dementia"}, [], "och så", {}),
        ("condition", "greet", {}, [], "hej", {}),
        ("relation", "inform", {}, [], "han har ont i knät", {}),
        ("condition", "inform", {}, [], "/inform", {}),
    ],
)
def test_extract_condition_moves_on_when_no_known_condition_is_named(
    requested: str, intent: str, slots: dict, entities: list, text: str, expected: dict
) -> None:
    t = tracker(text, intent, {"requested_slot": requested, **slots}, entities, active_loop="situation_form")
    assert run(FORM.extract_condition(CollectingDispatcher(), t, {})) == expected


def test_required_slots_add_district_only_where_support_is_per_district(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = ["relation", "condition", "person_age"]
    assert run(FORM.required_slots(base, CollectingDispatcher(), tracker(), {})) == base
    monkeypatch.setattr(actions, "active_profile", lambda: STOCKHOLM)
    assert run(FORM.required_slots(base, CollectingDispatcher(), tracker(), {})) == [
        "relation", "condition", "district", "person_age"
    ]
    assert base == ["relation", "condition", "person_age"]  # the domain's list is not changed


def test_validate_district(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "active_profile", lambda: STOCKHOLM)
    dispatcher = CollectingDispatcher()
    assert FORM.validate_district("sodermalm", dispatcher, tracker(), {}) == {"district": "sodermalm"}
    assert FORM.validate_district("unknown", dispatcher, tracker(), {}) == {"district": "unknown"}
    assert dispatcher.messages == []
    assert FORM.validate_district("invalid", dispatcher, tracker(), {}) == {"district": None}
    (message,) = dispatcher.messages
    assert "Rinkeby-Kista" in message["text"] and "Södermalm" in message["text"]


# --- summary and leaving the form --------------------------------------------------------------


@pytest.mark.parametrize(
    ("slots", "sentence"),
    [
        ({"relation": "parent", "condition": "dementia"}, "Du hjälper din förälder som har demens."),
        (
            {"relation": "child", "condition": "disability", "user_is_child": False},
            "Du hjälper ditt barn som har en funktionsnedsättning.",
        ),
        ({"relation": "mamma", "condition": "other"}, "Du hjälper någon du står nära."),
    ],
)
def test_summarize_situation_reflects_the_slots(slots: dict, sentence: str) -> None:
    dispatcher = CollectingDispatcher()
    events = actions.ActionSummarizeSituation().run(dispatcher, tracker(slots=slots), {})
    assert events == []
    (message,) = dispatcher.messages
    assert message["text"] == f"{sentence} {replies.situation_offer()}"
    assert [b["payload"] for b in message["buttons"]] == ["/ask_rights", "/ask_support", "/request_callback"]


def test_stop_situation_form_keeps_slots_and_leaves_the_loop() -> None:
    dispatcher = CollectingDispatcher()
    t = tracker(
        "avbryt", "deny", {"relation": "parent", "requested_slot": "condition"}, active_loop="situation_form"
    )
    events = actions.ActionStopSituationForm().run(dispatcher, t, {})
    assert events == [ActiveLoop(None), SlotSet("requested_slot", None)]
    assert dispatcher.messages == []


@pytest.mark.parametrize(
    ("action", "slot"),
    [
        (actions.ActionAskRelation, "relation"),
        (actions.ActionAskCondition, "condition"),
        (actions.ActionAskPersonAge, "person_age"),
        (actions.ActionAskDistrict, "district"),
    ],
)
def test_ask_actions_ask_the_form_question(action: type, slot: str, domain: dict[str, Any]) -> None:
    instance = action()
    assert instance.name() == f"action_ask_situation_form_{slot}"
    dispatcher = CollectingDispatcher()
    assert instance.run(dispatcher, tracker(), {}) == []
    assert [m["text"] for m in dispatcher.messages] == [replies.ASK_SITUATION[slot]]
    assert instance.name() in domain["actions"]


def test_action_names_are_in_the_domain(domain: dict[str, Any]) -> None:
    names = [
        actions.ActionGreet().name(),
        actions.ValidatePredefinedSlots().name(),
        FORM.name(),
        actions.ActionSummarizeSituation().name(),
        actions.ActionStopSituationForm().name(),
    ]
    assert set(names) <= set(domain["actions"])


@pytest.mark.parametrize(
    ("condition", "recognised"),
    [("criminality", True), ("extremism", True), ("violence_affected", True), ("dementia", False)],
)
def test_district_question_says_that_a_broadened_target_group_counts(
    monkeypatch: pytest.MonkeyPatch, condition: str, recognised: bool
) -> None:
    from bot.knowledge.loader import load_profile

    stockholm = load_profile("stockholm")
    monkeypatch.setattr(actions, "active_profile", lambda: stockholm)
    dispatcher = CollectingDispatcher()
    actions.ActionAskDistrict().run(
        dispatcher, tracker(slots={"relation": "child", "condition": condition}), {}
    )
    (message,) = dispatcher.messages
    assert message["text"].endswith(replies.ASK_SITUATION["district"])
    assert ("ingår i målgruppen för anhörigstödet i Stockholms stad" in message["text"]) is recognised


# --- the person cared for, in the relative's words ----------------------------------------


def _with_history(text: str, entities: list[dict[str, Any]], events: list[dict[str, Any]],
                  slots: dict[str, Any]) -> Tracker:
    return Tracker.from_dict({
        "sender_id": "test", "slots": slots,
        "latest_message": parsed({"text": text, "intent": {"name": "describe_situation",
                                                           "confidence": 0.9},
                                  "entities": entities}),
        "events": events, "active_loop": {}, "latest_action_name": "action_listen",
    })


def test_the_person_named_with_min_is_the_one_cared_for_and_their_word_is_kept() -> None:
    text = "Mamma gråter varje kväll och min lillebror har autism"
    ents = [
        {"entity": "relation", "value": "parent", "start": 0, "end": 5},
        {"entity": "relation", "value": "sibling", "start": 29, "end": 42},
    ]
    t = _with_history(text, ents, [{"event": "user", "text": text}], {"relation": "sibling"})
    result = actions.ValidatePredefinedSlots().validate_relation(["parent", "sibling"], None, t, {})
    assert result == {"relation": "sibling", "relation_word": "lillebror"}


def test_a_later_mention_of_someone_else_does_not_replace_the_person() -> None:
    text = "mamma är jätteledsen"
    ents = [{"entity": "relation", "value": "parent", "start": 0, "end": 5}]
    events = [
        {"event": "user", "text": "mormor har demens"},
        {"event": "slot", "name": "relation", "value": "grandparent"},
        {"event": "user", "text": text},
        {"event": "slot", "name": "relation", "value": "parent"},
    ]
    t = _with_history(text, ents, events, {"relation": "parent"})
    assert actions.ValidatePredefinedSlots().validate_relation("parent", None, t, {}) == {
        "relation": "grandparent"
    }


def test_the_answer_to_who_it_is_replaces_the_person() -> None:
    text = "nej, min pappa"
    ents = [{"entity": "relation", "value": "parent", "start": 4, "end": 14}]
    events = [
        {"event": "slot", "name": "relation", "value": "grandparent"},
        {"event": "user", "text": text},
    ]
    t = _with_history(text, ents, events, {"relation": "parent", "requested_slot": "relation"})
    assert actions.ValidatePredefinedSlots().validate_relation("parent", None, t, {}) == {
        "relation": "parent", "relation_word": "pappa",
    }


def test_the_condition_keeps_the_relatives_word() -> None:
    text = "pappa har parkinson"
    ents = [{"entity": "condition", "value": "chronic_illness", "start": 10, "end": 19}]
    t = _with_history(text, ents, [], {})
    assert actions.ValidatePredefinedSlots().validate_condition("chronic_illness", None, t, {}) == {
        "condition": "chronic_illness", "condition_word": "parkinson",
    }


def test_the_age_question_says_hon_for_mamma() -> None:
    dispatcher = CollectingDispatcher()
    t = tracker("min mamma", slots={"relation": "parent", "relation_word": "mamma"})
    actions.ActionAskPersonAge().run(dispatcher, t, {})
    assert "Ungefär hur gammal är hon?" in dispatcher.messages[-1]["text"]
