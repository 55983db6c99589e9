"""Finding, cancelling and moving the relative's own case, without Rasa."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Iterator

import pytest

from bot.callbacks import dialogue as flow
from bot.callbacks import manage
from bot.callbacks.calendar import Slot
from bot.callbacks.cases import get_case, set_case_status
from bot.clock import STOCKHOLM
from bot.knowledge.loader import load_profile
from bot.knowledge.schema import Profile
from bot.knowledge.situation import Situation
from bot.settings import PROJECT_ROOT
from bot.storage import CaseStatus, SessionFactory, make_session_factory
from tests.bot.storage import migrated_sqlite

DATA_DIR = PROJECT_ROOT / "data"
TUESDAY_MORNING = datetime(2026, 11, 24, 9, 30, tzinfo=STOCKHOLM)
DEMENTIA = Situation(relation="parent", condition="dementia", person_age=84)
PHONE = "070-174 06 90"


def profile(profile_id: str = "ekero") -> Profile:
    return load_profile(profile_id, DATA_DIR)


@pytest.fixture
def factory(tmp_path: Path) -> Iterator[SessionFactory]:
    engine = migrated_sqlite(tmp_path)
    yield make_session_factory(engine)
    engine.dispose()


def offered(factory: SessionFactory) -> list[Slot]:
    p = profile()
    return flow.offer(factory, p, "kontakt_aldreomsorg", p.link("aldreomsorg_demens"), now=TUESDAY_MORNING)


def booked(factory: SessionFactory, slot: Slot) -> str:
    request = flow.BookingRequest(slot=slot, name="Anna", phone=PHONE, situation=DEMENTIA)
    return flow.book(factory, profile(), request, now=TUESDAY_MORNING).reference


# -- finding the case -------------------------------------------------------------------------


def test_find_case_needs_the_reference_and_the_last_digits(factory: SessionFactory) -> None:
    slot = offered(factory)[0]
    reference = booked(factory, slot)
    found = manage.find_case(factory, reference.lower(), "0690")
    assert found is not None and found.slot is not None and found.slot.key == slot.key
    assert (found.reference, found.contact_point_id, found.link_id, found.changeable) == (
        reference, "kontakt_aldreomsorg", "aldreomsorg_demens", True)
    assert manage.find_case(factory, reference, "1234") is None
    assert manage.find_case(factory, "ZZZZZZ", "0690") is None


def test_a_called_case_is_found_but_not_changeable(factory: SessionFactory) -> None:
    reference = booked(factory, offered(factory)[0])
    set_case_status(factory, reference, CaseStatus.CALLED, "staff", now=TUESDAY_MORNING)
    found = manage.find_case(factory, reference, "0690")
    assert found is not None and not found.changeable


def test_the_slot_value_round_trips_through_the_case_helpers(factory: SessionFactory) -> None:
    p = profile()
    slot = offered(factory)[0]
    found = manage.find_case(factory, booked(factory, slot), "0690")
    assert found is not None
    value = found.to_slot_value()
    assert set(value) == {"reference", "contact_point_id", "link_id", "slot"}
    assert [s.key for s in manage.case_slots(value)] == [slot.key]
    assert manage.case_label(value) == "torsdag 26 november kl. 13.00–15.00"
    contact = manage.case_contact(p, value)
    assert contact is not None and contact.id == "kontakt_aldreomsorg"
    link = manage.case_link(p, value)
    assert link is not None and link.id == "aldreomsorg_demens"
    assert manage.contact_to_call(p, value) == contact


@pytest.mark.parametrize("value", [{}, None, "not a case", {"slot": {"start": "broken"}}])
def test_a_missing_or_malformed_case_has_no_time_contact_or_link(value: object) -> None:
    p = profile()
    assert manage.case_slots(value) == [] and manage.case_label(value) is None
    assert manage.case_contact(p, value) is None and manage.case_link(p, value) is None


def test_an_unknown_contact_or_link_reads_as_none() -> None:
    p = profile()
    value = {"contact_point_id": "no_such_contact", "link_id": "no_such_link"}
    assert manage.case_contact(p, value) is None and manage.case_link(p, value) is None


def test_without_a_known_case_the_coordinator_is_the_one_to_call() -> None:
    p = profile()
    contact = manage.contact_to_call(p, {})
    assert contact is not None and contact.is_coordinator


def test_where_support_is_per_district_an_unknown_case_has_no_one_to_call() -> None:
    assert manage.contact_to_call(profile("stockholm"), {}) is None


# -- cancelling and moving --------------------------------------------------------------------


def test_cancel_clears_the_personal_data(factory: SessionFactory) -> None:
    reference = booked(factory, offered(factory)[0])
    manage.cancel(factory, reference, "0690", now=TUESDAY_MORNING)
    case = get_case(factory, reference)
    assert case is not None and case.status == CaseStatus.CANCELLED.value
    assert case.name is None and case.phone_e164 is None


def test_cancel_with_wrong_digits_or_twice_is_not_found(factory: SessionFactory) -> None:
    reference = booked(factory, offered(factory)[0])
    with pytest.raises(manage.CaseNotFound):
        manage.cancel(factory, reference, "1234", now=TUESDAY_MORNING)
    manage.cancel(factory, reference, "0690", now=TUESDAY_MORNING)
    with pytest.raises(manage.CaseNotFound):
        manage.cancel(factory, reference, "0690", now=TUESDAY_MORNING)


def test_a_called_case_cannot_be_cancelled_or_moved(factory: SessionFactory) -> None:
    slots = offered(factory)
    reference = booked(factory, slots[0])
    set_case_status(factory, reference, CaseStatus.CALLED, "staff", now=TUESDAY_MORNING)
    with pytest.raises(manage.CaseNotChangeable):
        manage.cancel(factory, reference, "0690", now=TUESDAY_MORNING)
    with pytest.raises(manage.CaseNotChangeable):
        manage.rebook(factory, reference, "0690", slots[1], now=TUESDAY_MORNING)


def test_rebook_moves_the_case_and_the_text_says_when_and_who(factory: SessionFactory) -> None:
    p = profile()
    slots = offered(factory)
    reference = booked(factory, slots[0])
    confirmation = manage.rebook(factory, reference, "0690", slots[1], now=TUESDAY_MORNING)
    case = get_case(factory, reference)
    assert case is not None and case.slot is not None and case.slot.key == slots[1].key
    text = manage.rebooked_text(p, confirmation)
    assert "Din nya tid är tisdag 1 december kl. 10.00–12.00" in text
    assert "kontaktpersonen för anhörigstöd, äldreomsorg och demens på Äldreomsorgen som ringer dig" in text
    assert reference in text
