"""The pydantic models: field rules, reference checks, lookups, documented vocabulary."""

from __future__ import annotations

from datetime import time

import pytest
from pydantic import ValidationError

from bot.knowledge.schema import (
    SUPPORT_KINDS,
    TARGET_GROUPS,
    WEEKDAYS,
    NationalLine,
    OfficeHours,
    Profile,
    ReferralLink,
    RightStatement,
    Support,
    repealed_citations,
)
from bot.knowledge.situation import PHASES, SUPPORT_TYPES
from bot.settings import PROJECT_ROOT

from .conftest import minimal_profile, shipped


def test_minimal_profile_parses() -> None:
    profile = Profile.parse_obj(minimal_profile())
    assert profile.id == "testkommun"
    assert profile.contact_point("samordnare").is_coordinator
    assert profile.unit("enhet").name == "Enheten"
    assert profile.support("samtal").support_type == "counselling"
    assert profile.link("lanken").chain == ["kontakt", "samordnare"]
    assert [c.id for c in profile.coordinators()] == ["samordnare"]
    with pytest.raises(KeyError):
        profile.contact_point("ghost")


def test_office_hours_fill_every_weekday_and_carry_the_example_flag() -> None:
    data = minimal_profile()
    data["office_hours"] = {"example": True, "friday": {"start": "08:00", "end": "15:00"}}
    profile = Profile.parse_obj(data)
    assert list(profile.office_hours) == list(WEEKDAYS)
    friday = profile.office_hours["friday"]
    assert friday is not None and friday.example and friday.end == time(15, 0)
    assert profile.office_hours["monday"] is None
    assert profile.office_hours_example


def test_office_hours_without_example_flag() -> None:
    profile = Profile.parse_obj(minimal_profile())
    assert not profile.office_hours_example


def test_office_hours_must_end_after_start() -> None:
    with pytest.raises(ValidationError, match="must be after start"):
        OfficeHours.parse_obj({"start": "10:00", "end": "10:00"})


def test_profile_objects_are_immutable() -> None:
    profile = Profile.parse_obj(minimal_profile())
    with pytest.raises(TypeError):
        profile.name = "Annan"  # type: ignore[misc]


def test_support_kinds_decide_application() -> None:
    base = minimal_profile()["supports"][0]
    with pytest.raises(ValidationError, match="without application"):
        Support.parse_obj({**base, "how_to_get": {"application": True, "apply_to": "x"}})
    with pytest.raises(ValidationError, match="is applied for"):
        Support.parse_obj({**base, "kind": "lss"})
    assert Support.parse_obj({**base, "kind": "region"}).kind == "region"


def test_support_type_must_be_a_contract_value() -> None:
    base = minimal_profile()["supports"][0]
    with pytest.raises(ValidationError, match="unknown support_type 'money'"):
        Support.parse_obj({**base, "support_type": "money"})


def test_link_needs_target_groups_and_a_positive_escalation_time() -> None:
    base = minimal_profile()["links"][0]
    with pytest.raises(ValidationError, match="at least one target group"):
        ReferralLink.parse_obj({**base, "target_groups": []})
    with pytest.raises(ValidationError, match="greater than 0"):
        ReferralLink.parse_obj({**base, "escalation_hours": -1})
    with pytest.raises(ValidationError, match="at least one contact point"):
        ReferralLink.parse_obj({**base, "chain": []})


def test_reference_errors_are_raised_by_the_model_itself() -> None:
    data = minimal_profile()
    data["links"][0]["chain"] = ["kontakt"]
    with pytest.raises(ValidationError, match="the chain must end at a coordinator"):
        Profile.parse_obj(data)


def test_reference_checks_skip_collections_that_failed() -> None:
    data = minimal_profile()
    data["contact_points"][0]["phone"] = 123  # contact_points fails as a whole
    with pytest.raises(ValidationError) as caught:
        Profile.parse_obj(data)
    messages = str(caught.value)
    assert "write phone numbers as quoted strings" in messages
    assert "unknown contact point" not in messages  # no follow-up errors


def test_national_line_needs_a_phone_or_a_url() -> None:
    with pytest.raises(ValidationError, match="phone number or a url"):
        NationalLine.parse_obj({
            "id": "x", "name": "X", "confirmed": True, "last_reviewed": "2026-01-01",
            "category": "support",
        })


def test_right_reference_must_cite_the_current_act() -> None:
    base = {
        "id": "x", "topic": "carer_support", "title": "T", "text": "Text.",
        "reference": "13 kap. 9 § socialtjänstlagen (2025:400)",
    }
    assert RightStatement.parse_obj(base).reference.startswith("13 kap.")
    with pytest.raises(ValidationError, match="repealed"):
        RightStatement.parse_obj({**base, "reference": "5 kap. 10 § SoL"})
    with pytest.raises(ValidationError, match="must start with 'tidigare '"):
        RightStatement.parse_obj({**base, "old_reference": "5 kap. 10 § SoL"})


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("enligt 5 kap. 10 § SoL", ["5 kap. 10 § SoL"]),
        ("enligt 5 kap 10§ socialtjänstlagen", ["5 kap 10§ socialtjänstlagen"]),
        ("socialtjänstlagen (2001:453)", ["2001:453"]),
        ("4 kap. 1 § SoL gäller", ["4 kap. 1 § SoL"]),
        ("13 kap. 9 § socialtjänstlagen (2025:400) (tidigare 5 kap. 10 § SoL)", []),
        ("Lag: 13 kap. 9 § [tidigare 5 kap. 10 § SoL]", []),
        ("(5 kap. 10 § SoL)", ["5 kap. 10 § SoL"]),  # bracketed but not marked as old
        ("11 kap. 1 § socialtjänstlagen (2025:400)", []),
        ("15 kap. 10 § något", []),
        ("5 kap. 7 § hälso- och sjukvårdslagen (2017:30)", []),
    ],
)
def test_repealed_citations(text: str, found: list) -> None:
    assert repealed_citations(text) == found


def test_contact_point_serves_districts() -> None:
    stockholm = shipped("stockholm")
    bromma = stockholm.contact_point("anhorigkonsulent_bromma")
    assert bromma.serves("bromma") and not bromma.serves("farsta")
    assert [c.id for c in stockholm.coordinators("farsta")] == ["anhorigkonsulent_farsta"]


def test_vocabulary_is_documented() -> None:
    doc = (PROJECT_ROOT / "docs" / "profile_schema.md").read_text(encoding="utf-8")
    for word in (*TARGET_GROUPS, *SUPPORT_KINDS, *PHASES, *SUPPORT_TYPES):
        assert f"`{word}`" in doc, f"{word} is not documented in docs/profile_schema.md"


def test_every_part_of_the_model_is_importable_from_schema() -> None:
    from bot.knowledge import contacts, fields, schema, shared_files, supports

    parts = (contacts, fields, shared_files, supports)
    for name in schema.__all__:
        homes = [part for part in parts if hasattr(part, name)]
        assert all(getattr(part, name) is getattr(schema, name) for part in homes), name
    assert schema.ContactPoint is contacts.ContactPoint and schema.Support is supports.Support
    assert schema.RightsFile is shared_files.RightsFile and schema.SourceRef is fields.SourceRef
