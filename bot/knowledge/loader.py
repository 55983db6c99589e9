"""Read and validate the knowledge files: profiles, national lines and rights.

Nothing is read at import time. Files are read on first use and cached per
process (``clear_cache`` forgets them). A file with errors is never used in
part: loading raises :class:`ProfileError` listing every error, each as
``<file>: <path inside the file>: <what is wrong>``. Example values
(``example: true``), unconfirmed national lines and statements marked
``needs_review`` are warnings: the assistant runs, but the CLI and the log
say what must be checked before production.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Type, Union

import yaml
from pydantic import BaseModel, ValidationError

from bot.knowledge.schema import (
    NationalFile,
    Profile,
    RightsFile,
    repealed_citations,
)
from bot.settings import PROJECT_ROOT, get_settings

logger = logging.getLogger(__name__)

NATIONAL_FILE = "national.yml"
RIGHTS_FILE = "rights.yml"
MUNICIPALITIES_DIR = "municipalities"

_PROFILE_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
# Keys whose text may cite the repealed act: they hold the old reference on purpose.
_OLD_REFERENCE_KEYS = frozenset({"old_reference"})


class ProfileError(Exception):
    """A knowledge file is missing or invalid; ``errors`` lists every problem."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors) if self.errors else "invalid knowledge file")


@dataclass
class ValidationReport:
    """The outcome of validating one file."""

    path: Path
    kind: str
    errors: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    model: Optional[BaseModel] = None

    @property
    def valid(self) -> bool:
        """True when the file has no errors (warnings are allowed)."""
        return not self.errors


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses duplicate keys instead of keeping the last."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Dict[Any, Any]:
        seen: set = set()
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # keys from "<<: *anchor" may be overridden on purpose
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            try:
                duplicate = key in seen
            except TypeError:
                continue  # unhashable key: the base class reports it
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def display_path(path: Path) -> str:
    """The path as shown in messages: relative to the project when it is inside it."""
    resolved = path.resolve()
    for base in (PROJECT_ROOT, Path.cwd()):
        try:
            return str(resolved.relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


def _format_loc(loc: Sequence[Union[str, int]]) -> str:
    out = ""
    for part in loc:
        if part == "__root__":
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _pydantic_errors(exc: ValidationError) -> List[Tuple[str, str]]:
    found: List[Tuple[str, str]] = []
    for error in exc.errors():
        if error.get("type") == "value_error.references":
            found.extend(error["ctx"]["issues"])
            continue
        found.append((_format_loc(error["loc"]), str(error["msg"])))
    return found


def _walk_strings(data: Any, loc: Tuple[Union[str, int], ...] = ()) -> List[Tuple[str, str]]:
    """Every string value in ``data`` with its path, except old-reference fields."""
    found: List[Tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _OLD_REFERENCE_KEYS:
                continue
            found.extend(_walk_strings(value, loc + (str(key),)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_walk_strings(value, loc + (index,)))
    elif isinstance(data, str):
        found.append((_format_loc(loc), data))
    return found


def _repealed_issues(data: Any) -> List[Tuple[str, str]]:
    issues = []
    for loc, text in _walk_strings(data):
        for citation in repealed_citations(text):
            issues.append((
                loc,
                f"cites the repealed Social Services Act as current ({citation!r}); cite "
                "Socialtjänstlag (2025:400) and put the old reference in brackets, "
                "e.g. '(tidigare 5 kap. 10 § SoL)'",
            ))
    return issues


def _kind_of(path: Path) -> str:
    if path.name == NATIONAL_FILE:
        return "national"
    if path.name == RIGHTS_FILE:
        return "rights"
    return "profile"


_MODELS: Dict[str, Type[BaseModel]] = {
    "profile": Profile,
    "national": NationalFile,
    "rights": RightsFile,
}


def _read_yaml(path: Path) -> Tuple[Any, Optional[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, "file not found"
    except OSError as exc:
        return None, f"cannot read the file: {exc.strerror or exc}"
    except UnicodeDecodeError:
        return None, "the file is not UTF-8 text"
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader), None  # noqa: S506 - a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        return None, f"{where}YAML error: {exc.problem or exc}"
    except yaml.YAMLError as exc:
        return None, f"YAML error: {exc}"


def _warnings(kind: str, model: BaseModel) -> List[Tuple[str, str]]:
    found: List[Tuple[str, str]] = []
    if isinstance(model, Profile):
        if model.office_hours_example:
            found.append(("office_hours", "example value: the opening hours are invented"))
        if model.socialjour.example:
            found.append(("socialjour", "example value: the socialjour number is invented"))
        for index, contact in enumerate(model.contact_points):
            if contact.example:
                found.append((
                    f"contact_points[{index}]",
                    f"example value ({contact.role}): phone, e-mail and callback windows "
                    "are invented",
                ))
            if not contact.callback_windows:
                found.append((
                    f"contact_points[{index}]",
                    f"{contact.role} has no callback windows: no callbacks can be booked",
                ))
        for index, link in enumerate(model.links):
            if link.example:
                found.append((
                    f"links[{index}]",
                    f"example value ({link.name}): escalation_hours is invented",
                ))
        for index, support in enumerate(model.supports):
            if support.example:
                found.append((f"supports[{index}]", f"example value ({support.name})"))
            if support.needs_review:
                found.append((f"supports[{index}]", f"needs review ({support.name})"))
    elif isinstance(model, NationalFile):
        for index, line in enumerate(model.lines):
            if not line.confirmed:
                found.append((
                    f"lines[{index}]",
                    f"not confirmed ({line.name}): check before use "
                    f"(last reviewed {line.last_reviewed.isoformat()})",
                ))
    elif isinstance(model, RightsFile):
        for index, statement in enumerate(model.statements):
            if statement.needs_review:
                found.append((
                    f"statements[{index}]",
                    f"needs review ({statement.id}): {statement.reference}",
                ))
    return found


def validate_file(path: Union[str, Path], kind: Optional[str] = None) -> ValidationReport:
    """Validate one knowledge file and report every error and warning.

    ``kind`` is ``profile``, ``national`` or ``rights``; by default it follows
    from the file name. Messages read ``<file>: <path>: <problem>``.
    """
    path = Path(path)
    kind = kind or _kind_of(path)
    if kind not in _MODELS:
        raise ValueError(f"unknown kind {kind!r}")
    report = ValidationReport(path=path, kind=kind)
    shown = display_path(path)

    data, problem = _read_yaml(path)
    if problem is not None:
        report.errors.append(f"{shown}: {problem}")
        return report
    if not isinstance(data, dict):
        report.errors.append(f"{shown}: the file must hold a mapping (key: value) at the top level")
        return report

    issues: List[Tuple[str, str]] = []
    model: Optional[BaseModel] = None
    try:
        model = _MODELS[kind].parse_obj(data)
    except ValidationError as exc:
        issues.extend(_pydantic_errors(exc))
    if kind == "profile" and data.get("id") != path.stem:
        issues.append(("id", f"{data.get('id')!r} does not match the file name {path.stem!r}"))
    issues.extend(_repealed_issues(data))

    report.errors.extend(f"{shown}: {loc}: {message}" for loc, message in issues)
    if not report.errors and model is not None:
        report.model = model
        report.warnings.extend(
            f"{shown}: {loc}: {message}" for loc, message in _warnings(kind, model)
        )
    return report


# -- paths ---------------------------------------------------------------------------


def _data_dir(data_dir: Optional[Union[str, Path]]) -> Path:
    return Path(data_dir) if data_dir is not None else get_settings().data_dir


def profile_path(profile_id: str, data_dir: Optional[Union[str, Path]] = None) -> Path:
    """Where the profile ``profile_id`` lives; refuses ids that are not plain names."""
    if not _PROFILE_ID.match(profile_id):
        raise ProfileError([f"{profile_id!r} is not a valid profile id (use a-z, 0-9 and _)"])
    return _data_dir(data_dir) / MUNICIPALITIES_DIR / f"{profile_id}.yml"


def available_profile_ids(data_dir: Optional[Union[str, Path]] = None) -> List[str]:
    """Ids of the profiles in the data directory, sorted."""
    folder = _data_dir(data_dir) / MUNICIPALITIES_DIR
    if not folder.is_dir():
        return []
    return sorted(path.stem for path in folder.glob("*.yml") if _PROFILE_ID.match(path.stem))


# -- cached loading ----------------------------------------------------------------


def _load(path: Path, kind: str) -> BaseModel:
    report = validate_file(path, kind)
    if not report.valid or report.model is None:
        raise ProfileError(report.errors)
    if report.warnings:
        logger.warning(
            "%s: %d warning(s), e.g. example values; run 'anhoriglots profile validate'",
            display_path(path), len(report.warnings),
        )
    return report.model


@cache
def _cached(path: str, kind: str) -> BaseModel:
    return _load(Path(path), kind)


def load_profile(profile_id: str, data_dir: Optional[Union[str, Path]] = None) -> Profile:
    """The validated profile ``profile_id``; raises :class:`ProfileError` if it is invalid."""
    path = profile_path(profile_id, data_dir)
    if not path.is_file():
        known = ", ".join(available_profile_ids(data_dir)) or "none"
        raise ProfileError([f"{display_path(path)}: no profile {profile_id!r} (known: {known})"])
    model = _cached(str(path.resolve()), "profile")
    assert isinstance(model, Profile)
    return model


def load_all_profiles(data_dir: Optional[Union[str, Path]] = None) -> Dict[str, Profile]:
    """Every profile in the data directory; raises :class:`ProfileError` listing all errors."""
    profiles: Dict[str, Profile] = {}
    errors: List[str] = []
    for profile_id in available_profile_ids(data_dir):
        try:
            profiles[profile_id] = load_profile(profile_id, data_dir)
        except ProfileError as exc:
            errors.extend(exc.errors)
    if errors:
        raise ProfileError(errors)
    return profiles


def load_national(data_dir: Optional[Union[str, Path]] = None) -> NationalFile:
    """The validated ``national.yml``."""
    model = _cached(str((_data_dir(data_dir) / NATIONAL_FILE).resolve()), "national")
    assert isinstance(model, NationalFile)
    return model


def load_rights(data_dir: Optional[Union[str, Path]] = None) -> RightsFile:
    """The validated ``rights.yml``."""
    model = _cached(str((_data_dir(data_dir) / RIGHTS_FILE).resolve()), "rights")
    assert isinstance(model, RightsFile)
    return model


def load_active_profile() -> Profile:
    """The profile chosen by ``ANHORIG_MUNICIPALITY``, with the shared files checked too.

    Call this at startup: it raises :class:`ProfileError` with every error of the
    profile, ``national.yml`` and ``rights.yml``, so the assistant refuses to
    start rather than run on half a profile.
    """
    settings = get_settings()
    errors: List[str] = []
    profile: Optional[Profile] = None
    try:
        profile = load_profile(settings.municipality, settings.data_dir)
    except ProfileError as exc:
        errors.extend(exc.errors)
    for loader in (load_national, load_rights):
        try:
            loader(settings.data_dir)
        except ProfileError as exc:
            errors.extend(exc.errors)
    if errors or profile is None:
        raise ProfileError(errors)
    return profile


def validate_all(
    profile_id: Optional[str] = None, data_dir: Optional[Union[str, Path]] = None,
) -> List[ValidationReport]:
    """Reports for one profile (or all) plus the shared national and rights files.

    Reads the files afresh (no cache), so it shows the state on disk.
    """
    base = _data_dir(data_dir)
    ids = [profile_id] if profile_id is not None else available_profile_ids(base)
    reports = [validate_file(profile_path(pid, base), "profile") for pid in ids]
    reports.append(validate_file(base / NATIONAL_FILE, "national"))
    reports.append(validate_file(base / RIGHTS_FILE, "rights"))
    return reports


def clear_cache() -> None:
    """Forget every loaded file (tests and reloads)."""
    _cached.cache_clear()
