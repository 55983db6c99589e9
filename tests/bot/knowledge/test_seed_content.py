"""Profile content checked against the seed documents: only what the documents say, review
flags on documents that may be out of date, and whom to name before a case is routed."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.knowledge.advice import entry_contact
from bot.knowledge.fields import TARGET_GROUPS
from bot.knowledge.schema import DocumentSource, Profile
from bot.texts.knowledge import TARGET_GROUP_PHRASES

from .conftest import PROFILE_IDS, minimal_profile, shipped

# -- Nacka (seed 003) ---------------------------------------------------------------------


def test_nacka_names_no_unit_the_document_does_not_give_for_applications() -> None:
    nacka = shipped("nacka")
    assert "enheten_funktionsnedsattning" not in {unit.id for unit in nacka.units}
    assert "handlaggare_funktionsnedsattning" not in {c.id for c in nacka.contact_points}
    for support in nacka.supports:
        assert "enheten för funktionsnedsättning" not in support.how_to_get.apply_to.lower()
    assert "anhörigkonsulenten för personer under 65 år" in (
        nacka.support("avlosning").how_to_get.apply_to
    )


def test_nacka_lectures_and_cafe_have_no_invented_details() -> None:
    nacka = shipped("nacka")
    assert "sjukdomar" not in nacka.support("forelasningar").description
    assert "fika" not in nacka.support("anhorigcafe").description


def test_old_documents_carry_a_review_flag_with_a_note() -> None:
    for profile_id in ("nacka", "stockholm"):
        source = shipped(profile_id).source
        assert source.needs_review and source.review_note
    assert "2013" in (shipped("nacka").source.review_note or "")
    assert "2021–2024" in (shipped("stockholm").source.review_note or "")


def test_a_review_flag_needs_a_note() -> None:
    with pytest.raises(ValidationError, match="review_note"):
        DocumentSource(file="x.txt", title="X", needs_review=True)
    assert not DocumentSource(file="x.txt", title="X").needs_review


# -- Lidingö (seed 001) -------------------------------------------------------------------


def test_lidingo_includes_violence_in_close_relationships() -> None:
    assert "domestic_violence" in TARGET_GROUPS
    assert "domestic_violence" in shipped("lidingo").covered_target_groups()
    assert "våld i nära relation" in TARGET_GROUP_PHRASES["domestic_violence"]


def test_every_target_group_has_a_phrase() -> None:
    assert set(TARGET_GROUPS) == set(TARGET_GROUP_PHRASES)


# -- whom to name before routing ----------------------------------------------------------


def test_stockholm_without_district_names_the_general_entry() -> None:
    stockholm = shipped("stockholm")
    assert entry_contact(stockholm).id == "kontaktcenter"
    assert entry_contact(stockholm, "Atlantis").id == "kontaktcenter"
    assert entry_contact(stockholm, "Farsta").id == "anhorigkonsulent_farsta"
    assert entry_contact(stockholm, "kista").id == "anhorigkonsulent_rinkeby_kista"


@pytest.mark.parametrize("profile_id", [p for p in PROFILE_IDS if p != "stockholm"])
def test_profiles_without_districts_name_their_first_coordinator(profile_id: str) -> None:
    profile = shipped(profile_id)
    assert entry_contact(profile, "Farsta") == profile.coordinators()[0]


def test_a_district_profile_without_general_entry_falls_back_to_a_coordinator() -> None:
    data = minimal_profile()
    data.update(requires_district=True, districts=[{"id": "norr", "name": "Norr"}])
    for contact in data["contact_points"]:
        contact["districts"] = ["norr"]
    profile = Profile.parse_obj(data)
    assert entry_contact(profile).is_coordinator
