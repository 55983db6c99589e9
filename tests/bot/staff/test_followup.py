"""Follow-up figures (bot.staff.followup) and the small-count rule of the export."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.callbacks.calendar import add_working_hours
from bot.callbacks.escalation import escalate_overdue
from bot.staff import audit, casework, followup
from bot.staff.accounts import Principal
from bot.staff.scope import scope_for
from tests.bot.staff.seeded import NOW, World, at, book

COORDINATOR = Principal(3, "samordnare", "coordinator", "ekero", None)
WEB = audit.Actor("samordnare", "coordinator", "web")


@pytest.mark.parametrize("counts,expected", [
    ({"a": 10, "b": 7}, {"a": 10, "b": 7}),
    ({"a": 10, "b": 0}, {"a": 10, "b": 0}),
    ({"a": 10, "b": 3, "c": 7}, {"a": 10, "b": None, "c": None}),  # b alone would be derivable
    ({"a": 10, "b": 3, "c": 2}, {"a": 10, "b": None, "c": None}),
    ({"a": 4}, {"a": None}),
    ({}, {}),
])
def test_suppress_small(counts: dict[str, int], expected: dict[str, int | None]) -> None:
    assert followup.suppress_small(counts) == expected


def test_figures_count_what_happened(world: World) -> None:
    sf, profile = world.session_factory, world.profile
    scope = scope_for(COORDINATOR, profile)
    book(sf, profile, contact_point="kontakt_aldreomsorg", start=at(26, 13),
                 now=at(22, 23), link_id="aldreomsorg_demens", target_group="dementia")
    # A: first call two hours after it came in, then closed.
    casework.record_call(sf, scope, world.refs["A"], COORDINATOR, WEB, expected_version=1,
                         outcome="reached", next_attempt_at=None, profile=profile,
                         now=NOW + timedelta(hours=2))
    casework.close_case(sf, scope, world.refs["A"], WEB, expected_version=3,
                        outcome="advice_given", now=NOW + timedelta(hours=3))
    # B: passed on to a link.
    casework.forward_case(sf, scope, world.refs["B"], WEB, expected_version=1,
                          target="link:aldreomsorg_demens", reason="Äldre pappa", profile=profile,
                          now=NOW)
    # The night case: nobody takes it in time, so it escalates to the coordinator.
    due = add_working_hours(at(22, 23), 16, profile.office_hours)
    escalate_overdue(sf, profile, now=due)
    figures = followup.compute_figures(sf, "ekero", at(1, 0), at(30, 0), profile.office_hours)
    assert figures.total == 3
    assert figures.by_status["closed"] == 1 and figures.by_status["booked"] == 2
    assert figures.by_target_group == {"dementia": 2, "addiction": 1}
    assert figures.by_link == {"aldreomsorg_demens": 3}  # B counts where it was passed on to
    assert figures.after_hours == 1 and figures.after_hours_share == pytest.approx(1 / 3)
    assert figures.first_call_count == 1
    assert figures.first_call_median_hours == pytest.approx(2.0)
    assert figures.first_call_median_working_hours == pytest.approx(2.0)
    assert figures.escalated_cases >= 1 and figures.escalated_to_coordinator >= 1
    assert figures.forwarded_cases == 1
    assert figures.outcomes == {"advice_given": 1}


def test_figures_keep_to_the_period_and_municipality(world: World) -> None:
    figures = followup.compute_figures(world.session_factory, "ekero", at(24, 0), at(30, 0),
                                       world.profile.office_hours)
    assert figures.total == 0 and figures.after_hours_share is None
    assert figures.first_call_median_hours is None
    lidingo = followup.compute_figures(world.session_factory, "lidingo", at(1, 0), at(30, 0),
                                       world.profile.office_hours)
    assert lidingo.total == 1
