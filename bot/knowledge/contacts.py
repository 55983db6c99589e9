"""Who the relative reaches and when: districts, opening hours, units, contact points, referral links.

Part of the profile model (:class:`bot.knowledge.schema.Profile`); references
between ids (a contact point's unit, a link's chain) are checked by the profile.
"""

import logging
import re
from datetime import time
from typing import Any, Dict, List, Optional

from pydantic import root_validator, validator

from bot.knowledge.fields import (
    TARGET_GROUPS,
    WEEKDAYS,
    SourceRef,
    StrictModel,
    check_ages,
    check_choice,
    check_id,
    check_phone,
    check_time,
)

logger = logging.getLogger(__name__)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class District(StrictModel):
    """A district (Stockholm: stadsdelsområde) whose office gives the support."""

    id: str
    name: str
    aliases: List[str] = []

    _id = validator("id", allow_reuse=True)(check_id)


class OfficeHours(StrictModel):
    """Opening hours of one weekday; ``example`` marks invented hours."""

    start: time
    end: time
    example: bool = False

    _times = validator("start", "end", pre=True, allow_reuse=True)(check_time)

    @root_validator(skip_on_failure=True)
    def _end_after_start(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        if values["end"] <= values["start"]:
            raise ValueError(f"end ({values['end']}) must be after start ({values['start']})")
        return values


class Socialjour(StrictModel):
    """The after-hours social emergency service."""

    name: str
    phone: str
    example: bool = False

    _phone = validator("phone", pre=True, allow_reuse=True)(check_phone)


class Unit(StrictModel):
    """A unit (verksamhet) of the municipality."""

    id: str
    name: str
    description: str = ""

    _id = validator("id", allow_reuse=True)(check_id)


class CallbackWindow(StrictModel):
    """A weekly window in which a contact point can call relatives back."""

    weekday: str
    start: time
    end: time
    capacity: int

    _times = validator("start", "end", pre=True, allow_reuse=True)(check_time)

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


class ContactPoint(StrictModel):
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

    _id = validator("id", allow_reuse=True)(check_id)
    _phone = validator("phone", pre=True, allow_reuse=True)(check_phone)

    @validator("email")
    def _email(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not _EMAIL.match(value):
            raise ValueError(f"{value!r} is not an e-mail address")
        return value

    def serves(self, district_id: Optional[str]) -> bool:
        """Whether this contact point serves ``district_id`` (empty list: all districts)."""
        return not self.districts or district_id in self.districts


class ReferralLink(StrictModel):
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

    _id = validator("id", allow_reuse=True)(check_id)
    _ages = root_validator(skip_on_failure=True, allow_reuse=True)(check_ages)

    @validator("target_groups", each_item=True)
    def _group(cls, value: str) -> str:
        return check_choice(value, TARGET_GROUPS, "target group")

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
