"""Escalation along the referral chains (bot.callbacks.escalation), availability included."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.callbacks.availability import set_contact_available
from bot.callbacks.booking import cancel_booking
from bot.callbacks.calendar import Slot
from bot.callbacks.cases import case_history, get_case, mark_taken
from bot.callbacks.escalation import escalate_overdue
from bot.storage import CaseEvent, ContactState, SessionFactory, read_session
from tests.bot.callbacks.bookings import (
    NOW,
    OFFICE,
    PROFILE,
    SLOT,
    Contact,
    Link,
    Profile,
    at,
    book,
    count,
    run_in_threads,
)


def test_escalation_over_christmas_to_the_coordinator(factory: SessionFactory) -> None:
    created = at(2025, 12, 23, 14)
    slot = Slot("anna", at(2025, 12, 29, 10), at(2025, 12, 29, 12))
    confirmation = book(factory, slot=slot, now=created, district="Ekerö")
    # 14-16 on the 23rd, then 24-28 December are closed: due Monday 29 December 10.00.
    assert escalate_overdue(factory, PROFILE, at(2025, 12, 29, 9, 59)) == []
    steps = escalate_overdue(factory, PROFILE, at(2025, 12, 29, 10))
    assert [(s.from_contact_point_id, s.to_contact_point_id, s.level) for s in steps] == [
        ("anna", "bertil", 1)
    ]
    assert steps[0].due_at == at(2025, 12, 29, 10) and not steps[0].to_coordinator
    assert escalate_overdue(factory, PROFILE, at(2025, 12, 29, 10)) == []  # idempotent
    assert escalate_overdue(factory, PROFILE, at(2025, 12, 29, 13, 59)) == []
    steps = escalate_overdue(factory, PROFILE, at(2025, 12, 29, 14))
    assert [(s.to_contact_point_id, s.level, s.to_coordinator) for s in steps] == [
        ("cecilia", 2, True)
    ]
    assert escalate_overdue(factory, PROFILE, at(2026, 2, 1, 12)) == []  # the coordinator is last
    case = get_case(factory, confirmation.reference)
    assert case is not None and case.contact_point_id == "cecilia" and case.escalation_level == 2
    history = case_history(factory, confirmation.reference)
    escalations = [e for e in history if e.kind == "escalated"]
    assert [(e.detail["from"], e.detail["to"]) for e in escalations] == [
        ("anna", "bertil"), ("bertil", "cecilia")
    ]


@pytest.mark.parametrize(
    "created, due",
    [
        (at(2025, 11, 21, 14), at(2025, 11, 24, 10)),  # over a weekend
        (at(2025, 11, 22, 20), at(2025, 11, 24, 12)),  # after hours on a Saturday
        (at(2025, 4, 17, 14), at(2025, 4, 22, 10)),  # Easter
        (at(2025, 5, 28, 14), at(2025, 5, 30, 10)),  # Ascension Day
        (at(2025, 6, 19, 14), at(2025, 6, 23, 10)),  # Midsummer
        (at(2025, 10, 24, 14), at(2025, 10, 27, 10)),  # autumn DST switch
        (at(2026, 3, 27, 14), at(2026, 3, 30, 10)),  # spring DST switch
    ],
)
def test_escalation_timing(factory: SessionFactory, created: datetime, due: datetime) -> None:
    slot = Slot("anna", created + timedelta(days=20), created + timedelta(days=20, hours=2))
    book(factory, slot=slot, now=created)
    assert escalate_overdue(factory, PROFILE, due - timedelta(minutes=1)) == []
    steps = escalate_overdue(factory, PROFILE, due)
    assert len(steps) == 1 and steps[0].due_at == due


def test_taken_cases_do_not_escalate(factory: SessionFactory) -> None:
    confirmation = book(factory)
    mark_taken(factory, confirmation.reference, "anna", now=NOW + timedelta(hours=1))
    assert escalate_overdue(factory, PROFILE, NOW + timedelta(days=10)) == []


def test_cancelled_cases_do_not_escalate(factory: SessionFactory) -> None:
    confirmation = book(factory)
    cancel_booking(factory, confirmation.reference, "4567", now=NOW)
    assert escalate_overdue(factory, PROFILE, NOW + timedelta(days=10)) == []


def test_unavailable_contacts_are_skipped(factory: SessionFactory) -> None:
    book(factory, district="Färingsö")
    set_contact_available(factory, "ekero", "bertil", False, now=NOW)
    steps = escalate_overdue(factory, PROFILE, NOW + timedelta(hours=4))
    assert [s.to_contact_point_id for s in steps] == ["david"]  # Färingsö's coordinator
    with read_session(factory) as session:
        states = {s.contact_point_id: s for s in session.execute(select(ContactState)).scalars()}
    assert states["bertil"].available is False
    assert states["david"].last_assigned_at == NOW + timedelta(hours=4)
    assert all(s.last_escalation_check_at == NOW + timedelta(hours=4) for s in states.values())


def test_coordinators_inside_the_chain_pass_the_case_on(factory: SessionFactory) -> None:
    profile = Profile(
        id="ekero", office_hours=OFFICE,
        contact_points=[Contact("older", True), Contact("younger", True)],
        links=[Link("dementia", ("older", "younger"), 8.0)],
    )
    book(factory, slot=Slot("older", SLOT.start, SLOT.end))
    steps = escalate_overdue(factory, profile, at(2025, 11, 25, 10))
    assert [(s.from_contact_point_id, s.to_contact_point_id) for s in steps] == [
        ("older", "younger")
    ]
    assert escalate_overdue(factory, profile, at(2025, 12, 10, 10)) == []  # end of the chain


def test_a_coordinator_for_all_districts_beats_another_districts_one(
    factory: SessionFactory,
) -> None:
    profile = Profile(
        id="ekero", office_hours=OFFICE,
        contact_points=[Contact("anna"), Contact("north", True, ("Norr",)), Contact("all", True)],
        links=[Link("dementia", ("anna",), 4.0)],
    )
    book(factory, district="Söder")
    steps = escalate_overdue(factory, profile, NOW + timedelta(hours=4))
    assert [s.to_contact_point_id for s in steps] == ["all"]


def test_unknown_link_goes_to_the_coordinator_after_a_working_day(factory: SessionFactory) -> None:
    book(factory, link_id="removed-link")
    assert escalate_overdue(factory, PROFILE, NOW + timedelta(hours=5)) == []
    steps = escalate_overdue(factory, PROFILE, at(2025, 11, 25, 10))
    assert [s.to_contact_point_id for s in steps] == ["cecilia"]


def test_other_municipalities_are_left_alone(factory: SessionFactory) -> None:
    book(factory, municipality="lidingo")
    assert escalate_overdue(factory, PROFILE, NOW + timedelta(days=3)) == []


# ---------------------------------------------------------------- concurrency


def test_parallel_escalation_runners_never_double_escalate(factory: SessionFactory) -> None:
    references = [book(factory, phone=f"070-123 45 {i:02d}", slot=Slot(
        "anna", SLOT.start, SLOT.end, capacity=10)).reference for i in range(6)]
    later = NOW + timedelta(hours=4)
    results = run_in_threads(4, lambda i: escalate_overdue(factory, PROFILE, later))
    assert not [r for r in results if isinstance(r, Exception)], results
    steps = [step for result in results for step in result]
    assert sorted(s.reference for s in steps) == sorted(references)
    assert count(factory, CaseEvent, CaseEvent.kind == "escalated") == 6
    for reference in references:
        case = get_case(factory, reference)
        assert case is not None and case.escalation_level == 1 and case.contact_point_id == "bertil"


def test_taking_and_escalating_at_once_stays_consistent(factory: SessionFactory) -> None:
    reference = book(factory).reference
    later = NOW + timedelta(hours=4)
    results = run_in_threads(
        2,
        lambda i: escalate_overdue(factory, PROFILE, later) if i == 0
        else mark_taken(factory, reference, "anna", now=later),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    case = get_case(factory, reference)
    assert case is not None and case.status == "taken"
    kinds = [e.kind for e in case_history(factory, reference)]
    assert kinds.count("taken") == 1 and kinds.count("escalated") <= 1
