"""The situation dialogue hears everything in a message: a request, burden, a death, a child."""

from __future__ import annotations

import asyncio
from typing import Any, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import callback as callback_actions
from actions import safety as safety_actions
from actions import situation as actions
from actions import situation_reply
from actions import support as support_actions
from actions.situation_reply import reply_to_situation
from bot.knowledge.loader import clear_cache, load_profile
from tests.actions.dialogue import parsed


@pytest.fixture
def municipality(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Use a real profile in the situation and callback actions."""

    def use(profile_id: str) -> None:
        profile = load_profile(profile_id)
        monkeypatch.setattr(actions, "active_profile", lambda: profile)
        monkeypatch.setattr(situation_reply, "active_profile", lambda: profile)
        monkeypatch.setattr(callback_actions, "active_profile", lambda: profile)
        monkeypatch.setattr(support_actions, "active_profile", lambda: profile)

    yield use
    clear_cache()


def tracker(
    text: str = "",
    intent: str = "describe_situation",
    slots: Optional[dict[str, Any]] = None,
    requested: Optional[str] = None,
) -> Tracker:
    all_slots = dict(slots or {})
    if requested:
        all_slots["requested_slot"] = requested
    return Tracker.from_dict(
        {
            "sender_id": "test",
            "slots": all_slots,
            "latest_message": parsed({
                "text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [],
            }),
            "events": [],
            "active_loop": {"name": "situation_form"} if requested else {},
            "latest_action_name": "action_listen",
        }
    )


def extract(name: str, t: Tracker) -> dict[str, Any]:
    method = getattr(actions.ValidatePredefinedSlots(), f"extract_{name}")
    return asyncio.run(method(CollectingDispatcher(), t, {}))


def required(slots: dict[str, Any]) -> list[str]:
    form = actions.ValidateSituationForm()
    return asyncio.run(
        form.required_slots(
            ["relation", "condition", "person_age"], CollectingDispatcher(), tracker(slots=slots), {}
        )
    )


# --- the pending request -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("Min pappa har demens. Kan någon ringa mig?", "describe_situation", {"pending_request": "callback"}),
        ("min pappa har demens kan nagon ringa mig", "describe_situation", {"pending_request": "callback"}),
        ("Mamma är 80. Vad har jag rätt till?", "describe_situation", {"pending_request": "rights"}),
        ("jag orkar inte, vad kostar avlosning", "express_burden", {"pending_request": "cost"}),
        ("min pappa har demens", "describe_situation", {}),
        ("kan någon ringa mig", "request_callback", {}),  # the rules carry it out at once
    ],
)
def test_a_request_told_with_the_situation_is_kept(text: str, intent: str, expected: dict) -> None:
    assert extract("pending_request", tracker(text, intent)) == expected


def test_a_pending_callback_is_started_after_the_summary(municipality: Any) -> None:
    municipality("nacka")
    dispatcher = CollectingDispatcher()
    slots = {"relation": "parent", "condition": "old_age", "person_age": "81", "pending_request": "callback"}
    events = actions.ActionSummarizeSituation().run(dispatcher, tracker("81", "inform", slots), {})
    assert events == [SlotSet("pending_request", None), FollowupAction("action_start_callback")]
    (message,) = dispatcher.messages
    assert "Vad vill du göra nu" not in message["text"]
    assert "Du hjälper din förälder, 81 år" in message["text"]


def test_pending_rights_are_given_right_after_the_summary(municipality: Any) -> None:
    municipality("ekero")
    dispatcher = CollectingDispatcher()
    slots = {"relation": "parent", "condition": "dementia", "person_age": "79", "pending_request": "rights"}
    events = actions.ActionSummarizeSituation().run(dispatcher, tracker("79", "inform", slots), {})
    assert events == [SlotSet("pending_request", None)]
    summary, rights = dispatcher.messages
    assert "Vad vill du göra nu" not in summary["text"]
    assert "2025:400" in rights["text"]


# --- burden -----------------------------------------------------------------------------------


def test_burden_is_acknowledged_before_the_first_question(municipality: Any) -> None:
    municipality("ekero")
    dispatcher = CollectingDispatcher()
    t = tracker("Pappa har parkinson och jag är helt slut", slots={"burden": "high"}, requested="person_age")
    actions.ActionAskPersonAge().run(dispatcher, t, {})
    (message,) = dispatcher.messages
    assert message["text"].startswith("Det låter som att du bär mycket just nu.")
    assert message["text"].endswith(actions.replies.ASK_SITUATION["person_age"])


def test_the_summary_names_support_for_the_relatives_own_sake(municipality: Any) -> None:
    municipality("nacka")
    dispatcher = CollectingDispatcher()
    slots = {"relation": "parent", "condition": "chronic_illness", "person_age": "70", "burden": "high"}
    actions.ActionSummarizeSituation().run(dispatcher, tracker("70", "inform", slots), {})
    (message,) = dispatcher.messages
    assert "för din egen skull" in message["text"]
    assert "Anhöriglinjen" in message["text"]
    assert "anhörigkonsulent" in message["text"].lower()


# --- loss and grief ---------------------------------------------------------------------------


def test_after_a_death_the_form_asks_neither_needs_nor_age() -> None:
    assert required({"caring_phase": "new_start"}) == ["relation"]
    assert required({}) == ["relation", "condition", "person_age"]


def test_a_bereaved_relative_hears_sympathy_the_past_tense_and_grief_supports(municipality: Any) -> None:
    municipality("ekero")
    dispatcher = CollectingDispatcher()
    slots = {"relation": "parent", "condition": "dementia", "caring_phase": "new_start"}
    actions.ActionSummarizeSituation().run(dispatcher, tracker("mamma dog", slots=slots), {})
    (message,) = dispatcher.messages
    text = message["text"]
    assert text.startswith("Jag beklagar sorgen.")
    assert "hade demens" in text and "Sorgegrupp" in text and "Anhöriglinjen" in text
    assert "behöver hen" not in text and "Vad vill du göra nu" not in text
    assert [b["payload"] for b in message["buttons"]] == ["/request_callback", "/deny"]


def test_the_relation_is_asked_in_the_past_tense_with_sympathy(municipality: Any) -> None:
    municipality("ekero")
    dispatcher = CollectingDispatcher()
    t = tracker("hen dog i maj", slots={"caring_phase": "new_start"}, requested="relation")
    actions.ActionAskRelation().run(dispatcher, t, {})
    (message,) = dispatcher.messages
    assert message["text"].startswith("Jag beklagar sorgen.")
    assert "Vem var det du förlorade" in message["text"]


def test_a_bereaved_relatives_callback_goes_to_the_coordinator() -> None:
    slots = {"relation": "parent", "condition": "dementia", "caring_phase": "new_start"}
    sit = callback_actions.situation(tracker(slots=slots))
    assert sit.condition is None and sit.phase == "new_start"


# --- children ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["jag är 13 och min mamma dricker", "hej jag gar i sjuan. min lillebror har autism",
     "min mamma dricker jag är 14", "mina föräldrar bråkar hela tiden"],
)
def test_a_child_writer_is_recognised(text: str) -> None:
    assert extract("user_is_child", tracker(text)) == {"user_is_child": True}


def test_an_adult_writer_is_not_taken_for_a_child() -> None:
    assert extract("user_is_child", tracker("min mamma är 84 och har demens, jag jobbar heltid")) == {}
    assert extract("user_age", tracker("jag är 19 och min lillebror har adhd")) == {"user_age": "19"}


def test_a_child_is_not_asked_the_parents_age() -> None:
    assert required({"user_is_child": True}) == ["relation", "condition"]


def test_a_child_hears_bris_and_an_adult_to_turn_to_first(municipality: Any) -> None:
    municipality("stockholm")
    dispatcher = CollectingDispatcher()
    slots = {"relation": "parent", "condition": "addiction", "user_is_child": True}
    actions.ActionSummarizeSituation().run(dispatcher, tracker("pappa dricker, jag är 13", slots=slots), {})
    (message,) = dispatcher.messages
    text = message["text"]
    assert "116 111" in text and "skolkuratorn" in text and "socialtjänsten" in text
    assert "Stöd till barn som anhöriga" in text
    assert "Vad vill du göra nu" not in text


def test_a_child_asking_to_be_called_is_not_booked(municipality: Any) -> None:
    municipality("lidingo")
    dispatcher = CollectingDispatcher()
    t = tracker("kan ni ringa mig", "request_callback", {"relation": "sibling", "user_is_child": True})
    events = callback_actions.ActionStartCallback().run(dispatcher, t, {})
    assert FollowupAction("action_listen") in events
    (message,) = dispatcher.messages
    assert "vuxen" in message["text"] and "116 111" in message["text"]


def test_a_young_adult_in_gislaved_hears_of_the_koordinatorstod(municipality: Any) -> None:
    municipality("gislaved")
    dispatcher = CollectingDispatcher()
    slots = {"relation": "sibling", "condition": "mental_illness", "person_age": "12", "user_age": "19"}
    actions.ActionSummarizeSituation().run(dispatcher, tracker("12", "inform", slots), {})
    assert "oordinator" in dispatcher.messages[0]["text"]


def test_a_death_told_as_burden_is_answered_with_sympathy_not_the_burden_reply(municipality: Any) -> None:
    municipality("ekero")
    dispatcher = CollectingDispatcher()
    slots = {"relation": "parent", "condition": "dementia", "caring_phase": "new_start"}
    events = safety_actions.ActionRespondBurden().run(
        dispatcher, tracker("mamma dog och jag orkar inte", "express_burden", slots), {}
    )
    (message,) = dispatcher.messages
    assert message["text"].startswith("Jag beklagar sorgen.") and "Sorgegrupp" in message["text"]
    assert SlotSet("burden", "high") in events


def test_a_child_telling_burden_hears_bris_first(municipality: Any) -> None:
    municipality("stockholm")
    dispatcher = CollectingDispatcher()
    slots = {"relation": "parent", "condition": "addiction", "user_is_child": True}
    safety_actions.ActionRespondBurden().run(
        dispatcher, tracker("jag orkar inte, pappa dricker, jag är 13", "express_burden", slots), {}
    )
    (message,) = dispatcher.messages
    assert "116 111" in message["text"] and "Ja, ring upp mig" not in str(message["buttons"])


def test_a_request_told_with_burden_is_carried_out(municipality: Any) -> None:
    municipality("ekero")
    dispatcher = CollectingDispatcher()
    slots = {"relation": "parent", "condition": "dementia", "pending_request": "callback"}
    events = safety_actions.ActionRespondBurden().run(
        dispatcher, tracker("jag orkar inte mer, kan någon ringa mig", "express_burden", slots), {}
    )
    assert FollowupAction("action_start_callback") in events


def test_plain_burden_keeps_the_burden_reply(municipality: Any) -> None:
    municipality("ekero")
    dispatcher = CollectingDispatcher()
    safety_actions.ActionRespondBurden().run(dispatcher, tracker("jag är så trött", "express_burden"), {})
    (message,) = dispatcher.messages
    assert [b["payload"] for b in message["buttons"]] == ["/request_callback", "/deny"]
    assert "beklagar" not in message["text"]


def test_the_summary_says_that_a_broadened_group_is_included(municipality: Any) -> None:
    municipality("stockholm")
    dispatcher = CollectingDispatcher()
    slots = {"relation": "child", "condition": "criminality", "person_age": "24",
             "district": "bromma"}
    reply_to_situation(dispatcher, tracker("min son är kriminell", "describe_situation", slots))
    text = "\n".join(m["text"] or "" for m in dispatcher.messages)
    assert "kriminell livsstil ingår i målgruppen" in text


def test_a_callback_asked_for_with_a_support_question_is_booked_after_the_answer(
    municipality: Any,
) -> None:
    municipality("ekero")
    dispatcher = CollectingDispatcher()
    t = tracker("finns det hjälp för oss som är anhöriga? kan någon ringa mig", "ask_support")
    events = support_actions.ActionExplainSupports().run(dispatcher, t, {})
    assert dispatcher.messages and FollowupAction("action_start_callback") in events
    plain = support_actions.ActionExplainSupports().run(
        CollectingDispatcher(), tracker("finns det avlösning", "ask_support"), {}
    )
    assert plain == []


def test_a_question_about_pay_with_the_situation_gets_the_honest_answer_about_it(
    municipality: Any,
) -> None:
    municipality("gislaved")
    dispatcher = CollectingDispatcher()
    slots = {"relation": "child", "condition": "mental_illness", "person_age": "24",
             "pending_request": "supports"}
    t = tracker("min son har psykos, kan jag få ersättning?", "describe_situation", slots)
    t.latest_message["entities"] = [{"entity": "support_type", "value": "financial"}]
    reply_to_situation(dispatcher, t)
    text = "\n".join(m["text"] or "" for m in dispatcher.messages)
    assert "ekonomisk ersättning" in text


def test_supports_for_a_broadened_group_say_that_the_group_is_included(municipality: Any) -> None:
    municipality("stockholm")
    dispatcher = CollectingDispatcher()
    slots = {"relation": "sibling", "condition": "violence_affected"}
    support_actions.ActionExplainSupports().run(
        dispatcher, tracker("finns det stöd för oss?", "ask_support", slots), {}
    )
    assert "skjutningar och dödligt våld ingår i målgruppen" in dispatcher.messages[0]["text"]
