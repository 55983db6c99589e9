"""The staff queue (bot.staff.queue): what a scope sees, in which order, with which counts."""

from __future__ import annotations

from bot.staff import audit, casework
from bot.staff.accounts import Principal
from bot.staff.queue import QueueFilters, last_working_day_end, list_queue
from bot.staff.scope import CaseScope, scope_for
from tests.bot.staff.seeded import NOW, World, at, book

COORDINATOR = Principal(3, "samordnare", "coordinator", "ekero", None)
WEB = audit.Actor("samordnare", "coordinator", "web")


def test_a_contact_sees_colleagues_of_the_same_unit(world: World) -> None:
    # Socialkontoret has one contact point, omsorg one; a profile unit with two shows the rule.
    scope = CaseScope("ekero", frozenset({"kontakt_aldreomsorg", "kontakt_ifo"}))
    queue = list_queue(world.session_factory, scope, QueueFilters(), world.profile, NOW)
    assert {c.reference for c in queue.items} == {world.refs["A"], world.refs["B"]}


def test_queue_order_and_counts(world: World) -> None:
    sf, profile = world.session_factory, world.profile
    later = book(sf, profile, contact_point="kontakt_aldreomsorg", start=at(26, 13))
    overdue = book(sf, profile, contact_point="kontakt_ifo", start=at(23, 8), hours=1, now=at(20, 10))
    scope = scope_for(COORDINATOR, profile)
    queue = list_queue(sf, scope, QueueFilters(), profile, NOW)
    refs = [c.reference for c in queue.items]
    assert refs == [overdue, world.refs["A"], world.refs["B"], later]
    first = queue.items[0]
    assert first.overdue and first.overdue_reason in ("window_passed", "not_taken_in_time")
    assert not queue.items[1].overdue
    assert queue.counts["booked"] == 4
    casework.close_case(sf, scope, later, WEB, expected_version=1, outcome="other", now=NOW)
    queue = list_queue(sf, scope, QueueFilters(status="closed"), profile, NOW)
    assert [c.reference for c in queue.items] == [later]
    assert queue.counts == {"booked": 3, "taken": 0, "called": 0, "closed": 1, "cancelled": 0}


def test_morning_period_starts_at_the_last_working_days_closing(world: World) -> None:
    profile = world.profile
    assert last_working_day_end(at(23, 8), profile) == at(20, 15)  # Mon -> Fri 15.00
    assert last_working_day_end(at(24, 8), profile) == at(23, 16, 30)  # Tue -> Mon
    assert last_working_day_end(at(22, 12), profile) == at(20, 15)  # Sunday
    # After Christmas: 24-26 December are days off, 23 December (Wednesday) was the last one.
    from datetime import datetime

    from bot.clock import STOCKHOLM

    assert last_working_day_end(datetime(2026, 12, 28, 8, tzinfo=STOCKHOLM), profile) == \
        datetime(2026, 12, 23, 16, 30, tzinfo=STOCKHOLM)
