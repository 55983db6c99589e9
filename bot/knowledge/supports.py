"""What a relative can get: the supports of a profile, how to get them, what is not offered.

Part of the profile model (:class:`bot.knowledge.schema.Profile`); the
vocabularies of support types and phases come from :mod:`bot.knowledge.situation`.
"""

import logging
from typing import Any, Dict, List, Optional, Tuple

from pydantic import root_validator, validator

from bot.knowledge.fields import (
    TARGET_GROUPS,
    SourceRef,
    StrictModel,
    check_ages,
    check_choice,
    check_id,
    check_nonempty,
)
from bot.knowledge.situation import PHASES, SUPPORT_TYPES

logger = logging.getLogger(__name__)

SUPPORT_KINDS: Tuple[str, ...] = (
    "service",        # the municipality's support without application (service)
    "bistand_sol",    # bistånd under the Social Services Act, applied for
    "lss",            # insats under LSS (1993:387), applied for
    "region",         # health care run by the region
    "civil_society",  # associations, churches, voluntary organisations
    "national",       # national services and web portals
)


class HowToGet(StrictModel):
    """How a relative gets a support: no application, or apply to whom."""

    application: bool
    apply_to: str
    contact_point: Optional[str] = None

    _nonempty = validator("apply_to", allow_reuse=True)(check_nonempty)


class Support(StrictModel):
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

    _id = validator("id", allow_reuse=True)(check_id)
    _ages = root_validator(skip_on_failure=True, allow_reuse=True)(check_ages)

    @validator("kind")
    def _kind(cls, value: str) -> str:
        return check_choice(value, SUPPORT_KINDS, "kind")

    @validator("support_type")
    def _support_type(cls, value: Optional[str]) -> Optional[str]:
        if value is not None:
            check_choice(value, SUPPORT_TYPES, "support_type")
        return value

    @validator("target_groups", each_item=True)
    def _group(cls, value: str) -> str:
        return check_choice(value, TARGET_GROUPS, "target group")

    @validator("phases", each_item=True)
    def _phase(cls, value: str) -> str:
        return check_choice(value, PHASES, "phase")

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


class NotOffered(StrictModel):
    """A support type the document says the municipality does not offer."""

    support_type: str
    note: str
    instead: List[str] = []
    source: Optional[SourceRef] = None

    @validator("support_type")
    def _support_type(cls, value: str) -> str:
        return check_choice(value, SUPPORT_TYPES, "support_type")
