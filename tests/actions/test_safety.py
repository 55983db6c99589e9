from __future__ import annotations

from typing import Any, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import safety as actions
from bot.knowledge import next_steps
from bot.knowledge.access import active_profile
from bot.knowledge.situation import Situation
from bot.safety import as_parse_data, assess, assess_possible
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
    assert message["text"] == replies.burden_reply("0200-239 500", own_support_names())
    assert [b["payload"] for b in message["buttons"]] == ["/request_callback", "/deny"]
    assert events == [SlotSet("burden", expected)]


def own_support_names() -> list[str]:
    """The profile's talks and groups that the burden reply names for a situation not yet told."""
    situation = Situation.from_slots({})
    return [s.name for s in next_steps.own_supports(active_profile(), situation)]


def test_burden_reply_names_the_municipalitys_own_talks_and_groups() -> None:
    names = own_support_names()
    assert names, "every profile has talks or groups for the relative's own sake"
    dispatcher = CollectingDispatcher()
    actions.ActionRespondBurden().run(dispatcher, tracker("jag orkar inte mer", "express_burden"), {})
    for name in names:
        assert f"- {name}" in dispatcher.messages[0]["text"]


def test_burden_with_who_and_what_gets_the_situation_reply() -> None:
    dispatcher = CollectingDispatcher()
    slots = {"relation": "parent", "condition": "chronic_illness"}
    t = tracker("pappa fick en stroke och jag orkar inte", "express_burden", slots)
    events = actions.ActionRespondBurden().run(dispatcher, t, {})
    text = "\n".join(m["text"] or "" for m in dispatcher.messages)
    assert "förälder" in text and "långvarig sjukdom" in text
    assert SlotSet("burden", "high") in events


def test_burden_reply_without_national_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "national_phones", broken)
    dispatcher = CollectingDispatcher()
    actions.ActionRespondBurden().run(dispatcher, tracker("jag är så trött", "express_burden"), {})
    assert dispatcher.messages[0]["text"] == replies.burden_reply(None, own_support_names())
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


# -- messages in other languages ------------------------------------------------------------

ENGLISH = "Hi, sorry I don't speak Swedish. My mum lives alone and has dementia. Who can I talk to?"
ARABIC = "مرحبا، أمي مريضة بالخرف وأنا أعتني بها وحدي في البيت. لا أتكلم السويدية جيدا."


def test_an_english_message_is_answered_in_english_whatever_the_intent() -> None:
    dispatcher = CollectingDispatcher()
    found = actions.extract_message_language(dispatcher, tracker(ENGLISH, intent="inform"))
    assert found == {"message_language": "en"}
    (message,) = dispatcher.messages
    assert message["custom"] == {"lang": "en"}
    text = message["text"]
    for expected in ("Swedish", "112", "1177", "90101", "020-50 50 50", "116 111"):
        assert expected in text
    assert "(example number)" in text  # the profile's numbers are example values


def test_an_arabic_message_is_answered_in_arabic() -> None:
    dispatcher = CollectingDispatcher()
    assert actions.extract_message_language(dispatcher, tracker(ARABIC, intent="inform")) == {
        "message_language": "ar"
    }
    (message,) = dispatcher.messages
    assert "السويدية" in message["text"] and "112" in message["text"]
    assert message["custom"] == {"lang": "ar"}


def test_a_language_without_its_own_text_gets_english() -> None:
    dispatcher = CollectingDispatcher()
    somali = "Salaan, hooyadey waa jiran tahay, waxaan u baahanahay caawimo. Iswiidhish kuma hadlo."
    assert actions.extract_message_language(dispatcher, tracker(somali, intent="inform")) == {
        "message_language": "so"
    }
    (message,) = dispatcher.messages
    assert message["custom"] == {"lang": "en"} and "Swedish" in message["text"]


@pytest.mark.parametrize("text", ["hej min mamma har demens", "hello", "/greet"])
def test_swedish_and_single_words_get_no_extra_reply(text: str) -> None:
    dispatcher = CollectingDispatcher()
    assert actions.extract_message_language(dispatcher, tracker(text, intent="greet")) == {}
    assert dispatcher.messages == []


def test_the_language_slot_is_cleared_when_the_relative_goes_on_in_swedish() -> None:
    dispatcher = CollectingDispatcher()
    found = actions.extract_message_language(
        dispatcher, tracker("jag tar hand om min mamma", intent="inform", slots={"message_language": "en"})
    )
    assert found == {"message_language": None}
    assert dispatcher.messages == []


def test_a_crisis_in_english_gets_the_crisis_reply_first_then_english() -> None:
    text = "I want to kill myself tonight, I can't go on caring for my mother"
    dispatcher = CollectingDispatcher()
    assert actions.extract_message_language(dispatcher, tracker(text)) == {"message_language": "en"}
    assert dispatcher.messages == []  # the slot step leaves a crisis to the crisis action
    actions.ActionRespondCrisis().run(dispatcher, tracker(text), {})
    first, second = dispatcher.messages
    assert first["text"].startswith("Om någon är i fara just nu: ring 112")
    assert "Swedish" in second["text"] and second["custom"] == {"lang": "en"}


def test_the_fallback_stays_silent_after_the_reply_in_another_language() -> None:
    dispatcher = CollectingDispatcher()
    tracked = tracker(ENGLISH, intent="nlu_fallback", slots={"message_language": "en"})
    assert actions.ActionHandleFallback().run(dispatcher, tracked, {}) == []
    assert dispatcher.messages == []


def test_the_contact_in_a_district_profile_depends_on_the_district() -> None:
    from bot.knowledge.loader import load_profile

    profile = load_profile("stockholm")
    farsta = actions.municipality_contact(profile, "farsta")
    assert farsta.phone == profile.coordinators("farsta")[0].phone
    assert "Farsta" in farsta.role
    general = actions.municipality_contact(profile, None)
    assert general.phone not in {c.phone for c in profile.coordinators()}


def test_the_contact_elsewhere_is_the_coordinator_with_its_unit() -> None:
    from bot.knowledge.loader import load_profile

    profile = load_profile("ekero")
    contact = actions.municipality_contact(profile, None)
    assert contact.role == "Anhörigkonsulent, Produktionsområde Omsorg"
    assert contact.phone == "070-174 06 06" and contact.example


# ---------------------------------------------------------------- possible danger: the check-in


def possible_tracker(
    text: str, intent: str = "express_burden", slots: Optional[dict[str, Any]] = None,
    active_loop: Optional[str] = None,
) -> Tracker:
    """A tracker whose latest message carries the net's result as CrisisGuard leaves it."""
    latest = {
        "text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": [],
        "crisis_net": as_parse_data(assess(text), None if assess(text).is_crisis else assess_possible(text)),
    }
    state = {
        "sender_id": "test", "slots": slots or {}, "latest_message": latest, "events": [],
        "active_loop": {"name": active_loop} if active_loop else {},
    }
    return Tracker.from_dict(state)


def test_the_tier_slot_is_set_for_possible_danger_only() -> None:
    extract = actions.ActionExtractCrisisTier()
    assert extract.name() == "action_extract_crisis_tier"
    assert extract.run(CollectingDispatcher(), possible_tracker("jag vill bara försvinna"), {}) == [
        SlotSet("crisis_possible", True)
    ]
    assert extract.run(CollectingDispatcher(), possible_tracker("jag är så trött"), {}) == []
    # Cleared on the next message that has none.
    assert extract.run(
        CollectingDispatcher(), possible_tracker("jag är så trött", slots={"crisis_possible": True}), {}
    ) == [SlotSet("crisis_possible", None)]


@pytest.mark.parametrize(
    "text", ["jag vill bara försvinna och jag har tagit alla tabletter", "jag ser ingen utväg"]
)
def test_acute_danger_never_sets_the_possible_tier(text: str) -> None:
    events = actions.ActionExtractCrisisTier().run(CollectingDispatcher(), possible_tracker(text), {})
    assert events == []


def test_a_crisis_intent_wins_over_the_possible_tier() -> None:
    tracker_ = possible_tracker("jag vill bara försvinna", intent="crisis")
    assert actions.ActionExtractCrisisTier().run(CollectingDispatcher(), tracker_, {}) == []


@pytest.mark.parametrize(
    ("intent", "kind"),
    [("express_burden", "burden"), ("describe_situation", "situation"), ("nlu_fallback", "other")],
)
def test_the_check_in_asks_straight_out_and_gives_the_lines(intent: str, kind: str) -> None:
    dispatcher = CollectingDispatcher()
    events = actions.ActionCheckInPossibleCrisis().run(
        dispatcher, possible_tracker("det är ingen idé längre", intent=intent), {}
    )
    (message,) = dispatcher.messages
    assert "har du tankar på att ta ditt liv?" in message["text"]
    assert "Självmordslinjen 90101" in message["text"] and "1177" in message["text"]
    assert "112" in message["text"]
    assert events == [
        SlotSet("crisis_possible", None), ActiveLoop(None), SlotSet("requested_slot", None),
        SlotSet("crisis_check_in", kind),
    ]


def test_the_check_in_about_the_cared_for_person_asks_about_them() -> None:
    dispatcher = CollectingDispatcher()
    actions.ActionCheckInPossibleCrisis().run(
        dispatcher, possible_tracker("mamma säger att hon bara vill försvinna"), {}
    )
    (message,) = dispatcher.messages
    assert "tror du att hen har tankar på att ta sitt liv?" in message["text"]
    assert "Självmordslinjen 90101" in message["text"]


def test_the_check_in_inside_a_form_leaves_it_and_remembers_it() -> None:
    events = actions.ActionCheckInPossibleCrisis().run(
        CollectingDispatcher(), possible_tracker("orkar inte mer med livet", active_loop="situation_form"), {}
    )
    assert ActiveLoop(None) in events and SlotSet("requested_slot", None) in events
    assert SlotSet("crisis_check_in", "situation_form") in events


def test_the_check_in_works_when_the_phone_data_cannot_be_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "national_phones", broken)
    dispatcher = CollectingDispatcher()
    actions.ActionCheckInPossibleCrisis().run(dispatcher, possible_tracker("jag vill bara försvinna"), {})
    (message,) = dispatcher.messages
    assert "90101" in message["text"] and "1177" in message["text"] and "112" in message["text"]


def test_yes_to_the_check_in_gets_the_suicide_line_and_clears_the_check_in() -> None:
    reply, events = respond_crisis("ja", slots={"crisis_check_in": "burden"})
    assert reply.startswith("Om någon är i fara just nu: ring 112 direkt.")
    assert "Självmordslinjen 90101" in reply
    assert events == [SlotSet("crisis_categories", ["suicide"])]


def test_the_check_in_slot_is_cleared_after_the_answer() -> None:
    extract = actions.ActionExtractCrisisTier()
    answered = [
        {"event": "action", "name": "action_check_in_possible_crisis"},
        {"event": "user", "text": "ja"},
        {"event": "action", "name": "action_respond_crisis"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "tack"},
    ]
    state = {
        "sender_id": "t", "slots": {"crisis_check_in": "burden"}, "events": answered,
        "latest_message": {"text": "tack", "intent": {"name": "thank"}}, "active_loop": {},
    }
    cleared = extract.run(CollectingDispatcher(), Tracker.from_dict(state), {})
    assert cleared == [SlotSet("crisis_check_in", None)]
    # The answer itself still sees the slot.
    state["events"] = answered[:2]
    assert extract.run(CollectingDispatcher(), Tracker.from_dict(state), {}) == []


@pytest.mark.parametrize(
    ("intent", "expected"), [("deny", "Tack för att du svarar."), ("nlu_fallback", "eller inte vet")]
)
def test_no_or_an_unclear_answer_gets_a_short_warm_reply(intent: str, expected: str) -> None:
    dispatcher = CollectingDispatcher()
    close = actions.ActionCloseCrisisCheckIn()
    assert close.name() == "action_close_crisis_check_in"
    answer = possible_tracker("nej", intent=intent, slots={"crisis_check_in": "other"})
    events = close.run(dispatcher, answer, {})
    (message,) = dispatcher.messages
    assert expected in message["text"] and "90101" in message["text"]
    assert events == [SlotSet("crisis_check_in", None)]


def test_a_form_answer_with_possible_danger_leaves_the_form_for_the_check_in() -> None:
    import asyncio

    from rasa_sdk.events import FollowupAction

    from actions.callback import ValidateCallbackForm
    from bot import safety

    text = "spelar ingen roll vad jag heter, det finns ingen idé längre med någonting"
    t = tracker(text, "inform", {"requested_slot": "callback_name", "callback_name": text})
    t.latest_message[safety.CRISIS_NET_KEY] = as_parse_data(assess(text), assess_possible(text))
    t.active_loop = {"name": "callback_form"}
    events = asyncio.run(ValidateCallbackForm().run(CollectingDispatcher(), t, {}))
    assert events == [
        SlotSet("callback_name", None), SlotSet("crisis_check_in", "callback_form"),
        SlotSet("requested_slot", None), FollowupAction("action_check_in_possible_crisis"),
    ]
    # The check-in then says which form it interrupted, so the rules take it up again.
    after = tracker(text, "inform", {"crisis_check_in": "callback_form"})
    after.latest_message[safety.CRISIS_NET_KEY] = t.latest_message[safety.CRISIS_NET_KEY]
    check_in_events = actions.ActionCheckInPossibleCrisis().run(CollectingDispatcher(), after, {})
    assert SlotSet("crisis_check_in", "callback_form") in check_in_events
