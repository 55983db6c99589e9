"""The files every municipality shares: national lines and rights statements.

``data/national.yml`` holds the national lines, ``data/rights.yml`` the statements about the law.

Rights statements must cite the current Social Services Act; :func:`repealed_citations`
finds citations of the repealed one that are not marked as old.
"""

import logging
import re
from datetime import date
from typing import AbstractSet, Any, Dict, List, Optional, Tuple

from pydantic import root_validator, validator

from bot.knowledge.fields import (
    TARGET_GROUPS,
    SourceRef,
    StrictModel,
    check_choice,
    check_id,
    check_phone,
    check_schema_version,
    require_unique_ids,
)

logger = logging.getLogger(__name__)

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


class NationalLine(StrictModel):
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

    _id = validator("id", allow_reuse=True)(check_id)

    @validator("phone", pre=True)
    def _phone(cls, value: Any) -> Any:
        return None if value is None else check_phone(value)

    @validator("category")
    def _category(cls, value: str) -> str:
        return check_choice(value, NATIONAL_CATEGORIES, "category")

    @validator("target_groups", each_item=True)
    def _group(cls, value: str) -> str:
        return check_choice(value, TARGET_GROUPS, "target group")

    @root_validator(skip_on_failure=True)
    def _reachable(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        if not values.get("phone") and not values.get("url"):
            raise ValueError("a line needs a phone number or a url")
        return values


class NationalFile(StrictModel):
    """``data/national.yml``: lines shared by every municipality."""

    schema_version: int
    lines: List[NationalLine]

    _version = validator("schema_version", allow_reuse=True)(check_schema_version)

    @validator("lines")
    def _unique(cls, value: List[NationalLine]) -> List[NationalLine]:
        require_unique_ids("lines", [line.id for line in value])
        return value

    def line(self, line_id: str) -> NationalLine:
        """The line with ``line_id`` (KeyError if unknown)."""
        for line in self.lines:
            if line.id == line_id:
                return line
        raise KeyError(line_id)


class RightStatement(StrictModel):
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

    _id = validator("id", allow_reuse=True)(check_id)

    @validator("topic")
    def _topic(cls, value: str) -> str:
        return check_choice(value, RIGHT_TOPICS, "topic")

    @validator("applies_to", each_item=True)
    def _group(cls, value: str) -> str:
        return check_choice(value, TARGET_GROUPS, "target group")

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


class RightsFile(StrictModel):
    """``data/rights.yml``: statements about the law, shared by every municipality."""

    schema_version: int
    last_reviewed: date
    statements: List[RightStatement]

    _version = validator("schema_version", allow_reuse=True)(check_schema_version)

    @validator("statements")
    def _unique(cls, value: List[RightStatement]) -> List[RightStatement]:
        require_unique_ids("statements", [statement.id for statement in value])
        return value
