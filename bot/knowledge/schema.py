"""Data model of a municipality profile and of the shared national and rights files.

The YAML files under ``data/`` are parsed into these pydantic (1.10) models.
Field validators check single values; the profile's root validator checks that
every reference between ids resolves (units, contact points, districts,
supports) and that every referral chain ends at a coordinator. The model is
the contract other features (booking, staff dashboard) build on, so a
:class:`Profile` that exists is always internally consistent.

This module holds the profile and its reference checks; the parts live in
:mod:`bot.knowledge.contacts` (districts, hours, units, contact points,
referral links), :mod:`bot.knowledge.supports`, :mod:`bot.knowledge.shared_files`
(national lines, rights), :mod:`bot.knowledge.widget` (the chat widget's theme)
and :mod:`bot.knowledge.fields` (base model, checks,
vocabularies). Every model and vocabulary can be imported from here.

See ``docs/profile_schema.md`` for the documented schema.
"""

import logging
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set, Tuple

from pydantic import PydanticValueError, root_validator, validator

from bot.knowledge.contacts import (
    CallbackWindow,
    ContactPoint,
    District,
    OfficeHours,
    ReferralLink,
    Socialjour,
    Unit,
)
from bot.knowledge.fields import (
    SCHEMA_VERSION,
    TARGET_GROUPS,
    WEEKDAYS,
    DocumentSource,
    SourceRef,
    StrictModel,
    check_id,
    check_schema_version,
    duplicate_ids,
)
from bot.knowledge.shared_files import (
    NATIONAL_CATEGORIES,
    RIGHT_TOPICS,
    NationalFile,
    NationalLine,
    RightsFile,
    RightStatement,
    repealed_citations,
)
from bot.knowledge.supports import SUPPORT_KINDS, HowToGet, NotOffered, Support
from bot.knowledge.widget import WidgetColors, WidgetTheme

logger = logging.getLogger(__name__)


class ReferenceIssues(PydanticValueError):
    """Broken references inside a profile, each with its path in the file."""

    code = "references"
    msg_template = "{summary}"

    def __init__(self, issues: Sequence[Tuple[str, str]]) -> None:
        summary = "; ".join(f"{path}: {message}" for path, message in issues)
        super().__init__(summary=summary, issues=list(issues))


class Profile(StrictModel):
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
    widget: WidgetTheme = WidgetTheme()

    _id = validator("id", allow_reuse=True)(check_id)

    _version = validator("schema_version", allow_reuse=True)(check_schema_version)

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
            issues.extend(duplicate_ids(name, ids))

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


# The models and vocabularies of the submodules, importable from here as before.
__all__: Sequence[str] = (
    "NATIONAL_CATEGORIES", "RIGHT_TOPICS", "SCHEMA_VERSION", "SUPPORT_KINDS", "TARGET_GROUPS",
    "WEEKDAYS",
    "CallbackWindow", "ContactPoint", "District", "DocumentSource", "HowToGet", "NationalFile",
    "NationalLine", "NotOffered", "OfficeHours", "Profile", "ReferenceIssues", "ReferralLink",
    "RightStatement", "RightsFile", "Socialjour", "SourceRef", "Support", "Unit",
    "WidgetColors", "WidgetTheme", "reference_issues", "repealed_citations",
)
