"""Cancelling and rebooking in the chat with the reference and the last digits of the number."""

from __future__ import annotations

from typing import Any, Dict

import pytest

from bot.callbacks import booking
from bot.callbacks import dialogue as flow
from bot.callbacks.cases import case_history, get_case, set_case_status
from bot.storage import Booking, Case, CaseStatus
from bot.storage.unit_of_work import StorageUnavailable
from bot.texts import callback as say
from tests.actions.dialogue import Dialogue, Env, book, no_later_times, reference_in, start


def booked(domain: Dict[str, Any]) -> str:
    return reference_in(book(start(domain))[0])


def test_cancel_with_reference_and_digits_in_separate_answers(env: Env, domain: Dict[str, Any]) -> None:
    reference = booked(domain)
    dialogue = Dialogue(domain)
    assert "Vilket bokningsnummer" in dialogue.user("jag vill avboka min tid", "cancel_callback")[0]
    assert "fyra sista siffrorna" in dialogue.user(reference.lower())[0]
    (reply,) = dialogue.user("0690")
    assert "torsdag 26 november kl. 13.00–15.00 är avbokad" in reply
    assert "tagit bort ditt namn" in reply
    case = get_case(flow.storage(), reference)
    assert case is not None and case.status == "cancelled" and case.phone_e164 is None and case.name is None
    assert [e.kind for e in case_history(flow.storage(), reference)][-1] == "cancelled"
    assert env.count(Booking) == 1 and dialogue.active_loop is None


def test_cancel_in_one_message(env: Env, domain: Dict[str, Any]) -> None:
    reference = booked(domain)
    dialogue = Dialogue(domain)
    (reply,) = dialogue.user(f"avboka {reference} 0690", "cancel_callback")
    assert "är avbokad" in reply


def test_rebook_offers_other_times_of_the_same_contact(env: Env, domain: Dict[str, Any]) -> None:
    reference = booked(domain)
    dialogue = Dialogue(domain)
    dialogue.user("kan jag byta tid", "cancel_callback")
    dialogue.user(f"bokningsnummer {reference}")
    (offer,) = dialogue.user("de fyra sista är 0690")
    assert "Din tid nu är torsdag 26 november kl. 13.00–15.00" in offer
    assert "1. tisdag 1 december kl. 10.00–12.00" in offer
    assert "26 november kl. 13" not in offer.split("\n", 1)[1]
    (reply,) = dialogue.user("torsdag")
    assert "Din nya tid är torsdag 3 december kl. 13.00–15.00" in reply and reference in reply
    case = get_case(flow.storage(), reference)
    assert case is not None and case.slot is not None and case.slot.start.day == 3
    assert [e.kind for e in case_history(flow.storage(), reference)] == ["created", "booked", "rebooked"]
    assert env.count(Case) == 1


def test_rebook_without_later_times_offers_the_first_times_again(
    env: Env, domain: Dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = booked(domain)
    no_later_times(monkeypatch)
    dialogue = Dialogue(domain)
    dialogue.user("kan jag byta tid", "cancel_callback")
    dialogue.user(f"bokningsnummer {reference}")
    (first,) = dialogue.user("0690")
    none_later, again = dialogue.user("andra tider")
    assert none_later == say.NO_LATER_SLOTS
    assert again == first and "Din tid nu är torsdag 26 november kl. 13.00–15.00" in again
    assert "de första lediga tiderna" in again
    assert dialogue.slots["manage_offer_after"] is None


def test_unclear_wish_asks_cancel_or_move(env: Env, domain: Dict[str, Any]) -> None:
    reference = booked(domain)
    dialogue = Dialogue(domain)
    dialogue.user("jag kan inte den tiden", "cancel_callback")
    dialogue.user(reference)
    (question,) = dialogue.user("0690")
    assert "avboka samtalet eller byta" in question
    assert [b["payload"] for b in dialogue.messages[-1]["buttons"]] == ["avboka", "byt tid"]
    assert "Vilken tid passar" in dialogue.user("byt tid", "cancel_callback")[0]


def test_wrong_digits_are_not_accepted_and_nothing_tells_which_part_was_wrong(
    env: Env, domain: Dict[str, Any]
) -> None:
    reference = booked(domain)
    dialogue = Dialogue(domain)
    dialogue.user("avboka", "cancel_callback")
    dialogue.user(reference)
    not_found, again = dialogue.user("1234")
    assert "hittar ingen bokning med det bokningsnumret och de siffrorna" in not_found
    assert "Vilket bokningsnummer" in again
    dialogue.user(reference)
    dialogue.user("9999")
    dialogue.user("ZZZZZZ")
    (final,) = dialogue.user("1111")
    assert "fortfarande ingen bokning" in final and "070-174 06 06" in final
    case = get_case(flow.storage(), reference)
    assert case is not None and case.status == "booked"


def test_a_malformed_reference_is_explained(env: Env, domain: Dict[str, Any]) -> None:
    dialogue = Dialogue(domain)
    dialogue.user("avboka", "cancel_callback")
    explanation, again = dialogue.user("den jag fick igår")
    assert "sex tecken" in explanation and "Vilket bokningsnummer" in again


def test_a_called_case_cannot_be_changed(env: Env, domain: Dict[str, Any]) -> None:
    reference = booked(domain)
    set_case_status(flow.storage(), reference, CaseStatus.CALLED, "staff")
    dialogue = Dialogue(domain)
    (reply,) = dialogue.user(f"avboka {reference} 0690", "cancel_callback")
    assert "går inte att ändra här längre" in reply


def test_storage_failure_when_cancelling_is_honest(
    env: Env, domain: Dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = booked(domain)

    def unavailable(*args: Any, **kwargs: Any) -> None:
        raise StorageUnavailable("database down")

    monkeypatch.setattr(booking, "cancel_booking", unavailable)
    dialogue = Dialogue(domain)
    (reply,) = dialogue.user(f"avboka {reference} 0690", "cancel_callback")
    assert "gick det inte att ändra bokningen" in reply and "inget är ändrat" in reply
    assert "070-174 06 07" in reply and "socialjouren på 070-174 06 05" in reply and "112" in reply
    case = get_case(flow.storage(), reference)
    assert case is not None and case.status == "booked"


def test_avbryt_leaves_the_booking_as_it_was(env: Env, domain: Dict[str, Any]) -> None:
    reference = booked(domain)
    dialogue = Dialogue(domain)
    dialogue.user("boka om", "cancel_callback")
    dialogue.user(reference)
    dialogue.user("0690")
    (reply,) = dialogue.user("avbryt", "deny")
    assert "inte ändrat något" in reply
    case = get_case(flow.storage(), reference)
    assert case is not None and case.status == "booked"
    assert case.slot is not None and case.slot.start.day == 26


def test_crisis_interrupts_the_manage_form(env: Env, domain: Dict[str, Any]) -> None:
    reference = booked(domain)
    dialogue = Dialogue(domain)
    dialogue.user("avboka", "cancel_callback")
    crisis, question = dialogue.user("mamma andas inte", "crisis")
    assert "112" in crisis and "Vilket bokningsnummer" in question
    dialogue.user(reference)
    assert "är avbokad" in dialogue.user("0690")[0]


def test_a_new_conversation_gets_no_new_tries_on_a_locked_reference(
    env: Env, domain: Dict[str, Any]
) -> None:
    reference = booked(domain)
    # Two wrong tries in each of three conversations: six failures for one reference.
    for _ in range(3):
        dialogue = Dialogue(domain)
        dialogue.user("avboka", "cancel_callback")
        dialogue.user(reference)
        dialogue.user("1234")
        dialogue.user(reference)
        dialogue.user("4321")
    dialogue = Dialogue(domain)
    dialogue.user("avboka", "cancel_callback")
    dialogue.user(reference)
    (locked,) = dialogue.user("0690")  # the right digits, but the reference is locked
    assert "spärrad i chatten en stund" in locked and "070-174 06 06" in locked
    assert dialogue.active_loop is None
    case = get_case(flow.storage(), reference)
    assert case is not None and case.status == "booked"
    env.set(now="2026-11-24T10:31:00+01:00")  # an hour later the lock is over
    dialogue = Dialogue(domain)
    dialogue.user("avboka", "cancel_callback")
    dialogue.user(reference)
    assert "är avbokad" in dialogue.user("0690")[0]
