from __future__ import annotations

from typing import Any, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import safety as actions
from bot.texts import replies
from tests.actions.dialogue import parsed

LINES = {
    "emergency": "112",
    "healthcare": "1177",
    "suicide": "90101",
    "women_violence": "020-50 50 50",
    "bris": "116 111",
    "anhoriglinjen": "0200-239 500",
}
SOCIALJOUR = "08-555 000 00"


@pytest.fixture(autouse=True)
def phones(monkeypatch: pytest.MonkeyPatch) -> None:
    """National lines and the socialjour patched in the action module: no data files are read."""
    monkeypatch.setattr(actions, "national_phones", lambda: dict(LINES))
    monkeypatch.setattr(actions, "socialjour_phone", lambda: SOCIALJOUR)


def broken() -> Any:
    raise OSError("data/national.yml unreadable")


def tracker(
    text: str, intent: str = "crisis", slots: Optional[dict[str, Any]] = None, detector: Any = None
) -> Tracker:
    latest = parsed({"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []})
    if detector is not None:
        latest["crisis_detector"] = detector
    state = {"sender_id": "test", "slots": slots or {}, "latest_message": latest, "events": []}
    return Tracker.from_dict(state)


def respond_crisis(
    text: str, slots: Optional[dict[str, Any]] = None, detector: Any = None
) -> tuple[str, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = actions.ActionRespondCrisis().run(dispatcher, tracker(text, slots=slots, detector=detector), {})
    (message,) = dispatcher.messages
    return message["text"], events


@pytest.mark.parametrize(
    ("text", "categories", "present", "absent"),
    [
        ("jag vill inte leva längre", ["suicide"], ["112", "90101"], ["020-50 50 50", "116 111"]),
        ("jag vill inte leva langre", ["suicide"], ["112", "90101"], ["020-50 50 50", "116 111"]),
        ("min man slår mig", ["violence"], ["112", "Kvinnofridslinjen 020-50 50 50"], ["116 111"]),
        ("mamma andas inte", ["medical"], ["112", "1177"], ["90101"]),
        ("pappa är dement och har försvunnit", ["missing_person"], ["112", "demens"], []),
        ("jag är rädd att jag ska slå henne", ["harm_to_cared_for"], ["112", "gå ut ur rummet"], []),
        (
            "jag är 13 och pappa slår mig",
            ["child_at_risk", "violence"],
            ["112", "BRIS 116 111"],
            ["020-50 50 50"],
        ),
        ("barnen är ensamma hemma", ["child_at_risk"], ["112", "116 111"], []),
    ],
)
def test_crisis_reply_fits_the_danger(
    text: str, categories: list[str], present: list[str], absent: list[str]
) -> None:
    reply, events = respond_crisis(text)
    assert reply.startswith("Om någon är i fara just nu: ring 112 direkt.")
    for part in present:
        assert part in reply
    for part in absent:
        assert part not in reply
    assert f"socialjouren på {SOCIALJOUR}" in reply
    assert events == [SlotSet("crisis_categories", categories)]


def test_crisis_reply_uses_the_child_slot_from_earlier_messages() -> None:
    reply, _ = respond_crisis("han slår mig", slots={"user_is_child": True})
    assert "BRIS 116 111" in reply
    assert "020-50 50 50" not in reply


def test_crisis_reply_from_a_button_still_gives_emergency_numbers() -> None:
    reply, events = respond_crisis("/crisis")
    assert "112" in reply and "90101" in reply and "1177" in reply
    assert events == [SlotSet("crisis_categories", [])]


def test_crisis_reply_works_when_the_phone_data_cannot_be_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "national_phones", broken)
    reply, events = respond_crisis("jag vill inte leva längre")
    assert "ring 112 direkt" in reply and "Självmordslinjen 90101" in reply
    assert "socialjouren" not in reply
    assert events == [SlotSet("crisis_categories", ["suicide"])]


def test_crisis_reply_works_when_only_the_socialjour_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "socialjour_phone", broken)
    reply, _ = respond_crisis("mamma andas inte")
    assert "112" in reply and "1177" in reply


def test_crisis_reply_uses_the_numbers_from_the_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "national_phones", lambda: {**LINES, "suicide": "90101 (dygnet runt)"})
    reply, _ = respond_crisis("jag vill dö")
    assert "Självmordslinjen 90101 (dygnet runt)" in reply


@pytest.mark.parametrize(("slot", "expected"), [(None, "high"), ("medium", "medium"), ("high", "high")])
def test_burden_reply_offers_a_callback_and_keeps_the_burden(slot: Optional[str], expected: str) -> None:
    dispatcher = CollectingDispatcher()
    t = tracker("jag orkar inte mer", "express_burden", {"burden": slot})
    events = actions.ActionRespondBurden().run(dispatcher, t, {})
    (message,) = dispatcher.messages
    assert message["text"] == replies.burden_reply("0200-239 500")
    assert [b["payload"] for b in message["buttons"]] == ["/request_callback", "/deny"]
    assert events == [SlotSet("burden", expected)]


def test_burden_reply_without_national_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "national_phones", broken)
    dispatcher = CollectingDispatcher()
    actions.ActionRespondBurden().run(dispatcher, tracker("jag är så trött", "express_burden"), {})
    assert dispatcher.messages[0]["text"] == replies.burden_reply(None)
    assert "Anhöriglinjen" not in dispatcher.messages[0]["text"]


def test_fallback_is_honest_and_offers_a_person() -> None:
    dispatcher = CollectingDispatcher()
    events = actions.ActionHandleFallback().run(dispatcher, tracker("asdfgh", "nlu_fallback"), {})
    assert events == []
    (message,) = dispatcher.messages
    assert message["text"] == replies.fallback_reply()
    assert [b["payload"] for b in message["buttons"]] == ["/describe_situation", "/request_human"]


def test_action_names() -> None:
    assert actions.ActionRespondCrisis().name() == "action_respond_crisis"
    assert actions.ActionRespondBurden().name() == "action_respond_burden"
    assert actions.ActionHandleFallback().name() == "action_handle_fallback"


def test_a_crisis_only_the_detector_caught_gets_the_line_for_its_category() -> None:
    # No rule-net phrase here; the learned detector flagged it and guessed violence.
    text = "det är lite körigt här ikväll, han står i hallen med grejen"
    reply, events = respond_crisis(text, detector={"probability": 0.91, "category": "violence"})
    assert "112" in reply and "Kvinnofridslinjen 020-50 50 50" in reply
    assert events == [SlotSet("crisis_categories", ["violence"])]


def test_the_rule_net_categories_win_over_the_detector_guess() -> None:
    guess = {"probability": 0.99, "category": "medical"}
    reply, events = respond_crisis("jag vill inte leva längre", detector=guess)
    assert "90101" in reply
    assert events == [SlotSet("crisis_categories", ["suicide"])]


@pytest.mark.parametrize("detector", [{"category": "weather"}, {"category": 3}, "not a dict", {}])
def test_an_unknown_detector_guess_falls_back_to_the_general_reply(detector: Any) -> None:
    reply, events = respond_crisis("det är lite körigt här ikväll", detector=detector)
    assert "112" in reply and "90101" in reply and "1177" in reply
    assert events == [SlotSet("crisis_categories", [])]


def test_the_action_server_reads_the_net_result_and_never_runs_the_net(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot import safety
    from bot.safety import net

    t = tracker("jag vill inte leva längre")  # built first: the fixture runs the net, as the NLU does

    def no_second_run(text: str) -> Any:
        raise AssertionError("the rule net runs in the NLU, not on the action server")

    monkeypatch.setattr(safety, "assess", no_second_run)
    monkeypatch.setattr(net, "assess", no_second_run)
    dispatcher = CollectingDispatcher()
    events = actions.ActionRespondCrisis().run(dispatcher, t, {})
    assert events == [SlotSet("crisis_categories", ["suicide"])]
    assert "90101" in dispatcher.messages[0]["text"]


def test_a_message_without_the_net_result_counts_as_nothing_found() -> None:
    # A message injected through the API never passed the NLU: the detector's guess still counts.
    latest = {"text": "jag vill inte leva längre", "intent": {"name": "crisis", "confidence": 1.0}}
    state = {"sender_id": "test", "slots": {}, "latest_message": latest, "events": []}
    dispatcher = CollectingDispatcher()
    events = actions.ActionRespondCrisis().run(dispatcher, Tracker.from_dict(state), {})
    assert events == [SlotSet("crisis_categories", [])]
    latest["crisis_detector"] = {"probability": 0.9, "category": "medical"}
    events = actions.ActionRespondCrisis().run(CollectingDispatcher(), Tracker.from_dict(state), {})
    assert events == [SlotSet("crisis_categories", ["medical"])]


def test_a_button_payload_carries_no_net_result() -> None:
    assert "crisis_net" not in parsed({"text": "/crisis"})
    assert "crisis_net" not in parsed({"text": ""})
    assert parsed({"text": "han slår mig"})["crisis_net"]["categories"] == ["violence"]
