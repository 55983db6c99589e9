"""Shared fixtures: the shipped data directory and builders for broken profiles."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest
import yaml

from bot.knowledge.loader import clear_cache, load_national, load_profile, load_rights
from bot.knowledge.schema import NationalFile, Profile, RightsFile
from bot.settings import PROJECT_ROOT, reset_settings_cache

DATA_DIR = PROJECT_ROOT / "data"
PROFILE_IDS = ("ekero", "lidingo", "gislaved", "nacka", "stockholm")


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test reads the shipped data unless it says otherwise."""
    for name in ("ANHORIG_MUNICIPALITY", "ANHORIG_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    reset_settings_cache()
    yield
    reset_settings_cache()


@pytest.fixture
def national() -> NationalFile:
    return load_national(DATA_DIR)


@pytest.fixture
def rights() -> RightsFile:
    return load_rights(DATA_DIR)


def shipped(profile_id: str) -> Profile:
    """A shipped profile, validated."""
    return load_profile(profile_id, DATA_DIR)


def raw_profile(profile_id: str) -> Dict[str, Any]:
    """The shipped profile as plain YAML data, to break on purpose."""
    path = DATA_DIR / "municipalities" / f"{profile_id}.yml"
    return copy.deepcopy(yaml.safe_load(path.read_text(encoding="utf-8")))


def minimal_profile(profile_id: str = "testkommun") -> Dict[str, Any]:
    """The smallest valid profile: two contacts, one link, one support."""
    return {
        "schema_version": 1,
        "id": profile_id,
        "name": "Testkommun",
        "website": "https://www.test.example",
        "source": {"file": "test.txt", "title": "Testdokument"},
        "office_hours": {"monday": {"start": "08:00", "end": "16:00"}},
        "socialjour": {"name": "Socialjouren", "phone": "070-174 06 99"},
        "units": [{"id": "enhet", "name": "Enheten"}],
        "contact_points": [
            {
                "id": "kontakt", "role": "Kontaktperson", "unit": "enhet",
                "phone": "070-174 06 98",
                "callback_windows": [
                    {"weekday": "monday", "start": "09:00", "end": "10:00", "capacity": 1},
                ],
            },
            {
                "id": "samordnare", "role": "Anhörigsamordnare", "unit": "enhet",
                "phone": "070-174 06 97", "is_coordinator": True,
                "callback_windows": [
                    {"weekday": "tuesday", "start": "09:00", "end": "10:00", "capacity": 2},
                ],
            },
        ],
        "links": [
            {
                "id": "lanken", "name": "Länken", "description": "Rätt person ringer.",
                "target_groups": ["dementia"], "chain": ["kontakt", "samordnare"],
                "escalation_hours": 8, "source": {"file": "test.txt", "section": "1"},
            },
        ],
        "supports": [
            {
                "id": "samtal", "name": "Samtal", "description": "Du kan prata med oss.",
                "kind": "service", "support_type": "counselling",
                "how_to_get": {"application": False, "apply_to": "Ring oss."},
                "source": {"file": "test.txt", "section": "2"},
            },
        ],
    }


def write_data_dir(tmp_path: Path, profiles: Dict[str, Dict[str, Any]]) -> Path:
    """A data directory with these profiles and copies of the shipped shared files."""
    data_dir = tmp_path / "data"
    (data_dir / "municipalities").mkdir(parents=True)
    for name in ("national.yml", "rights.yml"):
        shutil.copy(DATA_DIR / name, data_dir / name)
    for profile_id, data in profiles.items():
        path = data_dir / "municipalities" / f"{profile_id}.yml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    clear_cache()
    return data_dir
