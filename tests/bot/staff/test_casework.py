"""The casework service layer (bot.staff.casework) without the web: the case page, actions, concurrency."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.callbacks.calendar import add_working_hours
from bot.callbacks.cases import CaseNotChangeable, CaseNotFound
from bot.callbacks.escalation import escalate_overdue
from bot.callbacks.retention import purge_personal_data
from bot.staff import audit, casework
from bot.staff.accounts import Principal
from bot.staff.errors import ConcurrentChange, InvalidCaseworkInput
from bot.staff.queue import QueueFilters, list_queue
from bot.staff.scope import scope_for
from bot.storage import Case, CaseNote
from tests.bot.staff.seeded import NOW, World, at

COORDINATOR = Principal(3, "samordnare", "coordinator", "ekero", None)
CONTACT = Principal(1, "kontakt.aldre", "contact", "ekero", "kontakt_aldreomsorg")
WEB = audit.Actor("samordnare", "coordinator", "web")


def actor(principal: Principal) -> audit.Actor:
    return principal.actor("web")


def version_of(world: World, ref: str) -> int:
    with world.session_factory() as session:
        return int(session.execute(select(Case.version).where(Case.reference == ref)).scalar_one())


def test_take_by_a_contact_and_by_a_coordinator(world: World) -> None:
    sf, profile = world.session_factory, world.profile
    result = casework.take_case(sf, scope_for(CONTACT, profile), world.refs["A"], CONTACT,
                                actor(CONTACT), expected_version=1, now=NOW)
    assert (result.status, result.contact_point_id, result.version) == (
        "taken", "kontakt_aldreomsorg", 2)
    result = casework.take_case(sf, scope_for(COORDINATOR, profile), world.refs["B"], COORDINATOR,
                                WEB, expected_version=1, now=NOW)
    assert result.contact_point_id == "kontakt_ifo"  # a coordinator without a point keeps it
    queue = list_queue(sf, scope_for(COORDINATOR, profile), QueueFilters(), profile, NOW)
    assert {c.reference: c.taken_by for c in queue.items} == {
        world.refs["A"]: "kontakt.aldre", world.refs["B"]: "samordnare"}
    with pytest.raises(CaseNotChangeable):
        casework.take_case(sf, scope_for(CONTACT, profile), world.refs["A"], CONTACT,
                           actor(CONTACT), expected_version=2, now=NOW)


def test_stale_version_is_refused_and_nothing_is_written(world: World) -> None:
    sf, scope = world.session_factory, scope_for(COORDINATOR, world.profile)
    casework.add_note(sf, scope, world.refs["A"], WEB, text="notes do not bump versions", now=NOW)
    assert version_of(world, world.refs["A"]) == 1
    casework.take_case(sf, scope, world.refs["A"], COORDINATOR, WEB, expected_version=1, now=NOW)
    with pytest.raises(ConcurrentChange) as info:
        casework.close_case(sf, scope, world.refs["A"], WEB, expected_version=1, outcome="other",
                            now=NOW)
    assert info.value.current_version == 2
    with pytest.raises(InvalidCaseworkInput):
        casework.close_case(sf, scope, world.refs["A"], WEB, expected_version=None,
                            outcome="other", now=NOW)
    actions = [e.action for e in audit.list_entries(sf, "ekero", case_reference=world.refs["A"])]
    assert "case.closed" not in actions


def test_parallel_takes_let_exactly_one_win(world: World) -> None:
    sf, scope = world.session_factory, scope_for(COORDINATOR, world.profile)
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        try:
            casework.take_case(sf, scope, world.refs["A"], COORDINATOR, WEB, expected_version=1,
                               now=NOW)
            outcomes.append("took")
        except (ConcurrentChange, CaseNotChangeable):
            outcomes.append("refused")

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "took"]
    history = casework.get_case_detail(sf, scope, world.refs["A"], world.profile, WEB, NOW).history
    assert [e.kind for e in history].count("taken") == 1


def test_out_of_scope_is_not_found_for_every_operation(world: World) -> None:
    sf, profile = world.session_factory, world.profile
    scope = scope_for(CONTACT, profile)
    ref = world.refs["B"]
    calls: list[Any] = [
        lambda: casework.get_case_detail(sf, scope, ref, profile, WEB, NOW),
        lambda: casework.reveal_phone(sf, scope, ref, WEB, NOW),
        lambda: casework.take_case(sf, scope, ref, CONTACT, WEB, expected_version=1, now=NOW),
        lambda: casework.record_call(sf, scope, ref, CONTACT, WEB, expected_version=1,
                                     outcome="reached", next_attempt_at=None, profile=profile,
                                     now=NOW),
        lambda: casework.forward_case(sf, scope, ref, WEB, expected_version=1, target="unit:omsorg",
                                      reason="test", profile=profile, now=NOW),
        lambda: casework.close_case(sf, scope, ref, WEB, expected_version=1, outcome="other",
                                    now=NOW),
        lambda: casework.add_note(sf, scope, ref, WEB, text="x", now=NOW),
    ]
    for call in calls:
        with pytest.raises(CaseNotFound):
            call()
    assert audit.list_entries(sf, "ekero", case_reference=ref) == []


def test_call_not_reached_plans_a_new_attempt_in_office_hours(world: World) -> None:
    sf, profile = world.session_factory, world.profile
    scope = scope_for(CONTACT, profile)
    evening = at(23, 15, 30)  # one office hour left on Monday (closes 16.30)
    result = casework.record_call(sf, scope, world.refs["A"], CONTACT, actor(CONTACT),
                                  expected_version=1, outcome="not_reached", next_attempt_at=None,
                                  profile=profile, now=evening)
    assert result.status == "taken"  # calling a booked case takes it
    queue = list_queue(sf, scope, QueueFilters(), profile, evening)
    item = queue.items[0]
    assert item.next_attempt_at == add_working_hours(evening, 2, profile.office_hours)
    assert item.next_attempt_at == at(24, 9)
    later = list_queue(sf, scope, QueueFilters(), profile, at(24, 9, 1)).items[0]
    assert later.overdue_reason == "attempt_due"
    result = casework.record_call(sf, scope, world.refs["A"], CONTACT, actor(CONTACT),
                                  expected_version=result.version, outcome="reached",
                                  next_attempt_at=None, profile=profile, now=at(24, 9, 5))
    assert result.status == "called"
    detail = casework.get_case_detail(sf, scope, world.refs["A"], profile, WEB, at(24, 9, 5))
    calls = [e.detail for e in detail.history if e.kind == "call"]
    assert [(c["outcome"], c["attempt"]) for c in calls] == [("not_reached", 1), ("reached", 2)]
    assert detail.summary.next_attempt_at is None and not detail.summary.overdue


def test_forward_to_a_link_and_to_a_unit(world: World) -> None:
    sf, profile = world.session_factory, world.profile
    scope = scope_for(COORDINATOR, profile)
    ref = world.refs["B"]
    casework.take_case(sf, scope, ref, COORDINATOR, WEB, expected_version=1, now=NOW)
    result = casework.forward_case(sf, scope, ref, WEB, expected_version=2,
                                   target="link:psykisk_funktionsnedsattning",
                                   reason="Dottern har schizofreni", profile=profile, now=NOW)
    assert (result.status, result.contact_point_id) == ("booked", "kontakt_socialpsykiatri")
    with pytest.raises(InvalidCaseworkInput) as same:
        casework.forward_case(sf, scope, ref, WEB, expected_version=result.version,
                              target="link:psykisk_funktionsnedsattning", reason="igen",
                              profile=profile, now=NOW)
    assert same.value.reason == "target_same"
    result = casework.forward_case(sf, scope, ref, WEB, expected_version=result.version,
                                   target="unit:socialkontoret", reason="Vill ansöka om bistånd",
                                   profile=profile, now=NOW)
    assert result.contact_point_id == "bistandshandlaggare"
    detail = casework.get_case_detail(sf, scope, ref, profile, WEB, NOW)
    assert detail.summary.link_id == "psykisk_funktionsnedsattning"  # a unit keeps the link
    forwards = [e for e in detail.history if e.kind == "forwarded"]
    assert [e.text for e in forwards] == ["Dottern har schizofreni", "Vill ansöka om bistånd"]
    assert forwards[0].detail["from"] == "kontakt_ifo"
    assert "Dottern" not in repr(forwards[0].detail)  # free text only in case_notes


@pytest.mark.parametrize("target,reason", [
    ("nowhere", "x y z"), ("link:", "x y z"), ("unit:ghost", "x y z"), ("link:ghost", "x y z"),
    ("unit:ifo", ""), ("unit:ifo", "x" * 501),
])
def test_forward_input_is_checked(world: World, target: str, reason: str) -> None:
    with pytest.raises(InvalidCaseworkInput):
        casework.forward_case(world.session_factory, scope_for(COORDINATOR, world.profile),
                              world.refs["A"], WEB, expected_version=1, target=target,
                              reason=reason, profile=world.profile, now=NOW)


def test_forwarded_case_escalates_from_its_new_place(world: World) -> None:
    sf, profile = world.session_factory, world.profile
    scope = scope_for(COORDINATOR, profile)
    casework.forward_case(sf, scope, world.refs["B"], WEB, expected_version=1,
                          target="link:aldreomsorg_demens", reason="Äldre mamma",
                          profile=profile, now=NOW)
    due = add_working_hours(NOW, profile.link("aldreomsorg_demens").escalation_hours,
                            profile.office_hours)
    steps = escalate_overdue(sf, profile, now=due + timedelta(minutes=1))
    moved = [s for s in steps if s.reference == world.refs["B"]]
    assert [(s.from_contact_point_id, s.to_contact_point_id) for s in moved] == [
        ("kontakt_aldreomsorg", "anhorigkonsulent")]


def test_close_needs_a_known_outcome_and_ends_the_work(world: World) -> None:
    sf, scope = world.session_factory, scope_for(COORDINATOR, world.profile)
    with pytest.raises(InvalidCaseworkInput):
        casework.close_case(sf, scope, world.refs["A"], WEB, expected_version=1, outcome="done",
                            now=NOW)
    result = casework.close_case(sf, scope, world.refs["A"], WEB, expected_version=1,
                                 outcome="referred_elsewhere", now=NOW)
    assert result.status == "closed"
    with pytest.raises(CaseNotChangeable):
        casework.record_call(sf, scope, world.refs["A"], COORDINATOR, WEB,
                             expected_version=result.version, outcome="reached",
                             next_attempt_at=None, profile=world.profile, now=NOW)
    casework.add_note(sf, scope, world.refs["A"], WEB, text="Efterarbete klart", now=NOW)


def test_retention_purges_notes_with_the_other_personal_data(world: World) -> None:
    sf, scope = world.session_factory, scope_for(COORDINATOR, world.profile)
    casework.add_note(sf, scope, world.refs["A"], WEB, text="Dottern heter Lisa", now=NOW)
    casework.close_case(sf, scope, world.refs["A"], WEB, expected_version=1, outcome="other",
                        now=NOW)
    assert purge_personal_data(sf, before=NOW + timedelta(days=1), now=NOW + timedelta(days=1)) == 1
    with world.session_factory() as session:
        assert session.execute(select(CaseNote)).scalars().all() == []
    detail = casework.get_case_detail(sf, scope, world.refs["A"], world.profile, WEB, NOW)
    assert detail.name is None and detail.transcript is None
    assert [e.kind for e in detail.history][-1] == "personal_data_purged"
