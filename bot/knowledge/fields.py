"""Building blocks of the knowledge files: the strict base model, field checks, shared values.

The profile (:mod:`bot.knowledge.schema`), its contact points and supports, and
the national and rights files all build on these. Every check raises
``ValueError`` with an English message for the person who edits the YAML file.
"""

import logging
import re
from typing import Any, Dict, List, Optional, Sequence, Tuple

from pydantic import BaseModel, Extra, root_validator, validator

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
    "domestic_violence",  # violence in a close relationship ("våld i nära relation", Lidingö)
)

_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]*[0-9]$")


class StrictModel(BaseModel):
    """A model that forbids unknown fields, cannot be changed and strips white space."""

    class Config:
        """Pydantic settings shared by every model of the knowledge files."""

        extra = Extra.forbid
        allow_mutation = False
        anystr_strip_whitespace = True


def check_id(value: str) -> str:
    """An id: lower-case a-z, 0-9 and ``_``, starting with a letter or digit."""
    if not _ID.match(value):
        raise ValueError(f"{value!r} is not a valid id (use lower-case a-z, 0-9 and _)")
    return value


def check_time(value: Any) -> Any:
    """A time written as a quoted string (YAML reads an unquoted 16:30 as a number)."""
    if isinstance(value, (bool, int, float)):
        raise ValueError(
            "write times as quoted strings such as '08:30' "
            "(YAML reads an unquoted 16:30 as a number)"
        )
    return value


def check_phone(value: Any) -> Any:
    """A phone number as a quoted string of digits, spaces, ``-`` and a leading ``+``."""
    if not isinstance(value, str):
        raise ValueError("write phone numbers as quoted strings, e.g. '08-123 456 78'")
    if not _PHONE.match(value.strip()):
        raise ValueError(f"{value!r} is not a phone number (digits, spaces, '-' and a leading '+')")
    return value.strip()


def check_nonempty(value: str) -> str:
    """A text that is not only white space."""
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def check_ages(cls: Any, values: Dict[str, Any]) -> Dict[str, Any]:
    """``age_min`` is not greater than ``age_max`` (a root validator)."""
    low, high = values.get("age_min"), values.get("age_max")
    if low is not None and high is not None and low > high:
        raise ValueError(f"age_min ({low}) is greater than age_max ({high})")
    return values


def check_choice(value: str, allowed: Sequence[str], what: str) -> str:
    """A value from a fixed vocabulary; the message lists what is allowed."""
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r} (allowed: {', '.join(allowed)})")
    return value


def check_schema_version(value: int) -> int:
    """Refuse a data file written for another schema version."""
    if value != SCHEMA_VERSION:
        raise ValueError(f"unsupported schema_version {value} (expected {SCHEMA_VERSION})")
    return value


def require_unique_ids(collection: str, ids: List[str]) -> None:
    """Raise one error naming every duplicate id in ``collection``."""
    issues = duplicate_ids(collection, ids)
    if issues:
        raise ValueError("; ".join(f"{path}: {msg}" for path, msg in issues))


def duplicate_ids(collection: str, ids: List[str]) -> List[Tuple[str, str]]:
    """``(path, message)`` for every id in ``ids`` that appeared before in ``collection``."""
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


class DocumentSource(StrictModel):
    """The municipal document a profile is built from.

    ``needs_review`` flags a document that may be out of date (an ended programme,
    an old organisation); ``review_note`` says what to check and is required with it.
    """

    file: str
    title: str
    needs_review: bool = False
    review_note: Optional[str] = None

    _nonempty = validator("file", "title", allow_reuse=True)(check_nonempty)

    @root_validator(skip_on_failure=True)
    def _note_with_review(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        note = values.get("review_note")
        if values.get("needs_review") and not (note and note.strip()):
            raise ValueError("needs_review is true: add a review_note saying what to check")
        return values


class SourceRef(StrictModel):
    """Where in a source document a statement comes from."""

    file: str
    section: str

    _nonempty = validator("file", "section", allow_reuse=True)(check_nonempty)
