"""Loading and validating knowledge files: shipped data, broken profiles, caching."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

from bot.knowledge.loader import (
    ProfileError,
    available_profile_ids,
    clear_cache,
    load_active_profile,
    load_all_profiles,
    load_profile,
    validate_all,
    validate_file,
)
from bot.knowledge.schema import Profile
from bot.settings import PROJECT_ROOT, reset_settings_cache

from .conftest import DATA_DIR, PROFILE_IDS, minimal_profile, raw_profile, write_data_dir

# -- shipped data ----------------------------------------------------------------------


def test_all_five_profiles_are_shipped() -> None:
    assert available_profile_ids(DATA_DIR) == sorted(PROFILE_IDS)


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_shipped_profile_validates(profile_id: str) -> None:
    report = validate_file(DATA_DIR / "municipalities" / f"{profile_id}.yml")
    assert report.errors == []
    assert report.valid
    assert isinstance(report.model, Profile)
    assert report.model.id == profile_id


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_every_example_value_is_warned_about(profile_id: str) -> None:
    report = validate_file(DATA_DIR / "municipalities" / f"{profile_id}.yml")
    profile = report.model
    assert isinstance(profile, Profile)
    for index, contact in enumerate(profile.contact_points):
        if contact.example:
            assert any(f"contact_points[{index}]: example value" in w for w in report.warnings)
    assert profile.socialjour.example, "the documents give no socialjour number"
    assert any("socialjour: example value" in w for w in report.warnings)
    assert profile.office_hours_example
    assert any("office_hours: example value" in w for w in report.warnings)
    assert all(w.startswith(f"data/municipalities/{profile_id}.yml: ") for w in report.warnings)


@pytest.mark.parametrize("name", ["national.yml", "rights.yml"])
def test_shared_files_validate(name: str) -> None:
    report = validate_file(DATA_DIR / name)
    assert report.errors == []


def test_unconfirmed_national_lines_are_warned_about() -> None:
    report = validate_file(DATA_DIR / "national.yml")
    unconfirmed = [w for w in report.warnings if "not confirmed" in w]
    names = " ".join(unconfirmed)
    for name in ("Anhöriglinjen", "Äldrelinjen", "Självmordslinjen", "En bra plats"):
        assert name in names
    assert "112" not in names


def test_validate_all_covers_profiles_and_shared_files() -> None:
    reports = validate_all(data_dir=DATA_DIR)
    assert [r.path.name for r in reports] == [f"{p}.yml" for p in sorted(PROFILE_IDS)] + [
        "national.yml", "rights.yml",
    ]
    assert all(r.valid for r in reports)


def test_load_all_profiles() -> None:
    profiles = load_all_profiles(DATA_DIR)
    assert set(profiles) == set(PROFILE_IDS)


# -- broken profiles: one error each, named by file and path --------------------------


def _break_and_validate(
    tmp_path: Path, profile_id: str, breaker: Callable[[Dict[str, Any]], None],
) -> list:
    data = raw_profile(profile_id) if profile_id in PROFILE_IDS else minimal_profile(profile_id)
    breaker(data)
    data_dir = write_data_dir(tmp_path, {profile_id: data})
    report = validate_file(data_dir / "municipalities" / f"{profile_id}.yml")
    assert not report.valid
    assert report.model is None
    return report.errors


def test_unknown_contact_point_in_chain(tmp_path: Path) -> None:
    errors = _break_and_validate(tmp_path, "nacka", lambda d: d["links"][0]["chain"].append("x"))
    assert len(errors) == 1
    assert errors[0].endswith("nacka.yml: links[0].chain[2]: unknown contact point 'x'")


def _chain_to_non_coordinator(data: Dict[str, Any]) -> None:
    data["links"][0]["chain"] = ["kontakt_aldreomsorg"]


def test_chain_must_end_at_coordinator(tmp_path: Path) -> None:
    errors = _break_and_validate(tmp_path, "ekero", _chain_to_non_coordinator)
    assert errors == [
        f"{tmp_path / 'data/municipalities/ekero.yml'}: links[0].chain[0]: the chain must end "
        "at a coordinator, but 'kontakt_aldreomsorg' has is_coordinator: false"
    ]


BROKEN: Dict[str, tuple] = {
    "unknown unit": (
        lambda d: d["contact_points"][0].update(unit="nowhere"),
        "contact_points[0].unit: unknown unit 'nowhere'",
    ),
    "bad weekday": (
        lambda d: d["contact_points"][0]["callback_windows"][0].update(weekday="mondag"),
        "contact_points[0].callback_windows[0].weekday: unknown weekday 'mondag'",
    ),
    "window ends before it starts": (
        lambda d: d["contact_points"][0]["callback_windows"][0].update(start="11:00", end="10:00"),
        "contact_points[0].callback_windows[0]: end (10:00:00) must be after start (11:00:00)",
    ),
    "office hours end before start": (
        lambda d: d["office_hours"].update(monday={"start": "17:00", "end": "08:00"}),
        "office_hours.monday: end (08:00:00) must be after start (17:00:00)",
    ),
    "unknown office weekday": (
        lambda d: d["office_hours"].update(fredag={"start": "08:00", "end": "15:00"}),
        "office_hours: unknown weekday 'fredag'",
    ),
    "capacity zero": (
        lambda d: d["contact_points"][0]["callback_windows"][0].update(capacity=0),
        "contact_points[0].callback_windows[0].capacity: capacity must be at least 1",
    ),
    "unquoted time read as a number": (
        lambda d: d["contact_points"][0]["callback_windows"][0].update(start=990),
        "contact_points[0].callback_windows[0].start: write times as quoted strings",
    ),
    "phone as a number": (
        lambda d: d["contact_points"][0].update(phone=112),
        "contact_points[0].phone: write phone numbers as quoted strings",
    ),
    "no coordinator": (
        lambda d: [cp.update(is_coordinator=False) for cp in d["contact_points"]],
        "contact_points: no contact point has is_coordinator: true",
    ),
    "duplicate support id": (
        lambda d: d["supports"].append(dict(d["supports"][0])),
        "supports[1].id: duplicate id 'samtal' (also supports[0])",
    ),
    "unknown target group": (
        lambda d: d["supports"][0].update(target_groups=["pensioners"]),
        "supports[0].target_groups[0]: unknown target group 'pensioners'",
    ),
    "unknown phase": (
        lambda d: d["supports"][0].update(phases=["after"]),
        "supports[0].phases[0]: unknown phase 'after'",
    ),
    "unknown kind": (
        lambda d: d["supports"][0].update(kind="grant"),
        "supports[0].kind: unknown kind 'grant'",
    ),
    "service with application": (
        lambda d: d["supports"][0]["how_to_get"].update(application=True),
        "supports[0]: kind 'service' is support without application",
    ),
    "unknown apply contact point": (
        lambda d: d["supports"][0]["how_to_get"].update(contact_point="ghost"),
        "supports[0].how_to_get.contact_point: unknown contact point 'ghost'",
    ),
    "ages reversed": (
        lambda d: d["supports"][0].update(age_min=30, age_max=20),
        "supports[0]: age_min (30) is greater than age_max (20)",
    ),
    "zero escalation time": (
        lambda d: d["links"][0].update(escalation_hours=0),
        "links[0].escalation_hours: escalation_hours must be greater than 0",
    ),
    "missing field": (
        lambda d: d.pop("socialjour"),
        "socialjour: field required",
    ),
    "typo in a field name": (
        lambda d: d["units"][0].update(descripton="x"),
        "units[0].descripton: extra fields not permitted",
    ),
    "wrong schema version": (
        lambda d: d.update(schema_version=2),
        "schema_version: unsupported schema_version 2",
    ),
    "id does not match the file name": (
        lambda d: d.update(id="annan"),
        "id: 'annan' does not match the file name 'testkommun'",
    ),
    "repealed act in a description": (
        lambda d: d["supports"][0].update(description="Enligt 5 kap. 10 § SoL får du stöd."),
        "supports[0].description: cites the repealed Social Services Act as current",
    ),
    "not offered but offered": (
        lambda d: d.update(not_offered=[{"support_type": "counselling", "note": "Finns inte."}]),
        "not_offered[0].support_type: 'counselling' is listed as not offered, but supports[0]",
    ),
    "unknown district": (
        lambda d: d["contact_points"][0].update(districts=["mars"]),
        "contact_points[0].districts[0]: unknown district 'mars'",
    ),
    "requires district without districts": (
        lambda d: d.update(requires_district=True),
        "districts: requires_district is true but no districts are listed",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_profile_gives_expected_error(tmp_path: Path, case: str) -> None:
    breaker, expected = BROKEN[case]
    errors = _break_and_validate(tmp_path, "testkommun", breaker)
    prefix = f"{tmp_path / 'data/municipalities/testkommun.yml'}: "
    assert any(e.startswith(prefix) and expected in e for e in errors), errors


def test_district_without_coordinator(tmp_path: Path) -> None:
    def breaker(data: Dict[str, Any]) -> None:
        data["districts"].append({"id": "ny_stadsdel", "name": "Ny stadsdel"})

    errors = _break_and_validate(tmp_path, "stockholm", breaker)
    assert len(errors) == 1
    assert errors[0].endswith("districts[13]: no coordinator serves district 'ny_stadsdel'")


def test_chain_contacts_must_share_a_district(tmp_path: Path) -> None:
    def breaker(data: Dict[str, Any]) -> None:
        data["links"][0]["chain"] = ["anhorigkonsulent_bromma", "anhorigkonsulent_farsta"]

    errors = _break_and_validate(tmp_path, "stockholm", breaker)
    assert errors == [
        f"{tmp_path / 'data/municipalities/stockholm.yml'}: links[0].chain: "
        "the contact points in the chain serve no common district"
    ]


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    data_dir = write_data_dir(tmp_path, {})
    path = data_dir / "municipalities" / "trasig.yml"
    path.write_text("id: trasig\nname: [unclosed\n", encoding="utf-8")
    report = validate_file(path)
    assert len(report.errors) == 1
    assert report.errors[0].startswith(f"{path}: line ")
    assert "YAML error" in report.errors[0]


def test_duplicate_yaml_key_is_an_error(tmp_path: Path) -> None:
    data_dir = write_data_dir(tmp_path, {})
    path = data_dir / "municipalities" / "dubbel.yml"
    path.write_text("id: dubbel\nname: A\nname: B\n", encoding="utf-8")
    report = validate_file(path)
    assert "duplicate key 'name'" in report.errors[0]


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    data_dir = write_data_dir(tmp_path, {})
    path = data_dir / "municipalities" / "lista.yml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    assert "must hold a mapping" in validate_file(path).errors[0]


def test_missing_file(tmp_path: Path) -> None:
    report = validate_file(tmp_path / "saknas.yml")
    assert report.errors == [f"{tmp_path / 'saknas.yml'}: file not found"]


def test_load_profile_raises_with_every_error(tmp_path: Path) -> None:
    data = minimal_profile()
    data["contact_points"][0]["unit"] = "nowhere"
    data["links"][0]["chain"] = ["kontakt", "ghost"]
    data["supports"][0]["kind"] = "grant"
    data_dir = write_data_dir(tmp_path, {"testkommun": data})
    with pytest.raises(ProfileError) as caught:
        load_profile("testkommun", data_dir)
    messages = "\n".join(caught.value.errors)
    assert "supports[0].kind: unknown kind 'grant'" in messages
    assert "contact_points[0].unit: unknown unit 'nowhere'" in messages
    assert "links[0].chain[1]: unknown contact point 'ghost'" in messages


def test_load_unknown_profile_lists_the_known_ones() -> None:
    with pytest.raises(ProfileError, match="known: ekero, gislaved, lidingo, nacka, stockholm"):
        load_profile("malmo", DATA_DIR)


@pytest.mark.parametrize("bad_id", ["../etc/passwd", "Nacka", "nacka.yml", ""])
def test_profile_id_must_be_a_plain_name(bad_id: str) -> None:
    with pytest.raises(ProfileError):
        load_profile(bad_id, DATA_DIR)


def test_load_all_profiles_reports_every_broken_file(tmp_path: Path) -> None:
    first, second = minimal_profile("forsta"), minimal_profile("andra")
    first["units"] = []
    second["supports"][0]["kind"] = "grant"
    data_dir = write_data_dir(tmp_path, {"forsta": first, "andra": second})
    with pytest.raises(ProfileError) as caught:
        load_all_profiles(data_dir)
    assert any("forsta.yml" in e for e in caught.value.errors)
    assert any("andra.yml" in e for e in caught.value.errors)


# -- caching and startup ----------------------------------------------------------------


def test_profiles_are_cached_per_process(tmp_path: Path) -> None:
    data_dir = write_data_dir(tmp_path, {"testkommun": minimal_profile()})
    first = load_profile("testkommun", data_dir)
    assert load_profile("testkommun", data_dir) is first
    clear_cache()
    assert load_profile("testkommun", data_dir) is not first


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_municipality_setting_switches_the_profile(
    monkeypatch: pytest.MonkeyPatch, profile_id: str,
) -> None:
    monkeypatch.setenv("ANHORIG_MUNICIPALITY", profile_id)
    monkeypatch.setenv("ANHORIG_DATA_DIR", str(DATA_DIR))
    reset_settings_cache()
    assert load_active_profile().id == profile_id


def test_startup_refuses_an_invalid_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = minimal_profile()
    data["links"][0]["chain"] = ["kontakt"]
    data_dir = write_data_dir(tmp_path, {"testkommun": data})
    monkeypatch.setenv("ANHORIG_MUNICIPALITY", "testkommun")
    monkeypatch.setenv("ANHORIG_DATA_DIR", str(data_dir))
    reset_settings_cache()
    with pytest.raises(ProfileError, match=r"links\[0\]\.chain\[0\]: the chain must end"):
        load_active_profile()


def test_startup_checks_the_shared_files_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir = write_data_dir(tmp_path, {"testkommun": minimal_profile()})
    (data_dir / "rights.yml").write_text("schema_version: 1\nstatements: []\n", encoding="utf-8")
    monkeypatch.setenv("ANHORIG_MUNICIPALITY", "testkommun")
    monkeypatch.setenv("ANHORIG_DATA_DIR", str(data_dir))
    reset_settings_cache()
    with pytest.raises(ProfileError, match=r"rights\.yml: last_reviewed: field required"):
        load_active_profile()


def test_no_knowledge_file_is_read_at_import() -> None:
    script = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: opened.append(str(args[0]))"
        " if event == 'open' and str(args[0]).endswith('.yml') else None)\n"
        "import bot.knowledge, bot.knowledge.schema, bot.knowledge.loader\n"
        "import bot.knowledge.advice, bot.texts.knowledge, bot.cli\n"
        "print([p for p in opened if '/data/' in p])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"
