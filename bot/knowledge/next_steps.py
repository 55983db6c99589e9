"""What follows what the relative told: which questions still count, and which supports to name.

The situation form asks only what is needed: nothing about the person's needs
or age after a death, no age of a parent from a child. After the summary the
dialogue carries out the request the relative made (a callback, rights,
supports, the cost) instead of offering a menu. These functions decide; the
texts are in :mod:`bot.texts.situation`.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Iterable, List, Optional, Sequence, Tuple

from bot.knowledge.advice import route, supports_for
from bot.knowledge.contacts import ContactPoint
from bot.knowledge.schema import Profile
from bot.knowledge.situation import Situation
from bot.knowledge.supports import Support
from bot.nlp import facts

logger = logging.getLogger(__name__)

# The questions a bereaved relative or a child is never asked.
NOT_ASKED_AFTER_DEATH = ("condition", "person_age")
NOT_ASKED_FROM_CHILD = ("person_age",)
# Kinds of support for the relative's own sake, in the order they are named.
OWN_SUPPORT_TYPES = ("counselling", "support_group", "education")
MAX_NAMED = 4


def situation_questions(
    slots: Sequence[str], *, bereaved: bool, child: bool
) -> List[str]:
    """The situation form's slots that are still worth asking in this situation."""
    skip: set[str] = set()
    if bereaved:
        skip.update(NOT_ASKED_AFTER_DEATH)
    if child:
        skip.update(NOT_ASKED_FROM_CHILD)
    return [slot for slot in slots if slot not in skip]


def routing_situation(situation: Situation) -> Situation:
    """The situation a callback is routed on: after a death, the coordinator, not the old condition."""
    if facts.is_bereaved(situation.phase):
        return dataclasses.replace(situation, condition=None, person_age=None)
    return situation


def contact_for(profile: Profile, situation: Situation) -> Optional[ContactPoint]:
    """Who the relative can call or be called by (the coordinator after a death)."""
    return route(profile, routing_situation(situation)).contact_point


def _first(supports: Iterable[Support], limit: int = MAX_NAMED) -> Tuple[Support, ...]:
    seen: list[Support] = []
    for support in supports:
        if all(s.id != support.id for s in seen):
            seen.append(support)
        if len(seen) == limit:
            break
    return tuple(seen)


def own_supports(profile: Profile, situation: Situation) -> Tuple[Support, ...]:
    """Supports for the relative's own sake that need no application (talks, groups, courses)."""
    found = supports_for(profile, situation)
    listed = found.without_application + found.civil_society
    own = [s for s in listed if s.support_type in OWN_SUPPORT_TYPES]
    return _first(own or listed)


def grief_supports(profile: Profile, situation: Situation) -> Tuple[Support, ...]:
    """Supports for the time after a death: the profile's grief supports first, then talks and groups."""
    grief = [s for s in profile.supports if "grief" in s.target_groups]
    after = [s for s in profile.supports if "new_start" in s.phases and s not in grief]
    return _first(grief + after + list(own_supports(profile, routing_situation(situation))))


def child_supports(profile: Profile) -> Tuple[Support, ...]:
    """The municipality's own offer for children as relatives, where the profile has one."""
    return _first(s for s in profile.supports if "child_relative" in s.target_groups)


def young_adult_supports(profile: Profile, user_age: Optional[int]) -> Tuple[Support, ...]:
    """Coordinator support for young people that an 18-21-year-old may still fit (Gislaved)."""
    if user_age is None or not facts.ADULT_AGE <= user_age <= facts.YOUNG_ADULT_MAX:
        return ()
    return _first(
        s for s in profile.supports
        if s.support_type == "coordinator" and "children_young" in s.target_groups
    )


def parse_user_age(value: object) -> Optional[int]:
    """The ``user_age`` slot as a number, or None."""
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        return None
