"""Fuzzing the profile loader: a mutated profile gives clear validation errors, never a crash.

An administrator edits the YAML by hand. Whatever the edit (a key removed, a value of
the wrong type, a list where a mapping belongs, text pasted into the middle of the
file, a file cut short), :func:`validate_file` returns a report whose errors each name
the file and what is wrong, and :func:`load_profile` raises :class:`ProfileError` with
those errors; no other exception comes out.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bot.knowledge.loader import ProfileError, clear_cache, load_profile, validate_file
from bot.knowledge.schema import Profile
from tests.bot.knowledge.conftest import PROFILE_IDS, raw_profile
from tests.fuzzing import fuzz

ORIGINALS = {profile_id: raw_profile(profile_id) for profile_id in PROFILE_IDS}
TEXTS = {profile_id: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
         for profile_id, data in ORIGINALS.items()}

# Values an edit can leave behind: every YAML scalar type, and small lists and mappings.
SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40), st.dates(),
    st.sampled_from(["", "08:00", "25:99", "mon", "monday", "070-123 45 67", "https://", "x@y"]),
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=6,
)


def _containers(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every mapping and list inside ``data`` (the top level included)."""
    found = []
    if isinstance(data, dict):
        found.append(path)
        for key, value in data.items():
            found.extend(_containers(value, (*path, key)))
    elif isinstance(data, list):
        found.append(path)
        for index, value in enumerate(data):
            found.extend(_containers(value, (*path, index)))
    return found


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@st.composite
def mutated_profile(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A shipped profile with one to four edits anywhere in its tree."""
    profile_id = draw(st.sampled_from(PROFILE_IDS))
    data = copy.deepcopy(ORIGINALS[profile_id])
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        containers = _containers(data)
        target = _at(data, draw(st.sampled_from(containers)))
        keys = list(target.keys()) if isinstance(target, dict) else list(range(len(target)))
        operation = draw(st.sampled_from(["replace", "delete", "add", "wrap", "duplicate"]))
        if operation == "add" or not keys:
            if isinstance(target, dict):
                target[draw(st.text(max_size=12))] = draw(VALUE)
            else:
                target.append(draw(VALUE))
            continue
        key = draw(st.sampled_from(keys))
        if operation == "replace":
            target[key] = draw(VALUE)
        elif operation == "delete":
            del target[key]
        elif operation == "wrap":  # a list where a mapping or a scalar belongs, or the other way
            target[key] = [target[key]] if not isinstance(target[key], list) else {"x": target[key]}
        elif isinstance(target, list):
            target.append(copy.deepcopy(target[key]))  # a second contact point, support... with the same id
    return profile_id, data


@st.composite
def spliced_text(draw: st.DrawFn) -> tuple[str, str]:
    """A shipped profile's YAML text cut short or with arbitrary text pasted in."""
    profile_id = draw(st.sampled_from(PROFILE_IDS))
    text = TEXTS[profile_id]
    at = draw(st.integers(min_value=0, max_value=len(text)))
    pasted = draw(st.one_of(
        st.text(max_size=30),
        st.sampled_from(["\n  - ", ": ", "\n\t", "&a ", "*a", "!!python/object:os.system ", "<<: *x\n",
                         "{", "]", "'", '"', "%YAML 1.1\n", "---\n", "id: ekero\n", "\ufeff"]),
    ))
    cut = draw(st.booleans())
    return profile_id, text[:at] + pasted + ("" if cut else text[at:])


def _write(folder: Path, profile_id: str, text: str) -> Path:
    path = folder / "municipalities" / f"{profile_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _check(folder: Path, profile_id: str, path: Path) -> None:
    report = validate_file(path)
    if report.valid:
        assert isinstance(report.model, Profile)
    else:
        assert report.model is None and report.errors
        for error in report.errors:
            shown, _, problem = error.partition(": ")
            assert shown.endswith(f"{profile_id}.yml") and problem.strip(), error
    clear_cache()
    try:
        profile = load_profile(profile_id, folder)
    except ProfileError as refused:
        assert not report.valid and refused.errors == report.errors
    else:
        assert report.valid and profile.id == profile_id
    finally:
        clear_cache()


@fuzz(120)
@given(mutated_profile())
def test_an_edited_profile_is_valid_or_refused_with_errors(tmp_path: Path, mutated: tuple[str, Any]) -> None:
    profile_id, data = mutated
    path = _write(tmp_path, profile_id, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    _check(tmp_path, profile_id, path)


@fuzz(120)
@given(spliced_text())
def test_a_damaged_profile_file_is_refused_with_errors(tmp_path: Path, damaged: tuple[str, str]) -> None:
    profile_id, text = damaged
    _check(tmp_path, profile_id, _write(tmp_path, profile_id, text))


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_the_unedited_profiles_load(tmp_path: Path, profile_id: str) -> None:
    # The fuzzers above start from these; a profile that did not load would test nothing.
    assert validate_file(_write(tmp_path, profile_id, TEXTS[profile_id])).valid
