"""Booking, finding, cancelling and rebooking a callback (bot.callbacks.booking)."""

from __future__ import annotations

import multiprocessing
import re
from collections import Counter
from datetime import time, timedelta
from typing import Any, Callable

import pytest
from sqlalchemy import select

from bot.callbacks.booking import (
    BookingUnavailable,
    ConsentRequired,
    InvalidBookingInput,
    booked_counts_reader,
    cancel_booking,
    find_case,
    format_confirmation_sv,
    offer_slots,
    rebook,
)
from bot.callbacks.calendar import Slot, WindowSpec
from bot.callbacks.cases import (
    REFERENCE_ALPHABET,
    CaseNotChangeable,
    CaseNotFound,
    attach_transcript,
    case_history,
    get_case,
    mark_taken,
    normalise_reference,
    set_case_status,
)
from bot.callbacks.escalation import escalate_overdue
from bot.callbacks.phone import InvalidPhoneNumber
from bot.storage import (
    Booking,
    Case,
    CaseEvent,
    CaseStatus,
    SessionFactory,
    create_engine_for,
    make_session_factory,
    read_session,
)
from tests.bot.callbacks.bookings import (
    NOW,
    OFFICE,
    OTHER_SLOT,
    PROFILE,
    SLOT,
    Db,
    at,
    book,
    count,
    run_in_threads,
)

# ---------------------------------------------------------------- booking


def test_booking_stores_case_booking_and_history(factory: SessionFactory) -> None:
    confirmation = book(factory, message="Ring helst efter 11. Mitt pnr är 19450312-1230.",
                        situation_summary="Anhörig till en förälder med demenssjukdom.")
    assert re.fullmatch(rf"[{REFERENCE_ALPHABET}]{{6}}", confirmation.reference)
    assert not set("01OIL") & set(confirmation.reference)
    assert confirmation.window_sv == "tisdag 25 november kl. 10.00–12.00"
    assert confirmation.contact_point_id == "anna"
    assert confirmation.phone_last_digits == "4567"
    assert confirmation.after_hours is False and confirmation.office_opens_at is None

    case = get_case(factory, confirmation.reference)
    assert case is not None
    assert case.status == CaseStatus.BOOKED.value
    assert case.phone_e164 == "+46701234567"
    assert case.name == "Karin"
    assert case.message == "Ring helst efter 11. Mitt pnr är [personnummer]."
    assert case.contact_point_id == "anna" and case.assigned_at == NOW
    assert case.slot == Slot("anna", SLOT.start, SLOT.end)
    assert case.created_at == NOW
    assert "+4670" not in repr(case) and "Karin" not in repr(case)
    history = case_history(factory, confirmation.reference)
    assert [e.kind for e in history] == ["created", "booked"]
    assert history[1].detail["seat"] == 1
    assert "Karin" not in str([e.detail for e in history])


def test_confirmation_text(factory: SessionFactory) -> None:
    confirmation = book(factory)
    text = format_confirmation_sv(confirmation, "anhörigkonsulenten")
    assert confirmation.reference in text
    assert "tisdag 25 november kl. 10.00–12.00" in text
    assert "anhörigkonsulenten" in text and "avboka" in text and "4567" in text


def test_declined_consent_stores_nothing(factory: SessionFactory) -> None:
    with pytest.raises(ConsentRequired):
        book(factory, consent=False)
    assert count(factory, Case) == 0
    assert count(factory, Booking) == 0
    assert count(factory, CaseEvent) == 0


@pytest.mark.parametrize("phone", ["", "12", "+4790012345", "0900-123 45 67", "ring mig"])
def test_invalid_phone_stores_nothing(factory: SessionFactory, phone: str) -> None:
    with pytest.raises(InvalidPhoneNumber) as caught:
        book(factory, phone=phone)
    assert caught.value.message_sv
    assert count(factory, Case) == 0


@pytest.mark.parametrize(
    "overrides, reason",
    [
        ({"name": "  "}, "name_empty"),
        ({"name": "x" * 61}, "name_too_long"),
        ({"name": "0701234567"}, "name_not_a_name"),
        ({"message": "x" * 501}, "message_too_long"),
    ],
)
def test_invalid_input_has_a_swedish_message(
    factory: SessionFactory, overrides: dict[str, Any], reason: str
) -> None:
    with pytest.raises(InvalidBookingInput) as caught:
        book(factory, **overrides)
    assert caught.value.reason == reason and caught.value.message_sv
    assert count(factory, Case) == 0


def test_any_name_is_fine(factory: SessionFactory) -> None:
    confirmation = book(factory, name="  Mamma   till Olle ")
    assert get_case(factory, confirmation.reference).name == "Mamma till Olle"  # type: ignore[union-attr]


def test_capacity_is_respected_and_cancelling_frees_a_seat(factory: SessionFactory) -> None:
    first = book(factory)
    book(factory, phone="070-111 22 33")
    with pytest.raises(BookingUnavailable) as caught:
        book(factory, phone="070-222 33 44")
    assert caught.value.reason == "full" and caught.value.slot == SLOT
    assert count(factory, Case) == 2
    cancel_booking(factory, first.reference, "4567", now=NOW)
    book(factory, phone="070-222 33 44")
    assert count(factory, Booking, Booking.status == "active") == 2


def test_a_malformed_slot_is_a_code_error(factory: SessionFactory) -> None:
    with pytest.raises(ValueError):
        book(factory, slot=Slot("anna", SLOT.end, SLOT.start))
    with pytest.raises(ValueError):
        book(factory, slot=Slot("anna", SLOT.start, SLOT.end, capacity=0))
    assert count(factory, Case) == 0


def test_a_past_slot_cannot_be_booked(factory: SessionFactory) -> None:
    with pytest.raises(BookingUnavailable) as caught:
        book(factory, now=SLOT.start + timedelta(minutes=1))
    assert caught.value.reason == "past"


def test_offer_slots_leaves_out_full_slots(factory: SessionFactory) -> None:
    windows = [WindowSpec("anna", "tuesday", time(10), time(12), 2),
               WindowSpec("anna", "thursday", time(13), time(15), 1)]
    assert offer_slots(factory, "ekero", windows, now=NOW)[0].start == SLOT.start
    book(factory)
    book(factory, phone="070-111 22 33")
    offered = offer_slots(factory, "ekero", windows, now=NOW)
    assert [s.start for s in offered] == [at(2025, 11, 27, 13), at(2025, 12, 2, 10),
                                          at(2025, 12, 4, 13)]
    counts = booked_counts_reader(factory, "ekero")(at(2025, 11, 24), at(2025, 12, 31))
    assert counts == {("anna", SLOT.start): 2}
    assert booked_counts_reader(factory, "other")(at(2025, 11, 24), at(2025, 12, 31)) == {}


def test_after_hours_contact_is_marked(factory: SessionFactory) -> None:
    saturday = at(2025, 11, 22, 20)
    confirmation = book(factory, now=saturday, office_hours=OFFICE)
    assert confirmation.after_hours is True
    assert confirmation.office_opens_at == at(2025, 11, 24, 8)
    assert get_case(factory, confirmation.reference).after_hours is True  # type: ignore[union-attr]
    assert "måndag 24 november kl. 08.00" in format_confirmation_sv(confirmation, "vi")
    during = book(factory, now=NOW, office_hours=OFFICE, phone="070-111 22 33")
    assert during.after_hours is False


def test_transcript_only_with_its_own_consent_and_masked(factory: SessionFactory) -> None:
    transcript = "Anhörig: jag heter Karin, 070-123 45 67, pnr 19450312-1230"
    without = book(factory, transcript=transcript)
    assert get_case(factory, without.reference).transcript is None  # type: ignore[union-attr]
    with_consent = book(factory, transcript=transcript, transcript_consent=True,
                        phone="070-111 22 33")
    stored = get_case(factory, with_consent.reference).transcript  # type: ignore[union-attr]
    assert stored == "Anhörig: jag heter [namn], [telefonnummer], pnr [personnummer]"
    attach_transcript(factory, with_consent.reference, "Anhörig: ring 08-123 456 78", now=NOW)
    assert get_case(factory, with_consent.reference).transcript == (  # type: ignore[union-attr]
        "Anhörig: ring [telefonnummer]"
    )
    attach_transcript(factory, without.reference, "Anhörig: hej", now=NOW)
    assert get_case(factory, without.reference).transcript is None  # type: ignore[union-attr]


def test_anhorig_now_is_honoured(factory: SessionFactory, set_now: Callable[[str], None]) -> None:
    set_now("2025-11-22T20:00:00+01:00")  # a Saturday evening
    confirmation = book(factory, now=None, office_hours=OFFICE)
    assert confirmation.created_at == at(2025, 11, 22, 20)
    assert confirmation.after_hours is True
    case = get_case(factory, confirmation.reference)
    assert case is not None and case.created_at == at(2025, 11, 22, 20)
    windows = [WindowSpec("anna", "monday", time(9), time(11))]
    assert offer_slots(factory, "ekero", windows)[0].start == at(2025, 11, 24, 9)
    set_now("2025-11-24T12:00:00+01:00")  # four working hours after Monday 08.00
    assert [e.to_contact_point_id for e in escalate_overdue(factory, PROFILE)] == ["bertil"]


# ---------------------------------------------------------------- find, cancel, rebook


def test_find_case_needs_reference_and_digits(factory: SessionFactory) -> None:
    confirmation = book(factory)
    spaced = f" {confirmation.reference[:3].lower()} {confirmation.reference[3:]} "
    assert normalise_reference(spaced) == confirmation.reference
    assert find_case(factory, spaced, "4567") is not None
    assert find_case(factory, confirmation.reference, "070-123 45 67") is not None
    assert find_case(factory, confirmation.reference, "4568") is None
    assert find_case(factory, confirmation.reference, "67") is None
    assert find_case(factory, "ZZZZZZ", "4567") is None
    assert find_case(factory, "not a ref", "4567") is None
    assert normalise_reference("ABC10O") is None


def test_cancel(factory: SessionFactory) -> None:
    confirmation = book(factory)
    with pytest.raises(CaseNotFound):
        cancel_booking(factory, confirmation.reference, "1111", now=NOW)
    info = cancel_booking(factory, confirmation.reference.lower(), "4567", now=NOW)
    assert info.status == CaseStatus.CANCELLED.value and info.slot is None
    case = get_case(factory, confirmation.reference)
    assert case is not None and case.status == "cancelled"
    assert (case.name, case.phone_e164, case.message, case.transcript) == (None,) * 4
    assert count(factory, Booking, Booking.status == "active") == 0
    assert [e.kind for e in case_history(factory, confirmation.reference)][-1] == "cancelled"
    with pytest.raises(CaseNotFound):  # the number is gone, so the case cannot be matched
        cancel_booking(factory, confirmation.reference, "4567", now=NOW)


def test_called_case_cannot_be_cancelled(factory: SessionFactory) -> None:
    confirmation = book(factory)
    set_case_status(factory, confirmation.reference, CaseStatus.CALLED, "anna", now=NOW)
    with pytest.raises(CaseNotChangeable):
        cancel_booking(factory, confirmation.reference, "4567", now=NOW)
    with pytest.raises(CaseNotChangeable):
        rebook(factory, confirmation.reference, "4567", OTHER_SLOT, now=NOW)


def test_rebook_moves_the_booking(factory: SessionFactory) -> None:
    confirmation = book(factory)
    moved = rebook(factory, confirmation.reference, "4567", OTHER_SLOT, now=NOW)
    assert moved.reference == confirmation.reference
    assert moved.window_sv == "torsdag 27 november kl. 13.00–15.00"
    case = get_case(factory, confirmation.reference)
    assert case is not None and case.slot is not None and case.slot.start == OTHER_SLOT.start
    assert count(factory, Booking, Booking.status == "active") == 1
    assert count(factory, Booking, Booking.status == "cancelled") == 1
    history = case_history(factory, confirmation.reference)
    assert history[-1].kind == "rebooked"
    assert history[-1].detail["previous"]["contact_point_id"] == "anna"
    # Rebooking to the slot it already has changes nothing.
    rebook(factory, confirmation.reference, "4567", OTHER_SLOT, now=NOW)
    assert count(factory, Booking) == 2


def test_rebook_to_a_full_slot_keeps_the_old_booking(factory: SessionFactory) -> None:
    mine = book(factory)
    book(factory, slot=OTHER_SLOT, phone="070-111 22 33")
    with pytest.raises(BookingUnavailable):
        rebook(factory, mine.reference, "4567", OTHER_SLOT, now=NOW)
    case = get_case(factory, mine.reference)
    assert case is not None and case.slot is not None and case.slot.start == SLOT.start
    assert [e.kind for e in case_history(factory, mine.reference)] == ["created", "booked"]


def test_rebook_needs_the_right_digits(factory: SessionFactory) -> None:
    confirmation = book(factory)
    with pytest.raises(CaseNotFound):
        rebook(factory, confirmation.reference, "9999", OTHER_SLOT, now=NOW)


def test_rebook_to_another_contact_follows_until_escalated(factory: SessionFactory) -> None:
    confirmation = book(factory)
    bertil = Slot("bertil", OTHER_SLOT.start, OTHER_SLOT.end)
    rebook(factory, confirmation.reference, "4567", bertil, now=NOW)
    assert get_case(factory, confirmation.reference).contact_point_id == "bertil"  # type: ignore[union-attr]
    mark_taken(factory, confirmation.reference, "bertil", now=NOW)
    rebook(factory, confirmation.reference, "4567", SLOT, now=NOW)
    assert get_case(factory, confirmation.reference).contact_point_id == "bertil"  # type: ignore[union-attr]


# ---------------------------------------------------------------- concurrency


def test_parallel_bookers_never_overbook(factory: SessionFactory) -> None:
    slot = Slot("anna", SLOT.start, SLOT.end, capacity=3)
    results = run_in_threads(
        12, lambda i: book(factory, slot=slot, phone=f"070-123 45 {i:02d}")
    )
    outcomes = Counter(type(r).__name__ for r in results)
    assert outcomes == {"BookingConfirmation": 3, "BookingUnavailable": 9}, results
    with read_session(factory) as session:
        active = select(Booking.seat).where(Booking.status == "active")
        seats = sorted(session.execute(active).scalars())
    assert seats == [1, 2, 3]
    assert count(factory, Case) == 3
    assert len({r.reference for r in results if not isinstance(r, Exception)}) == 3


def test_parallel_rebookers_into_the_last_seat(factory: SessionFactory) -> None:
    references = [book(factory, phone=f"070-123 45 {i:02d}").reference for i in range(2)]
    results = run_in_threads(
        2, lambda i: rebook(factory, references[i], f"45 {i:02d}", OTHER_SLOT, now=NOW)
    )
    assert Counter(type(r).__name__ for r in results) == {
        "BookingConfirmation": 1, "BookingUnavailable": 1
    }
    assert count(factory, Booking, Booking.status == "active") == 2  # nobody lost a booking


def _process_booker(url: str, index: int, start: Any, results: Any) -> None:
    engine = create_engine_for(url)
    try:
        slot = Slot("anna", SLOT.start, SLOT.end, capacity=2)
        start.wait()
        try:
            book(make_session_factory(engine), slot=slot, phone=f"070-123 45 {index:02d}")
            results.put("booked")
        except BookingUnavailable:
            results.put("full")
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            results.put(repr(exc))
    finally:
        engine.dispose()


def test_parallel_booking_processes_never_overbook(db: Db) -> None:
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(6), context.Queue()
    processes = [
        context.Process(target=_process_booker, args=(db.url, i, start, results))
        for i in range(6)
    ]
    for process in processes:
        process.start()
    outcomes = Counter(results.get(timeout=120) for _ in processes)
    for process in processes:
        process.join(timeout=60)
    assert outcomes == {"booked": 2, "full": 4}, outcomes
    assert count(db.factory, Booking, Booking.status == "active") == 2
