"""The booking form through the real actions, a temporary SQLite database and ANHORIG_NOW."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import text

from actions import callback
from bot.callbacks import dialogue as flow
from bot.callbacks.cases import case_history, get_case
from bot.knowledge.access import active_profile
from bot.storage import Booking, Case, CaseEvent
from bot.texts import callback as say
from tests.actions import dialogue as dialogue_module
from tests.actions.dialogue import (
    DAY,
    DEMENTIA_SLOTS,
    EVENING,
    SATURDAY,
    Dialogue,
    Env,
    book,
    no_later_times,
    reference_in,
    start,
)

# -- the happy path and its texts ------------------------------------------------------


def test_start_says_who_will_call_then_asks_for_consent(env: Env, domain: Dict[str, Any]) -> None:
    dialogue = start(domain)
    intro, consent = dialogue.texts()
    assert "kontaktpersonen för anhörigstöd, äldreomsorg och demens på Äldreomsorgen" in intro
    assert "070-174 06 07" in intro and "stängt" not in intro
    assert "Det här sparas" in consent and "Vem ser det" in consent and "tas bort" in consent
    assert [b["payload"] for b in dialogue.messages[-1]["buttons"]] == ["/affirm", "/deny"]
    assert dialogue.active_loop == "callback_form" and dialogue.slots["requested_slot"] == "callback_consent"


def test_full_booking_confirms_after_the_commit(env: Env, domain: Dict[str, Any]) -> None:
    dialogue = start(domain)
    assert "Vad ska vi kalla dig" in dialogue.user("ja", "affirm")[0]
    assert "telefonnummer" in dialogue.user("Anna")[0]
    (offer,) = dialogue.user("070-174 06 90")
    assert "1. torsdag 26 november kl. 13.00–15.00" in offer
    assert len(dialogue.messages[-1]["buttons"]) == 4  # three times and "Andra tider"
    assert "meddelande" in dialogue.user("den första")[0]
    assert env.count(Case) == 0  # nothing is stored before the last answer
    (reply,) = dialogue.user("Jag vill prata om avlösning")
    reference = reference_in(reply)
    assert "torsdag 26 november kl. 13.00–15.00" in reply
    assert "kontaktpersonen för anhörigstöd, äldreomsorg och demens på Äldreomsorgen som ringer dig" in reply
    assert "avboka" in reply and "…0690" in reply
    case = get_case(flow.storage(), reference)
    assert case is not None and case.message == "Jag vill prata om avlösning"
    assert (case.name, case.phone_e164) == ("Anna", "+46701740690")
    assert case.contact_point_id == "kontakt_aldreomsorg"
    assert dialogue.active_loop is None
    assert all(dialogue.slots[s] is None for s in callback.PERSONAL_SLOTS)
    assert dialogue.slots["callback_reference"] == reference


def test_confirmation_is_sent_only_after_the_commit(
    env: Env, domain: Dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogue = start(domain)
    real_book = flow.book
    seen: dict[str, Any] = {}

    def spying_book(*args: Any, **kwargs: Any) -> Any:
        seen["confirmed_before"] = any("bokningsnummer" in t for t in dialogue.texts())
        confirmation = real_book(*args, **kwargs)
        seen["stored_at_return"] = env.count(Case)  # a new session: committed, not just flushed
        return confirmation

    monkeypatch.setattr(flow, "book", spying_book)
    reply = book(dialogue)[0]
    assert seen == {"confirmed_before": False, "stored_at_return": 1}
    assert reference_in(reply)


def test_booking_is_stored_exactly_once_with_its_history(env: Env, domain: Dict[str, Any]) -> None:
    reference = reference_in(book(start(domain))[0])
    assert (env.count(Case), env.count(Booking), env.count(CaseEvent)) == (1, 1, 2)
    assert [e.kind for e in case_history(flow.storage(), reference)] == ["created", "booked"]


# -- consent ----------------------------------------------------------------------------


@pytest.mark.parametrize(("answer", "intent"), [("/deny", "deny"), ("nej tack", "inform"), ("nä", "greet")])
def test_consent_declined_stores_nothing_and_gives_the_units_number(
    env: Env, domain: Dict[str, Any], answer: str, intent: str
) -> None:
    dialogue = start(domain)
    (reply,) = dialogue.user(answer, intent)
    assert "sparar jag ingenting" in reply and "070-174 06 07" in reply
    assert dialogue.active_loop is None
    assert env.count(Case) == env.count(Booking) == env.count(CaseEvent) == 0


def test_unclear_consent_is_asked_again(env: Env, domain: Dict[str, Any]) -> None:
    dialogue = start(domain)
    unclear, again = dialogue.user("kanske", "inform")
    assert "Svara ja eller nej" in unclear and "Är det okej" in again
    assert dialogue.slots["requested_slot"] == "callback_consent"


# -- answers that need another try ------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("070-12", "sakna några siffror"),
        ("+45 12 34 56 78", "svenska telefonnummer"),
        ("ring mig", "inte ut som ett telefonnummer"),
        ("0900-123 45 67", "går inte att ringa upp"),
    ],
)
def test_invalid_phone_is_explained_and_asked_again(
    env: Env, domain: Dict[str, Any], phone: str, expected: str
) -> None:
    dialogue = start(domain)
    dialogue.user("ja", "affirm")
    dialogue.user("Anna")
    explanation, again = dialogue.user(phone)
    assert expected in explanation
    assert "Vilket telefonnummer" in again
    assert dialogue.slots["callback_phone"] is None and dialogue.slots["requested_slot"] == "callback_phone"
    assert "Vilken tid passar" in dialogue.user("0701740690")[0]
    assert dialogue.slots["callback_phone"] == "+46701740690"


def test_invalid_name_is_asked_again(env: Env, domain: Dict[str, Any]) -> None:
    dialogue = start(domain)
    dialogue.user("ja", "affirm")
    explanation, again = dialogue.user("min mamma har demens och jag orkar inte mer", "describe_situation")
    assert "Skriv bara ett namn" in explanation and "Vad ska vi kalla dig" in again
    assert "Du behöver inte skriva ditt riktiga namn" in dialogue.user("nej", "deny")[0]
    dialogue.user("kalla mig Kicki")
    assert dialogue.slots["callback_name"] == "Kicki"


def test_too_long_message_is_explained_and_asked_again(env: Env, domain: Dict[str, Any]) -> None:
    dialogue = start(domain)
    explanation, again = book(dialogue, message="Ring gärna efter lunch. " * 100)
    assert "Meddelandet får vara högst" in explanation and "meddelande" in again
    assert dialogue.slots["callback_message"] is None and env.count(Case) == 0
    assert reference_in(dialogue.user("nej", "deny")[0])


@pytest.mark.parametrize(
    ("answer", "window"),
    [
        ("tisdag förmiddag", "tisdag 1 december kl. 10.00–12.00"),
        ("tisdag formiddag", "tisdag 1 december kl. 10.00–12.00"),
        ("efter lunch på torsdag", "torsdag 26 november kl. 13.00–15.00"),
        ("den andra", "tisdag 1 december kl. 10.00–12.00"),
        ("alternativ 3", "torsdag 3 december kl. 13.00–15.00"),
    ],
)
def test_slot_picked_in_words(env: Env, domain: Dict[str, Any], answer: str, window: str) -> None:
    reply = book(start(domain), pick=answer)[0]
    assert f"Din tid är bokad: {window}" in reply


def test_unclear_or_ambiguous_slot_answer_is_asked_again(env: Env, domain: Dict[str, Any]) -> None:
    dialogue = start(domain)
    dialogue.user("ja", "affirm")
    dialogue.user("Anna")
    dialogue.user("0701740690")
    several, again = dialogue.user("eftermiddag")
    assert "Flera tider passar" in several and "Vilken tid passar" in again
    unclear, _ = dialogue.user("blå")
    assert "förstod inte vilken tid" in unclear
    assert dialogue.slots["callback_slot"] is None


def test_other_times_are_offered_on_request(env: Env, domain: Dict[str, Any]) -> None:
    dialogue = start(domain)
    dialogue.user("ja", "affirm")
    dialogue.user("Anna")
    first = dialogue.user("0701740690")[0]
    later = dialogue.user("andra tider")[0]
    assert "torsdag 26 november" in first and "torsdag 26 november" not in later
    assert "1. tisdag 8 december kl. 10.00–12.00" in later and "fler lediga tider" in later
    assert "de första lediga tiderna" in first
    reply = dialogue.user("den första")
    dialogue.user("nej", "deny")
    assert "tisdag 8 december" in dialogue.texts()[-1], reply


def test_no_later_times_are_said_and_the_first_times_offered_again(
    env: Env, domain: Dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    no_later_times(monkeypatch)
    dialogue = start(domain)
    dialogue.user("ja", "affirm")
    dialogue.user("Anna")
    first = dialogue.user("0701740690")[0]
    none_later, again = dialogue.user("andra tider")
    assert none_later == say.NO_LATER_SLOTS
    assert again == first and "de första lediga tiderna" in again
    assert dialogue.slots["callback_offer_after"] is None
    assert "meddelande" in dialogue.user("den första")[0]


def test_a_full_slot_is_not_offered_and_a_slot_taken_meanwhile_is_reoffered(
    env: Env, domain: Dict[str, Any]
) -> None:
    first, second = start(domain), start(domain)
    for dialogue in (first, second):
        dialogue.user("ja", "affirm")
        dialogue.user("Anna")
        dialogue.user("0701740690")
        dialogue.user("den första")
    # Capacity 2: a third relative books the same time first, while these two are typing.
    third = start(domain)
    book(third)
    assert "Din tid är bokad: torsdag 26 november" in first.user("nej", "deny")[0]
    taken, offer = second.user("nej", "deny")
    assert "hann tyvärr bli upptagen" in taken and "torsdag 26 november" not in offer
    assert second.active_loop == "callback_form" and env.count(Case) == 2
    assert "Din tid är bokad: tisdag 1 december" in second.user("den första")[0]


# -- stopping, crisis, storage ------------------------------------------------------------


@pytest.mark.parametrize("step", [0, 1, 2, 3, 4])
def test_avbryt_stops_at_any_question_and_stores_nothing(env: Env, domain: Dict[str, Any], step: int) -> None:
    dialogue = start(domain)
    for answer, intent in [("ja", "affirm"), ("Anna", "inform"), ("0701740690", "inform"),
                           ("den första", "inform")][:step]:
        dialogue.user(answer, intent)
    (reply,) = dialogue.user("avbryt", "deny")
    assert "inte bokat något" in reply and "070-174 06 07" in reply
    assert dialogue.active_loop is None and env.count(Case) == 0


def test_crisis_interrupts_the_form_which_then_goes_on(env: Env, domain: Dict[str, Any]) -> None:
    dialogue = start(domain)
    dialogue.user("ja", "affirm")
    crisis_reply, question = dialogue.user("jag orkar inte leva längre", "crisis")
    assert "112" in crisis_reply and "90101" in crisis_reply
    assert "Vad ska vi kalla dig" in question
    assert dialogue.slots["callback_name"] is None and dialogue.active_loop == "callback_form"
    dialogue.user("Anna")
    dialogue.user("0701740690")
    dialogue.user("den första")
    assert reference_in(dialogue.user("nej", "deny")[0])


def test_goodbye_inside_the_form_stops_it(env: Env, domain: Dict[str, Any]) -> None:
    dialogue = start(domain)
    dialogue.user("ja", "affirm")
    assert dialogue.user("hej då", "goodbye") == []  # the rule then says utter_goodbye
    assert dialogue.active_loop is None and dialogue.slots["callback_consent"] is None


def test_storage_failure_at_commit_is_honest_and_stores_nothing(env: Env, domain: Dict[str, Any]) -> None:
    dialogue = start(domain)
    dialogue.user("ja", "affirm")
    dialogue.user("Anna")
    dialogue.user("0701740690")
    dialogue.user("den första")
    engine = flow.storage().kw["bind"]  # type: ignore[attr-defined]
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE case_events"))
    (reply,) = dialogue.user("nej", "deny")
    assert "gick det inte att spara bokningen" in reply and "ingen tid är bokad" in reply
    assert "070-174 06 07" in reply and "070-174 06 05" in reply and "112" in reply
    assert "bokningsnummer" not in reply.lower()
    assert env.count(Case) == 0 and env.count(Booking) == 0


def test_storage_failure_when_offering_times(env: Env, domain: Dict[str, Any], tmp_path: Path) -> None:
    env.monkeypatch.setenv("ANHORIG_DATABASE_URL", f"sqlite:///{tmp_path / 'not-migrated.db'}")
    env.set()
    dialogue = start(domain)
    dialogue.user("ja", "affirm")
    dialogue.user("Anna")
    (reply,) = dialogue.user("0701740690")
    assert "gick det inte att spara" in reply and "070-174 06 07" in reply
    assert dialogue.active_loop is None


# -- after hours and transcript --------------------------------------------------------------


def test_after_hours_says_closed_and_marks_the_case(env: Env, domain: Dict[str, Any]) -> None:
    env.set(now=EVENING)
    dialogue = start(domain, {**DEMENTIA_SLOTS, "burden": "high"})
    intro, closed, _consent = dialogue.texts()
    assert "Kontoret är stängt just nu. Det öppnar i morgon kl. 08.00" in closed
    assert "socialjouren på 070-174 06 05" in closed and "Anhöriglinjen" in closed and "112" in closed
    reply = book(dialogue)[0]
    assert "Kontoret är stängt just nu" in reply and "070-174 06 05" in reply
    case = env.only_case()
    assert case.after_hours
    assert case_history(flow.storage(), case.reference)[0].detail["after_hours"] is True


def test_no_after_hours_mark_by_day(env: Env, domain: Dict[str, Any]) -> None:
    book(start(domain))
    assert not env.only_case().after_hours


def test_transcript_is_attached_masked_with_a_summary(env: Env, domain: Dict[str, Any]) -> None:
    dialogue = Dialogue(domain, dict(DEMENTIA_SLOTS))
    dialogue.events.append({"event": "user", "text": "min mamma har demens, mitt pnr är 19400312-1234"})
    dialogue.events.append({"event": "bot", "text": "Du hjälper din förälder, 84 år, som har demens."})
    dialogue.user("kan någon ringa mig", "request_callback")
    book(dialogue, message="Ring helst på 08-555 123 45")
    case = env.only_case()
    assert case.transcript_consent and case.transcript
    assert "Anhörig: min mamma har demens" in case.transcript
    assert "Anhöriglotsen: Du hjälper din förälder" in case.transcript
    for identifier in ("19400312", "174 06 90", "555 123 45", "Anna"):
        assert identifier not in case.transcript
    assert "[personnummer]" in case.transcript and "[telefonnummer]" in case.transcript
    assert "[namn]" in case.transcript
    assert case.situation_summary and "demens" in case.situation_summary
    assert case.message == "Ring helst på 08-555 123 45"  # the message itself keeps its number


# -- every profile, by day and after hours -------------------------------------------------

PROFILES = [
    ("ekero", {"relation": "parent", "condition": "dementia", "person_age": "84"}, "kontakt_aldreomsorg",
     "aldreomsorg_demens"),
    ("lidingo", {"relation": "partner", "condition": "chronic_illness", "person_age": "71"},
     "anhorigkonsulent", "direkt_anhorigstod"),
    ("gislaved", {"relation": "child", "condition": "disability", "person_age": "8"}, "anhorigsamordnare",
     "koordinatorstod"),
    ("nacka", {"relation": "parent", "condition": "dementia", "person_age": "70"},
     "anhorigkonsulent_aldre", "aldre_65"),
    ("stockholm", {"relation": "child", "condition": "criminality", "person_age": "19",
                   "district": "rinkeby_kista"}, "anhorigkonsulent_rinkeby_kista",
     "anhorigstod_rinkeby_kista"),
]


@pytest.mark.parametrize("now", [DAY, SATURDAY], ids=["day", "after_hours"])
@pytest.mark.parametrize(("municipality", "slots", "contact", "link"), PROFILES,
                         ids=[p[0] for p in PROFILES])
def test_each_profile_from_situation_to_confirmed_booking(
    env: Env, domain: Dict[str, Any], municipality: str, slots: Dict[str, Any], contact: str,
    link: str, now: str,
) -> None:
    env.set(municipality=municipality, now=now)
    dialogue = start(domain, slots)
    assert ("stängt" in dialogue.texts()[1]) is (now == SATURDAY)
    reply = book(dialogue)
    reference = reference_in(reply[0])
    assert (env.count(Case), env.count(Booking)) == (1, 1)
    case = get_case(flow.storage(), reference)
    assert case is not None
    assert (case.municipality, case.contact_point_id, case.link_id) == (municipality, contact, link)
    assert case.after_hours is (now == SATURDAY)
    assert [e.kind for e in case_history(flow.storage(), reference)] == ["created", "booked"]
    assert flow.caller_sv(active_profile(), contact) in reply[0]


def test_stockholm_asks_the_district_inside_the_form(env: Env, domain: Dict[str, Any]) -> None:
    env.set(municipality="stockholm")
    dialogue = start(domain, {"relation": "parent", "condition": "dementia", "person_age": "80"})
    assert "Vilken stadsdel" in dialogue.user("ja", "affirm")[0]
    explanation, again = dialogue.user("Atlantis")
    assert "hittade inte den stadsdelen" in explanation and "Vilken stadsdel" in again
    assert "Vad ska vi kalla dig" in dialogue.user("jag bor i Bagarmossen")[0]
    assert dialogue.slots["district"] == "skarpnack"
    dialogue.user("Anna")
    dialogue.user("0701740690")
    dialogue.user("den första")
    reference = reference_in(dialogue.user("nej", "deny")[0])
    case = get_case(flow.storage(), reference)
    assert case is not None and case.contact_point_id == "anhorigkonsulent_skarpnack"
    assert case.district == "skarpnack"


# --- a "ja" nothing was waiting for ------------------------------------------------------


def _affirm_tracker(text: str, bot_buttons: list[dict[str, str]]) -> Tracker:
    return Tracker.from_dict({
        "sender_id": "test", "slots": {},
        "latest_message": {"text": text, "intent": {"name": "affirm", "confidence": 0.9},
                           "entities": []},
        "events": [
            {"event": "bot", "text": "...", "data": {"buttons": bot_buttons}},
            {"event": "user", "text": text},
        ],
        "active_loop": {}, "latest_action_name": "action_listen",
    })


OFFER = [{"title": "Ja, ring upp mig", "payload": "/request_callback"},
         {"title": "Inte nu", "payload": "/deny"}]


@pytest.mark.parametrize(
    ("text", "bot_buttons", "books"),
    [
        ("ja", OFFER, True),                                   # yes to the offer
        ("ja tack, ring gärna efter helgerna", [], True),        # "ring mig" anywhere
        ("ja", [{"title": "Mina rättigheter", "payload": "/ask_rights"}], False),
        ("ja", [], False),
    ],
)
def test_a_yes_without_context(text: str, bot_buttons: list[dict[str, str]], books: bool) -> None:
    dispatcher = CollectingDispatcher()
    events = callback.ActionAffirmWithoutContext().run(dispatcher, _affirm_tracker(text, bot_buttons), {})
    if books:
        assert events == [FollowupAction("action_start_callback")] and not dispatcher.messages
    else:
        assert events == [] and dispatcher.messages[0]["text"] == "Vad vill du veta mer om?"


def test_a_repeated_submit_in_one_conversation_books_once(env: Env, domain: Dict[str, Any]) -> None:
    """A submit Rasa gave up on (it committed after the timeout) and then sent again."""
    dialogue = start(domain)
    dialogue.user("ja", "affirm")
    dialogue.user("Anna")
    dialogue.user("0701740690")
    dialogue.user("den första")
    tracker = dialogue.tracker()
    replies = []
    for _ in range(2):
        dispatcher = CollectingDispatcher()
        callback.ActionSubmitCallback().run(dispatcher, tracker, domain)
        replies.append(dispatcher.messages[0]["text"])
    assert env.count(Case) == 1
    assert replies[0] == replies[1] and "Din tid är bokad" in replies[0]


def test_bookings_per_phone_number_are_limited_with_a_swedish_answer(
    env: Env, domain: Dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANHORIG_BOOKINGS_PER_PHONE_PER_DAY", "2")
    env.set()
    for _ in range(2):
        reference_in(book(start(domain))[0])
    (refused,) = book(start(domain))
    assert "Det här numret har redan fått flera bokade samtal" in refused
    assert "Inget nytt är sparat" in refused and "070-174 06 07" in refused
    assert env.count(Case) == 2


def test_bookings_per_address_use_the_web_apps_metadata(
    env: Env, domain: Dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANHORIG_BOOKINGS_PER_ADDRESS_PER_DAY", "1")
    env.set()
    address = "a" * 64
    real_parsed = dialogue_module.parsed
    monkeypatch.setattr(dialogue_module, "parsed", lambda message: {
        **real_parsed(message), "metadata": {"address_key": address}})
    reference_in(book(start(domain))[0])
    second = start(domain)
    second.user("ja", "affirm")
    second.user("Anna")
    second.user("070-100 00 02")  # another number, from the same address
    second.user("den första")
    (refused,) = second.user("nej", "deny")
    assert "Det har bokats många samtal härifrån" in refused and "Inget nytt är sparat" in refused
    assert env.count(Case) == 1
