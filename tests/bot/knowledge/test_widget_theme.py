"""The profile's widget section: WCAG contrast, https origins, logo paths, defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List
from urllib.parse import urlsplit

import pytest
from pydantic import ValidationError

from bot.knowledge.loader import validate_file
from bot.knowledge.schema import Profile
from bot.knowledge.widget import WidgetColors, WidgetTheme, contrast_ratio, shown_ratio
from tests.bot.knowledge.conftest import PROFILE_IDS, minimal_profile, shipped, write_data_dir


def errors_of(tmp_path: Path, widget: Dict[str, Any]) -> List[str]:
    data = {**minimal_profile(), "widget": widget}
    data_dir = write_data_dir(tmp_path, {"testkommun": data})
    report = validate_file(data_dir / "municipalities" / "testkommun.yml")
    assert not report.valid
    return report.errors


def test_contrast_ratios_follow_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#ffffff", "#767676") == contrast_ratio("#767676", "#ffffff")


def test_a_ratio_just_below_the_limit_is_never_shown_as_the_limit() -> None:
    assert shown_ratio(4.4999) == "4.49:1"
    assert shown_ratio(21.0) == "21.00:1"


def test_the_defaults_pass_and_a_profile_without_the_section_gets_them() -> None:
    profile = Profile.parse_obj(minimal_profile())
    assert profile.widget == WidgetTheme()
    assert profile.widget.colors.primary == "#00508a"
    assert profile.widget.allowed_origins == [] and profile.widget.logo is None


@pytest.mark.parametrize("field,value,pair", [
    ("primary_text", "#7a7a7a", "primary_text (#7a7a7a) on primary (#00508a)"),
    ("text", "#8a8a8a", "text (#8a8a8a) on background (#ffffff)"),
    ("primary", "#7b9fbf", "primary (#7b9fbf) on background (#ffffff)"),
    ("accent", "#ffbf47", "accent (#ffbf47) on background (#ffffff)"),
])
def test_a_colour_pair_below_its_ratio_is_refused_by_name_and_ratio(
    tmp_path: Path, field: str, value: str, pair: str,
) -> None:
    colors: Dict[str, str] = {field: value}
    if field == "primary":
        colors["primary_text"] = "#000000"  # keep the button text readable on the light primary
    errors = errors_of(tmp_path, {"colors": colors})
    assert len(errors) == 1
    assert "widget.colors: " + pair in errors[0]
    ratio = shown_ratio(contrast_ratio(value, "#ffffff" if field != "primary_text" else "#00508a"))
    assert f"contrast ratio of {ratio}" in errors[0]
    minimum = "3:1" if field == "accent" else "4.5:1"
    assert f"at least {minimum} is needed" in errors[0]


def test_every_failing_pair_is_named_at_once() -> None:
    with pytest.raises(ValidationError) as raised:
        WidgetColors(primary="#ffffff", primary_text="#ffffff", background="#ffffff",
                     text="#eeeeee", accent="#ffffff")
    message = str(raised.value)
    for name in ("primary_text (#ffffff) on primary", "text (#eeeeee) on background",
                 "primary (#ffffff) on background", "accent (#ffffff) on background"):
        assert name in message


def test_a_ratio_of_exactly_the_limit_passes() -> None:
    # #767676 on white is 4.54:1, just above 4.5:1.
    assert WidgetColors(text="#767676").text == "#767676"


@pytest.mark.parametrize("value", ["00508a", "#00508", "#00508g", "blue", 123456, "#00508a00"])
def test_colours_are_hex_rrggbb(value: Any) -> None:
    with pytest.raises(ValidationError, match="is not a colour"):
        WidgetColors(primary=value)


def test_colours_are_lower_cased() -> None:
    assert WidgetColors(primary="#00508A").primary == "#00508a"


@pytest.mark.parametrize("origin,normalised", [
    ("https://www.ekero.se", "https://www.ekero.se"),
    ("https://WWW.Ekero.se", "https://www.ekero.se"),
    ("https://www.ekero.se:443", "https://www.ekero.se"),
    ("https://chatt.ekero.se:8443", "https://chatt.ekero.se:8443"),
])
def test_origins_are_https_hosts(origin: str, normalised: str) -> None:
    assert WidgetTheme(allowed_origins=[origin]).allowed_origins == [normalised]


@pytest.mark.parametrize("origin,problem", [
    ("http://www.ekero.se", "is not an https:// origin"),
    ("https://www.ekero.se/", "has a path"),
    ("https://www.ekero.se/chatt", "has a path"),
    ("https://www.ekero.se?x=1", "has a path"),
    ("https://user@www.ekero.se", "has a user name"),
    ("https://www.ekero.se:99999", "is not an origin"),
    ("https://", "has no valid host name"),
    ("www.ekero.se", "is not an https:// origin"),
])
def test_bad_origins_are_refused(tmp_path: Path, origin: str, problem: str) -> None:
    errors = errors_of(tmp_path, {"allowed_origins": [origin]})
    assert len(errors) == 1
    assert "widget.allowed_origins[0]: " in errors[0] and problem in errors[0]


def test_an_origin_listed_twice_is_refused() -> None:
    with pytest.raises(ValidationError, match="listed twice"):
        WidgetTheme(allowed_origins=["https://www.ekero.se", "https://WWW.ekero.se"])


@pytest.mark.parametrize("logo", ["../secret.svg", "/etc/logo.svg", "logos/kommun.exe",
                                  "logos//kommun.svg", "logos/../x.png"])
def test_a_logo_is_a_picture_under_the_static_files(logo: str) -> None:
    with pytest.raises(ValidationError):
        WidgetTheme(logo=logo)
    assert WidgetTheme(logo="logos/kommun.svg").logo == "logos/kommun.svg"


@pytest.mark.parametrize("widget,problem", [
    ({"title": "x" * 81}, "widget.title: is 81 characters; at most 80"),
    ({"title": "  "}, "widget.title: must not be empty"),
    ({"privacy_url": "http://www.ekero.se/personuppgifter"}, "privacy_url must be an https://"),
    ({"colour": {}}, "widget.colour: extra fields not permitted"),
])
def test_title_privacy_url_and_unknown_fields(
    tmp_path: Path, widget: Dict[str, Any], problem: str,
) -> None:
    errors = errors_of(tmp_path, widget)
    assert len(errors) == 1 and problem in errors[0]


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_each_shipped_profile_allows_its_own_website(profile_id: str) -> None:
    profile = shipped(profile_id)
    parts = urlsplit(profile.website)
    assert f"{parts.scheme}://{parts.hostname}" in profile.widget.allowed_origins
    assert profile.widget.title == f"Anhöriglotsen – {profile.name}"
