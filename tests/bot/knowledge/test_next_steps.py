"""What is still asked, and which supports are named, after what the relative told."""

from __future__ import annotations

from bot.knowledge import next_steps
from bot.knowledge.loader import load_profile
from bot.knowledge.situation import Situation

SLOTS = ["relation", "condition", "district", "person_age"]


def test_situation_questions_skip_needs_and_age_after_a_death_and_age_for_a_child() -> None:
    assert next_steps.situation_questions(SLOTS, bereaved=False, child=False) == SLOTS
    assert next_steps.situation_questions(SLOTS, bereaved=True, child=False) == ["relation", "district"]
    assert next_steps.situation_questions(SLOTS, bereaved=False, child=True) == [
        "relation", "condition", "district",
    ]


def test_a_bereaved_relative_is_routed_to_the_coordinator() -> None:
    sit = Situation(relation="parent", condition="dementia", person_age=88, phase="new_start")
    assert next_steps.routing_situation(sit).condition is None
    contact = next_steps.contact_for(load_profile("ekero"), sit)
    assert contact is not None and contact.is_coordinator
    living = Situation(relation="parent", condition="dementia", person_age=88)
    assert next_steps.routing_situation(living) == living


def test_grief_supports_come_from_the_profiles_phase_after_a_death() -> None:
    names = [s.name for s in next_steps.grief_supports(load_profile("ekero"), Situation(phase="new_start"))]
    assert names[0] == "Sorgegrupp"
    gislaved = next_steps.grief_supports(load_profile("gislaved"), Situation(phase="new_start"))
    assert gislaved  # no grief support in the profile: talks and groups for the relative instead


def test_own_supports_are_for_the_relative() -> None:
    found = next_steps.own_supports(load_profile("nacka"), Situation(relation="parent", person_age=80))
    assert found and all(s.support_type in next_steps.OWN_SUPPORT_TYPES for s in found)


def test_child_supports_only_where_the_profile_has_them() -> None:
    assert [s.id for s in next_steps.child_supports(load_profile("stockholm"))] == ["barn_som_anhoriga"]
    assert next_steps.child_supports(load_profile("nacka")) == ()


def test_young_adult_supports_for_18_to_21() -> None:
    gislaved = load_profile("gislaved")
    assert [s.id for s in next_steps.young_adult_supports(gislaved, 19)] == ["koordinatorstod"]
    assert next_steps.young_adult_supports(gislaved, 25) == ()
    assert next_steps.young_adult_supports(gislaved, 15) == ()
    assert next_steps.young_adult_supports(gislaved, None) == ()
    assert next_steps.parse_user_age("19") == 19 and next_steps.parse_user_age(None) is None
