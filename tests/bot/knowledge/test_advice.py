"""Target groups, supports, honesty about what is not offered, rights and routing."""

from __future__ import annotations

from typing import List, Optional, Sequence

import pytest

from bot.knowledge.advice import (
    escalation_chain,
    find_supports_by_type,
    resolve_district,
    rights_for,
    route,
    supports_for,
    target_groups_for,
)
from bot.knowledge.schema import NationalFile, RightsFile, Support
from bot.knowledge.situation import Situation

from .conftest import PROFILE_IDS, shipped

_BUCKET = {
    "service": 0, "bistand_sol": 1, "lss": 1, "region": 1, "civil_society": 2, "national": 2,
}


def _ids(supports: Sequence[Support]) -> List[str]:
    return [support.id for support in supports]


# -- target groups ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        (Situation(), set()),
        (Situation(condition="dementia", person_age=80), {"dementia", "elderly"}),
        (Situation(condition="dementia", person_age=58), {"dementia"}),
        (Situation(condition="old_age"), {"elderly"}),
        (Situation(relation="parent", person_age=90), {"elderly"}),
        (Situation(condition="disability", person_age=8),
         {"disability", "lss_disability", "children_young"}),
        (Situation(condition="disability"), {"disability", "lss_disability"}),
        (Situation(condition="disability", person_age=70), {"disability", "elderly"}),
        (Situation(condition="disability", person_age=21),
         {"disability", "lss_disability", "children_young"}),
        (Situation(condition="disability", person_age=22), {"disability", "lss_disability"}),
        (Situation(condition="mental_illness", person_age=20),
         {"mental_illness", "children_young"}),
        (Situation(condition="addiction", user_is_child=True), {"addiction", "child_relative"}),
        (Situation(condition="criminality"), {"criminality"}),
        (Situation(condition="extremism"), {"extremism"}),
        (Situation(condition="violence_affected"), {"violence_affected"}),
        (Situation(condition="chronic_illness", phase="new_start"), {"chronic_illness", "grief"}),
    ],
)
def test_target_groups_for(situation: Situation, expected: set) -> None:
    assert target_groups_for(situation) == expected


# -- the scenarios -----------------------------------------------------------------


def test_gislaved_parent_of_8_year_old_with_autism_gets_koordinatorstod(
    national: NationalFile,
) -> None:
    gislaved = shipped("gislaved")
    situation = Situation(relation="child", condition="disability", person_age=8)
    advice = supports_for(gislaved, situation, national)
    assert advice.without_application[0].id == "koordinatorstod"
    assert {"avlosarservice_lss", "korttidsvistelse_lss"} <= set(_ids(advice.applied_for))
    chosen = route(gislaved, situation)
    assert chosen.link is not None and chosen.link.id == "koordinatorstod"
    # Koordinatorstöd is one of the samordnare's own tasks (seed 002, 2.1): no separate contact.
    assert chosen.contact_point is not None and chosen.contact_point.id == "anhorigsamordnare"
    assert [c.id for c in escalation_chain(gislaved, chosen.link)] == ["anhorigsamordnare"]


def test_gislaved_koordinatorstod_age_limit_matches_the_document() -> None:
    """ "Familjer med barn och unga upp till 21 år": 21 included, as children_young."""
    gislaved = shipped("gislaved")
    assert gislaved.support("koordinatorstod").age_max == 21
    assert gislaved.link("koordinatorstod").age_max == 21
    assert "children_young" in target_groups_for(Situation(person_age=21))
    assert "children_young" not in target_groups_for(Situation(person_age=22))


def test_gislaved_koordinatorstod_is_given_by_the_samordnare() -> None:
    """The seed lists koordinatorstöd among the anhörigsamordnare's tasks (2.1)."""
    gislaved = shipped("gislaved")
    assert "koordinator" not in {c.id for c in gislaved.contact_points}
    assert gislaved.link("koordinatorstod").chain == ["anhorigsamordnare"]
    assert gislaved.support("koordinatorstod").how_to_get.contact_point == "anhorigsamordnare"


@pytest.mark.parametrize("age", [21, 22, 45, 80])
def test_gislaved_koordinatorstod_fits_up_to_21(age: int, national: NationalFile) -> None:
    advice = supports_for(
        shipped("gislaved"), Situation(condition="disability", person_age=age), national,
    )
    assert ("koordinatorstod" in _ids(advice.supports)) is (age <= 21)


@pytest.mark.parametrize("age", [22, 45, 80])
def test_gislaved_koordinatorstod_is_only_for_children_and_young(
    age: int, national: NationalFile,
) -> None:
    advice = supports_for(
        shipped("gislaved"), Situation(condition="disability", person_age=age), national,
    )
    assert "koordinatorstod" not in _ids(advice.supports)


@pytest.mark.parametrize("age", [65, 70, 92])
def test_nacka_dementia_over_65_goes_to_65_plus_consultant_or_dementia_nurse(
    age: int, national: NationalFile,
) -> None:
    nacka = shipped("nacka")
    situation = Situation(relation="parent", condition="dementia", person_age=age)
    chosen = route(nacka, situation)
    assert chosen.contact_point is not None
    assert chosen.contact_point.id in {"anhorigkonsulent_aldre", "demenssjukskoterska"}
    assert chosen.link is not None
    advice = supports_for(nacka, situation, national)
    ids = _ids(advice.supports)
    assert "samtal_aldre" in ids and "demenssjukskoterska" in ids
    assert "samtal_under_65" not in ids


def test_nacka_early_onset_dementia_goes_to_the_dementia_nurse() -> None:
    chosen = route(shipped("nacka"), Situation(condition="dementia", person_age=58))
    assert chosen.contact_point is not None and chosen.contact_point.id == "demenssjukskoterska"


@pytest.mark.parametrize("condition", ["mental_illness", "disability", "addiction"])
def test_nacka_under_65_goes_to_the_under_65_consultant(condition: str) -> None:
    chosen = route(shipped("nacka"), Situation(condition=condition, person_age=40))
    assert chosen.contact_point is not None
    assert chosen.contact_point.id == "anhorigkonsulent_yngre"


def test_nacka_without_age_asks_for_it_and_goes_to_a_coordinator() -> None:
    chosen = route(shipped("nacka"), Situation(condition="mental_illness"))
    assert chosen.link is None
    assert chosen.contact_point is not None
    assert chosen.contact_point.id == "anhorigkonsulent_yngre"
    assert chosen.contact_point.is_coordinator
    assert chosen.missing == ("person_age",)


def test_stockholm_criminal_lifestyle_is_a_target_group_and_district_is_asked(
    national: NationalFile,
) -> None:
    stockholm = shipped("stockholm")
    situation = Situation(relation="child", condition="criminality")
    chosen = route(stockholm, situation)
    assert chosen.needs_district
    assert chosen.contact_point is None and chosen.link is None
    assert "criminality" in chosen.matched_groups
    assert chosen.missing == ("district",)
    advice = supports_for(stockholm, situation, national)
    assert advice.needs_district
    assert advice.without_application[0].id == "anhoriga_kriminell_livsstil"


@pytest.mark.parametrize(
    ("situation", "group", "support_id"),
    [
        (Situation(condition="extremism"), "extremism", "anhoriga_extremism"),
        (Situation(condition="violence_affected"), "violence_affected",
         "anhoriga_skjutningar_dodligt_vald"),
        (Situation(relation="parent", condition="mental_illness", user_is_child=True),
         "child_relative", "barn_som_anhoriga"),
    ],
)
def test_stockholm_broadened_target_groups(
    situation: Situation, group: str, support_id: str, national: NationalFile,
) -> None:
    stockholm = shipped("stockholm")
    assert group in route(stockholm, situation).matched_groups
    assert support_id in _ids(supports_for(stockholm, situation, national).supports)


@pytest.mark.parametrize(
    ("district", "contact_id"),
    [
        ("Kista", "anhorigkonsulent_rinkeby_kista"),
        ("jag bor i Vällingby", "anhorigkonsulent_hasselby_vallingby"),
        ("hagersten-alvsjo", "anhorigkonsulent_hagersten_alvsjo"),
        ("på Söder", "anhorigkonsulent_sodermalm"),
        ("Bromma", "anhorigkonsulent_bromma"),
    ],
)
def test_stockholm_routes_to_the_district_contact(district: str, contact_id: str) -> None:
    stockholm = shipped("stockholm")
    chosen = route(stockholm, Situation(condition="criminality", district=district))
    assert not chosen.needs_district
    assert chosen.contact_point is not None and chosen.contact_point.id == contact_id
    assert chosen.district is not None
    assert chosen.link is not None and chosen.link.chain == [contact_id]


def test_stockholm_unknown_district_is_asked_again() -> None:
    chosen = route(shipped("stockholm"), Situation(condition="dementia", district="Göteborg"))
    assert chosen.needs_district and chosen.contact_point is None
    assert "Göteborg" in chosen.reason


def test_stockholm_unclear_situation_with_district_goes_to_the_district_coordinator() -> None:
    chosen = route(shipped("stockholm"), Situation(district="Farsta"))
    assert chosen.contact_point is not None
    assert chosen.contact_point.id == "anhorigkonsulent_farsta"
    assert chosen.missing == ("condition",)


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_grief_support_for_a_relative_whose_person_died(
    profile_id: str, national: NationalFile,
) -> None:
    profile = shipped(profile_id)
    situation = Situation(relation="partner", condition="chronic_illness", person_age=78,
                          phase="new_start", district="Skarpnäck")
    advice = supports_for(profile, situation, national)
    assert "grief" in advice.target_groups
    talk = [s for s in advice.supports if s.support_type in ("counselling", "support_group")]
    assert talk, "someone to talk to, alone or in a group"
    for support in advice.supports:
        assert not support.phases or "new_start" in support.phases
    assert not any(s.support_type in ("respite", "short_term_stay") for s in advice.supports)
    assert "anhoriglinjen" in [line.id for line in advice.national_lines]


def test_ekero_grief_support_comes_first_in_its_group(national: NationalFile) -> None:
    advice = supports_for(shipped("ekero"), Situation(phase="new_start"), national)
    assert advice.civil_society[0].id == "sorgegrupp"
    assert "palliativ_vard_samtal" in _ids(advice.applied_for)


# -- supports: order and fit per profile ------------------------------------------------

SITUATIONS = [
    Situation(),
    Situation(relation="parent", condition="dementia", person_age=84, phase="caring"),
    Situation(relation="child", condition="disability", person_age=12, district="Bromma"),
    Situation(relation="partner", condition="mental_illness", person_age=45, phase="start"),
    Situation(relation="sibling", condition="addiction", person_age=30, district="Kista"),
]


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
@pytest.mark.parametrize("situation", SITUATIONS, ids=lambda s: s.condition or "unknown")
def test_supports_are_ordered_without_application_first(
    profile_id: str, situation: Situation, national: NationalFile,
) -> None:
    advice = supports_for(shipped(profile_id), situation, national)
    buckets = [_BUCKET[s.kind] for s in advice.supports]
    assert buckets == sorted(buckets)
    assert all(s.kind == "service" for s in advice.without_application)
    assert all(s.how_to_get.application or s.kind == "region" for s in advice.applied_for)
    assert advice.without_application, "every profile has support without application"


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_unknown_situation_lists_only_general_supports(
    profile_id: str, national: NationalFile,
) -> None:
    advice = supports_for(shipped(profile_id), Situation(), national)
    assert advice.needs_situation
    assert all(not s.target_groups for s in advice.supports)
    assert all(not line.target_groups for line in advice.national_lines)


@pytest.mark.parametrize("profile_id", ["lidingo", "gislaved"])
def test_lss_supports_only_when_lss_is_indicated(
    profile_id: str, national: NationalFile,
) -> None:
    profile = shipped(profile_id)
    young = supports_for(profile, Situation(condition="disability", person_age=30), national)
    assert any(s.kind == "lss" for s in young.supports)
    old = supports_for(profile, Situation(condition="dementia", person_age=80), national)
    assert not any(s.kind == "lss" for s in old.supports)
    disabled_senior = supports_for(profile, Situation(condition="disability", person_age=70),
                                   national)
    assert not any(s.kind == "lss" for s in disabled_senior.supports)


def test_lidingo_direct_support_comes_from_the_anhorigkonsulent(national: NationalFile) -> None:
    lidingo = shipped("lidingo")
    advice = supports_for(lidingo, Situation(condition="chronic_illness", person_age=60), national)
    direct = [s for s in advice.without_application if s.how_to_get.contact_point]
    assert {s.how_to_get.contact_point for s in direct} == {"anhorigkonsulent"}
    assert {"kartlaggande_samtal", "stodsamtal", "anhoriggrupper"} <= set(_ids(direct))
    indirect = {s.support_type for s in advice.applied_for}
    assert {"respite", "escort", "home_care", "day_activity", "short_term_stay"} <= indirect


def test_child_relative_gets_bris(national: NationalFile) -> None:
    situation = Situation(relation="parent", condition="addiction", user_is_child=True)
    advice = supports_for(shipped("ekero"), situation, national)
    assert advice.national_lines[0].id == "bris"
    adult = supports_for(shipped("ekero"), Situation(condition="addiction"), national)
    assert "bris" not in [line.id for line in adult.national_lines]


def test_crisis_lines_are_not_listed_as_supports(national: NationalFile) -> None:
    advice = supports_for(shipped("nacka"), Situation(condition="mental_illness"), national)
    assert {line.category for line in advice.national_lines} <= {"support", "information"}


# -- support types: offered, not offered, unknown ----------------------------------------


def test_gislaved_offers_no_financial_compensation() -> None:
    answer = find_supports_by_type(shipped("gislaved"), "financial")
    assert answer.status == "not_offered" and not answer.offered
    assert answer.note is not None and "inte ekonomisk ersättning" in answer.note
    assert _ids(answer.instead) == ["avlosning_hemmet", "dagverksamhet_demens", "korttidsvistelse"]
    assert answer.note_source is not None and answer.note_source[0].startswith("002_")


@pytest.mark.parametrize("profile_id", ["ekero", "lidingo", "nacka"])
def test_silent_document_is_not_a_yes(profile_id: str) -> None:
    profile = shipped(profile_id)
    answer = find_supports_by_type(profile, "financial")
    assert answer.status == "unknown"
    assert answer.supports == ()
    assert answer.ask is not None and answer.ask.is_coordinator
    assert all(s.support_type in ("respite", "day_activity", "short_term_stay")
               for s in answer.instead)


def test_unknown_type_suggests_related_supports() -> None:
    answer = find_supports_by_type(shipped("ekero"), "nursing_home")
    assert answer.status == "unknown"
    assert answer.instead and answer.instead[0].support_type == "short_term_stay"


def test_stockholm_does_not_name_a_coordinator_without_district() -> None:
    answer = find_supports_by_type(shipped("stockholm"), "respite")
    assert answer.status == "unknown" and answer.ask is None
    with_district = find_supports_by_type(
        shipped("stockholm"), "respite", Situation(district="Farsta"),
    )
    assert with_district.ask is not None and with_district.ask.id == "anhorigkonsulent_farsta"


def test_offered_support_type_with_fit() -> None:
    gislaved = shipped("gislaved")
    child = find_supports_by_type(gislaved, "coordinator", Situation(person_age=10))
    assert child.offered and child.fits_situation and _ids(child.supports) == ["koordinatorstod"]
    senior = find_supports_by_type(gislaved, "coordinator", Situation(person_age=80))
    assert senior.offered and not senior.fits_situation


def test_fitting_supports_of_a_type_come_first() -> None:
    answer = find_supports_by_type(
        shipped("gislaved"), "respite", Situation(condition="disability", person_age=9),
    )
    assert _ids(answer.supports)[:2] == ["avlosning_hemmet", "avlosarservice_lss"]
    senior = find_supports_by_type(
        shipped("gislaved"), "respite", Situation(condition="dementia", person_age=85),
    )
    assert _ids(senior.supports) == ["avlosning_hemmet", "avlosarservice_lss"]
    assert senior.fits_situation


def test_unknown_support_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown support_type"):
        find_supports_by_type(shipped("ekero"), "money")


# -- rights ----------------------------------------------------------------------------------


def _rights_ids(situation: Situation, rights: RightsFile, topic: Optional[str] = None) -> list:
    return [statement.id for statement in rights_for(situation, topic, rights)]


def test_adult_relative_gets_the_duty_and_not_an_individual_right(rights: RightsFile) -> None:
    ids = _rights_ids(Situation(condition="dementia", person_age=80), rights)
    assert ids[:2] == ["duty_to_offer", "duty_not_individual_right"]
    assert {"own_needs", "indirect_support", "appeal", "secrecy"} <= set(ids)
    assert "lss_insatser" not in ids
    assert not any(i.startswith("child") for i in ids)


@pytest.mark.parametrize(
    ("situation", "lss"),
    [
        (Situation(condition="disability", person_age=30), True),
        (Situation(condition="disability"), True),
        (Situation(condition="disability", person_age=70), False),
        (Situation(condition="dementia", person_age=60), False),
        (Situation(condition="mental_illness", person_age=30), False),
    ],
)
def test_lss_rights_only_when_indicated(
    situation: Situation, lss: bool, rights: RightsFile,
) -> None:
    ids = _rights_ids(situation, rights)
    assert ("lss_insatser" in ids) is lss
    if lss:
        assert ids[0] == "lss_insatser"


def test_child_relative_rights(rights: RightsFile) -> None:
    ids = _rights_ids(Situation(relation="parent", condition="addiction", user_is_child=True),
                      rights)
    assert ids[:2] == ["child_relative", "child_relative_health_care"]
    assert "duty_to_offer" not in ids and "own_needs" not in ids
    statement = rights_for(Situation(user_is_child=True), rights=rights)[0]
    assert statement.reference.startswith("18 kap.")
    assert statement.old_reference == "tidigare 5 kap. 1 § SoL"


def test_parent_of_a_young_child_hears_about_the_childs_best_interest(rights: RightsFile) -> None:
    ids = _rights_ids(Situation(relation="child", condition="disability", person_age=8), rights)
    assert "child_cared_for" in ids
    assert "child_cared_for" not in _rights_ids(Situation(condition="disability", person_age=40),
                                                rights)


def test_rights_by_topic(rights: RightsFile) -> None:
    assert _rights_ids(Situation(), rights, topic="secrecy") == ["secrecy", "consent"]
    assert _rights_ids(Situation(), rights, topic="appeal") == ["appeal"]


def test_every_right_cites_the_current_act_or_another_current_law(rights: RightsFile) -> None:
    for statement in rights.statements:
        assert any(law in statement.reference for law in (
            "2025:400", "LSS", "2009:400", "2017:30", "2017:900",
        )), statement.id


# -- routing in every profile --------------------------------------------------------------


@pytest.mark.parametrize("profile_id", ["ekero", "lidingo", "gislaved", "nacka"])
def test_unclear_situation_goes_to_a_coordinator(profile_id: str) -> None:
    chosen = route(shipped(profile_id), Situation())
    assert chosen.contact_point is not None and chosen.contact_point.is_coordinator
    assert chosen.link is None and not chosen.needs_district


@pytest.mark.parametrize(
    ("situation", "link_id", "contact_id"),
    [
        (Situation(condition="dementia", person_age=81), "aldreomsorg_demens",
         "kontakt_aldreomsorg"),
        (Situation(condition="old_age"), "aldreomsorg_demens", "kontakt_aldreomsorg"),
        (Situation(condition="mental_illness", person_age=35), "psykisk_funktionsnedsattning",
         "kontakt_socialpsykiatri"),
        (Situation(condition="mental_illness", person_age=72), "psykisk_funktionsnedsattning",
         "kontakt_socialpsykiatri"),
        (Situation(condition="addiction", person_age=40), None, "anhorigkonsulent"),
    ],
)
def test_ekero_anhoriglankar(situation: Situation, link_id: Optional[str], contact_id: str) -> None:
    chosen = route(shipped("ekero"), situation)
    assert (chosen.link.id if chosen.link else None) == link_id
    assert chosen.contact_point is not None and chosen.contact_point.id == contact_id


@pytest.mark.parametrize("condition", ["dementia", "mental_illness", "addiction", "disability"])
def test_lidingo_routes_everything_to_the_anhorigkonsulent(condition: str) -> None:
    chosen = route(shipped("lidingo"), Situation(condition=condition, person_age=50))
    assert chosen.contact_point is not None and chosen.contact_point.id == "anhorigkonsulent"


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_every_link_is_reachable(profile_id: str) -> None:
    """For each link, a situation in its target groups is routed to a contact."""
    profile = shipped(profile_id)
    district = profile.districts[0].name if profile.districts else None
    for link in profile.links:
        for group in link.target_groups:
            if group in ("children_young", "child_relative", "grief", "elderly",
                         "lss_disability"):
                continue
            age = link.age_min if link.age_min is not None else 40
            chosen = route(profile, Situation(condition=group, person_age=age, district=district))
            assert chosen.contact_point is not None, (link.id, group)


def test_resolve_district_variants() -> None:
    stockholm = shipped("stockholm")
    assert resolve_district(stockholm, "ostermalm").id == "ostermalm"  # type: ignore[union-attr]
    assert resolve_district(stockholm, "ÖSTERMALM").id == "ostermalm"  # type: ignore[union-attr]
    assert resolve_district(stockholm, "Skarpnack").id == "skarpnack"  # type: ignore[union-attr]
    assert resolve_district(stockholm, "Hässelby strand").id == (  # type: ignore[union-attr]
        "hasselby_vallingby"
    )
    assert resolve_district(stockholm, "Malmö") is None
    assert resolve_district(stockholm, "") is None
    assert resolve_district(shipped("nacka"), "Bromma") is None


def test_support_objects_are_the_profile_objects(national: NationalFile) -> None:
    profile = shipped("ekero")
    advice = supports_for(profile, Situation(condition="dementia"), national)
    assert all(isinstance(s, Support) for s in advice.supports)
    assert all(s in profile.supports for s in advice.supports)
