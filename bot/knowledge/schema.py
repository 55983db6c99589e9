"""Data model of a municipality profile and of the shared national and rights files.

The YAML files under ``data/`` are parsed into these pydantic (1.10) models.
Field validators check single values; the profile's root validator checks that
every reference between ids resolves (units, contact points, districts,
supports) and that every referral chain ends at a coordinator. The model is
the contract other features (booking, staff dashboard) build on, so a
:class:`Profile` that exists is always internally consistent.

See ``docs/profile_schema.md`` for the documented schema.
"""

import logging
import re
from datetime import date, time
from typing import AbstractSet, Any, Dict, List, Mapping, Optional, Sequence, Set, Tuple

from pydantic import BaseModel, Extra, PydanticValueError, root_validator, validator

from bot.knowledge.situation import PHASES, SUPPORT_TYPES

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1

WEEKDAYS: Tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)

# Target groups: who the support is for. Derived from the situation by
# ``bot.knowledge.advice.target_groups_for``; documented in docs/profile_schema.md.
TARGET_GROUPS: Tuple[str, ...] = (
    "elderly",          # the cared-for person is 65+ or the condition is old age
    "dementia",         # dementia disease, whatever the age
    "mental_illness",   # mental illness or psychiatric disability
    "disability",       # physical, intellectual or neuropsychiatric disability
    "lss_disability",   # a disability that may fall under LSS (see advice.py)
    "addiction",        # alcohol, drugs, medicines, gambling
    "chronic_illness",  # long-term physical illness (cancer, stroke, MS ...)
    "children_young",   # the cared-for person is under 21
    "child_relative",   # the relative (the user) is a child
    "extremism",        # the cared-for person is linked to violent extremism
    "criminality",      # the cared-for person has a criminal lifestyle
    "violence_affected",  # affected by shootings or lethal violence
    "grief",            # caring phase new_start: after a move or a death
)

SUPPORT_KINDS: Tuple[str, ...] = (
    "service",        # the municipality's support without application (service)
    "bistand_sol",    # bistånd under the Social Services Act, applied for
    "lss",            # insats under LSS (1993:387), applied for
    "region",         # health care run by the region
    "civil_society",  # associations, churches, voluntary organisations
    "national",       # national services and web portals
)

NATIONAL_CATEGORIES: Tuple[str, ...] = (
    "emergency",    # 112, police
    "health",       # 1177
    "crisis",       # lines for acute distress (suicide prevention, violence)
    "support",      # lines for relatives and older people, listed with supports
    "information",  # knowledge centres, listed with supports
    "portal",       # services a municipality must be connected to (named in profiles)
)

RIGHT_TOPICS: Tuple[str, ...] = (
    "carer_support", "services", "own_needs", "indirect_support", "lss", "appeal",
    "secrecy", "children", "coordination",
)

_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]*[0-9]$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Citations of the repealed Social Services Act (2001:453). The current act is
# Socialtjänstlag (2025:400); the old reference may only appear in brackets
# marked "tidigare" (for example "(tidigare 5 kap. 10 § SoL)").
_REPEALED_PATTERNS = (
    re.compile(r"2001\s*:\s*453"),
    re.compile(r"2001\s*:\s*53\b"),  # a typo for 2001:453 found in a seed document
    re.compile(r"\b5\s*kap\.?\s*10\s*§", re.IGNORECASE),
    re.compile(
        r"\b[45]\s*kap\.?\s*\d+\s*§\s*(?:SoL|socialtjänstlagen)\b(?!\s*\(2025:400\))",
        re.IGNORECASE,
    ),
)
_OLD_MARKERS = ("tidigare", "gamla", "upphävda")


def repealed_citations(text: str) -> List[str]:
    """Citations of the repealed SoL (2001:453) in ``text`` that are not marked as old.

    A citation is accepted only inside a bracket (round or square) that also
    says "tidigare", so that replies never present the old act as current.
    """
    allowed = _old_bracket_spans(text)
    spans = sorted(
        match.span()
        for pattern in _REPEALED_PATTERNS
        for match in pattern.finditer(text)
        if not any(start <= match.start() and match.end() <= end for start, end in allowed)
    )
    merged: List[Tuple[int, int]] = []
    for begin, finish in spans:  # one citation caught by several patterns counts once
        if merged and begin < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(finish, merged[-1][1]))
        else:
            merged.append((begin, finish))
    return [text[begin:finish] for begin, finish in merged]


def _old_bracket_spans(text: str) -> List[Tuple[int, int]]:
    spans: List[Tuple[int, int]] = []
    stack: List[int] = []
    for index, char in enumerate(text):
        if char in "([":
            stack.append(index)
        elif char in ")]" and stack:
            start = stack.pop()
            inner = text[start:index + 1].lower()
            if any(marker in inner for marker in _OLD_MARKERS):
                spans.append((start, index + 1))
    return spans


class ReferenceIssues(PydanticValueError):
    """Broken references inside a profile, each with its path in the file."""

    code = "references"
    msg_template = "{summary}"

    def __init__(self, issues: Sequence[Tuple[str, str]]) -> None:
        summary = "; ".join(f"{path}: {message}" for path, message in issues)
        super().__init__(summary=summary, issues=list(issues))


class _Model(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False
        anystr_strip_whitespace = True


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"{value!r} is not a valid id (use lower-case a-z, 0-9 and _)")
    return value


def _check_time(value: Any) -> Any:
    if isinstance(value, (bool, int, float)):
        raise ValueError(
            "write times as quoted strings such as '08:30' "
            "(YAML reads an unquoted 16:30 as a number)"
        )
    return value


def _check_phone(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("write phone numbers as quoted strings, e.g. '08-123 456 78'")
    if not _PHONE.match(value.strip()):
        raise ValueError(f"{value!r} is not a phone number (digits, spaces, '-' and a leading '+')")
    return value.strip()


def _check_nonempty(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _check_ages(cls: Any, values: Dict[str, Any]) -> Dict[str, Any]:
    low, high = values.get("age_min"), values.get("age_max")
    if low is not None and high is not None and low > high:
        raise ValueError(f"age_min ({low}) is greater than age_max ({high})")
    return values


def _check_choice(value: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r} (allowed: {', '.join(allowed)})")
    return value


class DocumentSource(_Model):
    """The municipal document a profile is built from."""

    file: str
    title: str

    _nonempty = validator("file", "title", allow_reuse=True)(_check_nonempty)


class SourceRef(_Model):
    """Where in a source document a statement comes from."""

    file: str
    section: str

    _nonempty = validator("file", "section", allow_reuse=True)(_check_nonempty)


class District(_Model):
    """A district (Stockholm: stadsdelsområde) whose office gives the support."""

    id: str
    name: str
    aliases: List[str] = []

    _id = validator("id", allow_reuse=True)(_check_id)


class OfficeHours(_Model):
    """Opening hours of one weekday; ``example`` marks invented hours."""

    start: time
    end: time
    example: bool = False

    _times = validator("start", "end", pre=True, allow_reuse=True)(_check_time)

    @root_validator(skip_on_failure=True)
    def _end_after_start(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        if values["end"] <= values["start"]:
            raise ValueError(f"end ({values['end']}) must be after start ({values['start']})")
        return values


class Socialjour(_Model):
    """The after-hours social emergency service."""

    name: str
    phone: str
    example: bool = False

    _phone = validator("phone", pre=True, allow_reuse=True)(_check_phone)


class Unit(_Model):
    """A unit (verksamhet) of the municipality."""

    id: str
    name: str
    description: str = ""

    _id = validator("id", allow_reuse=True)(_check_id)


class CallbackWindow(_Model):
    """A weekly window in which a contact point can call relatives back."""

    weekday: str
    start: time
    end: time
    capacity: int

    _times = validator("start", "end", pre=True, allow_reuse=True)(_check_time)

    @validator("weekday")
    def _weekday(cls, value: str) -> str:
        if value not in WEEKDAYS:
            raise ValueError(f"unknown weekday {value!r} (use monday, tuesday ... sunday)")
        return value

    @validator("capacity")
    def _capacity(cls, value: int) -> int:
        if value < 1:
            raise ValueError("capacity must be at least 1")
        return value

    @root_validator(skip_on_failure=True)
    def _end_after_start(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        if values["end"] <= values["start"]:
            raise ValueError(f"end ({values['end']}) must be after start ({values['start']})")
        return values


class ContactPoint(_Model):
    """A contact point by role (never a personal name)."""

    id: str
    role: str
    unit: str
    phone: str
    email: Optional[str] = None
    example: bool = False
    is_coordinator: bool = False
    districts: List[str] = []
    callback_windows: List[CallbackWindow] = []

    _id = validator("id", allow_reuse=True)(_check_id)
    _phone = validator("phone", pre=True, allow_reuse=True)(_check_phone)

    @validator("email")
    def _email(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not _EMAIL.match(value):
            raise ValueError(f"{value!r} is not an e-mail address")
        return value

    def serves(self, district_id: Optional[str]) -> bool:
        """Whether this contact point serves ``district_id`` (empty list: all districts)."""
        return not self.districts or district_id in self.districts


class ReferralLink(_Model):
    """An anhöriglänk: who takes a case for these target groups, in which order."""

    id: str
    name: str
    description: str
    target_groups: List[str]
    age_min: Optional[int] = None
    age_max: Optional[int] = None
    chain: List[str]
    escalation_hours: float
    source: SourceRef
    example: bool = False

    _id = validator("id", allow_reuse=True)(_check_id)
    _ages = root_validator(skip_on_failure=True, allow_reuse=True)(_check_ages)

    @validator("target_groups", each_item=True)
    def _group(cls, value: str) -> str:
        return _check_choice(value, TARGET_GROUPS, "target group")

    @validator("target_groups")
    def _groups_nonempty(cls, value: List[str]) -> List[str]:
        if not value:
            raise ValueError("a referral link needs at least one target group")
        return value

    @validator("chain")
    def _chain_nonempty(cls, value: List[str]) -> List[str]:
        if not value:
            raise ValueError("the chain needs at least one contact point")
        return value

    @validator("escalation_hours")
    def _positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("escalation_hours must be greater than 0")
        return value

    @validator("age_min", "age_max")
    def _age(cls, value: Optional[int]) -> Optional[int]:
        if value is not None and not 0 <= value <= 120:
            raise ValueError("age must be between 0 and 120")
        return value


class HowToGet(_Model):
    """How a relative gets a support: no application, or apply to whom."""

    application: bool
    apply_to: str
    contact_point: Optional[str] = None

    _nonempty = validator("apply_to", allow_reuse=True)(_check_nonempty)


class Support(_Model):
    """A support a relative can get, with who it is for and how to get it."""

    id: str
    name: str
    description: str
    kind: str
    support_type: Optional[str] = None
    target_groups: List[str] = []
    age_min: Optional[int] = None
    age_max: Optional[int] = None
    phases: List[str] = []
    how_to_get: HowToGet
    cost: Optional[str] = None
    example: bool = False
    needs_review: bool = False
    source: SourceRef

    _id = validator("id", allow_reuse=True)(_check_id)
    _ages = root_validator(skip_on_failure=True, allow_reuse=True)(_check_ages)

    @validator("kind")
    def _kind(cls, value: str) -> str:
        return _check_choice(value, SUPPORT_KINDS, "kind")

    @validator("support_type")
    def _support_type(cls, value: Optional[str]) -> Optional[str]:
        if value is not None:
            _check_choice(value, SUPPORT_TYPES, "support_type")
        return value

    @validator("target_groups", each_item=True)
    def _group(cls, value: str) -> str:
        return _check_choice(value, TARGET_GROUPS, "target group")

    @validator("phases", each_item=True)
    def _phase(cls, value: str) -> str:
        return _check_choice(value, PHASES, "phase")

    @validator("age_min", "age_max")
    def _age(cls, value: Optional[int]) -> Optional[int]:
        if value is not None and not 0 <= value <= 120:
            raise ValueError("age must be between 0 and 120")
        return value

    @root_validator(skip_on_failure=True)
    def _application_matches_kind(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        kind, how = values["kind"], values["how_to_get"]
        if kind == "service" and how.application:
            raise ValueError(
                "kind 'service' is support without application; use bistand_sol or lss "
                "for supports that are applied for"
            )
        if kind in ("bistand_sol", "lss") and not how.application:
            raise ValueError(f"kind {kind!r} is applied for: set how_to_get.application to true")
        return values


class NotOffered(_Model):
    """A support type the document says the municipality does not offer."""

    support_type: str
    note: str
    instead: List[str] = []
    source: Optional[SourceRef] = None

    @validator("support_type")
    def _support_type(cls, value: str) -> str:
        return _check_choice(value, SUPPORT_TYPES, "support_type")


class Profile(_Model):
    """Everything the assistant knows about one municipality."""

    schema_version: int
    id: str
    name: str
    website: str
    source: DocumentSource
    requires_district: bool = False
    districts: List[District] = []
    office_hours: Dict[str, Optional[OfficeHours]]
    socialjour: Socialjour
    units: List[Unit]
    contact_points: List[ContactPoint]
    links: List[ReferralLink] = []
    supports: List[Support]
    not_offered: List[NotOffered] = []

    _id = validator("id", allow_reuse=True)(_check_id)

    @validator("schema_version")
    def _version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"unsupported schema_version {value} (expected {SCHEMA_VERSION})")
        return value

    @validator("website")
    def _website(cls, value: str) -> str:
        if not value.startswith("https://"):
            raise ValueError("website must be an https:// address")
        return value

    @validator("office_hours", pre=True)
    def _office_hours(cls, value: Any) -> Any:
        """Accept ``{example: bool, monday: {start, end} | null, ...}``; fill missing days."""
        if not isinstance(value, Mapping):
            raise ValueError("must map weekdays (monday ... sunday) to {start, end} or null")
        example = value.get("example", False)
        if not isinstance(example, bool):
            raise ValueError("office_hours.example must be true or false")
        days: Dict[str, Any] = {}
        for day, hours in value.items():
            if day == "example":
                continue
            if day not in WEEKDAYS:
                raise ValueError(f"unknown weekday {day!r} (use monday, tuesday ... sunday)")
            if isinstance(hours, Mapping) and example and "example" not in hours:
                hours = {**hours, "example": True}
            days[day] = hours
        return {day: days.get(day) for day in WEEKDAYS}

    @root_validator(skip_on_failure=False)
    def _references(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        issues = reference_issues(values)
        if issues:
            raise ReferenceIssues(issues)
        return values

    # -- lookups used by advice, texts, booking and the dashboard ---------------

    @property
    def office_hours_example(self) -> bool:
        """True when any opening hour is an invented example value."""
        return any(hours.example for hours in self.office_hours.values() if hours)

    def unit(self, unit_id: str) -> Unit:
        """The unit with ``unit_id`` (KeyError if unknown)."""
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise KeyError(unit_id)

    def contact_point(self, contact_id: str) -> ContactPoint:
        """The contact point with ``contact_id`` (KeyError if unknown)."""
        for contact in self.contact_points:
            if contact.id == contact_id:
                return contact
        raise KeyError(contact_id)

    def support(self, support_id: str) -> Support:
        """The support with ``support_id`` (KeyError if unknown)."""
        for support in self.supports:
            if support.id == support_id:
                return support
        raise KeyError(support_id)

    def link(self, link_id: str) -> ReferralLink:
        """The referral link with ``link_id`` (KeyError if unknown)."""
        for link in self.links:
            if link.id == link_id:
                return link
        raise KeyError(link_id)

    def district(self, district_id: str) -> District:
        """The district with ``district_id`` (KeyError if unknown)."""
        for district in self.districts:
            if district.id == district_id:
                return district
        raise KeyError(district_id)

    def coordinators(self, district_id: Optional[str] = None) -> List[ContactPoint]:
        """Coordinators, in file order; with ``district_id`` only those serving it."""
        return [
            contact for contact in self.contact_points
            if contact.is_coordinator and (district_id is None or contact.serves(district_id))
        ]

    def covered_target_groups(self) -> Set[str]:
        """Target groups the profile names in its links or supports."""
        groups = {group for link in self.links for group in link.target_groups}
        groups.update(group for support in self.supports for group in support.target_groups)
        return groups


def _ids(items: Any, attr: str = "id") -> Optional[List[str]]:
    if items is None:
        return None
    return [getattr(item, attr) for item in items]


def _duplicates(collection: str, ids: List[str]) -> List[Tuple[str, str]]:
    issues: List[Tuple[str, str]] = []
    first: Dict[str, int] = {}
    for index, item_id in enumerate(ids):
        if item_id in first:
            issues.append((
                f"{collection}[{index}].id",
                f"duplicate id {item_id!r} (also {collection}[{first[item_id]}])",
            ))
        else:
            first[item_id] = index
    return issues


def reference_issues(values: Mapping[str, Any]) -> List[Tuple[str, str]]:
    """Broken references in a profile as ``(path, message)`` pairs.

    ``values`` holds the parsed fields; a field that failed its own validation
    is missing, and the checks that need it are skipped, so one typo does not
    produce a cascade of follow-up errors.
    """
    issues: List[Tuple[str, str]] = []
    districts = values.get("districts")
    units = values.get("units")
    contacts = values.get("contact_points")
    links = values.get("links")
    supports = values.get("supports")
    not_offered = values.get("not_offered")

    for name, items in (
        ("districts", districts), ("units", units), ("contact_points", contacts),
        ("links", links), ("supports", supports),
    ):
        ids = _ids(items)
        if ids is not None:
            issues.extend(_duplicates(name, ids))

    district_ids = set(_ids(districts) or [])
    unit_ids = set(_ids(units) or [])
    contact_by_id = {contact.id: contact for contact in contacts or []}
    support_ids = set(_ids(supports) or [])

    if contacts is not None:
        for index, contact in enumerate(contacts):
            if units is not None and contact.unit not in unit_ids:
                issues.append((f"contact_points[{index}].unit", f"unknown unit {contact.unit!r}"))
            if districts is not None:
                for k, district_id in enumerate(contact.districts):
                    if district_id not in district_ids:
                        issues.append((
                            f"contact_points[{index}].districts[{k}]",
                            f"unknown district {district_id!r}",
                        ))
        if not any(contact.is_coordinator for contact in contacts):
            issues.append((
                "contact_points",
                "no contact point has is_coordinator: true (at least one is needed)",
            ))

    if values.get("requires_district") and districts is not None:
        if not districts:
            issues.append(("districts", "requires_district is true but no districts are listed"))
        elif contacts is not None:
            for index, district in enumerate(districts):
                if not any(c.is_coordinator and c.serves(district.id) for c in contacts):
                    issues.append((
                        f"districts[{index}]",
                        f"no coordinator serves district {district.id!r}",
                    ))

    if links is not None and contacts is not None:
        for index, link in enumerate(links):
            chain_ok = True
            for k, contact_id in enumerate(link.chain):
                if contact_id not in contact_by_id:
                    issues.append((
                        f"links[{index}].chain[{k}]", f"unknown contact point {contact_id!r}",
                    ))
                    chain_ok = False
                elif contact_id in link.chain[:k]:
                    issues.append((
                        f"links[{index}].chain[{k}]",
                        f"contact point {contact_id!r} appears twice in the chain",
                    ))
            if not chain_ok:
                continue
            last = contact_by_id[link.chain[-1]]
            if not last.is_coordinator:
                issues.append((
                    f"links[{index}].chain[{len(link.chain) - 1}]",
                    f"the chain must end at a coordinator, but {last.id!r} has "
                    "is_coordinator: false",
                ))
            served = [
                set(contact_by_id[c].districts) for c in link.chain if contact_by_id[c].districts
            ]
            if served and not set.intersection(*served):
                issues.append((
                    f"links[{index}].chain",
                    "the contact points in the chain serve no common district",
                ))

    if supports is not None:
        for index, support in enumerate(supports):
            contact_id = support.how_to_get.contact_point
            if contact_id is not None and contacts is not None and contact_id not in contact_by_id:
                issues.append((
                    f"supports[{index}].how_to_get.contact_point",
                    f"unknown contact point {contact_id!r}",
                ))

    if not_offered is not None:
        seen: Dict[str, int] = {}
        for index, item in enumerate(not_offered):
            if item.support_type in seen:
                issues.append((
                    f"not_offered[{index}].support_type",
                    f"{item.support_type!r} is listed twice "
                    f"(also not_offered[{seen[item.support_type]}])",
                ))
            seen.setdefault(item.support_type, index)
            if supports is not None:
                for k, support in enumerate(supports):
                    if support.support_type == item.support_type:
                        issues.append((
                            f"not_offered[{index}].support_type",
                            f"{item.support_type!r} is listed as not offered, but "
                            f"supports[{k}] ({support.id!r}) offers it",
                        ))
                for k, support_id in enumerate(item.instead):
                    if support_id not in support_ids:
                        issues.append((
                            f"not_offered[{index}].instead[{k}]",
                            f"unknown support {support_id!r}",
                        ))
    return issues


# -- shared files ------------------------------------------------------------------


class NationalLine(_Model):
    """A national emergency or support line, with the date it was last checked."""

    id: str
    name: str
    phone: Optional[str] = None
    url: Optional[str] = None
    hours: Optional[str] = None
    note: str = ""
    confirmed: bool
    last_reviewed: date
    category: str
    target_groups: List[str] = []

    _id = validator("id", allow_reuse=True)(_check_id)

    @validator("phone", pre=True)
    def _phone(cls, value: Any) -> Any:
        return None if value is None else _check_phone(value)

    @validator("category")
    def _category(cls, value: str) -> str:
        return _check_choice(value, NATIONAL_CATEGORIES, "category")

    @validator("target_groups", each_item=True)
    def _group(cls, value: str) -> str:
        return _check_choice(value, TARGET_GROUPS, "target group")

    @root_validator(skip_on_failure=True)
    def _reachable(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        if not values.get("phone") and not values.get("url"):
            raise ValueError("a line needs a phone number or a url")
        return values


class NationalFile(_Model):
    """``data/national.yml``: lines shared by every municipality."""

    schema_version: int
    lines: List[NationalLine]

    @validator("schema_version")
    def _version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"unsupported schema_version {value} (expected {SCHEMA_VERSION})")
        return value

    @validator("lines")
    def _unique(cls, value: List[NationalLine]) -> List[NationalLine]:
        issues = _duplicates("lines", [line.id for line in value])
        if issues:
            raise ValueError("; ".join(f"{path}: {msg}" for path, msg in issues))
        return value

    def line(self, line_id: str) -> NationalLine:
        """The line with ``line_id`` (KeyError if unknown)."""
        for line in self.lines:
            if line.id == line_id:
                return line
        raise KeyError(line_id)


class RightStatement(_Model):
    """One statement about the law, with its reference in the current act."""

    id: str
    topic: str
    title: str
    text: str
    reference: str
    old_reference: Optional[str] = None
    applies_to: List[str] = []
    relative_is_child: Optional[bool] = None
    sources: List[SourceRef] = []
    needs_review: bool = False

    _id = validator("id", allow_reuse=True)(_check_id)

    @validator("topic")
    def _topic(cls, value: str) -> str:
        return _check_choice(value, RIGHT_TOPICS, "topic")

    @validator("applies_to", each_item=True)
    def _group(cls, value: str) -> str:
        return _check_choice(value, TARGET_GROUPS, "target group")

    @validator("reference")
    def _current(cls, value: str) -> str:
        if repealed_citations(value):
            raise ValueError(
                "reference cites the repealed SoL (2001:453); cite Socialtjänstlag (2025:400) "
                "and put the old reference in old_reference"
            )
        return value

    @validator("old_reference")
    def _old(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not value.lower().startswith("tidigare "):
            raise ValueError(
                "old_reference must start with 'tidigare ', e.g. 'tidigare 5 kap. 10 § SoL'"
            )
        return value

    def applies(self, groups: AbstractSet[str], relative_is_child: bool) -> bool:
        """Whether the statement applies to a relative with these target groups."""
        if self.relative_is_child is not None and self.relative_is_child != relative_is_child:
            return False
        return not self.applies_to or not groups.isdisjoint(self.applies_to)


class RightsFile(_Model):
    """``data/rights.yml``: statements about the law, shared by every municipality."""

    schema_version: int
    last_reviewed: date
    statements: List[RightStatement]

    @validator("schema_version")
    def _version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"unsupported schema_version {value} (expected {SCHEMA_VERSION})")
        return value

    @validator("statements")
    def _unique(cls, value: List[RightStatement]) -> List[RightStatement]:
        issues = _duplicates("statements", [statement.id for statement in value])
        if issues:
            raise ValueError("; ".join(f"{path}: {msg}" for path, msg in issues))
        return value
