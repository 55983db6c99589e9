"""Limits of the chat's bookings and of the cancel/rebook lookup, counted in the database."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterator

import pytest

from bot.callbacks import dialogue as flow
from bot.callbacks import manage
from bot.callbacks.booking import BookingLimited, BookingUnavailable
from bot.callbacks.calendar import Slot
from bot.clock import STOCKHOLM
from bot.knowledge.loader import load_profile
from bot.knowledge.schema import Profile
from bot.knowledge.situation import Situation
from bot.settings import PROJECT_ROOT, reset_settings_cache
from bot.storage import Case, SessionFactory, make_session_factory
from bot.storage.limits import DatabaseLimiter, limit_key
from tests.bot.storage import migrated_sqlite

TUESDAY_MORNING = datetime(2026, 11, 24, 9, 30, tzinfo=STOCKHOLM)
DEMENTIA = Situation(relation="parent", condition="dementia", person_age=84)
PHONE = "070-174 06 90"


@pytest.fixture
def factory(tmp_path: Path) -> Iterator[SessionFactory]:
    engine = migrated_sqlite(tmp_path)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture(autouse=True)
def limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ANHORIG_BOOKINGS_PER_PHONE_PER_DAY", "2")
    monkeypatch.setenv("ANHORIG_BOOKINGS_PER_ADDRESS_PER_DAY", "3")
    monkeypatch.setenv("ANHORIG_MANAGE_FAILURES_PER_REFERENCE", "3")
    reset_settings_cache()
    yield
    reset_settings_cache()


def profile() -> Profile:
    return load_profile("ekero", PROJECT_ROOT / "data")


def slots(factory: SessionFactory, now: datetime = TUESDAY_MORNING) -> list[Slot]:
    p = profile()
    return flow.offer(factory, p, "kontakt_aldreomsorg", p.link("aldreomsorg_demens"), now=now)


def book(factory: SessionFactory, phone: str = PHONE, address: str | None = None,
         now: datetime = TUESDAY_MORNING) -> str:
    request = flow.BookingRequest(slot=slots(factory, now)[0], name="Anna", phone=phone,
                                  situation=DEMENTIA, address_key=address)
    return flow.book(factory, profile(), request, now=now).reference


def cases(factory: SessionFactory) -> int:
    with factory() as session:
        return session.query(Case).count()


def test_bookings_per_phone_number_a_day(factory: SessionFactory) -> None:
    book(factory)
    book(factory, phone="+46 70 174 06 90")  # the same number, written otherwise
    with pytest.raises(BookingLimited) as refused:
        book(factory)
    assert refused.value.scope == "phone"
    assert cases(factory) == 2
    book(factory, phone="070-174 06 91")  # another number still books
    # A day later the number may book again.
    book(factory, now=TUESDAY_MORNING + timedelta(days=1, minutes=1))


def test_bookings_per_address_a_day(factory: SessionFactory) -> None:
    address = limit_key(b"web-secret", "address", "203.0.113.5")
    for phone in ("070-100 00 01", "070-100 00 02", "070-100 00 03"):
        book(factory, phone=phone, address=address)
    with pytest.raises(BookingLimited) as refused:
        book(factory, phone="070-100 00 04", address=address)
    assert refused.value.scope == "address"
    assert cases(factory) == 3
    book(factory, phone="070-100 00 04", address="another-address")


def test_parallel_bookings_of_one_number_stay_within_the_limit(factory: SessionFactory) -> None:
    offered = slots(factory)
    results: list[str] = []
    start = threading.Barrier(6)

    def attempt(index: int) -> None:
        start.wait()
        request = flow.BookingRequest(slot=offered[index % len(offered)], name="Anna",
                                      phone=PHONE, situation=DEMENTIA)
        try:
            flow.book(factory, profile(), request, now=TUESDAY_MORNING)
            results.append("booked")
        except BookingLimited:
            results.append("limited")
        except BookingUnavailable:  # the slot's seats went to another attempt
            results.append("full")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("booked") == 2 and "limited" in results
    assert cases(factory) == 2


def test_the_lookup_locks_per_reference_across_conversations(factory: SessionFactory) -> None:
    reference = book(factory)
    # Each call is as if from a new conversation: nothing is kept in the dialogue.
    for _ in range(3):
        assert manage.find_case(factory, reference, "0000", now=TUESDAY_MORNING) is None
    with pytest.raises(manage.ReferenceLocked):
        manage.find_case(factory, reference, "0690", now=TUESDAY_MORNING)  # even the right digits
    # Another reference is not locked, and the lock ends after its window.
    other = book(factory, phone="070-174 06 91")
    assert manage.find_case(factory, other, "0691", now=TUESDAY_MORNING) is not None
    later = TUESDAY_MORNING + manage.LOCK_WINDOW + timedelta(seconds=1)
    assert manage.find_case(factory, reference, "0690", now=later) is not None


def test_a_found_case_forgets_the_failures(factory: SessionFactory) -> None:
    reference = book(factory)
    for _ in range(2):
        assert manage.find_case(factory, reference, "0000", now=TUESDAY_MORNING) is None
    assert manage.find_case(factory, reference, "0690", now=TUESDAY_MORNING) is not None
    for _ in range(3):
        assert manage.find_case(factory, reference, "0000", now=TUESDAY_MORNING) is None


def test_the_limiter_counts_per_key_in_windows(factory: SessionFactory) -> None:
    limiter = DatabaseLimiter(factory)
    window = timedelta(minutes=1)
    results = [limiter.hit("s", "a", limit=2, window=window, now=TUESDAY_MORNING)
               for _ in range(3)]
    assert [r.allowed for r in results] == [True, True, False]
    assert results[-1].retry_after == 60
    assert limiter.hit("s", "b", limit=2, window=window, now=TUESDAY_MORNING).allowed
    assert limiter.count("s", "a", now=TUESDAY_MORNING) == 3
    assert limiter.count("s", "a", now=TUESDAY_MORNING + window) == 0
    limiter.reset("s", "b")
    assert limiter.count("s", "b", now=TUESDAY_MORNING) == 0
    assert limiter.hit("s", "a", limit=2, window=window, now=TUESDAY_MORNING + window).count == 1


def test_control_characters_never_reach_a_stored_case() -> None:
    from bot.callbacks.booking import clean_message, clean_name

    assert clean_name("An\x00na\x1b") == "Anna"
    assert clean_message("Ring\x00 efter\r\n lunch\x9b") == "Ring efter\n lunch"
    assert clean_message("\x00\x01") is None
