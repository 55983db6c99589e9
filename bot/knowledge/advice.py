"""From a relative's situation to target groups, supports, rights and a route.

Pure functions over a :class:`~bot.knowledge.schema.Profile`: no Rasa, no
I/O except the cached national and rights files when they are not passed in.
The Rasa actions call these and hand the result to :mod:`bot.texts.knowledge`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import AbstractSet, Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

from bot.knowledge.loader import load_national, load_rights
from bot.knowledge.schema import (
    ContactPoint,
    District,
    NationalFile,
    NationalLine,
    Profile,
    ReferralLink,
    RightsFile,
    RightStatement,
    Support,
)
from bot.knowledge.situation import SUPPORT_TYPES, Situation
from bot.nlp.text import fold

logger = logging.getLogger(__name__)

# Conditions (NLU contract) that name a target group directly.
_CONDITION_GROUPS: Dict[str, str] = {
    "dementia": "dementia",
    "old_age": "elderly",
    "mental_illness": "mental_illness",
    "disability": "disability",
    "addiction": "addiction",
    "chronic_illness": "chronic_illness",
    "extremism": "extremism",
    "criminality": "criminality",
    "violence_affected": "violence_affected",
}
ELDERLY_AGE = 65
# children_young: the cared-for person is at most 21. Decision: Gislaved's koordinatorstöd is for
# "familjer med barn och unga upp till 21 år" (seed 002, 2.1 and 2.2); "upp till 21 år" is read
# as including 21, so a 21-year-old is not turned away (the samordnare judges the fit).
YOUNG_MAX_AGE = 21

# Kinds in the order relatives should hear about them.
_BUCKET_OF_KIND: Dict[str, int] = {
    "service": 0,
    "bistand_sol": 1, "lss": 1, "region": 1,
    "civil_society": 2, "national": 2,
}
_KIND_ORDER: Dict[str, int] = {
    "service": 0, "bistand_sol": 1, "lss": 2, "region": 3, "civil_society": 4, "national": 5,
}
# National lines listed next to supports; emergency and crisis lines belong to other replies.
_LISTED_CATEGORIES = ("support", "information")

# What to suggest when a municipality's document says nothing about a support type.
_RELATED_TYPES: Dict[str, Tuple[str, ...]] = {
    "respite": ("short_term_stay", "day_activity", "home_care"),
    "short_term_stay": ("respite", "day_activity"),
    "day_activity": ("respite", "short_term_stay"),
    "support_group": ("counselling", "education"),
    "counselling": ("support_group",),
    "education": ("support_group", "counselling"),
    "financial": ("respite", "day_activity", "short_term_stay"),
    "home_care": ("respite", "safety_alarm"),
    "escort": ("contact_person",),
    "contact_person": ("escort",),
    "housing_support": ("home_care", "contact_person"),
    "safety_alarm": ("home_care",),
    "nursing_home": ("short_term_stay", "home_care"),
    "coordinator": ("counselling",),
}


# -- target groups -------------------------------------------------------------------


def target_groups_for(situation: Situation) -> Set[str]:
    """Target groups (docs/profile_schema.md) that the situation indicates.

    ``lss_disability`` is set for a disability when the person is under 65 or
    the age is unknown: LSS insatser are first granted before 65, so for an
    older person the assistant does not suggest them.
    """
    groups: Set[str] = set()
    age = situation.person_age
    if situation.condition in _CONDITION_GROUPS:
        groups.add(_CONDITION_GROUPS[situation.condition])
    if age is not None and age >= ELDERLY_AGE:
        groups.add("elderly")
    if situation.condition == "disability" and (age is None or age < ELDERLY_AGE):
        groups.add("lss_disability")
    if age is not None and age <= YOUNG_MAX_AGE:
        groups.add("children_young")
    if situation.user_is_child:
        groups.add("child_relative")
    if situation.phase == "new_start":
        groups.add("grief")
    return groups


def _age_fits(age: Optional[int], age_min: Optional[int], age_max: Optional[int]) -> Optional[bool]:
    """True/False when the age is known and bounds exist, None when it cannot be decided."""
    if age_min is None and age_max is None:
        return True
    if age is None:
        return None
    if age_min is not None and age < age_min:
        return False
    if age_max is not None and age > age_max:
        return False
    return True


# -- supports --------------------------------------------------------------------------


@dataclass(frozen=True)
class SupportAdvice:
    """Supports that fit a situation, grouped in the order a relative should hear them."""

    profile_id: str
    target_groups: FrozenSet[str]
    without_application: Tuple[Support, ...]
    applied_for: Tuple[Support, ...]
    civil_society: Tuple[Support, ...]
    national_lines: Tuple[NationalLine, ...]
    needs_district: bool = False

    @property
    def supports(self) -> Tuple[Support, ...]:
        """All fitting supports: without application, applied for, civil society."""
        return self.without_application + self.applied_for + self.civil_society

    @property
    def needs_situation(self) -> bool:
        """True when nothing is known about the situation: only general supports are listed."""
        return not self.target_groups


def support_fits(support: Support, situation: Situation, groups: AbstractSet[str]) -> bool:
    """Whether ``support`` is meant for this situation (unknown facts do not exclude)."""
    if support.target_groups and groups.isdisjoint(support.target_groups):
        return False
    if _age_fits(situation.person_age, support.age_min, support.age_max) is False:
        return False
    if support.phases and situation.phase and situation.phase not in support.phases:
        return False
    return True


def _specificity(support: Support, situation: Situation, groups: AbstractSet[str]) -> int:
    score = len(set(groups) & set(support.target_groups))
    if support.phases and situation.phase in support.phases:
        score += 1
    if (support.age_min is not None or support.age_max is not None) and (
        situation.person_age is not None
    ):
        score += 1
    return score


def _national(national: Optional[NationalFile]) -> NationalFile:
    if national is not None:
        return national
    return load_national()


def supports_for(
    profile: Profile, situation: Situation, national: Optional[NationalFile] = None,
) -> SupportAdvice:
    """Supports in ``profile`` that fit ``situation``, ordered for a reply.

    Services without application come first, then what is applied for
    (bistånd under SoL, LSS, region) and how, then civil society and national
    lines. Within a group the supports most specific to the situation come first,
    then by kind (SoL, LSS, region) and file order.
    """
    groups = target_groups_for(situation)
    fitting = [
        (index, support) for index, support in enumerate(profile.supports)
        if support_fits(support, situation, groups)
    ]
    buckets: List[List[Tuple[Tuple[int, int, int], Support]]] = [[], [], []]
    for index, support in fitting:
        bucket = _BUCKET_OF_KIND[support.kind]
        key = (-_specificity(support, situation, groups), _KIND_ORDER[support.kind], index)
        buckets[bucket].append((key, support))
    ordered = [
        tuple(s for _key, s in sorted(bucket, key=lambda item: item[0])) for bucket in buckets
    ]

    lines = tuple(
        line for line in _national(national).lines
        if line.category in _LISTED_CATEGORIES
        and (not line.target_groups or groups.intersection(line.target_groups))
    )
    lines = tuple(sorted(lines, key=lambda line: -len(groups.intersection(line.target_groups))))
    needs_district = (
        profile.requires_district and resolve_district(profile, situation.district) is None
    )
    return SupportAdvice(
        profile_id=profile.id,
        target_groups=frozenset(groups),
        without_application=ordered[0],
        applied_for=ordered[1],
        civil_society=ordered[2],
        national_lines=lines,
        needs_district=needs_district,
    )


@dataclass(frozen=True)
class SupportTypeAnswer:
    """The honest answer to "is there X here?".

    ``status`` is ``offered``; ``not_offered`` (the document says the
    municipality does not offer it: ``note`` says so); or ``unknown`` (the
    document is silent: ask ``ask``). ``instead`` lists what exists instead.
    """

    support_type: str
    status: str
    supports: Tuple[Support, ...] = ()
    fits_situation: bool = True
    note: Optional[str] = None
    note_source: Optional[Tuple[str, str]] = None
    instead: Tuple[Support, ...] = ()
    ask: Optional[ContactPoint] = None

    @property
    def offered(self) -> bool:
        """True when the municipality offers this support type."""
        return self.status == "offered"


def find_supports_by_type(
    profile: Profile, support_type: str, situation: Optional[Situation] = None,
) -> SupportTypeAnswer:
    """What ``profile`` offers of ``support_type`` (a contract value), or what instead.

    With a ``situation``, supports that fit it come first and ``fits_situation``
    tells whether any does.
    """
    if support_type not in SUPPORT_TYPES:
        raise ValueError(f"unknown support_type {support_type!r}")
    situation = situation or Situation()
    groups = target_groups_for(situation)
    offered = [s for s in profile.supports if s.support_type == support_type]
    if offered:
        fitting = [s for s in offered if support_fits(s, situation, groups)]
        rest = [s for s in offered if s not in fitting]
        return SupportTypeAnswer(
            support_type=support_type,
            status="offered",
            supports=tuple(fitting + rest),
            fits_situation=bool(fitting),
        )

    ask = _coordinator_for(profile, situation)
    for item in profile.not_offered:
        if item.support_type == support_type:
            instead = tuple(profile.support(support_id) for support_id in item.instead)
            return SupportTypeAnswer(
                support_type=support_type,
                status="not_offered",
                note=item.note,
                note_source=(item.source.file, item.source.section) if item.source else None,
                instead=instead,
                ask=ask,
            )

    related = _RELATED_TYPES.get(support_type, ())
    instead_list = [
        s for s in profile.supports
        if s.support_type in related and support_fits(s, situation, groups)
    ]
    instead_list.sort(key=lambda s: related.index(s.support_type or ""))
    if not instead_list:
        instead_list = [
            s for s in profile.supports
            if s.kind == "service" and support_fits(s, situation, groups)
        ]
    return SupportTypeAnswer(
        support_type=support_type,
        status="unknown",
        instead=tuple(instead_list[:3]),
        ask=ask,
    )


# -- rights ------------------------------------------------------------------------------


def _rights(rights: Optional[RightsFile]) -> RightsFile:
    if rights is not None:
        return rights
    return load_rights()


def rights_for(
    situation: Situation, topic: Optional[str] = None, rights: Optional[RightsFile] = None,
) -> List[RightStatement]:
    """Statements about the law that apply to ``situation``, most specific first.

    LSS statements only when LSS is indicated, child statements only when the
    relative is a child (or the cared-for person is young); ``topic`` narrows
    the list (for example ``secrecy`` for questions about confidentiality).
    """
    groups = target_groups_for(situation)
    statements = [
        statement for statement in _rights(rights).statements
        if statement.applies(groups, situation.user_is_child)
        and (topic is None or statement.topic == topic)
    ]

    def rank(item: Tuple[int, RightStatement]) -> Tuple[int, int]:
        index, statement = item
        if statement.relative_is_child:
            return (0, index)
        if statement.applies_to:
            return (1, index)
        return (2, index)

    return [statement for _index, statement in sorted(enumerate(statements), key=rank)]


# -- districts and routing ---------------------------------------------------------------

_NAME_SEPARATORS = re.compile(r"[\s\-_]+")


def _district_key(text: str) -> str:
    """A district name or answer as compared: folded, with ``-`` and ``_`` read as spaces."""
    return _NAME_SEPARATORS.sub(" ", fold(text)).strip()


def resolve_district(profile: Profile, text: Optional[str]) -> Optional[District]:
    """The district ``text`` names (id, name or alias, with or without å/ä/ö), or None.

    Accepts a whole sentence ("jag bor i Kista"); the longest name found wins.
    """
    if not text or not profile.districts:
        return None
    key = _district_key(text)
    best: Optional[Tuple[int, District]] = None
    for district in profile.districts:
        for name in (district.id, district.name, *district.aliases):
            folded = _district_key(name)
            if not folded:
                continue
            if folded == key:
                return district
            if re.search(rf"(?<!\w){re.escape(folded)}(?!\w)", key):
                if best is None or len(folded) > best[0]:
                    best = (len(folded), district)
    return best[1] if best else None


@dataclass(frozen=True)
class Route:
    """Who should call the relative back, and why.

    ``contact_point`` is the first of the link's chain, or a coordinator when
    the situation is unclear. It is None only when ``needs_district`` is true:
    the profile gives support per district and the district is not known yet.
    ``missing`` names what would make the route more precise (``district``,
    ``person_age``, ``condition``).
    """

    link: Optional[ReferralLink]
    contact_point: Optional[ContactPoint]
    needs_district: bool
    reason: str
    matched_groups: FrozenSet[str] = frozenset()
    missing: Tuple[str, ...] = ()
    district: Optional[District] = None


def _coordinator_for(profile: Profile, situation: Situation) -> Optional[ContactPoint]:
    district_id: Optional[str] = None
    if profile.requires_district:
        district = resolve_district(profile, situation.district)
        if district is None:
            return None
        district_id = district.id
    coordinators = profile.coordinators(district_id)
    return coordinators[0] if coordinators else None


def _link_serves(profile: Profile, link: ReferralLink, district_id: Optional[str]) -> bool:
    if district_id is None:
        return True
    return all(profile.contact_point(c).serves(district_id) for c in link.chain)


def _first_coordinator(profile: Profile, link: ReferralLink) -> ContactPoint:
    for contact_id in link.chain:
        contact = profile.contact_point(contact_id)
        if contact.is_coordinator:
            return contact
    return profile.contact_point(link.chain[-1])


def route(profile: Profile, situation: Situation) -> Route:
    """Route the relative to a referral link and the contact point who calls back.

    The best link is the one whose target groups match the situation most
    precisely (share of its groups that match, then number of matches, then
    file order). Anything unclear goes to a coordinator. A profile that
    requires a district routes nowhere until the district is known.
    """
    groups = target_groups_for(situation)
    covered = groups & profile.covered_target_groups()
    district: Optional[District] = None
    if profile.requires_district:
        district = resolve_district(profile, situation.district)
        if district is None:
            reason = (
                "Stödet ges av förvaltningen i den stadsdel där den anhöriga bor. "
                "Stadsdelen behövs innan ärendet kan gå till rätt kontakt."
                if not situation.district
                else f"Stadsdelen {situation.district!r} känns inte igen."
            )
            return Route(
                link=None, contact_point=None, needs_district=True, reason=reason,
                matched_groups=frozenset(covered), missing=("district",),
            )
    district_id = district.id if district else None

    definite: List[Tuple[Tuple[float, int, int], ReferralLink]] = []
    possible: List[ReferralLink] = []
    for index, link in enumerate(profile.links):
        overlap = groups.intersection(link.target_groups)
        if not overlap or not _link_serves(profile, link, district_id):
            continue
        fits = _age_fits(situation.person_age, link.age_min, link.age_max)
        if fits is False:
            continue
        if fits is None:
            possible.append(link)
            continue
        score = (len(overlap) / len(link.target_groups), len(overlap), -index)
        definite.append((score, link))

    if definite:
        link = max(definite, key=lambda item: item[0])[1]
        contact = profile.contact_point(link.chain[0])
        return Route(
            link=link, contact_point=contact, needs_district=False,
            reason=f"Situationen passar {link.name}.",
            matched_groups=frozenset(covered), district=district,
        )

    coordinator = _coordinator_for(profile, situation)
    if possible:
        candidates = {_first_coordinator(profile, link).id for link in possible}
        if len(candidates) == 1:
            coordinator = _first_coordinator(profile, possible[0])
        assert coordinator is not None  # the schema guarantees a coordinator per district
        return Route(
            link=None, contact_point=coordinator, needs_district=False,
            reason="Den närståendes ålder behövs för att välja länk; samordnaren tar ärendet.",
            matched_groups=frozenset(covered), missing=("person_age",), district=district,
        )

    assert coordinator is not None  # the schema guarantees a coordinator per district
    if not groups:
        reason = "Situationen är inte känd ännu; samordnaren tar ärendet."
        missing: Tuple[str, ...] = ("condition",)
    else:
        reason = "Ingen anhöriglänk passar situationen; samordnaren tar ärendet."
        missing = ()
    return Route(
        link=None, contact_point=coordinator, needs_district=False, reason=reason,
        matched_groups=frozenset(covered), missing=missing, district=district,
    )


def entry_contact(profile: Profile, district: Optional[str] = None) -> ContactPoint:
    """Whom to name before a case is routed (no statement found, the chat is down).

    The coordinator of the relative's district when it is known; in a profile that
    gives support per district and the district is not known, its general entry (a
    contact point serving every district), so no visitor is sent to one district's
    consultant; else the profile's first coordinator.
    """
    if profile.requires_district:
        found = resolve_district(profile, district)
        if found is not None:
            coordinators = profile.coordinators(found.id)
            if coordinators:
                return coordinators[0]
        general = [c for c in profile.contact_points if not c.districts]
        if general:
            return general[0]
        logger.warning("%s gives support per district but has no general entry", profile.id)
    coordinators = profile.coordinators()
    return coordinators[0] if coordinators else profile.contact_points[0]


def escalation_chain(profile: Profile, link: ReferralLink) -> List[ContactPoint]:
    """The contact points of ``link`` in escalation order (for booking and the dashboard)."""
    return [profile.contact_point(contact_id) for contact_id in link.chain]


__all__: Sequence[str] = (
    "ELDERLY_AGE", "YOUNG_MAX_AGE",
    "Route", "SupportAdvice", "SupportTypeAnswer", "entry_contact", "escalation_chain",
    "find_supports_by_type", "resolve_district", "rights_for", "route",
    "support_fits", "supports_for", "target_groups_for",
)
