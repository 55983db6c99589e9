"""The callback dialogue's logic without Rasa: routing, offers, answers, booking, texts."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterator, Optional

import pytest

from bot.callbacks import dialogue as flow
from bot.callbacks.booking import InvalidBookingInput
from bot.callbacks.calendar import Slot, format_window_sv, is_working_day
from bot.callbacks.cases import REFERENCE_ALPHABET, case_history, get_case
from bot.clock import STOCKHOLM
from bot.knowledge.loader import load_profile
from bot.knowledge.schema import Profile
from bot.knowledge.situation import Situation
from bot.settings import PROJECT_ROOT, reset_settings_cache
from bot.storage import SessionFactory, make_session_factory
from bot.storage.unit_of_work import StorageUnavailable
from bot.texts import callback as say
from tests.bot.storage import migrated_sqlite

DATA_DIR = PROJECT_ROOT / "data"
TUESDAY_MORNING = datetime(2026, 11, 24, 9, 30, tzinfo=STOCKHOLM)
TUESDAY_EVENING = datetime(2026, 11, 24, 19, 0, tzinfo=STOCKHOLM)
DEMENTIA = Situation(relation="parent", condition="dementia", person_age=84)
LINES = {"emergency": "112", "suicide": "90101", "anhoriglinjen": "0200-239 500"}


def profile(profile_id: str = "ekero") -> Profile:
    return load_profile(profile_id, DATA_DIR)


@pytest.fixture
def factory(tmp_path: Path) -> Iterator[SessionFactory]:
    engine = migrated_sqlite(tmp_path)
    yield make_session_factory(engine)
    engine.dispose()


# -- routing and who calls ----------------------------------------------------------------


def test_plan_routes_dementia_to_the_first_contact_of_the_link() -> None:
    plan = flow.plan_callback(profile(), DEMENTIA)
    assert plan.link is not None and plan.link.id == "aldreomsorg_demens"
    assert plan.contact is not None and plan.contact.id == "kontakt_aldreomsorg"
    assert not plan.needs_district


def test_plan_without_a_situation_goes_to_the_coordinator() -> None:
    plan = flow.plan_callback(profile(), Situation())
    assert plan.link is None and plan.contact is not None and plan.contact.is_coordinator


def test_plan_in_stockholm_needs_the_district_first() -> None:
    assert flow.plan_callback(profile("stockholm"), DEMENTIA).needs_district
    plan = flow.plan_callback(profile("stockholm"), Situation(condition="dementia", district="Kista"))
    assert plan.contact is not None and plan.contact.id == "anhorigkonsulent_rinkeby_kista"


def test_referral_route_is_the_one_route_of_the_plan() -> None:
    p = profile()
    found = flow.referral_route(p, DEMENTIA)
    assert found.link is not None and found.link.id == "aldreomsorg_demens"
    assert found.contact_point is not None and found.contact_point.id == "kontakt_aldreomsorg"
    assert flow.plan_callback(p, DEMENTIA).route == found
    unknown = flow.referral_route(profile("stockholm"), DEMENTIA)
    assert unknown.needs_district and unknown.contact_point is None


def test_caller_is_named_by_role_and_unit() -> None:
    assert flow.caller_sv(profile(), "anhorigkonsulent") == "anhörigkonsulenten på Produktionsområde Omsorg"


def test_call_instead_gives_the_units_number_marked_as_example() -> None:
    p = profile()
    text = flow.call_instead(p, p.contact_point("kontakt_aldreomsorg"))
    assert "070-174 06 07 (exempelnummer)" in text
    assert "start.stockholm" in flow.call_instead(profile("stockholm"), None)


def test_target_group_is_the_links_first_matching_group() -> None:
    found = flow.plan_callback(profile(), DEMENTIA).route
    assert flow.target_group(found) == "elderly"  # 84 years: elderly and dementia, link order wins


# -- after hours ------------------------------------------------------------------------------


def test_no_after_hours_text_while_the_office_is_open() -> None:
    assert flow.office_is_open(profile(), TUESDAY_MORNING)
    assert flow.after_hours_text(profile(), LINES, now=TUESDAY_MORNING) is None


def test_after_hours_text_says_closed_when_it_opens_and_the_socialjour() -> None:
    text = flow.after_hours_text(profile(), LINES, now=TUESDAY_EVENING)
    assert text is not None
    assert "Kontoret är stängt" in text and "i morgon kl. 08.00" in text
    assert "socialjouren på 070-174 06 05 (exempelnummer)" in text
    assert "112" in text and "90101" not in text and "Anhöriglinjen" not in text


def test_after_hours_adds_crisis_and_burden_lines_where_relevant() -> None:
    text = flow.after_hours_text(profile(), LINES, now=TUESDAY_EVENING, crisis=True, heavy_burden=True)
    assert text is not None and "Självmordslinjen 90101" in text and "Anhöriglinjen 0200-239 500" in text


def test_after_hours_on_a_friday_evening_names_monday() -> None:
    friday = datetime(2026, 11, 27, 18, 0, tzinfo=STOCKHOLM)
    text = flow.after_hours_text(profile(), LINES, now=friday)
    assert text is not None and "måndag 30 november kl. 08.00" in text


def test_after_hours_honours_anhorig_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANHORIG_NOW", "2026-11-24T22:15:00+01:00")
    reset_settings_cache()
    try:
        assert not flow.office_is_open(profile())
        assert flow.after_hours_text(profile(), LINES) is not None
    finally:
        monkeypatch.delenv("ANHORIG_NOW")
        reset_settings_cache()


# -- offers -----------------------------------------------------------------------------------


def test_offer_gives_three_working_day_windows_of_the_contact(factory: SessionFactory) -> None:
    p = profile()
    slots = flow.offer(factory, p, "kontakt_aldreomsorg", p.link("aldreomsorg_demens"), now=TUESDAY_MORNING)
    assert len(slots) == 3
    assert all(s.contact_point_id == "kontakt_aldreomsorg" for s in slots)
    assert all(is_working_day(s.start.date()) for s in slots)
    assert slots[0].start > TUESDAY_MORNING + timedelta(hours=2)
    assert [format_window_sv(s) for s in slots][0] == "torsdag 26 november kl. 13.00–15.00"


def test_offer_after_shows_later_times(factory: SessionFactory) -> None:
    p = profile()
    first = flow.offer(factory, p, "kontakt_aldreomsorg", None, now=TUESDAY_MORNING)
    later = flow.offer(factory, p, "kontakt_aldreomsorg", None, now=TUESDAY_MORNING,
                       after=first[-1].start + timedelta(minutes=1))
    assert len(later) == 3 and later[0].start > first[-1].start


def test_offer_excludes_the_current_booking(factory: SessionFactory) -> None:
    p = profile()
    first = flow.offer(factory, p, "kontakt_aldreomsorg", None, now=TUESDAY_MORNING)
    again = flow.offer(factory, p, "kontakt_aldreomsorg", None, now=TUESDAY_MORNING, exclude=first[:1])
    assert first[0] not in again and len(again) == 3


def test_offer_fills_up_from_the_chain_when_the_contact_is_full(factory: SessionFactory) -> None:
    p = profile()
    link = p.link("aldreomsorg_demens")
    slots = flow.offer(factory, p, "kontakt_aldreomsorg", link, now=TUESDAY_MORNING, count=10)
    # Two windows a week for three weeks: the chain's coordinator windows fill up the offer.
    assert len(slots) == 10
    assert {s.contact_point_id for s in slots} == {"kontakt_aldreomsorg", "anhorigkonsulent"}


def test_slots_round_trip_through_a_rasa_slot(factory: SessionFactory) -> None:
    slots = flow.offer(factory, profile(), "anhorigkonsulent", None, now=TUESDAY_MORNING)
    assert flow.slots_from_slot_value(flow.slots_to_slot_value(slots)) == slots
    assert flow.slots_from_slot_value("nonsense") == []
    assert flow.slots_from_slot_value([{"start": "x"}]) == []


def test_slot_buttons_carry_option_numbers(factory: SessionFactory) -> None:
    slots = flow.offer(factory, profile(), "anhorigkonsulent", None, now=TUESDAY_MORNING)
    buttons = flow.slot_buttons(slots)
    assert [b.payload for b in buttons[:3]] == ["alternativ 1", "alternativ 2", "alternativ 3"]
    assert buttons[0].title == format_window_sv(slots[0]) and buttons[-1] == say.MORE_SLOTS_BUTTON


# -- answers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("/affirm", "affirm", True), ("/deny", "deny", False),
        ("ja", "inform", True), ("japp det går bra", "inform", True), ("okej", "greet", True),
        ("nej tack", "inform", False), ("nä", "inform", False), ("jag vill inte", "inform", False),
        ("kanske", "inform", None), ("vad sparas", "inform", None),
    ],
)
def test_parse_consent(text: str, intent: str, expected: Optional[bool]) -> None:
    assert flow.parse_consent(text, intent) is expected


@pytest.mark.parametrize(
    "text", ["avbryt", "Avbryt!", "jag vill avbryta", "nej avbryt", "avbryt bokningen", "glöm det",
             "glom det", "jag ångrar mig", "jag vill inte boka"],
)
def test_abort_words(text: str) -> None:
    assert flow.is_abort(text)


@pytest.mark.parametrize("text", ["Anna", "070-123 45 67", "avbryter ni samtal ibland?", "/deny", ""])
def test_not_abort(text: str) -> None:
    assert not flow.is_abort(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anna", "Anna"), ("anna", "Anna"), ("jag heter Birgitta", "Birgitta"),
        ("Eva heter jag", "Eva"), ("kalla mig bara Lasse", "Lasse"), ("mitt namn ar Goran", "Goran"),
        ("marie-louise", "Marie-Louise"), ("det är Kerstin som skriver", "Kerstin"),
        ("Margareta, men kalla mig Maggan", "Maggan"), ("Per-Olof, men alla säger Pelle", "Pelle"),
        ("Björn Andersson", "Björn Andersson"), ("Åsa", "Åsa"),
    ],
)
def test_extract_name(text: str, expected: str) -> None:
    assert flow.extract_name(text) == expected


@pytest.mark.parametrize(
    "text", ["070-123 45 67", "min mamma har demens och jag orkar inte mer", "min mamma har demens",
             "jag vet inte", "", "/affirm"],
)
def test_extract_name_refuses_non_names(text: str) -> None:
    with pytest.raises(InvalidBookingInput):
        flow.extract_name(text)


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("nej", "deny", ""), ("inget", "inform", ""), ("Inget meddelande", "inform", ""),
        ("nej tack", "inform", ""), ("/deny", "deny", ""),
        ("Vill prata om växelvård", "inform", "Vill prata om växelvård"),
        ("mitt pnr är 19450312-1234", "inform", "mitt pnr är [personnummer]"),
    ],
)
def test_parse_message(text: str, intent: str, expected: str) -> None:
    assert flow.parse_message(text, intent) == expected


def test_parse_message_too_long() -> None:
    with pytest.raises(InvalidBookingInput):
        flow.parse_message("x" * 501, "inform")


def _offered(factory: SessionFactory) -> list[Slot]:
    return flow.offer(factory, profile(), "kontakt_aldreomsorg", None, now=TUESDAY_MORNING)


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("alternativ 2", 1), ("den första", 0), ("den forsta", 0), ("nummer tre", 2),
        ("tisdag förmiddag", 1), ("tisdag formiddag", 1), ("efter lunch på torsdag", 0),
        ("sista", 2),
    ],
)
def test_pick_slot_in_words(factory: SessionFactory, text: str, index: int) -> None:
    # Offered: Thu 26 Nov 13-15, Tue 1 Dec 10-12, Thu 3 Dec 13-15.
    assert flow.pick_slot(text, _offered(factory), TUESDAY_MORNING).index == index


def test_pick_slot_several_fit(factory: SessionFactory) -> None:
    pick = flow.pick_slot("torsdag", _offered(factory), TUESDAY_MORNING)
    assert pick.index == 0  # a named day takes the earliest when only one fits on that day
    pick = flow.pick_slot("eftermiddag", _offered(factory), TUESDAY_MORNING)
    assert pick.index is None and pick.candidates == (0, 2)


@pytest.mark.parametrize("text", ["andra tider", "ingen av dem passar", "har ni senare tider"])
def test_pick_slot_wants_more(factory: SessionFactory, text: str) -> None:
    assert flow.pick_slot(text, _offered(factory), TUESDAY_MORNING).wants_more


def test_pick_slot_unclear(factory: SessionFactory) -> None:
    pick = flow.pick_slot("blå", _offered(factory), TUESDAY_MORNING)
    assert pick == flow.SlotPick()


def test_answer_time_chooses_an_offered_time(factory: SessionFactory) -> None:
    offered = _offered(factory)
    assert flow.answer_time("alternativ 2", offered, TUESDAY_MORNING) == flow.TimeAnswer(chosen=offered[1])


def test_answer_time_asks_for_times_after_the_last_one_shown(factory: SessionFactory) -> None:
    offered = _offered(factory)
    answer = flow.answer_time("andra tider", offered, TUESDAY_MORNING)
    assert answer == flow.TimeAnswer(later_than=offered[2].start + timedelta(minutes=1))


def test_answer_time_names_the_times_that_fit_when_several_do(factory: SessionFactory) -> None:
    offered = _offered(factory)
    answer = flow.answer_time("eftermiddag", offered, TUESDAY_MORNING)
    assert answer == flow.TimeAnswer(reply=say.slot_several(flow.slot_labels([offered[0], offered[2]])))


@pytest.mark.parametrize("value", ["blå", "", None, "/affirm"])
def test_answer_time_unclear_asks_again(factory: SessionFactory, value: Optional[str]) -> None:
    answer = flow.answer_time(value, _offered(factory), TUESDAY_MORNING)
    assert answer == flow.TimeAnswer(reply=say.SLOT_UNCLEAR)


def test_answer_time_without_offered_times_is_unclear() -> None:
    assert flow.answer_time("andra tider", [], TUESDAY_MORNING) == flow.TimeAnswer(reply=say.SLOT_UNCLEAR)


@pytest.mark.parametrize(
    ("text", "reference", "digits"),
    [
        ("K7MXQ4", "K7MXQ4", None), ("k7mxq4", "K7MXQ4", None),
        ("mitt bokningsnummer är K7MXQ4 och 4567", "K7MXQ4", "4567"),
        ("bokning 9TRX4K, slutsiffror 1122", "9TRX4K", "1122"),
        ("K7M XQ4", "K7MXQ4", None), ("4567", None, "4567"), ("070-123 45 67", None, "0701234567"),
        ("pappan", "PAPPAN", None),  # alone, a six-letter word may be a reference
        ("det är pappan som ringer", None, None),
        ("K0MXQ4", None, None),  # 0 is not in the alphabet
    ],
)
def test_reference_and_digits(text: str, reference: Optional[str], digits: Optional[str]) -> None:
    assert flow.extract_reference(text) == reference
    assert flow.extract_digits(text) == digits


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("boka om", "rebook"), ("kan vi byta tid", "rebook"), ("jag vill ändra tiden", "rebook"),
        ("flytta samtalet", "rebook"), ("jag vill avboka", "cancel"), ("ring inte", "cancel"),
        ("avbokning", "cancel"), ("jag kan inte den tiden", None),
    ],
)
def test_parse_mode(text: str, mode: Optional[str]) -> None:
    assert flow.parse_mode(text) == mode


def test_conversation_pairs_keep_user_and_bot_texts_only() -> None:
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "hej"},
        {"event": "bot", "text": "Hej! Jag är Anhöriglotsen."},
        {"event": "user", "text": "/affirm"},
        {"event": "slot", "name": "x", "value": 1},
        {"event": "bot", "text": None},
    ]
    assert flow.conversation_pairs(events) == [("user", "hej"), ("bot", "Hej! Jag är Anhöriglotsen.")]


# -- booking ----------------------------------------------------------------------------------


def test_book_stores_a_routed_case_with_masked_transcript_and_summary(factory: SessionFactory) -> None:
    p = profile()
    slot = _offered(factory)[0]
    conversation = [
        ("user", "min mamma har demens, hon är 84"),
        ("user", "mitt personnummer är 19400312-1234"),
        ("user", "Anna"), ("user", "070-174 06 90"),
    ]
    request = flow.BookingRequest(slot=slot, name="Anna", phone="070-174 06 90", message="",
                                  situation=DEMENTIA, conversation=conversation)
    confirmation = flow.book(factory, p, request, now=TUESDAY_MORNING)
    assert set(confirmation.reference) <= set(REFERENCE_ALPHABET)
    case = get_case(factory, confirmation.reference)
    assert case is not None
    assert (case.link_id, case.contact_point_id, case.target_group) == (
        "aldreomsorg_demens", "kontakt_aldreomsorg", "elderly")
    assert not case.after_hours and case.phone_e164 == "+46701740690" and case.message is None
    assert case.transcript is not None
    assert "19400312" not in case.transcript and "[personnummer]" in case.transcript
    assert "174 06 90" not in case.transcript and "Anna" not in case.transcript
    assert case.situation_summary and "demens" in case.situation_summary
    assert [e.kind for e in case_history(factory, confirmation.reference)] == ["created", "booked"]


def test_book_after_hours_marks_the_case_and_the_confirmation_says_so(factory: SessionFactory) -> None:
    p = profile()
    slot = flow.offer(factory, p, "anhorigkonsulent", None, now=TUESDAY_EVENING)[0]
    request = flow.BookingRequest(slot=slot, name="Anna", phone="0701740690")
    confirmation = flow.book(factory, p, request, now=TUESDAY_EVENING)
    case = get_case(factory, confirmation.reference)
    assert case is not None and case.after_hours
    text = flow.confirmation_text(p, confirmation)
    assert "Kontoret är stängt just nu" in text and "i morgon kl. 08.00" in text
    assert "socialjouren på 070-174 06 05" in text


def test_confirmation_text_has_reference_window_caller_and_how_to_cancel(factory: SessionFactory) -> None:
    p = profile()
    slot = _offered(factory)[1]
    confirmation = flow.book(factory, p, flow.BookingRequest(slot=slot, name="Anna", phone="0701740690"),
                             now=TUESDAY_MORNING)
    text = flow.confirmation_text(p, confirmation)
    assert "tisdag 1 december kl. 10.00–12.00" in text
    assert confirmation.reference in text and "avboka" in text and "…0690" in text
    assert ("kontaktpersonen för anhörigstöd, äldreomsorg och demens på Äldreomsorgen som ringer dig"
            in text)
    assert "stängt" not in text


def test_storage_is_created_lazily_and_reset(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ANHORIG_DATABASE_URL", f"sqlite:///{tmp_path / 'lazy.db'}")
    reset_settings_cache()
    flow.reset_storage()
    try:
        assert not (tmp_path / "lazy.db").exists()
        assert flow.storage() is flow.storage()
    finally:
        flow.reset_storage()
        monkeypatch.delenv("ANHORIG_DATABASE_URL")
        reset_settings_cache()


def test_storage_with_an_unusable_url_is_storage_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANHORIG_DATABASE_URL", "nosuchdialect://x")
    reset_settings_cache()
    flow.reset_storage()
    try:
        with pytest.raises(StorageUnavailable):
            flow.storage()
    finally:
        flow.reset_storage()
        monkeypatch.delenv("ANHORIG_DATABASE_URL")
        reset_settings_cache()
