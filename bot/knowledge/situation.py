"""The relative's situation as the dialogue has identified it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

RELATIONS = (
    "partner", "parent", "child", "sibling", "grandparent",
    "other_relative", "friend", "neighbour",
)
CONDITIONS = (
    "dementia", "old_age", "mental_illness", "disability", "addiction",
    "chronic_illness", "extremism", "criminality", "violence_affected",
)
SUPPORT_TYPES = (
    "respite", "short_term_stay", "day_activity", "support_group", "counselling",
    "education", "financial", "home_care", "escort", "contact_person",
    "housing_support", "safety_alarm", "nursing_home", "coordinator",
)
# The four caring phases of the Ekerö platform: start, vårdandet, avslutning, nystart.
PHASES = ("start", "caring", "ending", "new_start")
BURDEN_LEVELS = ("low", "medium", "high")


@dataclass(frozen=True)
class Situation:
    """What we know about the relative and the person they care for."""

    relation: Optional[str] = None
    condition: Optional[str] = None
    person_age: Optional[int] = None
    phase: Optional[str] = None
    burden: Optional[str] = None
    district: Optional[str] = None
    user_is_child: bool = False
    # The relative's own words ("mamma", "parkinson"; bot.nlp.references), for the replies.
    relation_word: Optional[str] = None
    condition_word: Optional[str] = None

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> Situation:
        """Build from Rasa slot values, ignoring unknown or placeholder values."""
        age = slots.get("person_age")
        try:
            person_age = int(age) if age not in (None, "", "unknown") else None
        except (TypeError, ValueError):
            person_age = None
        relation = slots.get("relation")
        condition = slots.get("condition")
        phase = slots.get("caring_phase")
        burden = slots.get("burden")
        return cls(
            relation=relation if relation in RELATIONS else None,
            condition=condition if condition in CONDITIONS else None,
            person_age=person_age,
            phase=phase if phase in PHASES else None,
            burden=burden if burden in BURDEN_LEVELS else None,
            district=slots.get("district") or None,
            user_is_child=bool(slots.get("user_is_child")),
            relation_word=_text_or_none(slots.get("relation_word")),
            condition_word=_text_or_none(slots.get("condition_word")),
        )


def _text_or_none(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value else None
