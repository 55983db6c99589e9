"""One booking per conversation: a retried, repeated or parallel submit never books twice."""

from __future__ import annotations

from collections import Counter

from bot.callbacks.booking import cancel_booking, submission_key
from bot.callbacks.calendar import Slot
from bot.storage import SessionFactory
from bot.storage.models import Booking, Case
from tests.bot.callbacks.bookings import NOW, OTHER_SLOT, SLOT, book, count, run_in_threads

KEY = submission_key("conversation-1")


def test_the_key_is_a_hash_of_the_conversation() -> None:
    assert KEY == submission_key("conversation-1") != submission_key("conversation-2")
    assert "conversation" not in KEY and len(KEY) == 32


def test_a_repeated_submit_confirms_the_first_booking(factory: SessionFactory) -> None:
    first = book(factory, submission=KEY)
    again = book(factory, submission=KEY)
    other_slot = book(factory, slot=OTHER_SLOT, submission=KEY)  # a retry after a timeout, another time
    assert again.reference == first.reference == other_slot.reference
    assert other_slot.slot.start == SLOT.start  # the confirmation tells the booking that exists
    assert count(factory, Case) == 1 and count(factory, Booking) == 1


def test_parallel_submits_of_one_conversation_book_once(factory: SessionFactory) -> None:
    slot = Slot("anna", SLOT.start, SLOT.end, capacity=5)
    results = run_in_threads(6, lambda i: book(factory, slot=slot, submission=KEY))
    assert Counter(type(r).__name__ for r in results) == {"BookingConfirmation": 6}, results
    assert len({r.reference for r in results}) == 1
    assert count(factory, Case) == 1 and count(factory, Booking) == 1


def test_other_conversations_book_their_own(factory: SessionFactory) -> None:
    first = book(factory, submission=KEY)
    second = book(factory, submission=submission_key("conversation-2"), phone="070-765 43 21")
    without = book(factory, slot=OTHER_SLOT, phone="070-111 22 33")
    assert len({first.reference, second.reference, without.reference}) == 3
    assert count(factory, Case) == 3


def test_after_a_cancellation_the_conversation_may_book_again(factory: SessionFactory) -> None:
    first = book(factory, submission=KEY)
    cancel_booking(factory, first.reference, "4567", now=NOW)
    second = book(factory, submission=KEY)
    assert second.reference != first.reference
    assert count(factory, Booking, Booking.status == "active") == 1


def test_the_history_keeps_the_hash_only(factory: SessionFactory) -> None:
    from bot.callbacks.cases import case_history

    confirmation = book(factory, submission=KEY)
    created = case_history(factory, confirmation.reference)[0]
    assert created.kind == "created" and created.detail["submission"] == KEY
